package doctor

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/bgkit/bgkit/internal/fsutil"

	"github.com/bgkit/bgkit/manifest"
	"github.com/bgkit/bgkit/plistcfg"
	"github.com/bgkit/bgkit/project"
	"github.com/bgkit/bgkit/project/jsobj"
)

// Loc is a place in a project file (File relative to the root; Line and
// Col 1-based, 0 when unknown).
type Loc struct {
	File      string
	Line, Col int
}

func (l Loc) String() string {
	switch {
	case l.File == "":
		return ""
	case l.Line > 0:
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	}
	return l.File
}

// val is a configured value and where it comes from. AddedBy names the
// Expo config plugin that adds it at prebuild when it is not in a file.
type val struct {
	Value   string
	Loc     Loc
	AddedBy string
}

func (v val) where() string {
	if v.AddedBy != "" {
		return v.AddedBy
	}
	return v.Loc.String()
}

// byPlugin is the AddedBy of a value an Expo config plugin writes.
func byPlugin(name string) string { return "added by " + name + "'s config plugin at prebuild" }

// iosConfig is the iOS configuration bgkit checks: the app target's
// Info.plist and entitlements, or, for an Expo project without a committed
// ios/ folder, the app config plus what config plugins add at prebuild.
type iosConfig struct {
	Managed  bool
	File     string // Info.plist, or the app config
	Modes    []val
	HasModes bool
	ModesLoc Loc // the UIBackgroundModes key, or where it would go
	IDs      []val
	HasIDs   bool
	IDsLoc   Loc
	Keys     map[string]val // top-level keys present (usage descriptions)

	EntFile string // entitlements file (the app config when managed); "" when none
	EntSet  string // CODE_SIGN_ENTITLEMENTS as configured
	EntLoc  Loc    // where aps-environment is, or would go
	Aps     *val
}

func (c *iosConfig) hasMode(m string) bool { return hasVal(c.Modes, m) }
func (c *iosConfig) hasID(id string) bool  { return hasVal(c.IDs, id) }

func (c *iosConfig) mode(m string) (val, bool) {
	for _, v := range c.Modes {
		if v.Value == m {
			return v, true
		}
	}
	return val{}, false
}

func hasVal(vs []val, s string) bool {
	for _, v := range vs {
		if v.Value == s {
			return true
		}
	}
	return false
}

// androidConfig is the Android configuration bgkit checks: the app
// module's manifest, or, for an Expo project without a committed android/
// folder, the app config plus what config plugins add at prebuild.
type androidConfig struct {
	Managed   bool
	File      string
	M         *manifest.Manifest // nil when managed
	Requested map[string]val
	Removed   map[string]val
	PermLoc   Loc // where a permission would be added
	TargetSDK int
	Modern    bool // targetSdk unknown but recent (Expo without android/)
	AtLeast   bool // TargetSDK is a lower bound (Flutter's flutter.targetSdkVersion)
	TargetLoc Loc
}

// libUse is a declared library the catalog knows.
type libUse struct {
	Spec *libSpec
	Lib  project.Library
}

func (l libUse) loc() Loc { return Loc{File: l.Lib.File, Line: l.Lib.Line} }

// Facts is everything the rules read, loaded once per run.
type Facts struct {
	P        *project.Project
	IOS      *iosConfig
	Android  *androidConfig
	Problems []project.FileProblem
	Libs     []libUse

	// AppDelegate: the first AppDelegate source with comments blanked.
	AppDelegate     string
	AppDelegateFile string
	Code            codeFacts

	// Sources holds app sources (comments blanked) by path.
	Sources map[string]string
	// Runner is the Capacitor runner script (comments blanked), "" when
	// none was found.
	Runner string

	// Duplicates are keys a property list has twice; the rules read the
	// value Apple's parser keeps (the later one).
	Duplicates []plistDuplicate

	jvmDone  bool
	jvmCache *jvmFacts

	// configs holds the bytes of the property lists and the manifest the
	// facts were parsed from, by path, so that anchorLines does not read
	// them again.
	configs map[string][]byte
}

type plistDuplicate struct {
	File string
	plistcfg.DuplicateKey
}

func (f *Facts) addDuplicates(file string, dups []plistcfg.DuplicateKey) {
	for _, d := range dups {
		f.Duplicates = append(f.Duplicates, plistDuplicate{File: file, DuplicateKey: d})
	}
}

func (f *Facts) lib(name string) (libUse, bool) {
	for _, l := range f.Libs {
		if l.Spec.Name == name {
			return l, true
		}
	}
	return libUse{}, false
}

// expoPlugin reports whether the app config lists the plugin, and where.
func (f *Facts) expoPlugin(name string) (props *jsobj.Node, loc Loc, ok bool) {
	plugins := f.P.Expo.Get("plugins")
	if plugins == nil || plugins.Kind != jsobj.Array {
		return nil, Loc{}, false
	}
	for _, e := range plugins.Elems {
		switch e.Kind {
		case jsobj.String:
			if e.Str == name {
				return nil, f.expoLoc(e), true
			}
		case jsobj.Array:
			if len(e.Elems) > 0 && e.Elems[0].Kind == jsobj.String && e.Elems[0].Str == name {
				var p *jsobj.Node
				if len(e.Elems) > 1 {
					p = e.Elems[1]
				}
				return p, f.expoLoc(e), true
			}
		}
	}
	return nil, Loc{}, false
}

func (f *Facts) expoLoc(n *jsobj.Node) Loc {
	if n == nil {
		return Loc{File: f.P.ExpoJSON}
	}
	return Loc{File: f.P.ExpoJSON, Line: n.Line, Col: n.Col}
}

// expoPathLoc returns the location of the deepest existing node on path.
func (f *Facts) expoPathLoc(path ...string) Loc {
	cur := f.P.Expo
	loc := f.expoLoc(cur)
	for _, p := range path {
		m, ok := cur.Member(p)
		if !ok {
			return loc
		}
		loc = Loc{File: f.P.ExpoJSON, Line: m.Line, Col: m.Col}
		cur = m.Value
	}
	return loc
}

// expoPrefix is how a path in the app config is written in messages.
func (f *Facts) expoPrefix() string {
	if f.P.Expo != nil && f.P.Expo.Line > 1 || f.P.Expo != nil && f.P.Expo.Col > 1 {
		return "expo."
	}
	return ""
}

func loadFacts(p *project.Project) *Facts {
	f := &Facts{P: p, Problems: append([]project.FileProblem(nil), p.Problems...), Sources: map[string]string{}}
	for _, l := range p.Libraries {
		if s, ok := lookupLib(l.Name); ok {
			f.Libs = append(f.Libs, libUse{Spec: s, Lib: l})
		}
	}
	for _, file := range p.AppDelegates {
		if data := f.read(file); data != nil {
			f.AppDelegate = project.BlankComments(string(data))
			f.AppDelegateFile = file
			break
		}
	}
	for _, file := range p.Sources {
		// Most of an app's sources say nothing about background work:
		// only files that can match a scanner are kept (and have their
		// comments blanked), which keeps a run on a big app fast.
		if data := f.read(file); data != nil && mayMatter(file, data) {
			f.Sources[file] = project.BlankComments(string(data))
		}
	}
	if p.RunnerScript != "" {
		if data := f.read(p.RunnerScript); data != nil {
			f.Runner = project.BlankComments(string(data))
		}
	}
	f.Code = scanCode(f)
	f.IOS = f.loadIOS()
	f.Android = f.loadAndroid()
	return f
}

// readConfig is read for a configuration file whose bytes anchorLines may
// need later.
func (f *Facts) readConfig(rel string) []byte {
	data := f.read(rel)
	if data != nil {
		if f.configs == nil {
			f.configs = map[string][]byte{}
		}
		f.configs[rel] = data
	}
	return data
}

func (f *Facts) read(rel string) []byte {
	data, err := fsutil.ReadFile(filepath.Join(f.P.Root, rel), fsutil.MaxEditSize)
	if err != nil {
		f.Problems = append(f.Problems, project.FileProblem{File: rel, Msg: fsutil.UnwrapPath(err).Error(), Unreadable: true})
		return nil
	}
	return data
}

func (f *Facts) plistProblem(file string, err error) {
	var pe *plistcfg.ParseError
	if errors.As(err, &pe) {
		f.Problems = append(f.Problems, project.FileProblem{File: file, Line: pe.Line, Col: pe.Col, Msg: pe.Msg})
		return
	}
	f.Problems = append(f.Problems, project.FileProblem{File: file, Msg: err.Error()})
}

func (f *Facts) loadIOS() *iosConfig {
	p := f.P
	managed := p.HasFramework(project.Expo) && !p.ExpoNativeIOS
	if managed {
		if p.Expo == nil {
			return nil
		}
		return f.expoIOS()
	}
	if p.InfoPlist == "" {
		return nil
	}
	data := f.readConfig(p.InfoPlist)
	if data == nil {
		return nil
	}
	doc, dups, err := plistcfg.ParseKeepLast(p.InfoPlist, data)
	if err != nil {
		f.plistProblem(p.InfoPlist, err)
		return nil
	}
	f.addDuplicates(p.InfoPlist, dups)
	c := f.iosFromPlist(p.InfoPlist, doc)
	c.EntSet = p.EntitlementsSet
	if p.Entitlements != "" {
		c.EntFile = p.Entitlements
		c.EntLoc = Loc{File: p.Entitlements}
		if data := f.readConfig(p.Entitlements); data != nil {
			ent, dups, err := plistcfg.ParseKeepLast(p.Entitlements, data)
			f.addDuplicates(p.Entitlements, dups)
			if err != nil {
				f.plistProblem(p.Entitlements, err)
				c.EntFile = "" // unknown: rules must not guess
				c.EntSet = ""
			} else if e, ok := ent.Lookup("aps-environment"); ok {
				s, _ := e.Value.(string)
				c.Aps = &val{Value: s, Loc: Loc{File: p.Entitlements, Line: e.Line}}
				c.EntLoc = c.Aps.Loc
			}
		}
	}
	return c
}

// iosFromPlist is the iOS configuration an Info.plist holds (without
// entitlements).
func (f *Facts) iosFromPlist(file string, doc *plistcfg.Doc) *iosConfig {
	c := &iosConfig{File: file, Keys: map[string]val{}}
	for _, k := range doc.Keys() {
		e, _ := doc.Lookup(k)
		c.Keys[k] = val{Value: k, Loc: Loc{File: file, Line: e.Line}}
	}
	c.ModesLoc, c.IDsLoc = Loc{File: file}, Loc{File: file}
	c.Modes, c.HasModes, c.ModesLoc = plistStrings(f, doc, file, plistcfg.KeyBackgroundModes)
	c.IDs, c.HasIDs, c.IDsLoc = plistStrings(f, doc, file, plistcfg.KeyTaskIDs)
	return c
}

func plistStrings(f *Facts, doc *plistcfg.Doc, file, key string) ([]val, bool, Loc) {
	loc := Loc{File: file}
	items, ok, err := doc.Strings(key)
	if e, found := doc.Lookup(key); found {
		loc.Line = e.Line
	}
	if err != nil {
		f.Problems = append(f.Problems, project.FileProblem{File: file, Line: loc.Line, Msg: err.Error()})
		return nil, false, loc
	}
	var vs []val
	for _, it := range items {
		s, _ := it.Value.(string)
		vs = append(vs, val{Value: s, Loc: Loc{File: file, Line: it.Line}})
	}
	return vs, ok, loc
}

// expoIOS models what prebuild writes into Info.plist and the entitlements:
// ios.infoPlist and ios.entitlements of the app config, then the config
// plugins bgkit knows (auto-applied ones when the package is installed,
// others when listed in plugins).
func (f *Facts) expoIOS() *iosConfig {
	p := f.P
	file := p.ExpoJSON
	c := &iosConfig{Managed: true, File: file, Keys: map[string]val{}, EntFile: file}
	ip := p.Expo.Get("ios", "infoPlist")
	if ip != nil && ip.Kind == jsobj.Object {
		for _, m := range ip.Members {
			c.Keys[m.Key] = val{Value: m.Key, Loc: Loc{File: file, Line: m.Line, Col: m.Col}}
		}
	}
	read := func(key string) ([]val, bool, Loc) {
		loc := f.expoPathLoc("ios", "infoPlist", key)
		arr := ip.Get(key)
		if arr == nil {
			return nil, false, loc
		}
		var vs []val
		for _, s := range arr.Strings() {
			vs = append(vs, val{Value: s.Str, Loc: f.expoLoc(s)})
		}
		return vs, true, loc
	}
	c.Modes, c.HasModes, c.ModesLoc = read(plistcfg.KeyBackgroundModes)
	c.IDs, c.HasIDs, c.IDsLoc = read(plistcfg.KeyTaskIDs)
	c.EntLoc = f.expoPathLoc("ios", "entitlements", "aps-environment")
	if aps, ok := p.Expo.Get("ios", "entitlements", "aps-environment").StringValue(); ok {
		c.Aps = &val{Value: aps, Loc: c.EntLoc}
	}
	addMode := func(mode, by string) {
		if !c.hasMode(mode) {
			c.Modes = append(c.Modes, val{Value: mode, AddedBy: by, Loc: Loc{File: file}})
		}
	}
	// Auto-applied plugins (expo-background-fetch, expo-task-manager,
	// expo-location, expo-notifications) run whenever the package is
	// installed; the others only when listed.
	if p.Has("expo-background-fetch") {
		addMode("fetch", byPlugin("expo-background-fetch"))
	}
	if p.Has("expo-task-manager") {
		addMode("fetch", byPlugin("expo-task-manager"))
	}
	if _, _, ok := f.expoPlugin("expo-background-task"); ok && p.Has("expo-background-task") {
		addMode("processing", byPlugin("expo-background-task"))
		if !c.hasID(expoTaskID) {
			c.IDs = append(c.IDs, val{Value: expoTaskID, AddedBy: byPlugin("expo-background-task"), Loc: Loc{File: file}})
		}
	}
	if p.Has("expo-location") {
		props, _, _ := f.expoPlugin("expo-location")
		for _, k := range []string{"NSLocationAlwaysAndWhenInUseUsageDescription", "NSLocationAlwaysUsageDescription", "NSLocationWhenInUseUsageDescription"} {
			if _, ok := c.Keys[k]; !ok {
				c.Keys[k] = val{Value: k, AddedBy: byPlugin("expo-location"), Loc: Loc{File: file}}
			}
		}
		if props.Get("isIosBackgroundLocationEnabled").IsTrue() {
			addMode("location", byPlugin("expo-location"))
		}
	}
	if p.Has("expo-notifications") {
		props, _, _ := f.expoPlugin("expo-notifications")
		if en := props.Get("enableRemoteNotifications"); en == nil || en.IsTrue() {
			if c.Aps == nil {
				mode, ok := props.Get("mode").StringValue()
				if !ok {
					mode = "development"
				}
				c.Aps = &val{Value: mode, AddedBy: byPlugin("expo-notifications"), Loc: Loc{File: file}}
			}
		}
		if props.Get("enableBackgroundRemoteNotifications").IsTrue() {
			addMode("remote-notification", byPlugin("expo-notifications"))
		}
	}
	return c
}

func (f *Facts) loadAndroid() *androidConfig {
	p := f.P
	managed := p.HasFramework(project.Expo) && !p.ExpoNativeAndroid
	if managed {
		if p.Expo == nil {
			return nil
		}
		return f.expoAndroid()
	}
	if p.AndroidManifest == "" {
		return nil
	}
	data := f.readConfig(p.AndroidManifest)
	if data == nil {
		return nil
	}
	m, err := manifest.Parse(p.AndroidManifest, data)
	if err != nil {
		var pe *manifest.ParseError
		if errors.As(err, &pe) {
			f.Problems = append(f.Problems, project.FileProblem{File: p.AndroidManifest, Line: pe.Line, Col: pe.Col, Msg: pe.Msg})
		} else {
			f.Problems = append(f.Problems, project.FileProblem{File: p.AndroidManifest, Msg: err.Error()})
		}
		return nil
	}
	file := p.AndroidManifest
	c := &androidConfig{File: file, M: m, Requested: map[string]val{}, Removed: map[string]val{}, PermLoc: Loc{File: file}}
	for _, perm := range m.Permissions {
		v := val{Value: perm.Name, Loc: Loc{File: file, Line: perm.Line, Col: perm.Col}}
		if perm.Removed {
			c.Removed[perm.Name] = v
		} else {
			c.Requested[perm.Name] = v
		}
	}
	c.TargetSDK, c.AtLeast = p.TargetSDK, p.TargetSDKAtLeast
	c.TargetLoc = Loc{File: p.TargetSDKFile, Line: p.TargetSDKLine}
	if c.TargetSDK == 0 && m.TargetSDK != "" {
		fmt.Sscanf(m.TargetSDK, "%d", &c.TargetSDK)
		c.TargetLoc = Loc{File: file}
	}
	return c
}

// expoAndroid models the manifest prebuild writes: android.permissions,
// android.blockedPermissions (tools:node="remove"), and the permissions
// auto-applied config plugins add.
func (f *Facts) expoAndroid() *androidConfig {
	p := f.P
	file := p.ExpoJSON
	c := &androidConfig{Managed: true, File: file, Requested: map[string]val{}, Removed: map[string]val{}}
	c.PermLoc = f.expoPathLoc("android", "permissions")
	for _, s := range p.Expo.Get("android", "permissions").Strings() {
		c.Requested[manifest.FullPermission(s.Str)] = val{Value: manifest.FullPermission(s.Str), Loc: f.expoLoc(s)}
	}
	for _, s := range p.Expo.Get("android", "blockedPermissions").Strings() {
		c.Removed[manifest.FullPermission(s.Str)] = val{Value: manifest.FullPermission(s.Str), Loc: f.expoLoc(s)}
	}
	add := func(perm, by string) {
		if _, ok := c.Requested[perm]; !ok {
			c.Requested[perm] = val{Value: perm, AddedBy: by, Loc: Loc{File: file}}
		}
	}
	if p.Has("expo-background-fetch") {
		for _, perm := range tsFetchPerms {
			add(perm, byPlugin("expo-background-fetch"))
		}
	}
	if p.Has("expo-location") {
		props, _, _ := f.expoPlugin("expo-location")
		add("android.permission.ACCESS_COARSE_LOCATION", byPlugin("expo-location"))
		add("android.permission.ACCESS_FINE_LOCATION", byPlugin("expo-location"))
		add("android.permission.FOREGROUND_SERVICE", byPlugin("expo-location"))
		bg := props.Get("isAndroidBackgroundLocationEnabled").IsTrue()
		if bg {
			add("android.permission.ACCESS_BACKGROUND_LOCATION", byPlugin("expo-location"))
		}
		if fgs := props.Get("isAndroidForegroundServiceEnabled"); fgs.IsTrue() || fgs == nil && bg {
			add("android.permission.FOREGROUND_SERVICE_LOCATION", byPlugin("expo-location"))
		}
	}
	// Expo SDK 50+ targets API 34 or later.
	c.Modern = true
	return c
}

// requestedAfterMerge reports whether the merged manifest will request the
// permission: the app file requests it, or a declared library merges it in,
// and nothing removes it.
func (f *Facts) requestedAfterMerge(perm string) (val, bool) {
	a := f.Android
	if a == nil {
		return val{}, false
	}
	if _, removed := a.Removed[perm]; removed {
		return val{}, false
	}
	if v, ok := a.Requested[perm]; ok {
		return v, true
	}
	for _, l := range f.Libs {
		for _, x := range append(append([]string(nil), l.Spec.Needs...), l.Spec.Adds...) {
			if x != perm {
				continue
			}
			by := "merged from " + l.Spec.Name + "'s manifest (" + l.loc().String() + ")"
			if s, ok := l.Spec.AddsSince[perm]; ok {
				switch h, judged := s.holds(l); h {
				case no:
					continue
				case yes:
					by = fmt.Sprintf("merged from %s's manifest %s; %s", l.Spec.Name, s, judged)
				default:
					by = fmt.Sprintf("merged from %s's manifest %s; bgkit could not verify the installed version: %s", l.Spec.Name, s, judged)
				}
			}
			return val{Value: perm, Loc: l.loc(), AddedBy: by}, true
		}
	}
	return val{}, false
}

func sortedMapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
