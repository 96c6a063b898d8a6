package fixplan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/jsonedit"
	"github.com/bgkit/bgkit/manifest"
	"github.com/bgkit/bgkit/plistcfg"
	"github.com/bgkit/bgkit/project"
)

// FixPlan is what `bgkit doctor --fix` does: the edits it makes, all
// planned in memory before anything is written, and the fixes it leaves to
// the user.
type FixPlan struct {
	// Changes holds one change per file, in the order the files were first
	// touched; write them together with fsutil.Commit. A change whose new
	// bytes equal the old ones is not listed.
	Changes []fsutil.Change
	// Fixed lists what the changes do, finding by finding.
	Fixed []PlannedFix
	// Manual lists fixes bgkit does not make itself, with what to do.
	Manual []ManualStep
	// Skipped lists fixes that cannot be made safely: every fix of a file
	// the doctor could not read (such a file is never touched), or one edit
	// the file's content does not allow (a string where an object is
	// needed); the file's other fixes are still made.
	Skipped []SkippedFile
}

// PlannedFix is one fix that lands in a file.
type PlannedFix struct {
	Rule string // the finding's rule
	File string // relative to the project root
	What string // for example `add "processing" to expo.ios.infoPlist.UIBackgroundModes`
}

// ManualStep is a fix bgkit leaves to the user: code it does not edit
// (app.config.js/ts), or a file Xcode should create.
type ManualStep struct {
	Rules []string // the findings it fixes
	File  string   // the file to change, relative to the root ("" when none exists yet)
	Text  string   // what to do; may span several lines
}

// SkippedFile is a file a fix should land in, and the fixes bgkit will not
// make in it.
type SkippedFile struct {
	File  string
	Rules []string
	Err   error // why, with file:line where known
	// Untouched is true when bgkit does not edit the file at all (it does
	// not parse, or the doctor could not read it).
	Untouched bool
}

// Plan decides where each fix lands and makes the edits in memory.
// Projects whose native folders are committed (plain native, bare React
// Native, Capacitor, Flutter, or Expo with a committed ios/ or android/)
// are fixed in Info.plist, the entitlements file and AndroidManifest.xml;
// Expo projects that generate their native folders are fixed in app.json or
// app.config.json, because an edit to a generated Info.plist is lost at the
// next prebuild. app.config.js/ts is code: its fix is a snippet to add by
// hand. Several fixes to one file are applied in sequence; a file that
// cannot be edited keeps all of its bytes.
func Plan(run Run) (*FixPlan, error) {
	return PlanRuns([]Run{run})
}

// problemMap indexes problems by file, the first of each.
func problemMap(p *project.Project, problems []project.FileProblem) map[string]project.FileProblem {
	if problems == nil {
		problems = p.Problems
	}
	m := map[string]project.FileProblem{}
	for _, pr := range problems {
		if _, ok := m[pr.File]; !ok {
			m[pr.File] = pr
		}
	}
	return m
}

// PlanRuns is Plan over the runs of one app, one per app target: the
// targets share files (app.json, the Capacitor config, an entitlements
// file), so every fix of every run lands in one in-memory copy of each
// file, and the plan holds one change per file with all of its edits. A
// fix two runs both report is made once.
func PlanRuns(runs []Run) (*FixPlan, error) {
	return PlanRunsLocked(runs, nil)
}

// PlanRunsLocked is PlanRuns reading the files it edits through ed
// (fsutil.Edit.Read), so the files ed has locked are read under the lock
// Commit then writes them under. The caller checks that every change's
// file is Locked.
func PlanRunsLocked(runs []Run, ed *fsutil.Edit) (*FixPlan, error) {
	return planRuns(runs, ed, nil)
}

// planRuns is PlanRunsLocked reading through cache, when given, the files
// an earlier plan read.
func planRuns(runs []Run, ed *fsutil.Edit, cache *readCache) (*FixPlan, error) {
	if len(runs) == 0 {
		return nil, errors.New("fixplan: PlanRuns needs a run")
	}
	type runFix struct {
		run *Run
		f   Fix
	}
	var fixes []runFix
	for i := range runs {
		r := &runs[i]
		if r.Project == nil {
			return nil, errors.New("fixplan: Plan needs a project")
		}
		for _, f := range r.Fixes {
			fixes = append(fixes, runFix{r, f})
		}
	}
	pl := &planner{p: runs[0].Project, ed: ed, cache: cache, files: map[string]*target{}, plugins: map[string]bool{}, problems: problemMap(runs[0].Project, runs[0].Problems)}
	// Plugins first: what a plugin added in this run brings at prebuild is
	// not written again by hand. Then the order a person writes the keys
	// in: UIBackgroundModes before BGTaskSchedulerPermittedIdentifiers.
	sort.SliceStable(fixes, func(i, j int) bool { return rank(fixes[i].f.Action.Kind) < rank(fixes[j].f.Action.Kind) })
	for _, x := range fixes {
		if x.run.Project != pl.p {
			pl.p, pl.problems = x.run.Project, problemMap(x.run.Project, x.run.Problems) // each target's files and problems
		}
		pl.plan(x.f, x.f.Action)
	}
	return pl.finish(), nil
}

func rank(k ActionKind) int {
	for i, x := range []ActionKind{AddExpoPlugins, AddBackgroundModes, RemoveBackgroundModes, AddTaskIdentifiers, SetEntitlement, AddPermissions, UnblockPermissions} {
		if k == x {
			return i
		}
	}
	return 99
}

// pluginProvides is what listing a config plugin writes into the
// generated Info.plist at prebuild (as the doctor models it in expoIOS).
var pluginProvides = map[string]map[ActionKind][]string{
	"expo-background-task": {AddBackgroundModes: {"processing"}, AddTaskIdentifiers: {ExpoBackgroundTaskID}},
}

// target is one file being edited in memory.
type target struct {
	rel   string
	file  *fsutil.File
	data  []byte // the content after the edits so far
	err   error  // set when the file cannot be edited; its edits are dropped
	rules []string
	fixed []PlannedFix
	skips []SkippedFile // single edits the content does not allow
}

type planner struct {
	p        *project.Project
	ed       *fsutil.Edit // reads the files to edit (nil: fsutil.Read)
	cache    *readCache   // the files earlier plans read (nil: none)
	files    map[string]*target
	order    []string
	problems map[string]project.FileProblem // the files the doctor could not read
	manual   []ManualStep
	code     codeSnippet     // fixes for app.config.js/ts
	plugins  map[string]bool // config plugins this run adds to the app config
}

// problem reports whether the doctor could not read a file: the project
// reader's problems, and what the checks themselves found unreadable (an
// Info.plist whose UIBackgroundModes is not an array of strings). The
// findings about such a file rest on values bgkit could not read, so it
// is never edited.
func (pl *planner) problem(rel string) (project.FileProblem, bool) {
	pr, ok := pl.problems[rel]
	return pr, ok
}

func (pl *planner) plan(f Fix, a Action) {
	switch a.Kind {
	case AddBackgroundModes, RemoveBackgroundModes, AddTaskIdentifiers, SetEntitlement:
		if pl.nativeIOS() {
			pl.planPlist(f, a)
		} else {
			pl.planExpo(f, a)
		}
	case AddPermissions, UnblockPermissions:
		if pl.nativeAndroid() {
			pl.planManifest(f, a)
		} else {
			pl.planExpo(f, a)
		}
	case AddExpoPlugins:
		pl.planExpo(f, a)
	default:
		pl.addManual(f, f.File, fmt.Sprintf("bgkit does not know how to apply %q; %s", a.Kind, f.Message))
	}
}

// nativeIOS reports whether the iOS truth is the native project: always,
// except in an Expo project whose ios/ folder is generated (absent or
// ignored by git).
func (pl *planner) nativeIOS() bool {
	return !pl.p.HasFramework(project.Expo) || pl.p.ExpoNativeIOS
}

func (pl *planner) nativeAndroid() bool {
	return !pl.p.HasFramework(project.Expo) || pl.p.ExpoNativeAndroid
}

// open returns the file being edited, reading it the first time. Files the
// project reader could not parse are marked, never edited.
func (pl *planner) open(rel string) *target {
	if t, ok := pl.files[rel]; ok {
		return t
	}
	t := &target{rel: rel}
	pl.files[rel] = t
	pl.order = append(pl.order, rel)
	if pr, ok := pl.problem(rel); ok {
		t.err = problemError(pr)
		if strings.HasSuffix(rel, ".json") {
			// The strict reader names the culprit itself (the trailing
			// comma, not the brace after it).
			if data, err := fsutil.ReadFile(filepath.Join(pl.p.Root, filepath.FromSlash(rel)), fsutil.MaxEditSize); err == nil {
				if err := jsonedit.Validate(data); err != nil {
					t.err = fileError(rel, err)
				}
			}
		}
		return t
	}
	path := filepath.Join(pl.p.Root, filepath.FromSlash(rel))
	if _, err := fsutil.Within(pl.p.Root, path); errors.Is(err, fsutil.ErrOutsideRoot) {
		t.err = fmt.Errorf("%s: %w; edit it yourself if it is meant to change", rel, outside(err, rel))
		return t
	}
	f, err := pl.read(path)
	if err != nil {
		// fsutil names the path it was given; say rel once instead.
		why := strings.TrimPrefix(fsutil.UnwrapPath(err).Error(), path+": ")
		t.err = fmt.Errorf("%s: cannot be read: %s", rel, why)
		return t
	}
	f.Path = rel
	// Two paths to one file (a symlinked entitlements file): one target,
	// so the edits of both land together instead of one losing the other.
	for _, other := range pl.order {
		if o := pl.files[other]; o != t && o.file != nil && o.file.Target == f.Target {
			pl.files[rel] = o
			pl.order = pl.order[:len(pl.order)-1]
			return o
		}
	}
	t.file, t.data = f, f.Data
	return t
}

// outside rewords Within's error without the path the user did not give.
func outside(err error, rel string) error {
	msg := err.Error()
	if i := strings.Index(msg, ": resolves to "); i >= 0 {
		msg = msg[i+2:]
	}
	return errors.New(strings.TrimSuffix(msg, "; bgkit does not edit files outside the project it was given") + "; bgkit does not edit files outside the project")
}

// problemError turns a file the project reader could not parse into an error.
func problemError(pr project.FileProblem) error {
	switch {
	case pr.Unreadable:
		return fmt.Errorf("%s: cannot be read: %s", pr.File, pr.Msg)
	case strings.HasPrefix(pr.Msg, pr.File+":"):
		return errors.New(pr.Msg) // already says where
	case pr.Line > 0 && pr.Col > 0:
		return fmt.Errorf("%s:%d:%d: %s", pr.File, pr.Line, pr.Col, pr.Msg)
	case pr.Line > 0:
		return fmt.Errorf("%s:%d: %s", pr.File, pr.Line, pr.Msg)
	}
	return fmt.Errorf("%s: %s", pr.File, pr.Msg)
}

// apply runs one edit on a file in memory and records what it fixes. An
// edit that fails leaves the content as it was: the file's other fixes
// are still made. ok reports whether the fix is in place.
func (pl *planner) apply(f Fix, rel, what string, edit func(data []byte) ([]byte, error)) (ok bool) {
	t := pl.open(rel)
	if t.err != nil {
		t.rules = appendUnique(t.rules, f.Rule)
		return false
	}
	out, err := edit(t.data)
	if err != nil {
		t.skip(f.Rule, fileError(rel, err))
		return false
	}
	if bytes.Equal(out, t.data) {
		return true // already in place (an earlier fix of this run may have made it)
	}
	t.data = out
	t.fixed = append(t.fixed, PlannedFix{Rule: f.Rule, File: rel, What: what})
	return true
}

// skip records a fix whose edit cannot be made; fixes that fail the same
// way share one entry.
func (t *target) skip(rule string, err error) {
	for i := range t.skips {
		if t.skips[i].Err.Error() == err.Error() {
			t.skips[i].Rules = appendUnique(t.skips[i].Rules, rule)
			return
		}
	}
	t.skips = append(t.skips, SkippedFile{File: t.rel, Rules: []string{rule}, Err: err})
}

// fileError names the file in an edit error that does not already.
func fileError(rel string, err error) error {
	var se *jsonedit.SyntaxError
	var pe *jsonedit.PathError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("%s:%d:%d: %s", rel, se.Line, se.Col, se.Msg)
	case errors.As(err, &pe):
		return fmt.Errorf("%s:%d:%d: %s %s", rel, pe.Line, pe.Col, pe.Path, pe.Msg)
	case strings.HasPrefix(err.Error(), rel+":"):
		return err
	}
	return fmt.Errorf("%s: %w", rel, err)
}

func (pl *planner) addManual(f Fix, file, text string) {
	for i := range pl.manual {
		if pl.manual[i].Text == text && pl.manual[i].File == file {
			pl.manual[i].Rules = appendUnique(pl.manual[i].Rules, f.Rule)
			return
		}
	}
	pl.manual = append(pl.manual, ManualStep{Rules: []string{f.Rule}, File: file, Text: text})
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// plistKey is the Info.plist key an iOS action edits.
func plistKey(k ActionKind) string {
	if k == AddTaskIdentifiers {
		return "BGTaskSchedulerPermittedIdentifiers"
	}
	return "UIBackgroundModes"
}

func (pl *planner) planPlist(f Fix, a Action) {
	if a.Kind == SetEntitlement {
		pl.planEntitlement(f, a)
		return
	}
	key := plistKey(a.Kind)
	rel := pl.p.InfoPlist
	if rel == "" {
		verb := "add " + quoteList(a.Values) + " to"
		if a.Kind == RemoveBackgroundModes {
			verb = "remove " + quoteList(a.Values) + " from"
		}
		pl.addManual(f, "", fmt.Sprintf("bgkit could not find the app target's Info.plist: %s %s in it.", verb, key))
		return
	}
	switch a.Kind {
	case RemoveBackgroundModes:
		pl.apply(f, rel, fmt.Sprintf("remove %s from %s", quoteList(a.Values), key), func(data []byte) ([]byte, error) {
			return plistcfg.RemoveStrings(rel, data, key, a.Values...)
		})
	default:
		pl.apply(f, rel, fmt.Sprintf("add %s to %s", quoteList(a.Values), key), func(data []byte) ([]byte, error) {
			return plistcfg.AddStrings(rel, data, key, a.Values...)
		})
	}
}

// planEntitlement sets a key in the app's entitlements file. A file that
// does not exist is not created behind Xcode's back: Xcode creates it with
// the capability, and wires CODE_SIGN_ENTITLEMENTS to it.
func (pl *planner) planEntitlement(f Fix, a Action) {
	rel := pl.p.Entitlements
	if rel != "" {
		if _, err := os.Stat(filepath.Join(pl.p.Root, filepath.FromSlash(rel))); err != nil {
			rel = ""
		}
	}
	if rel == "" {
		capability := "the capability that needs it"
		if a.Key == "aps-environment" {
			capability = "the Push Notifications capability"
		}
		text := fmt.Sprintf("The app target has no entitlements file. In Xcode, select the app target, open Signing & Capabilities and add %s: Xcode creates the entitlements file with %s = %s and sets CODE_SIGN_ENTITLEMENTS.", capability, a.Key, a.Value)
		if et, ok := project.AppEntitlementsTarget(pl.p.Root, pl.p.InfoPlist, pl.p.IOSTarget); ok && pl.p.EntitlementsSet == "" {
			file := pl.p.EntitlementsUnused
			how := "create " + filepath.ToSlash(filepath.Join(filepath.Dir(pl.p.InfoPlist), et.Target+".entitlements")) + " holding"
			if file == "" {
				file = filepath.Join(filepath.Dir(pl.p.InfoPlist), et.Target+".entitlements")
			} else {
				how = "add to " + filepath.ToSlash(file) + " (which no target uses yet)"
			}
			configs := strings.Join(et.Configurations, ", ")
			if configs == "" {
				configs = "every build configuration"
			}
			text = fmt.Sprintf("The app target %s sets no CODE_SIGN_ENTITLEMENTS, so no entitlements file is signed into the app (bgkit does not edit a file nothing uses). Either in Xcode select target %s, open Signing & Capabilities and add %s; or by hand: 1) %s <key>%s</key><string>%s</string>; 2) in %s add CODE_SIGN_ENTITLEMENTS = %s; to the buildSettings of each of target %s's build configurations (%s).",
				et.Target, et.Target, capability, how, a.Key, a.Value, et.Pbxproj, et.EntitlementsPath(file), et.Target, configs)
		}
		if set := pl.p.EntitlementsSet; set != "" {
			text = fmt.Sprintf("CODE_SIGN_ENTITLEMENTS points at %s, which does not exist. In Xcode, select the app target, open Signing & Capabilities and add %s (Xcode writes the file with %s = %s), or restore the file.", set, capability, a.Key, a.Value)
		}
		pl.addManual(f, pl.p.EntitlementsSet, text)
		return
	}
	pl.apply(f, rel, fmt.Sprintf("set %s to %q", a.Key, a.Value), func(data []byte) ([]byte, error) {
		return plistcfg.SetString(rel, data, a.Key, a.Value)
	})
}

func (pl *planner) planManifest(f Fix, a Action) {
	rel := pl.p.AndroidManifest
	if rel == "" {
		pl.addManual(f, "", fmt.Sprintf("bgkit could not find the app module's AndroidManifest.xml: request %s in it.", quoteList(a.Values)))
		return
	}
	opt := manifest.AddOptions{Unblock: a.Kind == UnblockPermissions}
	what := "request " + quoteList(a.Values)
	if opt.Unblock {
		what = "stop removing " + quoteList(a.Values) + " (tools:node=\"remove\") and request it"
	}
	pl.apply(f, rel, what, func(data []byte) ([]byte, error) {
		return manifest.AddPermissions(rel, data, a.Values, opt)
	})
}

// planExpo lands a fix in the Expo app config.
func (pl *planner) planExpo(f Fix, a Action) {
	rel := pl.p.ExpoConfig
	switch {
	case rel == "":
		pl.addManual(f, "", "The project has no app.json: create one with "+expoAsText(a)+".")
		return
	}
	if pl.p.ExpoConfigIsCode {
		if a.Kind == AddBackgroundModes || a.Kind == AddTaskIdentifiers {
			pl.code.rules = appendUnique(pl.code.rules, f.Rule)
			if a.Values, _ = pl.notByPlugins(f.Rule, rel, a, nil); len(a.Values) == 0 {
				return
			}
		}
		pl.code.add(f.Rule, a)
		if a.Kind == AddExpoPlugins && !pl.nativeIOS() {
			for _, name := range a.Values {
				pl.plugins[name] = true
			}
		}
		return
	}
	t := pl.open(rel)
	if t.err != nil {
		t.rules = appendUnique(t.rules, f.Rule)
		return
	}
	prefix, cfg, err := expoObject(t.data)
	if err != nil {
		t.rules = appendUnique(t.rules, f.Rule)
		t.err = fileError(rel, err)
		return
	}
	path := func(rest ...string) []string { return append(append([]string{}, prefix...), rest...) }
	switch a.Kind {
	case AddBackgroundModes, AddTaskIdentifiers:
		// What a listed plugin writes at prebuild is not written again
		// by hand.
		var via []PlannedFix
		a.Values, via = pl.notByPlugins(f.Rule, rel, a, pluginNames(lookup(cfg, "plugins")))
		t.fixed = append(t.fixed, via...)
		if len(a.Values) == 0 {
			return
		}
		p := path("ios", "infoPlist", plistKey(a.Kind))
		pl.apply(f, rel, fmt.Sprintf("add %s to %s", quoteList(a.Values), dotted(p)), func(data []byte) ([]byte, error) {
			return jsonedit.AddStrings(data, p, a.Values...)
		})
	case RemoveBackgroundModes:
		p := path("ios", "infoPlist", "UIBackgroundModes")
		have := stringSet(lookup(cfg, "ios", "infoPlist", "UIBackgroundModes"))
		var absent []string
		for _, v := range a.Values {
			if !have[v] {
				absent = append(absent, v)
			}
		}
		if len(absent) > 0 {
			pl.addManual(f, rel, fmt.Sprintf("%s is not in %s of %s: a config plugin adds it at prebuild. Remove it from that plugin's options (or drop the plugin).", quoteList(absent), dotted(p), rel))
		}
		if len(absent) == len(a.Values) {
			return
		}
		pl.apply(f, rel, fmt.Sprintf("remove %s from %s", quoteList(a.Values), dotted(p)), func(data []byte) ([]byte, error) {
			return jsonedit.RemoveStrings(data, p, a.Values...)
		})
	case SetEntitlement:
		p := path("ios", "entitlements", a.Key)
		pl.apply(f, rel, fmt.Sprintf("set %s to %q", dotted(p), a.Value), func(data []byte) ([]byte, error) {
			return jsonedit.SetString(data, p, a.Value)
		})
	case AddPermissions:
		p := path("android", "permissions")
		existing := lookup(cfg, "android", "permissions")
		have := map[string]bool{}
		for s := range stringSet(existing) {
			have[manifest.FullPermission(s)] = true
		}
		short := shortPermissionStyle(existing)
		var add []string
		for _, v := range a.Values {
			if have[manifest.FullPermission(v)] {
				continue
			}
			if short {
				v = manifest.ShortPermission(v)
			}
			add = append(add, v)
		}
		if len(add) == 0 {
			return
		}
		pl.apply(f, rel, fmt.Sprintf("add %s to %s", quoteList(add), dotted(p)), func(data []byte) ([]byte, error) {
			return jsonedit.AddStrings(data, p, add...)
		})
	case UnblockPermissions:
		p := path("android", "blockedPermissions")
		want := map[string]bool{}
		for _, v := range a.Values {
			want[manifest.FullPermission(v)] = true
		}
		var drop []string // as written in the file: short or full
		for s := range stringSet(lookup(cfg, "android", "blockedPermissions")) {
			if want[manifest.FullPermission(s)] {
				drop = append(drop, s)
			}
		}
		if len(drop) == 0 {
			pl.addManual(f, rel, fmt.Sprintf("%s is not in %s of %s: a config plugin or a library's manifest removes it; find what removes it and stop it.", quoteList(a.Values), dotted(p), rel))
			return
		}
		sort.Strings(drop)
		pl.apply(f, rel, fmt.Sprintf("remove %s from %s", quoteList(drop), dotted(p)), func(data []byte) ([]byte, error) {
			return jsonedit.RemoveStrings(data, p, drop...)
		})
	case AddExpoPlugins:
		p := path("plugins")
		present := pluginNames(lookup(cfg, "plugins"))
		var add []string
		for _, v := range a.Values {
			if !present[v] {
				add = append(add, v)
			}
		}
		if len(add) == 0 {
			return
		}
		ok := pl.apply(f, rel, fmt.Sprintf("add %s to %s", quoteList(add), dotted(p)), func(data []byte) ([]byte, error) {
			return jsonedit.AddStrings(data, p, add...)
		})
		if ok && !pl.nativeIOS() {
			for _, name := range add {
				pl.plugins[name] = true
			}
		}
	}
}

// notByPlugins drops from an iOS action of an Expo project without ios/
// the values that a config plugin writes at prebuild (one listed in the
// config, or added by this run), and says so in fixes added this run.
func (pl *planner) notByPlugins(rule, rel string, a Action, listed map[string]bool) (values []string, via []PlannedFix) {
	values = a.Values
	var names []string
	for name := range pluginProvides {
		if pl.plugins[name] || listed[name] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		var by []string
		for _, v := range pluginProvides[name][a.Kind] {
			if contains(values, v) {
				by = append(by, v)
			}
		}
		if len(by) == 0 {
			continue
		}
		values = without(values, by)
		if !pl.plugins[name] {
			continue // listed already: nothing of this run to report
		}
		via = append(via, PlannedFix{Rule: rule, File: rel,
			What: fmt.Sprintf("the %s plugin adds %s to %s at prebuild", name, quoteList(by), plistKey(a.Kind))})
	}
	return values, via
}

func without(list, drop []string) []string {
	var out []string
	for _, x := range list {
		if !contains(drop, x) {
			out = append(out, x)
		}
	}
	return out
}

// expoObject finds the Expo object of an app config: the "expo" member,
// or the whole document when there is none (as Expo reads it).
func expoObject(data []byte) (prefix []string, cfg map[string]any, err error) {
	if err := jsonedit.Validate(data); err != nil {
		return nil, nil, err
	}
	var top map[string]any
	// UseNumber: a valid number too large for a float64 (1e400) stays as
	// written instead of failing the decode.
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		line, col, _ := jsonedit.Locate(data)
		return nil, nil, &jsonedit.PathError{Path: "the top-level value", Line: line, Col: col, Msg: "is not an object"}
	}
	if e, ok := top["expo"]; ok {
		m, ok := e.(map[string]any)
		if !ok {
			line, col, _ := jsonedit.Locate(data, "expo")
			return nil, nil, &jsonedit.PathError{Path: "expo", Line: line, Col: col, Msg: "is not an object"}
		}
		return []string{"expo"}, m, nil
	}
	return nil, top, nil
}

// lookup follows object keys through decoded JSON.
func lookup(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func stringSet(v any) map[string]bool {
	set := map[string]bool{}
	arr, _ := v.([]any)
	for _, e := range arr {
		if s, ok := e.(string); ok {
			set[s] = true
		}
	}
	return set
}

// pluginNames lists the plugins an Expo config names: "name" entries and
// ["name", {options}] entries alike.
func pluginNames(v any) map[string]bool {
	names := map[string]bool{}
	arr, _ := v.([]any)
	for _, e := range arr {
		switch e := e.(type) {
		case string:
			names[e] = true
		case []any:
			if len(e) > 0 {
				if s, ok := e[0].(string); ok {
					names[s] = true
				}
			}
		}
	}
	return names
}

// shortPermissionStyle reports whether a permissions list writes Android's
// permissions by their short names (every entry short, at least one).
func shortPermissionStyle(v any) bool {
	arr, _ := v.([]any)
	short := 0
	for _, e := range arr {
		s, ok := e.(string)
		if !ok {
			continue
		}
		if strings.Contains(s, ".") {
			return false
		}
		short++
	}
	return short > 0
}

func dotted(path []string) string {
	var b strings.Builder
	for i, p := range path {
		if isIdent(p) {
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(p)
		} else {
			b.WriteString("[" + strconv.Quote(p) + "]")
		}
	}
	return b.String()
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func quoteList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}

// expoAsText describes an action as the app config members it needs.
func expoAsText(a Action) string {
	var c codeSnippet
	c.add("", a)
	return strings.TrimSpace(c.render())
}

// finish turns the in-memory edits into the plan.
func (pl *planner) finish() *FixPlan {
	plan := &FixPlan{Manual: pl.manual}
	for _, rel := range pl.order {
		t := pl.files[rel]
		if t.err != nil {
			plan.Skipped = append(plan.Skipped, SkippedFile{File: rel, Rules: t.rules, Err: t.err, Untouched: true})
			continue
		}
		plan.Fixed = append(plan.Fixed, t.fixed...)
		c := fsutil.Change{File: t.file, New: t.data}
		if c.Changed() {
			plan.Changes = append(plan.Changes, c)
		}
		plan.Skipped = append(plan.Skipped, t.skips...)
	}
	if !pl.code.empty() {
		plan.Manual = append(plan.Manual, ManualStep{
			Rules: pl.code.rules,
			File:  pl.p.ExpoConfig,
			Text: fmt.Sprintf("%s is code, so bgkit does not edit it. Merge this into the Expo config it returns:\n\n%s",
				pl.p.ExpoConfig, pl.code.render()),
		})
	}
	return plan
}
