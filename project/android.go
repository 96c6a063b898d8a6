package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/lazyre"
)

// AndroidModule is an application module of a Gradle build. Paths are
// relative to the root given to FindAndroidApp.
type AndroidModule struct {
	Dir      string // the module folder, e.g. android/app
	Gradle   string // its build.gradle or build.gradle.kts ("" when absent)
	Manifest string // its main manifest, <Dir>/src/main/AndroidManifest.xml
}

// androidGradleRoots are the folders that hold the Gradle build of a React
// Native, Expo (prebuilt), Capacitor, Flutter or Cordova app ("android"),
// or of a native app (".").
var androidGradleRoots = []string{"android", ".", "platforms/android"}

// androidFallbackManifests are manifests of builds bgkit cannot read as
// Gradle projects: .NET MAUI, Xamarin, NativeScript and old Eclipse/Ant
// projects.
var androidFallbackManifests = []string{
	"Platforms/Android/AndroidManifest.xml",
	"Properties/AndroidManifest.xml",
	"App_Resources/Android/src/main/AndroidManifest.xml",
	"AndroidManifest.xml",
}

const mainManifest = "src/main/AndroidManifest.xml"

// FindAndroidManifest returns the app module's main AndroidManifest.xml,
// relative to root: the application module that settings.gradle(.kts)
// includes (a module whose build file applies com.android.application),
// or android/app, app, and the places .NET MAUI, Xamarin and NativeScript
// keep it. Several application modules are an *AmbiguousError; none is a
// *NotFoundError that lists where bgkit looked.
func FindAndroidManifest(root string) (string, error) {
	m, err := FindAndroidApp(root)
	if err != nil {
		return "", err
	}
	return m.Manifest, nil
}

// AndroidAppGradle returns the app module's build.gradle or
// build.gradle.kts, relative to root. Errors are as for FindAndroidManifest;
// an app whose manifest bgkit found outside a Gradle module (.NET MAUI, for
// one) is a *NotFoundError.
func AndroidAppGradle(root string) (string, error) {
	m, err := FindAndroidApp(root)
	if err != nil {
		return "", err
	}
	if m.Gradle == "" {
		return "", &NotFoundError{
			What:   "the Android app module's build.gradle",
			Looked: []string{filepath.Join(m.Dir, "build.gradle"), filepath.Join(m.Dir, "build.gradle.kts")},
		}
	}
	return m.Gradle, nil
}

// FindAndroidApp finds the app's Android application module. It reads only
// settings and build files at known places; it never walks the tree.
func FindAndroidApp(root string) (*AndroidModule, error) {
	return FindAndroidModule(root, "")
}

// FindAndroidModule is FindAndroidApp choosing among several application
// modules by name: the module's folder name (app), its Gradle path (:app)
// or its folder relative to root (android/app). A name that matches none
// is a *NotFoundError listing the modules.
func FindAndroidModule(root, name string) (*AndroidModule, error) {
	return (*Cache)(nil).FindAndroidModule(root, name)
}

// FindAndroidModule is the package's FindAndroidModule reading through c.
func (c *Cache) FindAndroidModule(root, name string) (*AndroidModule, error) {
	m, _, err := c.findAndroidModule(root, name)
	return m, err
}

// findAndroidModule is FindAndroidModule also returning the Gradle settings
// files it found but could not read (the modules they list were not seen).
func (c *Cache) findAndroidModule(root, name string) (*AndroidModule, []FileProblem, error) {
	cands, looked, problems, err := c.androidAppModules(root)
	if err != nil {
		return nil, problems, err
	}
	m, err := chooseAndroidModule(root, name, cands, looked)
	return m, problems, err
}

func chooseAndroidModule(root, name string, cands []AndroidModule, looked []string) (*AndroidModule, error) {
	if name != "" {
		var names []string
		for i, c := range cands {
			names = append(names, ModuleName(c))
			if moduleMatches(c, name) {
				m := cands[i] // cands may be a Cache's
				return &m, nil
			}
		}
		return nil, &NotFoundError{
			What:   fmt.Sprintf("an Android application module named %q", name),
			Looked: []string{"application modules: " + xcodeList(names)},
			Hint:   "choose one of the modules listed with --module NAME",
		}
	}
	switch len(cands) {
	case 1:
		m := cands[0]
		return &m, nil
	case 0:
		hint := "Pass the manifest with --file PATH."
		if isFile(filepath.Join(root, "app.json")) || isFile(filepath.Join(root, "app.config.js")) || isFile(filepath.Join(root, "app.config.ts")) {
			hint = "This looks like an Expo project without an android/ folder: Expo writes the manifest at prebuild\n" +
				"from app.json (android.permissions, android.blockedPermissions). Run `npx expo prebuild`,\n" +
				"or pass the manifest with --file PATH."
		}
		return nil, &NotFoundError{What: "the app's AndroidManifest.xml", Looked: looked, Hint: hint}
	}
	names := make([]string, len(cands))
	for i, c := range cands {
		names[i] = c.Manifest
	}
	return nil, &AmbiguousError{
		What:       "the app's AndroidManifest.xml (several application modules)",
		Candidates: names,
		Hint:       "Choose one with --file PATH.",
	}
}

// ModuleName is how --module names a module: its folder's name.
func ModuleName(m AndroidModule) string { return filepath.Base(m.Dir) }

func moduleMatches(m AndroidModule, name string) bool {
	n := strings.Trim(filepath.ToSlash(name), ":/")
	return n == filepath.Base(m.Dir) || n == filepath.ToSlash(m.Dir) ||
		strings.ReplaceAll(n, ":", "/") == filepath.ToSlash(m.Dir) ||
		strings.HasSuffix(filepath.ToSlash(m.Dir), "/"+strings.ReplaceAll(n, ":", "/"))
}

// AndroidAppModules returns every application module of the app's Gradle
// build (the first of android/, ., platforms/android that has one), or the
// manifest of a build bgkit cannot read as Gradle (.NET MAUI, Xamarin,
// NativeScript), and where it looked. Several fallback manifests are an
// *AmbiguousError.
func AndroidAppModules(root string) ([]AndroidModule, []string, error) {
	return (*Cache)(nil).AndroidAppModules(root)
}

// AndroidAppModules is the package's AndroidAppModules reading through c.
func (c *Cache) AndroidAppModules(root string) ([]AndroidModule, []string, error) {
	cands, looked, _, err := c.androidAppModules(root)
	return cands, looked, err
}

// findAndroidAppModules is AndroidAppModules reading through c, also
// returning the Gradle settings files it found but could not read.
func findAndroidAppModules(c *Cache, root string) ([]AndroidModule, []string, []FileProblem, error) {
	var looked []string
	var problems []FileProblem
	for _, groot := range androidGradleRoots {
		var cands []AndroidModule
		settings, modules, unread := readGradleSettings(c, root, groot)
		problems = append(problems, unread...)
		var gb *gradleBuild
		build := func() *gradleBuild {
			if gb == nil {
				gb = c.gradleBuild(root, groot)
			}
			return gb
		}
		if settings != "" {
			looked = append(looked, settings+" (application modules)")
			for _, dir := range modules {
				gradle := moduleBuildFile(root, dir)
				if gradle == "" || !appliesAndroidApp(c, build, filepath.Join(root, gradle)) {
					continue
				}
				m := AndroidModule{Dir: dir, Gradle: gradle, Manifest: filepath.Join(dir, mainManifest)}
				if isFile(filepath.Join(root, m.Manifest)) {
					cands = append(cands, m)
				} else {
					looked = append(looked, m.Manifest)
				}
			}
		}
		if len(cands) == 0 {
			dir := filepath.Join(groot, "app")
			m := AndroidModule{Dir: dir, Gradle: moduleBuildFile(root, dir), Manifest: filepath.Join(dir, mainManifest)}
			if isFile(filepath.Join(root, m.Manifest)) {
				cands = append(cands, m)
			} else {
				looked = append(looked, m.Manifest)
			}
		}
		if len(cands) > 0 {
			return cands, looked, problems, nil
		}
	}
	var found []AndroidModule
	for _, rel := range androidFallbackManifests {
		if isFile(filepath.Join(root, rel)) {
			found = append(found, AndroidModule{Dir: filepath.Dir(rel), Manifest: rel})
		} else {
			looked = append(looked, rel)
		}
		if len(found) > 0 && rel == "AndroidManifest.xml" {
			break
		}
	}
	if len(found) > 1 {
		names := make([]string, len(found))
		for i, c := range found {
			names[i] = c.Manifest
		}
		return nil, looked, problems, &AmbiguousError{What: "the app's AndroidManifest.xml", Candidates: names, Hint: "Choose one with --file PATH."}
	}
	return found, looked, problems, nil
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// moduleBuildFile returns dir's build.gradle or build.gradle.kts (relative),
// or "".
func moduleBuildFile(root, dir string) string {
	for _, name := range []string{"build.gradle", "build.gradle.kts"} {
		rel := filepath.Join(dir, name)
		if isFile(filepath.Join(root, rel)) {
			return rel
		}
	}
	return ""
}

var (
	// include ':app', ':lib'   include(":app")   include ":a:b"
	gradleIncludeRE = lazyre.New(`\binclude\s*\(?\s*((?:["'][^"'\n]*["']\s*,?\s*)+)`)
	gradleStringRE  = lazyre.New(`["']([^"'\n]*)["']`)
	// project(':app').projectDir = new File(rootDir, 'mobile')   or file("mobile")
	gradleProjectDirRE = lazyre.New(`project\(\s*["']([^"']+)["']\s*\)\.projectDir\s*=\s*(?:new\s+)?(?:file|File)\(\s*(?:(?:rootDir|settingsDir|rootProject\.projectDir)\s*,\s*)?["']([^"']+)["']\s*\)`)
	// alias(libs.plugins.android.application), alias(libs.plugins.androidApplication)
	gradleAppAliasRE = lazyre.New(`(?i)\bplugins\.android[.\-_]?application\b`)
)

// readGradleSettings reads <groot>/settings.gradle(.kts) and returns its path
// (relative to root, "" when there is none) and the folders of the modules
// it includes, relative to root, in the file's order. A settings file that
// is there but cannot be read (a FIFO, no permission, too large) is
// returned as a problem, not passed over in silence: the modules it lists
// were not seen.
func readGradleSettings(c *Cache, root, groot string) (string, []string, []FileProblem) {
	var problems []FileProblem
	for _, name := range []string{"settings.gradle", "settings.gradle.kts"} {
		rel := filepath.Join(groot, name)
		data, err := c.read(filepath.Join(root, rel), fsutil.MaxEditSize)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) && !isDir(filepath.Join(root, rel)) {
				problems = append(problems, FileProblem{File: rel, Msg: detErrText(err), Unreadable: true})
			}
			continue
		}
		src := stripGradleCode(string(data))
		dirs := map[string]string{}
		for _, m := range gradleProjectDirRE.Get().FindAllStringSubmatch(src, -1) {
			dirs[normalizeGradlePath(m[1])] = m[2]
		}
		var modules []string
		seen := map[string]bool{}
		for _, m := range gradleIncludeRE.Get().FindAllStringSubmatch(src, -1) {
			for _, s := range gradleStringRE.Get().FindAllStringSubmatch(m[1], -1) {
				path := normalizeGradlePath(s[1])
				if path == "" || seen[path] {
					continue
				}
				seen[path] = true
				dir := strings.ReplaceAll(path, ":", "/")
				if d, ok := dirs[path]; ok {
					if filepath.IsAbs(d) {
						continue
					}
					dir = d
				}
				full := filepath.Clean(filepath.Join(groot, filepath.FromSlash(dir)))
				// Modules outside the project (node_modules, sibling
				// checkouts) are libraries, never the app.
				if strings.HasPrefix(full, "..") || strings.Contains(full, "node_modules") {
					continue
				}
				modules = append(modules, full)
			}
		}
		return rel, modules, problems
	}
	return "", nil, problems
}

func normalizeGradlePath(p string) string {
	return strings.Trim(strings.TrimSpace(p), ":")
}

// appliesAndroidApp reports whether a module build file applies the Android
// application plugin (plugins { id ... }, apply plugin:, or a version
// catalog alias).
func appliesAndroidApp(c *Cache, build func() *gradleBuild, path string) bool {
	data, err := c.read(path, maxConfigSize)
	if err != nil {
		return false
	}
	src := stripGradleCode(string(data))
	if appliesAppPlugin(src) {
		return true
	}
	// A convention plugin of an included build (build-logic) that applies
	// it, as android/nowinandroid's do.
	file, _ := build().conventionSource(src, appliesAppPlugin)
	return file != ""
}

// stripGradleCode removes // and /* */ comments from Groovy or Kotlin
// source, keeping string literals intact.
func stripGradleCode(src string) string {
	var b strings.Builder
	b.Grow(len(src))
	var quote byte
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case quote != 0:
			b.WriteByte(c)
			if c == '\\' && i+1 < len(src) {
				b.WriteByte(src[i+1])
				i++
			} else if c == quote || c == '\n' {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
			b.WriteByte(c)
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			if i < len(src) {
				b.WriteByte('\n')
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return b.String()
			}
			i += end + 3
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
