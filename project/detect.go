package project

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/textedit"
	"github.com/bgkit/bgkit/project/jsobj"
	"github.com/bgkit/bgkit/project/lockfile"
	"github.com/bgkit/bgkit/project/sources"
	"github.com/bgkit/bgkit/project/webbuild"
)

// maxConfigSize bounds what Detect reads of one config or source file.
const maxConfigSize = 4 << 20

// Detect reads the project at root. It never walks node_modules, Pods,
// build, DerivedData, .gradle or .git: it reads known files at known places
// (and lists a few known folders one level deep). A root that is not a
// readable folder is an error; files it cannot parse are recorded in
// Problems and do not stop it.
func Detect(root string) (*Project, error) {
	return DetectWith(root, DetectOptions{})
}

// DetectOptions choose among several app targets.
type DetectOptions struct {
	IOSTarget     string // the Xcode application target to read ("" for the only iOS one)
	AndroidModule string // the Android application module (its folder name or Gradle path)
	// Cache holds what was read before (PlanRuns, another target's
	// detection) and keeps what this detection reads; nil for a Cache of
	// this detection alone.
	Cache *Cache
}

// DetectWith is Detect with a chosen iOS target and Android module. A
// target or module that does not exist is an error saying which do.
func DetectWith(root string, opt DetectOptions) (*Project, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("cannot read the project: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("cannot read the project: %s is not a folder", root)
	}
	if opt.Cache == nil {
		opt.Cache = &Cache{}
	}
	d := &detector{p: &Project{Root: filepath.Clean(root)}, opt: opt}
	d.gitignore()
	d.packageJSON()
	d.expoConfig()
	d.capacitorConfig()
	d.pubspec()
	d.ios()
	d.android()
	d.frameworks()
	d.runnerScript()
	d.sources()
	d.dedupLibraries()
	d.installedVersions()
	if d.err != nil {
		return nil, d.err
	}
	return d.p, nil
}

type detector struct {
	p       *Project
	opt     DetectOptions
	err     error          // a chosen target or module that does not exist
	ignored map[string]int // "ios"/"android" -> .gitignore line
	npm     map[string]bool
}

func (d *detector) path(rel string) string { return filepath.Join(d.p.Root, filepath.FromSlash(rel)) }

func (d *detector) exists(rel string) bool {
	st, err := os.Stat(d.path(rel))
	// A FIFO or device in a file's place "exists": reading it records
	// why bgkit cannot use it, rather than passing it over in silence.
	return err == nil && !st.IsDir()
}

func (d *detector) dirExists(rel string) bool {
	st, err := os.Stat(d.path(rel))
	return err == nil && st.IsDir()
}

// read returns a file's bytes, or nil and records a problem when the file
// exists but cannot be read.
func (d *detector) read(rel string) []byte {
	data, err := d.opt.Cache.read(d.path(rel), maxConfigSize)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			d.problem(FileProblem{File: rel, Msg: detErrText(err), Unreadable: true})
		}
		return nil
	}
	return data
}

func detErrText(err error) string { return fsutil.UnwrapPath(err).Error() }

func (d *detector) problem(p FileProblem) { d.p.Problems = append(d.p.Problems, p) }

func (d *detector) note(format string, args ...any) {
	d.p.Notes = append(d.p.Notes, Note{Code: NoteInfo, Message: fmt.Sprintf(format, args...)})
}

// notChecked records a part of the project bgkit could not check.
func (d *detector) notChecked(platform, file string, line int, format string, args ...any) {
	d.p.Notes = append(d.p.Notes, Note{Code: NoteNotChecked, Platform: platform, File: file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// gitignore reads the project's .gitignore for the native folders: an
// Expo project that ignores ios/ and android/ regenerates them at prebuild.
func (d *detector) gitignore() {
	d.ignored = map[string]int{}
	data := d.read(".gitignore")
	for i, line := range strings.Split(string(data), "\n") {
		l := strings.TrimSpace(line)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		neg := strings.HasPrefix(l, "!")
		l = strings.TrimPrefix(l, "!")
		l = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(l, "/"), "*"), "/")
		for _, dir := range []string{"ios", "android"} {
			if l == dir {
				if neg {
					delete(d.ignored, dir)
				} else {
					d.ignored[dir] = i + 1
				}
			}
		}
	}
}

// jsonFile reads a JSON config with the tolerant reader. A file that is not
// strict JSON but reads leniently is recorded as a lenient problem; one
// that does not read at all is recorded and returns nil.
func (d *detector) jsonFile(rel string) *jsobj.Node {
	data := d.read(rel)
	if data == nil {
		return nil
	}
	n, err := jsobj.ParseValue(data)
	if err != nil {
		var se *jsobj.SyntaxError
		if errors.As(err, &se) {
			d.problem(FileProblem{File: rel, Line: se.Line, Col: se.Col, Msg: se.Msg})
		} else {
			d.problem(FileProblem{File: rel, Msg: err.Error()})
		}
		return nil
	}
	if line, col, msg, bad := detStrictJSON(data); bad {
		// The tolerant reader also reads code (a missing comma makes
		// `"a" "b": 1` one expression); JSON5, which Expo reads, has none.
		// Such a file breaks every tool that reads it: an error, not a
		// lenient warning.
		if e := detFirstExpr(n); e != nil {
			d.problem(FileProblem{File: rel, Line: line, Col: col, Msg: strings.TrimPrefix(msg, "not strict JSON: ") + " (not even JSON5, which Expo reads)"})
			return nil
		}
		d.problem(FileProblem{File: rel, Line: line, Col: col, Msg: msg, Lenient: true})
	}
	if n.Kind != jsobj.Object {
		d.problem(FileProblem{File: rel, Line: n.Line, Col: n.Col, Msg: "the document is a " + n.Kind.String() + ", not an object"})
		return nil
	}
	return n
}

// detFirstExpr returns the first value of n that is code rather than data
// (JSON5's Infinity and NaN are data).
func detFirstExpr(n *jsobj.Node) *jsobj.Node {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case jsobj.Expr:
		switch strings.TrimLeft(n.Text, "+-") {
		case "Infinity", "NaN":
			return nil
		}
		return n
	case jsobj.Object:
		for _, m := range n.Members {
			if e := detFirstExpr(m.Value); e != nil {
				return e
			}
		}
	case jsobj.Array:
		for _, el := range n.Elems {
			if e := detFirstExpr(el); e != nil {
				return e
			}
		}
	}
	return nil
}

// detStrictJSON reports where data stops being strict JSON.
func detStrictJSON(data []byte) (line, col int, msg string, bad bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	// RawMessage: only the syntax is checked, so a valid number too large
	// for a float64 (1e400) is still JSON.
	var v json.RawMessage
	err := json.Unmarshal(data, &v)
	if err == nil {
		return 0, 0, "", false
	}
	var se *json.SyntaxError
	off := int64(0)
	msg = err.Error()
	if errors.As(err, &se) {
		off = se.Offset
		if off > 0 {
			off-- // Offset is after the bad byte.
		}
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line = bytes.Count(data[:off], []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(data[:off], '\n')
	return line, col, "not strict JSON: " + msg, true
}

// packageJSON reads dependencies and devDependencies.
func (d *detector) packageJSON() {
	d.npm = map[string]bool{}
	if !d.exists("package.json") {
		return
	}
	d.p.PackageJSON = "package.json"
	n := d.jsonFile("package.json")
	for _, block := range []string{"dependencies", "devDependencies"} {
		deps := n.Get(block)
		if deps == nil || deps.Kind != jsobj.Object {
			continue
		}
		for _, m := range deps.Members {
			v, _ := m.Value.StringValue()
			d.p.Libraries = append(d.p.Libraries, Library{Name: m.Key, Version: v, File: "package.json", Line: m.Line})
			d.npm[m.Key] = true
		}
	}
}

var expoCodeConfigs = []string{"app.config.ts", "app.config.js", "app.config.mjs", "app.config.cjs"}

// expoConfig finds the Expo app config. app.config.js/ts are code: bgkit
// does not run them; when an app.json sits beside one, Expo passes its
// values to the code, so they are still read.
func (d *detector) expoConfig() {
	var code string
	for _, c := range expoCodeConfigs {
		if d.exists(c) {
			code = c
			break
		}
	}
	var jsonCfg string
	for _, c := range []string{"app.json", "app.config.json"} {
		if d.exists(c) {
			jsonCfg = c
			break
		}
	}
	switch {
	case code != "":
		d.p.ExpoConfig, d.p.ExpoConfigIsCode = code, true
		if jsonCfg != "" {
			d.note("%s is code and was not evaluated; the values of %s (which it receives) were checked instead", code, jsonCfg)
		} else {
			d.notChecked("", code, 0, "%s is code and was not evaluated: what it sets is unknown to bgkit; keep the background settings in app.json (which it receives) to get them checked", code)
		}
	case jsonCfg != "":
		d.p.ExpoConfig = jsonCfg
	}
	if jsonCfg == "" {
		return
	}
	n := d.jsonFile(jsonCfg)
	if n == nil {
		return
	}
	d.p.ExpoJSON = jsonCfg
	if e := n.Get("expo"); e != nil && e.Kind == jsobj.Object {
		d.p.Expo = e
	} else if !d.npm["expo"] && n.Get("expo") == nil && n.Get("ios") == nil && n.Get("android") == nil && n.Get("plugins") == nil {
		// An app.json that is not an Expo config (React Native's own
		// app.json holds just name and displayName).
		if code == "" {
			d.p.ExpoConfig = ""
		}
		d.p.ExpoJSON = ""
		return
	} else {
		d.p.Expo = n
	}
}

var capacitorConfigs = []string{"capacitor.config.json", "capacitor.config.ts", "capacitor.config.js", "capacitor.config.mjs"}

// capacitorConfig reads capacitor.config.json, or the object literal that
// capacitor.config.ts exports.
func (d *detector) capacitorConfig() {
	for _, c := range capacitorConfigs {
		if !d.exists(c) {
			continue
		}
		d.p.CapacitorConfig = c
		if strings.HasSuffix(c, ".json") {
			d.p.Capacitor = d.jsonFile(c)
			return
		}
		data := d.read(c)
		if data == nil {
			return
		}
		n, ok, err := jsobj.ParseModule(data)
		var se *jsobj.SyntaxError
		switch {
		case errors.As(err, &se):
			d.problem(FileProblem{File: c, Line: se.Line, Col: se.Col, Msg: se.Msg})
		case err != nil:
			d.problem(FileProblem{File: c, Msg: err.Error()})
		case !ok:
			d.notChecked("", c, 0, "%s does not export an object literal bgkit can read without running it; its settings were not checked", c)
		case n.Kind != jsobj.Object:
			d.notChecked("", c, 0, "%s exports code bgkit does not run; its settings were not checked", c)
		default:
			d.p.Capacitor = n
		}
		return
	}
}

func (d *detector) pubspec() {
	if !d.exists("pubspec.yaml") {
		return
	}
	d.p.Pubspec = "pubspec.yaml"
	data := d.read("pubspec.yaml")
	libs, _ := readPubspec(data)
	for _, l := range libs {
		l.File = "pubspec.yaml"
		d.p.Libraries = append(d.p.Libraries, l)
	}
}

// ios finds the app target's Info.plist, entitlements and AppDelegate, and
// the pods Podfile.lock resolved.
func (d *detector) ios() {
	hasIOS := d.dirExists("ios")
	if line, ok := d.ignored["ios"]; ok && hasIOS || ok && !hasIOS {
		d.p.IOSIgnored, d.p.IOSIgnoreLine = true, line
	}
	if hasIOS {
		if _, err := os.ReadDir(d.path("ios")); err != nil {
			d.notChecked("ios", "ios", 0, "ios/ cannot be read (%s): the iOS checks could not look inside it", detErrText(err))
		}
	}
	pbx, targets, xerr := d.opt.Cache.xcodeTargets(d.p.Root)
	if nf := (*NotFoundError)(nil); xerr != nil && !errors.As(xerr, &nf) {
		d.notChecked("ios", "", 0, "%s; the Xcode project's targets were not checked", xerr)
	}
	entUnknown := false // CODE_SIGN_ENTITLEMENTS names a variable bgkit could not resolve
	plistPath, err := infoPlistOf(d.p.Root, d.opt.IOSTarget, pbx, targets, xerr)
	if err == nil {
		d.p.InfoPlist = plistPath
		for _, t := range targets {
			if t.InfoPlist == plistPath && (d.opt.IOSTarget == "" || t.Name == d.opt.IOSTarget) {
				d.p.IOSTarget = t.Name
				entUnknown = strings.Contains(t.Entitlements, "$(")
				if t.Entitlements != "" && !entUnknown {
					d.p.EntitlementsSet = t.Entitlements
					if d.exists(t.Entitlements) {
						d.p.Entitlements = t.Entitlements
					}
				}
				break
			}
		}
		if d.opt.IOSTarget != "" && d.p.IOSTarget == "" {
			d.p.IOSTarget = d.opt.IOSTarget
		}
		if d.opt.IOSTarget == "" {
			// Say which app targets for other platforms were left out.
			for _, t := range targets {
				if t.Platform != PlatformIOS && t.InfoPlist != plistPath {
					d.note("the %s app target %s was not checked (bgkit checks iOS app targets); --target %s checks it as one", platformTitle(t.Platform), t.Name, t.Name)
				}
			}
		}
	} else {
		var amb *AmbiguousError
		var nf *NotFoundError
		switch {
		case errors.As(err, &amb):
			d.notChecked("ios", "", 0, "iOS not checked: several app targets have an Info.plist (%s); choose one with --target NAME", strings.Join(amb.Candidates, ", "))
		case d.opt.IOSTarget != "" && errors.As(err, &nf) && strings.Contains(nf.What, "target named"):
			d.err = err
		case (hasIOS || pbx != "") && !(d.npm["expo"] && d.p.IOSIgnored):
			// (An Expo app whose ios/ is generated is checked from its
			// app config instead.)
			where := pbx
			if where == "" {
				where = "ios"
			}
			msg := err.Error()
			if errors.As(err, &nf) {
				msg = "found no Info.plist"
				for _, l := range nf.Looked {
					if strings.Contains(l, "INFOPLIST") || strings.Contains(l, "generates") || strings.Contains(l, "no application targets") {
						msg += "; " + l
					}
				}
			}
			d.notChecked("ios", where, 0, "iOS not checked: %s", msg)
		}
	}
	if d.p.InfoPlist != "" && d.p.EntitlementsSet == "" && !entUnknown {
		matches, _ := filepath.Glob(filepath.Join(d.path(filepath.Dir(d.p.InfoPlist)), "*.entitlements"))
		appTarget := false
		for _, t := range targets {
			appTarget = appTarget || t.InfoPlist == d.p.InfoPlist && (d.p.IOSTarget == "" || t.Name == d.p.IOSTarget)
		}
		switch {
		case len(matches) == 1 && appTarget:
			// The app target sets no CODE_SIGN_ENTITLEMENTS: the file is
			// not signed into the app, so it is neither read nor edited.
			rel, _ := filepath.Rel(d.p.Root, matches[0])
			d.p.EntitlementsUnused = rel
		case len(matches) == 1:
			// No Xcode project names the Info.plist (bgkit could not read
			// the build settings): a lone *.entitlements beside it is
			// almost always the app's.
			rel, _ := filepath.Rel(d.p.Root, matches[0])
			d.p.Entitlements, d.p.EntitlementsSet = rel, rel
		}
	}
	// AppDelegate sources: beside the Info.plist, and ios/*/ (Expo, React
	// Native, Flutter), ios/App/App (Capacitor).
	seen := map[string]bool{}
	var dirs []string
	if d.p.InfoPlist != "" {
		dirs = append(dirs, filepath.Dir(d.p.InfoPlist))
	}
	for _, pattern := range []string{"ios/*", "ios/App/App", "*"} {
		if pattern == "*" && hasIOS {
			continue
		}
		matches, _ := filepath.Glob(d.path(pattern))
		for _, m := range matches {
			rel, _ := filepath.Rel(d.p.Root, m)
			base := filepath.Base(rel)
			if base == "Pods" || base == "build" || base == "node_modules" || strings.HasPrefix(base, ".") || strings.HasSuffix(base, "Tests") {
				continue
			}
			dirs = append(dirs, rel)
		}
	}
	for _, dir := range dirs {
		for _, name := range []string{"AppDelegate.swift", "AppDelegate.m", "AppDelegate.mm"} {
			rel := filepath.Join(dir, name)
			if !seen[rel] && d.exists(rel) {
				seen[rel] = true
				d.p.AppDelegates = append(d.p.AppDelegates, rel)
			}
		}
	}
	sort.Strings(d.p.AppDelegates)
	for _, lock := range []string{"ios/Podfile.lock", "ios/App/Podfile.lock", "Podfile.lock"} {
		if d.exists(lock) {
			d.p.PodfileLock = lock
			for _, l := range readPodfileLock(d.read(lock)) {
				l.File = lock
				d.p.Libraries = append(d.p.Libraries, l)
			}
			break
		}
	}
}

// android finds the app module's manifest and build file, its targetSdk
// and its Gradle dependencies.
func (d *detector) android() {
	if line, ok := d.ignored["android"]; ok {
		d.p.AndroidIgnored, d.p.AndroidIgnoreLine = true, line
	}
	m, unread, err := d.opt.Cache.findAndroidModule(d.p.Root, d.opt.AndroidModule)
	for _, pr := range unread {
		d.problem(pr)
	}
	if err != nil {
		var amb *AmbiguousError
		var nf *NotFoundError
		switch {
		case errors.As(err, &amb):
			d.notChecked("android", "", 0, "Android not checked: several application modules (%s); choose one with --module NAME", strings.Join(amb.Candidates, ", "))
		case d.opt.AndroidModule != "":
			d.err = err
		case errors.As(err, &nf):
			if d.dirExists("android") && !(d.npm["expo"] && d.p.AndroidIgnored) {
				d.notChecked("android", "android", 0, "Android not checked: android/ holds no application module bgkit could find (looked in %s)", strings.Join(nf.Looked, ", "))
			}
		default:
			d.notChecked("android", "", 0, "Android not checked: %v", err)
		}
		return
	}
	d.p.AndroidModule = m.Dir
	d.p.AndroidManifest = m.Manifest
	d.p.AndroidGradle = m.Gradle
	groot := filepath.Dir(m.Dir) // the Gradle build's root folder
	if m.Gradle != "" {
		data := d.read(m.Gradle)
		for _, l := range readGradleDeps(data) {
			l.File = m.Gradle
			d.p.Libraries = append(d.p.Libraries, l)
		}
		d.targetSDK(m.Gradle, data, groot)
	}
	for _, toml := range []string{filepath.Join(groot, "gradle", "libs.versions.toml")} {
		if d.exists(toml) {
			for _, l := range readVersionCatalog(d.read(toml)) {
				l.File = toml
				d.p.Libraries = append(d.p.Libraries, l)
			}
		}
	}
}

// targetSDK resolves targetSdk / targetSdkVersion from the app's build file,
// following rootProject.ext to the root build file, variables.gradle
// (Capacitor) and gradle.properties (Expo's android.targetSdkVersion).
func (d *detector) targetSDK(file string, data []byte, groot string) {
	v, line := gradleTargetSDK(data)
	props := filepath.Join(groot, "gradle.properties")
	// A local variable (val targetSdkVersion: Int = libs.versions...):
	// its value, one hop.
	if detIdentRE.Get().MatchString(v) {
		src := BlankComments(string(data))
		for _, m := range detLocalValRE.Get().FindAllStringSubmatchIndex(src, -1) {
			if src[m[2]:m[3]] == v {
				v, line = strings.TrimSpace(src[m[4]:m[5]]), textedit.LineOf(src, m[4])
				break
			}
		}
	}
	switch {
	case v == "":
		// A convention plugin of an included build (android/nowinandroid's
		// build-logic) sets it for the module.
		b := d.opt.Cache.gradleBuild(d.p.Root, groot)
		conv, src := b.conventionSource(stripGradleCode(string(data)), func(src string) bool {
			return gradleTargetNumRE.Get().MatchString(src)
		})
		if conv != "" {
			m := gradleTargetNumRE.Get().FindStringSubmatchIndex(src)
			d.setTargetSDK(detAtoi(src[m[2]:m[3]]), conv, textedit.LineOf(src, m[2]))
			return
		}
		d.p.TargetSDKWhy = file + " sets no targetSdk and applies no convention plugin bgkit can read that sets one"
	case detIsDigits(v):
		d.setTargetSDK(detAtoi(v), file, line)
	case strings.HasPrefix(v, "flutter.targetSdkVersion") && strings.Trim(v[len("flutter.targetSdkVersion"):], ")") == "":
		// Flutter's Gradle plugin: the default of the Flutter in use.
		d.flutterTargetSDK(file, line)
	case catalogVersionRE.Get().MatchString(v):
		b := d.opt.Cache.gradleBuild(d.p.Root, groot)
		acc := catalogVersionRE.Get().FindStringSubmatch(v)[1]
		if n := detAtoi(b.versions[acc]); n > 0 {
			d.setTargetSDK(n, filepath.Join(groot, "gradle", "libs.versions.toml"), b.versionLine[acc])
			return
		}
		d.p.TargetSDKWhy = fmt.Sprintf("%s:%d reads %s, which gradle/libs.versions.toml does not hold as a number", file, line, v)
	case propertyNameRE.Get().MatchString(v) && !strings.Contains(v, "rootProject"):
		name := propertyNameRE.Get().FindStringSubmatch(v)[1]
		if n, l := gradlePropertyInt(d.read(props), name); n > 0 {
			d.setTargetSDK(n, props, l)
			return
		}
		d.p.TargetSDKWhy = fmt.Sprintf("%s:%d reads the property %s, which %s does not set", file, line, name, props)
	case strings.Contains(v, "rootProject") || strings.Contains(v, "targetSdkVersion"):
		// Expo: gradle.properties wins over the default in build.gradle.
		if n, l := gradlePropertyInt(d.read(props), "android.targetSdkVersion"); n > 0 {
			d.setTargetSDK(n, props, l)
			return
		}
		for _, name := range []string{"variables.gradle", "build.gradle", "build.gradle.kts"} {
			f := filepath.Join(groot, name)
			if n, l := gradleExtInt(d.read(f), "targetSdkVersion"); n > 0 {
				d.setTargetSDK(n, f, l)
				return
			}
		}
		// Expo's expo-root-project plugin sets the default of its SDK.
		for _, name := range []string{"build.gradle", "build.gradle.kts"} {
			f := filepath.Join(groot, name)
			src := BlankComments(string(d.read(f)))
			at := strings.Index(src, "expo-root-project")
			if at < 0 {
				continue
			}
			expo, _ := d.p.Library("expo")
			if def, ok := expoDefaultTargetSDK(expo.Version); ok {
				d.setTargetSDK(def.TargetSDK, f, textedit.LineOf(src, at))
				d.p.TargetSDKSource = "applies " + def.Source
				return
			}
			d.p.TargetSDKWhy = fmt.Sprintf("%s applies expo-root-project, whose default targetSdk bgkit knows for Expo SDK 50 and later only (expo %s)", f, detOr(expo.Version, "version unknown"))
			return
		}
		d.p.TargetSDKWhy = fmt.Sprintf("%s:%d reads %s, which neither %s nor the root build files set", file, line, v, props)
	default:
		d.p.TargetSDKWhy = fmt.Sprintf("%s:%d sets targetSdk to %s, which bgkit cannot evaluate", file, line, v)
	}
}

func (d *detector) setTargetSDK(v int, file string, line int) {
	d.p.TargetSDK, d.p.TargetSDKFile, d.p.TargetSDKLine = v, file, line
}

// frameworks names what the project is built with.
func (d *detector) frameworks() {
	p := d.p
	add := func(f string) {
		if !p.HasFramework(f) {
			p.Frameworks = append(p.Frameworks, f)
		}
	}
	expo := d.npm["expo"] || (p.Expo != nil && p.PackageJSON == "" && p.ExpoConfig != "")
	if expo {
		add(Expo)
	} else if d.npm["react-native"] {
		add(ReactNative)
	}
	if d.npm["@capacitor/core"] || d.npm["@capacitor/cli"] || p.CapacitorConfig != "" {
		add(Capacitor)
	}
	if p.Pubspec != "" && pubspecIsFlutter(d.read(p.Pubspec)) {
		add(Flutter)
	}
	crossPlatform := len(p.Frameworks) > 0
	// Native apps: an Xcode project or Gradle app module no cross-platform
	// framework accounts for (a native app beside a web or Flutter module in
	// one repository is both).
	if p.InfoPlist != "" && (!crossPlatform || !strings.HasPrefix(filepath.ToSlash(p.InfoPlist), "ios/")) {
		add(NativeIOS)
	}
	if p.AndroidManifest != "" && (!crossPlatform || !strings.HasPrefix(filepath.ToSlash(p.AndroidManifest), "android/")) {
		add(NativeAndroid)
	}
	if expo {
		p.ExpoNativeIOS = d.dirExists("ios") && !p.IOSIgnored
		p.ExpoNativeAndroid = d.dirExists("android") && !p.AndroidIgnored
		if p.IOSIgnored && d.dirExists("ios") {
			d.note("ios/ is ignored by git (.gitignore:%d): it is generated by prebuild, so %s is the truth for iOS", p.IOSIgnoreLine, detOr(p.ExpoConfig, "the app config"))
		}
		if p.AndroidIgnored && d.dirExists("android") {
			d.note("android/ is ignored by git (.gitignore:%d): it is generated by prebuild, so %s is the truth for Android", p.AndroidIgnoreLine, detOr(p.ExpoConfig, "the app config"))
		}
	}
}

func platformTitle(p string) string {
	switch p {
	case PlatformTVOS:
		return "tvOS"
	case PlatformWatchOS:
		return "watchOS"
	case PlatformMacOS:
		return "macOS"
	case PlatformVisionOS:
		return "visionOS"
	}
	return "iOS"
}

func detOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// runnerScript finds the Capacitor background runner's src file: in the
// web build's sources (project/webbuild follows its copy steps), the built
// output, or the native apps' copies.
func (d *detector) runnerScript() {
	src, _ := d.p.Capacitor.Get("plugins", "BackgroundRunner", "src").StringValue()
	if src == "" {
		return
	}
	webDir, _ := d.p.Capacitor.Get("webDir").StringValue()
	r := webbuild.Resolve(d.p.Root, webDir, src)
	for _, l := range r.Looked {
		d.p.RunnerLooked = append(d.p.RunnerLooked, filepath.FromSlash(l))
	}
	d.p.RunnerScript, d.p.RunnerVia, d.p.RunnerUnverified = filepath.FromSlash(r.File), r.Via, r.Unverified
}

// sources lists the app's own sources (project/sources walks the tree,
// never entering dependencies or build output).
func (d *detector) sources() {
	d.p.Sources = sources.List(d.p.Root)
}

// dedupLibraries keeps one entry per name: the first declaration (package.json
// before lock files), with the resolved version of a lock file kept when
// the declaration has none.
func (d *detector) dedupLibraries() {
	seen := map[string]int{}
	var out []Library
	for _, l := range d.p.Libraries {
		if i, ok := seen[l.Name]; ok {
			if out[i].Version == "" {
				out[i].Version = l.Version
			}
			continue
		}
		seen[l.Name] = len(out)
		out = append(out, l)
	}
	d.p.Libraries = out
}

// installedVersions fills in what the lock files say is installed.
func (d *detector) installedVersions() {
	locks := lockfile.Read(d.p.Root)
	for i := range d.p.Libraries {
		l := &d.p.Libraries[i]
		if l.File == d.p.PodfileLock && l.File != "" {
			l.Installed, l.InstalledFrom = l.Version, l.File
			continue
		}
		for _, lk := range locks {
			if v, ok := lk.By[l.Name]; ok {
				l.Installed, l.InstalledFrom = v, lk.File
				break
			}
		}
	}
}

// Library returns the declared library of that name.
func (p *Project) Library(name string) (Library, bool) {
	for _, l := range p.Libraries {
		if l.Name == name {
			return l, true
		}
	}
	return Library{}, false
}
