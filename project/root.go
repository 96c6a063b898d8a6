package project

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bgkit/bgkit/project/jsobj"
)

// AppKind says why a folder is an app's root.
type AppKind string

const (
	// CrossPlatformApp: package.json of a React Native, Expo or Capacitor
	// app, an Expo app.json, a capacitor.config.*, or a Flutter app's
	// pubspec.yaml.
	CrossPlatformApp AppKind = "app"
	// NativeApp: an Xcode project (*.xcodeproj, or ios/*.xcodeproj) or a
	// Gradle build (settings.gradle(.kts), or android/settings.gradle).
	NativeApp AppKind = "native"
)

// RootMarkers describes what FindAppRoot and FindApps look for, for
// messages.
const RootMarkers = "package.json with react-native, expo or @capacitor/core; app.json with an \"expo\" object; " +
	"capacitor.config.*; pubspec.yaml of a Flutter app; *.xcodeproj, ios/*.xcodeproj or ios/*/Info.plist; " +
	"settings.gradle(.kts), android/settings.gradle(.kts) or android/app/src/main/AndroidManifest.xml"

// Library is a package that holds native code for apps but is no app.
// LibraryKind names which.
type LibraryKind string

const (
	CapacitorPlugin    LibraryKind = "Capacitor plugin"
	FlutterPlugin      LibraryKind = "Flutter plugin"
	ReactNativeLibrary LibraryKind = "React Native library"
	ExpoModule         LibraryKind = "Expo module"
)

// SkippedLibrary is a library FindApps or FindAppRoot passed over.
type SkippedLibrary struct {
	Dir  string // relative to the folder searched, slash-separated
	Kind LibraryKind
}

// FindAppRoot walks up from dir, as git finds its top level, to the root
// of the app dir is in: the nearest folder that is a cross-platform app
// (so ios/ or android/ of a React Native app gives the app), else the
// nearest native one. It stops at the folder holding .git. It returns ""
// when dir is inside no app; libraries met on the way are returned so the
// caller can say why they were not used.
func FindAppRoot(dir string) (string, AppKind, []SkippedLibrary) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", "", nil
	}
	var native string
	var libs []SkippedLibrary
	for d := abs; ; {
		if kind, lib := appKind(d); lib != "" {
			libs = append(libs, SkippedLibrary{Dir: d, Kind: lib})
		} else if kind == CrossPlatformApp {
			return d, kind, libs
		} else if kind == NativeApp && native == "" {
			native = d
		}
		if isDir(filepath.Join(d, ".git")) || isFile(filepath.Join(d, ".git")) {
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if native != "" {
		return native, NativeApp, libs
	}
	return "", "", libs
}

// appKind says whether dir is an app's root, or (lib != "") a library.
func appKind(dir string) (kind AppKind, lib LibraryKind) {
	if isFile(filepath.Join(dir, "pubspec.yaml")) {
		data, _ := readSmall(filepath.Join(dir, "pubspec.yaml"))
		if pubspecIsPlugin(data) {
			return "", FlutterPlugin
		}
		if pubspecIsFlutter(data) {
			return CrossPlatformApp, ""
		}
	}
	if isFile(filepath.Join(dir, "package.json")) {
		data, _ := readSmall(filepath.Join(dir, "package.json"))
		if n, err := jsobj.ParseValue(data); err == nil && n.Kind == jsobj.Object {
			if lib := packageLibraryKind(dir, n); lib != "" {
				return "", lib
			}
			for _, block := range []string{"dependencies", "devDependencies"} {
				deps := n.Get(block)
				for _, name := range []string{"react-native", "expo", "@capacitor/core", "@capacitor/cli"} {
					if deps.Get(name) != nil {
						return CrossPlatformApp, ""
					}
				}
			}
		}
	}
	for _, c := range capacitorConfigs {
		if isFile(filepath.Join(dir, c)) {
			return CrossPlatformApp, ""
		}
	}
	if isFile(filepath.Join(dir, "app.json")) {
		data, _ := readSmall(filepath.Join(dir, "app.json"))
		if n, err := jsobj.ParseValue(data); err == nil && n.Get("expo") != nil {
			return CrossPlatformApp, ""
		}
	}
	if hasXcodeProject(dir) || hasXcodeProject(filepath.Join(dir, "ios")) ||
		hasGradleSettings(dir) || hasGradleSettings(filepath.Join(dir, "android")) ||
		isFile(filepath.Join(dir, "android", "app", mainManifest)) || hasIOSPlistFolder(dir) {
		return NativeApp, ""
	}
	return "", ""
}

// packageLibraryKind recognises an npm package that is a library for apps:
// a Capacitor plugin (its "capacitor" field, or @capacitor/core as a peer),
// an Expo module (expo-module.config.json) or a React Native library
// (react-native as a peer dependency).
func packageLibraryKind(dir string, n *jsobj.Node) LibraryKind {
	if c := n.Get("capacitor"); c != nil && c.Kind == jsobj.Object && (c.Get("ios") != nil || c.Get("android") != nil) {
		return CapacitorPlugin
	}
	peers := n.Get("peerDependencies")
	if peers.Get("@capacitor/core") != nil && n.Get("dependencies").Get("@capacitor/core") == nil {
		return CapacitorPlugin
	}
	if isFile(filepath.Join(dir, "expo-module.config.json")) && n.Get("dependencies").Get("expo") == nil {
		return ExpoModule
	}
	if (peers.Get("react-native") != nil || peers.Get("expo") != nil) && n.Get("dependencies").Get("react-native") == nil && n.Get("dependencies").Get("expo") == nil {
		return ReactNativeLibrary
	}
	return ""
}

// pubspecIsPlugin: `flutter:` with a `plugin:` key under it.
func pubspecIsPlugin(data []byte) bool {
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		l := strings.TrimRight(detYamlStripComment(strings.TrimRight(line, "\r")), " \t")
		if strings.TrimSpace(l) == "" {
			continue
		}
		if l[0] != ' ' && l[0] != '\t' {
			in = l == "flutter:"
			continue
		}
		if in && strings.TrimSpace(l) == "plugin:" || in && strings.HasPrefix(strings.TrimSpace(l), "plugin:") {
			return true
		}
	}
	return false
}

func hasXcodeProject(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasSuffix(e.Name(), ".xcodeproj") && e.Name() != "Pods.xcodeproj" {
			return true
		}
	}
	return false
}

// hasIOSPlistFolder: ios/<Name>/Info.plist without an Xcode project (a
// project whose Xcode project is generated, or a trimmed checkout).
func hasIOSPlistFolder(dir string) bool {
	entries, err := os.ReadDir(filepath.Join(dir, "ios"))
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.IsDir() && !xcodeSkipDir(e.Name()) && isFile(filepath.Join(dir, "ios", e.Name(), "Info.plist")) {
			return true
		}
	}
	return false
}

func hasGradleSettings(dir string) bool {
	return isFile(filepath.Join(dir, "settings.gradle")) || isFile(filepath.Join(dir, "settings.gradle.kts"))
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// MaxAppDepth is how deep FindApps looks below the folder it searches.
const MaxAppDepth = 4

// maxAppDirs bounds the folders FindApps lists.
const maxAppDirs = 5000

// findSkipDirs are never entered: dependency, build and tool trees.
var findSkipDirs = map[string]bool{
	"node_modules": true, "Pods": true, "build": true, "DerivedData": true, "Carthage": true,
	"vendor": true, "dist": true, "out": true, "target": true, "bower_components": true,
	"platforms": true, "plugins": true, "www": true, "coverage": true, "tmp": true,
}

// FindApps finds the apps under dir (not dir itself), by their markers, at
// most MaxAppDepth folders down, in name order. It never enters
// node_modules, Pods, build trees, hidden or symlinked folders, nor the
// folders of an app it found; libraries (Capacitor and Flutter plugins,
// React Native libraries, Expo modules) are skipped, but their example
// apps are found. Paths are relative to dir, slash-separated.
func FindApps(dir string) (apps []string, libs []SkippedLibrary, truncated bool) {
	type item struct {
		rel   string
		depth int
	}
	queue := []item{{".", 0}}
	seen := 0
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		entries, err := os.ReadDir(filepath.Join(dir, filepath.FromSlash(it.rel)))
		if err != nil {
			continue
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
		for _, e := range entries {
			name := e.Name()
			// e.IsDir is false for a symlink: symlinked folders are never entered.
			if !e.IsDir() || strings.HasPrefix(name, ".") || findSkipDirs[name] || strings.HasSuffix(name, ".xcodeproj") ||
				strings.HasSuffix(name, ".xcworkspace") || strings.HasSuffix(name, ".xcassets") {
				continue
			}
			if seen++; seen > maxAppDirs {
				return apps, libs, true
			}
			rel := name
			if it.rel != "." {
				rel = it.rel + "/" + name
			}
			kind, lib := appKind(filepath.Join(dir, filepath.FromSlash(rel)))
			switch {
			case lib != "":
				libs = append(libs, SkippedLibrary{Dir: rel, Kind: lib})
			case kind != "":
				apps = append(apps, rel)
				continue // an app's own folders hold no other app
			}
			if it.depth+1 < MaxAppDepth {
				queue = append(queue, item{rel, it.depth + 1})
			}
		}
	}
	sort.Strings(apps)
	return apps, libs, false
}

// NoAppError: no mobile project in a folder, above it or below it.
type NoAppError struct {
	Dir  string
	Libs []SkippedLibrary
}

func (e *NoAppError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "no mobile project in %s, above it or up to %d folders below it.\nbgkit looked for: %s", e.Dir, MaxAppDepth, RootMarkers)
	if len(e.Libs) > 0 {
		b.WriteString("\nSkipped libraries (they are no apps):")
		for _, l := range e.Libs {
			fmt.Fprintf(&b, "\n  %s (%s)", l.Dir, l.Kind)
		}
	}
	b.WriteString("\nRun bgkit doctor in the app's folder, or give it: bgkit doctor PATH")
	return b.String()
}
