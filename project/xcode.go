package project

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"howett.net/plist"

	"github.com/bgkit/bgkit/internal/fsutil"
)

// XcodeTarget is an application target of an Xcode project. Paths are
// relative to the root given to XcodeTargets, with $(SRCROOT), $(PROJECT_DIR),
// $(TARGET_NAME) and $(PRODUCT_NAME) resolved; variables bgkit cannot know
// (set in .xcconfig files or by Xcode at build time) are left as written.
type XcodeTarget struct {
	Name         string
	ProductType  string
	InfoPlist    string // INFOPLIST_FILE; "" when the target has none (GENERATE_INFOPLIST_FILE)
	Entitlements string // CODE_SIGN_ENTITLEMENTS; "" when none is set
	BundleID     string // PRODUCT_BUNDLE_IDENTIFIER
	// DebugBundleID is PRODUCT_BUNDLE_IDENTIFIER in the Debug configuration,
	// what a simulator or development build installs (apps often add a
	// ".debug" suffix there); "" when the target has no Debug configuration.
	DebugBundleID string
	// GeneratesInfoPlist: Xcode builds the Info.plist from INFOPLIST_KEY_*
	// build settings (GENERATE_INFOPLIST_FILE = YES).
	GeneratesInfoPlist bool
	Configuration      string // the build configuration read ("Release" or the first one)
	// Platform is what the target builds for (PlatformIOS, PlatformTVOS,
	// ...), from SDKROOT as Xcode resolves it.
	Platform string
	// Configurations are the target's build configurations, in the
	// project's order ("Debug", "Release").
	Configurations []string
}

// xcodeProjectDirs are the folders, relative to a project root, where the
// Xcode project of a native, Expo/React Native, Capacitor, Flutter or Cordova
// app lives.
var xcodeProjectDirs = []string{".", "ios", "ios/App", "platforms/ios"}

const appProductType = "com.apple.product-type.application"

// IOSAppTargets returns the iOS application targets of the app's Xcode
// project (tvOS, watchOS, macOS and visionOS apps, extensions and tests
// left out), and the application targets for other platforms apart.
// Targets that share one Info.plist count once.
func IOSAppTargets(root string) (pbxproj string, ios, other []XcodeTarget, err error) {
	return (*Cache)(nil).IOSAppTargets(root)
}

// IOSAppTargets is the package's IOSAppTargets reading through c.
func (c *Cache) IOSAppTargets(root string) (pbxproj string, ios, other []XcodeTarget, err error) {
	pbxproj, targets, err := c.xcodeTargets(root)
	for _, t := range targets {
		if t.Platform != PlatformIOS {
			other = append(other, t)
			continue
		}
		if t.InfoPlist != "" && xcodeSharesPlist(ios, t.InfoPlist) {
			continue
		}
		ios = append(ios, t)
	}
	return pbxproj, ios, other, err
}

// XcodeTargets finds the app's Xcode project under root and returns the
// path of its project.pbxproj (relative to root) and its application targets
// in the project's order. It looks only in the usual folders (never in
// node_modules, Pods or build trees). No project is a *NotFoundError; a
// project.pbxproj that cannot be read is an error naming it.
func XcodeTargets(root string) (pbxproj string, targets []XcodeTarget, err error) {
	return (*Cache)(nil).xcodeTargets(root)
}

// findXcodeTargets is XcodeTargets reading through c.
func findXcodeTargets(c *Cache, root string) (pbxproj string, targets []XcodeTarget, err error) {
	var looked []string
	var firstErr error
	var found string
	for _, dir := range xcodeProjectDirs {
		looked = append(looked, filepath.Join(dir, "*.xcodeproj"))
		matches, _ := filepath.Glob(filepath.Join(root, dir, "*.xcodeproj", "project.pbxproj"))
		sort.Strings(matches)
		for _, m := range matches {
			if filepath.Base(filepath.Dir(m)) == "Pods.xcodeproj" {
				continue
			}
			rel, _ := filepath.Rel(root, m)
			ts, err := readPbxproj(c, root, rel)
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				continue
			}
			if len(ts) > 0 {
				return rel, ts, nil
			}
			if found == "" {
				found = rel
			}
		}
	}
	if firstErr != nil {
		return "", nil, firstErr
	}
	if found != "" {
		return found, nil, nil
	}
	return "", nil, &NotFoundError{What: "an Xcode project", Looked: looked}
}

// pbxObject is one entry of a project.pbxproj "objects" dictionary, read
// through the few fields bgkit needs. The file is decoded into plain maps:
// decoding into structs costs a third more on large projects.
type pbxObject map[string]any

func (o pbxObject) str(key string) string {
	s, _ := o[key].(string)
	return s
}

func (o pbxObject) list(key string) []string {
	a, _ := o[key].([]any)
	out := make([]string, 0, len(a))
	for _, v := range a {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func (o pbxObject) dict(key string) map[string]any {
	m, _ := o[key].(map[string]any)
	return m
}

func object(objects map[string]any, id string) (pbxObject, bool) {
	m, ok := objects[id].(map[string]any)
	return m, ok
}

func readPbxproj(c *Cache, root, rel string) ([]XcodeTarget, error) {
	data, err := c.read(filepath.Join(root, rel), fsutil.MaxEditSize)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read: %v", rel, detErrText(err))
	}
	var file map[string]any
	if _, err := plist.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("%s: cannot read the Xcode project: %v", rel, strings.TrimPrefix(err.Error(), "plist: "))
	}
	objects, _ := file["objects"].(map[string]any)
	rootID, _ := file["rootObject"].(string)
	proj, ok := object(objects, rootID)
	if !ok || proj.str("isa") != "PBXProject" {
		return nil, fmt.Errorf("%s: cannot read the Xcode project: no PBXProject root object", rel)
	}
	projDir := filepath.Dir(filepath.Dir(rel)) // the folder holding X.xcodeproj
	projName := strings.TrimSuffix(filepath.Base(filepath.Dir(rel)), ".xcodeproj")
	refs := newFileRefs(c, objects, proj, projDir)

	var targets []XcodeTarget
	for _, id := range proj.list("targets") {
		t, ok := object(objects, id)
		if !ok || t.str("isa") != "PBXNativeTarget" || t.str("productType") != appProductType {
			continue
		}
		name := t.str("name")
		resolverFor := func(want string) (string, *settingResolver) {
			config, settings, tref := pickConfiguration(objects, t.str("buildConfigurationList"), want)
			// A target's configuration inherits the project's of the same
			// name; each level may be based on an .xcconfig file, which
			// sits just below it (Xcode's order: target, target xcconfig,
			// project, project xcconfig).
			_, projSettings, pref := pickConfiguration(objects, proj.str("buildConfigurationList"), config)
			levels := []map[string]any{settings, refs.xcconfig(root, tref), projSettings, refs.xcconfig(root, pref)}
			return config, &settingResolver{levels: levels, builtin: map[string]string{
				"SRCROOT":      srcRootMark,
				"PROJECT_DIR":  srcRootMark,
				"SOURCE_ROOT":  srcRootMark,
				"TARGET_NAME":  name,
				"PROJECT_NAME": projName,
			}}
		}
		config, r := resolverFor("Release")
		xt := XcodeTarget{
			Name:          name,
			ProductType:   appProductType,
			Configuration: config,
			BundleID:      r.setting("PRODUCT_BUNDLE_IDENTIFIER"),
			Platform:      targetPlatform(r.setting("SDKROOT"), r.setting("SUPPORTED_PLATFORMS")),
		}
		if p := r.setting("INFOPLIST_FILE"); p != "" {
			xt.InfoPlist = projectPath(projDir, p)
		}
		if p := r.setting("CODE_SIGN_ENTITLEMENTS"); p != "" {
			xt.Entitlements = projectPath(projDir, p)
		}
		xt.GeneratesInfoPlist = strings.EqualFold(r.setting("GENERATE_INFOPLIST_FILE"), "YES")
		if list, ok := object(objects, t.str("buildConfigurationList")); ok {
			for _, id := range list.list("buildConfigurations") {
				if c, ok := object(objects, id); ok {
					if n, ok := c["name"].(string); ok {
						xt.Configurations = append(xt.Configurations, n)
					}
				}
			}
		}
		if debug, dr := resolverFor("Debug"); debug == "Debug" {
			xt.DebugBundleID = dr.setting("PRODUCT_BUNDLE_IDENTIFIER")
		}
		targets = append(targets, xt)
	}
	return targets, nil
}

// Target platforms, from SDKROOT (and SUPPORTED_PLATFORMS when SDKROOT is
// "auto").
const (
	PlatformIOS      = "ios"
	PlatformTVOS     = "tvos"
	PlatformWatchOS  = "watchos"
	PlatformMacOS    = "macos"
	PlatformVisionOS = "visionos"
)

// targetPlatform names the platform a target builds for. An unset SDKROOT
// (rare: Xcode always writes one) counts as iOS.
func targetPlatform(sdkroot, supported string) string {
	sdk := strings.ToLower(strings.TrimSpace(sdkroot))
	if sdk == "auto" || sdk == "" {
		sdk = strings.ToLower(supported)
	}
	switch {
	case sdk == "" || strings.Contains(sdk, "iphoneos") || strings.Contains(sdk, "iphonesimulator"):
		return PlatformIOS
	case strings.Contains(sdk, "appletv"):
		return PlatformTVOS
	case strings.Contains(sdk, "watch"):
		return PlatformWatchOS
	case strings.Contains(sdk, "xros") || strings.Contains(sdk, "xrsimulator"):
		return PlatformVisionOS
	case strings.Contains(sdk, "macosx"):
		return PlatformMacOS
	}
	return PlatformIOS
}

// pickConfiguration returns the build configuration of a list with the
// given name, or the first one when there is none of that name, with its
// baseConfigurationReference ("" when it has none).
func pickConfiguration(objects map[string]any, listID, want string) (string, map[string]any, string) {
	list, ok := object(objects, listID)
	if !ok {
		return "", nil, ""
	}
	var name, ref string
	var settings map[string]any
	for i, id := range list.list("buildConfigurations") {
		c, _ := object(objects, id)
		if i == 0 || c.str("name") == want {
			name, settings, ref = c.str("name"), c.dict("buildSettings"), c.str("baseConfigurationReference")
		}
		if c.str("name") == want {
			break
		}
	}
	return name, settings, ref
}

// srcRootMark stands for the project folder while variables are resolved,
// so the result can be made relative to the root afterwards.
const srcRootMark = "\x00SRCROOT\x00"

// projectPath makes a resolved build-setting path relative to the root:
// Xcode reads relative paths from the project folder.
func projectPath(projDir, p string) string {
	if strings.HasPrefix(p, srcRootMark) {
		p = strings.TrimLeft(strings.TrimPrefix(p, srcRootMark), "/")
	}
	p = strings.ReplaceAll(p, srcRootMark, ".")
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(projDir, filepath.FromSlash(p))
}

// settingResolver resolves build settings as Xcode does: levels holds the
// settings from the highest precedence down (target, its .xcconfig,
// project, its .xcconfig); $(inherited) in a level's value is the value of
// the same setting from the levels below it.
type settingResolver struct {
	levels  []map[string]any
	builtin map[string]string
}

// setting returns a build setting with every reference resolved.
func (r *settingResolver) setting(name string) string {
	v, lvl, ok := r.findFrom(name, 0)
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.expand(v, name, lvl, 0))
}

// findFrom returns the raw value of name at the first level from lvl on
// that defines it, and that level (len(levels) for built-in values).
func (r *settingResolver) findFrom(name string, lvl int) (string, int, bool) {
	for i := lvl; i < len(r.levels); i++ {
		if v, ok := r.levels[i][name]; ok {
			switch v := v.(type) {
			case string:
				return v, i, true
			case []any:
				parts := make([]string, 0, len(v))
				for _, p := range v {
					if s, ok := p.(string); ok {
						parts = append(parts, s)
					}
				}
				return strings.Join(parts, " "), i, true
			}
		}
	}
	if name == "PRODUCT_NAME" {
		return r.builtin["TARGET_NAME"], len(r.levels), true
	}
	v, ok := r.builtin[name]
	return v, len(r.levels), ok
}

// resolve expands a value found at the top level.
func (r *settingResolver) resolve(s string, depth int) string {
	return r.expand(s, "", 0, depth)
}

// expand expands $(VAR), ${VAR} and $(VAR:modifier) references it knows,
// and leaves the others as written. name and lvl say where s was found, so
// $(inherited) reads the same setting from the levels below.
func (r *settingResolver) expand(s, name string, lvl, depth int) string {
	if depth > 8 || !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '$' || i+1 >= len(s) || (s[i+1] != '(' && s[i+1] != '{') {
			b.WriteByte(s[i])
			i++
			continue
		}
		closer := byte(')')
		if s[i+1] == '{' {
			closer = '}'
		}
		j := strings.IndexByte(s[i+2:], closer)
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		ref := s[i+2 : i+2+j]
		vname, mod, _ := strings.Cut(ref, ":")
		if vname == "inherited" {
			if name != "" && lvl < len(r.levels) {
				if v, l, ok := r.findFrom(name, lvl+1); ok && l < len(r.levels) {
					b.WriteString(r.expand(v, name, l, depth+1))
				}
			}
			i += j + 3
			continue
		}
		v, l, known := r.findFrom(vname, 0)
		if !known {
			b.WriteString(s[i : i+j+3])
			i += j + 3
			continue
		}
		v = r.expand(v, vname, l, depth+1)
		b.WriteString(applyModifier(v, mod))
		i += j + 3
	}
	return b.String()
}

// applyModifier applies Xcode's build-setting operators bgkit meets in
// bundle ids (rfc1034identifier, lower, upper, c99extidentifier).
func applyModifier(v, mod string) string {
	switch mod {
	case "rfc1034identifier":
		return strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
				return r
			}
			return '-'
		}, v)
	case "c99extidentifier":
		return strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
				return r
			}
			return '_'
		}, v)
	case "lower":
		return strings.ToLower(v)
	case "upper":
		return strings.ToUpper(v)
	}
	return v
}

// infoPlistFallbacks are the usual places of an app's Info.plist when no
// Xcode project says where it is: Capacitor, Flutter, Cordova; Expo and
// React Native use ios/<Name>/Info.plist and native apps <Name>/Info.plist.
var infoPlistFallbacks = []string{
	"ios/App/App/Info.plist",
	"ios/Runner/Info.plist",
}

// xcodeSkipDirs are folders that never hold the app's own Info.plist.
var xcodeSkipDirs = map[string]bool{
	"node_modules": true, "Pods": true, "build": true, "DerivedData": true, ".git": true,
	"android": true, "ios": true, "Carthage": true, "vendor": true, ".build": true,
	"Flutter": true, ".expo": true, ".gradle": true, "fastlane": true,
}

func xcodeSkipDir(name string) bool {
	return xcodeSkipDirs[name] || strings.HasPrefix(name, ".") ||
		strings.HasSuffix(name, "Tests") || strings.HasSuffix(name, ".xcodeproj") ||
		strings.HasSuffix(name, ".xcworkspace") || strings.HasSuffix(name, ".xcassets") ||
		strings.HasSuffix(name, ".lproj")
}

// FindInfoPlist returns the app's Info.plist, relative to root. It reads the
// Xcode project's application targets (INFOPLIST_FILE) and falls back to
// the usual places of Expo, React Native, Capacitor, Flutter and native
// projects. target chooses among several app targets by name ("" for any).
// Several candidates are an *AmbiguousError; none a *NotFoundError saying
// where bgkit looked.
func FindInfoPlist(root, target string) (string, error) {
	pbx, targets, err := XcodeTargets(root)
	return infoPlistOf(root, target, pbx, targets, err)
}

// infoPlistOf is FindInfoPlist over what XcodeTargets(root) returned.
func infoPlistOf(root, target, pbx string, targets []XcodeTarget, err error) (string, error) {
	var nf *NotFoundError
	if err != nil && !errors.As(err, &nf) {
		// An unreadable project file: the fallbacks may still find the
		// plist, but if they do not, the project file is the real problem.
		if p, ferr := fallbackInfoPlist(root, target); ferr == nil {
			return p, nil
		}
		return "", err
	}
	var looked []string
	var hint string
	if pbx != "" {
		var cands []XcodeTarget
		var names []string
		hasIOS := false
		for _, t := range targets {
			hasIOS = hasIOS || t.Platform == PlatformIOS
		}
		for _, t := range targets {
			names = append(names, t.Name)
			if target != "" && t.Name != target {
				continue
			}
			// Without a name, iOS app targets win over tvOS, watchOS and
			// macOS ones beside them.
			if target == "" && hasIOS && t.Platform != PlatformIOS {
				continue
			}
			switch {
			case t.InfoPlist == "":
				if t.GeneratesInfoPlist {
					looked = append(looked, fmt.Sprintf("%s: target %s has no Info.plist file (Xcode generates it from INFOPLIST_KEY_* build settings)", pbx, t.Name))
				}
			case xcodeIsFile(filepath.Join(root, t.InfoPlist)):
				// Targets that share one Info.plist (production and
				// staging, say) leave one file to edit, not a choice.
				if !xcodeSharesPlist(cands, t.InfoPlist) {
					cands = append(cands, t)
				}
			default:
				looked = append(looked, fmt.Sprintf("%s (INFOPLIST_FILE of target %s in %s: missing)", t.InfoPlist, t.Name, pbx))
			}
		}
		if target != "" && !xcodeContains(names, target) {
			return "", &NotFoundError{
				What:   fmt.Sprintf("an application target named %q", target),
				Looked: []string{fmt.Sprintf("%s: application targets %s", pbx, xcodeList(names))},
				Hint:   "choose one of the targets listed with --target NAME",
			}
		}
		switch len(cands) {
		case 1:
			return cands[0].InfoPlist, nil
		case 0:
			if len(targets) == 0 {
				looked = append(looked, pbx+": no application targets")
			}
		default:
			var list []string
			for _, c := range cands {
				list = append(list, fmt.Sprintf("%s (target %s)", c.InfoPlist, c.Name))
			}
			return "", &AmbiguousError{What: "the app's Info.plist", Candidates: list, Hint: "choose one with --target NAME, or name the file with --file"}
		}
	} else {
		looked = append(looked, nf.Looked...)
	}
	p, err := fallbackInfoPlist(root, target)
	if err == nil {
		return p, nil
	}
	var fnf *NotFoundError
	if !errors.As(err, &fnf) {
		return "", err
	}
	looked = append(looked, fnf.Looked...)
	hint = "name the file with --file PATH"
	if xcodeIsFile(filepath.Join(root, "app.json")) || xcodeIsFile(filepath.Join(root, "app.config.js")) || xcodeIsFile(filepath.Join(root, "app.config.ts")) {
		if !xcodeIsDir(filepath.Join(root, "ios")) {
			hint = "this looks like an Expo project without an ios/ folder: set ios.infoPlist in the app config, or run npx expo prebuild first; or name the file with --file PATH"
		}
	}
	return "", &NotFoundError{What: "the app's Info.plist", Looked: looked, Hint: hint}
}

// fallbackInfoPlist looks in the usual places without an Xcode project.
func fallbackInfoPlist(root, target string) (string, error) {
	var looked []string
	if target != "" {
		for _, p := range []string{filepath.Join("ios", target, "Info.plist"), filepath.Join("ios", "App", target, "Info.plist"), filepath.Join(target, "Info.plist")} {
			if xcodeIsFile(filepath.Join(root, p)) {
				return p, nil
			}
			looked = append(looked, p)
		}
		return "", &NotFoundError{What: "the app's Info.plist", Looked: looked}
	}
	for _, p := range infoPlistFallbacks {
		if xcodeIsFile(filepath.Join(root, filepath.FromSlash(p))) {
			return filepath.FromSlash(p), nil
		}
		looked = append(looked, p)
	}
	// ios/<Name>/Info.plist (Expo, React Native), then <Name>/Info.plist (native).
	for _, dir := range []string{"ios", "."} {
		looked = append(looked, filepath.Join(dir, "*", "Info.plist"))
		entries, err := os.ReadDir(filepath.Join(root, dir))
		if err != nil {
			continue
		}
		var cands []string
		for _, e := range entries {
			if !e.IsDir() || xcodeSkipDir(e.Name()) {
				continue
			}
			p := filepath.Join(dir, e.Name(), "Info.plist")
			if xcodeIsFile(filepath.Join(root, p)) {
				cands = append(cands, p)
			}
		}
		switch len(cands) {
		case 0:
			continue
		case 1:
			return cands[0], nil
		default:
			return "", &AmbiguousError{What: "the app's Info.plist", Candidates: cands, Hint: "choose one with --target NAME (the folder name), or name the file with --file"}
		}
	}
	return "", &NotFoundError{What: "the app's Info.plist", Looked: looked}
}

func xcodeSharesPlist(targets []XcodeTarget, infoPlist string) bool {
	for _, t := range targets {
		if filepath.Clean(t.InfoPlist) == filepath.Clean(infoPlist) {
			return true
		}
	}
	return false
}

func xcodeIsFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func xcodeIsDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func xcodeContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func xcodeList(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}
