package project

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/testutil"
	"github.com/bgkit/bgkit/project/jsobj"
)

func TestFindAppRoot(t *testing.T) {
	root := t.TempDir()
	testutil.WriteTree(t, root, map[string]string{
		".git/HEAD":                           "ref: refs/heads/main\n",
		"rn/package.json":                     `{"dependencies": {"react-native": "0.79.0"}}`,
		"rn/ios/App.xcodeproj/x":              "",
		"rn/ios/App/AppDelegate.swift":        "",
		"rn/android/settings.gradle":          "include ':app'",
		"rn/android/app/src/main/x.kt":        "",
		"native/Shop.xcodeproj/x":             "",
		"native/Shop/Sources/a.swift":         "",
		"plugin/package.json":                 `{"capacitor": {"ios": {"src": "ios"}}}`,
		"plugin/ios/Plugin/Plugin.swift":      "",
		"lib/flutter_x/pubspec.yaml":          "name: x\nflutter:\n  plugin:\n    platforms: {}\n",
		"lib/flutter_x/example/pubspec.yaml":  "name: example\ndependencies:\n  flutter:\n    sdk: flutter\n",
		"lib/flutter_x/example/lib/main.dart": "",
		"nothing/README.md":                   "",
	})
	tests := []struct {
		dir, want string
		kind      AppKind
		libs      int
	}{
		{"rn", "rn", CrossPlatformApp, 0},
		{"rn/ios", "rn", CrossPlatformApp, 0},
		{"rn/ios/App", "rn", CrossPlatformApp, 0},
		{"rn/android/app/src/main", "rn", CrossPlatformApp, 0},
		{"native/Shop/Sources", "native", NativeApp, 0},
		{"plugin/ios/Plugin", "", "", 1},
		{"lib/flutter_x/example/lib", "lib/flutter_x/example", CrossPlatformApp, 0},
		{"lib/flutter_x", "", "", 1},
		{"nothing", "", "", 0},
	}
	for _, tt := range tests {
		got, kind, libs := FindAppRoot(filepath.Join(root, filepath.FromSlash(tt.dir)))
		want := ""
		if tt.want != "" {
			want = filepath.Join(root, filepath.FromSlash(tt.want))
		}
		if got != want || kind != tt.kind || len(libs) != tt.libs {
			t.Errorf("FindAppRoot(%s) = %q, %q, %v; want %q, %q, %d libraries", tt.dir, got, kind, libs, want, tt.kind, tt.libs)
		}
	}
}

func TestFindApps(t *testing.T) {
	root := t.TempDir()
	testutil.WriteTree(t, root, map[string]string{
		"apps/mobile/package.json":                  `{"dependencies": {"expo": "~54.0.0"}}`,
		"apps/web/package.json":                     `{"dependencies": {"next": "15"}}`,
		"a/b/c/mobile-client/app.json":              `{"expo": {"name": "deep"}}`,
		"a/b/c/d/too-deep/app.json":                 `{"expo": {"name": "too deep"}}`,
		"packages/rn-lib/package.json":              `{"peerDependencies": {"react-native": "*"}}`,
		"packages/rn-lib/example/package.json":      `{"dependencies": {"react-native": "0.79.0"}}`,
		"packages/expo-mod/package.json":            `{"peerDependencies": {"expo": "*"}}`,
		"packages/expo-mod/expo-module.config.json": `{}`,
		"node_modules/x/package.json":               `{"dependencies": {"react-native": "0.79.0"}}`,
		"build/y/package.json":                      `{"dependencies": {"react-native": "0.79.0"}}`,
		".hidden/z/package.json":                    `{"dependencies": {"react-native": "0.79.0"}}`,
		"native/android/settings.gradle":            "include ':app'",
	})
	if err := os.Symlink(filepath.Join(root, "apps", "mobile"), filepath.Join(root, "linked")); err != nil {
		t.Fatal(err)
	}
	apps, libs, truncated := FindApps(root)
	want := []string{"a/b/c/mobile-client", "apps/mobile", "native", "packages/rn-lib/example"}
	if !reflect.DeepEqual(apps, want) || truncated {
		t.Errorf("apps = %q (truncated %v), want %q", apps, truncated, want)
	}
	var gotLibs []string
	for _, l := range libs {
		gotLibs = append(gotLibs, l.Dir+" "+string(l.Kind))
	}
	wantLibs := []string{"packages/expo-mod Expo module", "packages/rn-lib React Native library"}
	if !reflect.DeepEqual(gotLibs, wantLibs) {
		t.Errorf("libraries = %q, want %q", gotLibs, wantLibs)
	}
}

func TestPackageLibraryKind(t *testing.T) {
	tests := []struct{ pkg, want string }{
		{`{"capacitor": {"ios": {"src": "ios"}, "android": {"src": "android"}}}`, string(CapacitorPlugin)},
		{`{"peerDependencies": {"@capacitor/core": "^7"}}`, string(CapacitorPlugin)},
		{`{"dependencies": {"@capacitor/core": "^7"}, "peerDependencies": {"@capacitor/core": "^7"}}`, ""},
		{`{"peerDependencies": {"react-native": "*"}, "devDependencies": {"react-native": "0.79"}}`, string(ReactNativeLibrary)},
		{`{"dependencies": {"react-native": "0.79"}, "peerDependencies": {"react-native": "*"}}`, ""},
		{`{"dependencies": {"expo": "~54"}}`, ""},
		{`{"capacitor": "not an object"}`, ""},
	}
	for _, tt := range tests {
		n, err := jsobj.ParseValue([]byte(tt.pkg))
		if err != nil {
			t.Fatal(err)
		}
		if got := packageLibraryKind(t.TempDir(), n); string(got) != tt.want {
			t.Errorf("packageLibraryKind(%s) = %q, want %q", tt.pkg, got, tt.want)
		}
	}
}

func TestPubspecIsPlugin(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"name: p\nflutter:\n  plugin:\n    platforms:\n", true},
		{"name: p\nflutter:\n  plugin: # inline\n", true},
		{"name: a\nflutter:\n  uses-material-design: true\n", false},
		{"name: a\nplugin:\n  x: 1\n", false},
		{"name: a\ndependencies:\n  flutter:\n    sdk: flutter\n  plugin: 1\n", false},
	}
	for _, tt := range tests {
		if got := pubspecIsPlugin([]byte(tt.src)); got != tt.want {
			t.Errorf("pubspecIsPlugin(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

func TestExpoDefaultTargetSDK(t *testing.T) {
	tests := []struct {
		version string
		want    int
	}{
		{"~53.0.9", 35}, {"^54.0.0", 36}, {"52.0.1", 34}, {"~50.0.0", 34}, {"~49.0.0", 0}, {"", 0}, {"latest", 0},
	}
	for _, tt := range tests {
		d, ok := expoDefaultTargetSDK(tt.version)
		if got := d.TargetSDK; got != tt.want || ok != (tt.want > 0) {
			t.Errorf("expoDefaultTargetSDK(%q) = %d, %v; want %d", tt.version, got, ok, tt.want)
		}
		if ok && !strings.Contains(d.Source, "Expo SDK") {
			t.Errorf("source %q does not name the SDK", d.Source)
		}
	}
}

func TestGradleConventions(t *testing.T) {
	root := t.TempDir()
	testutil.WriteTree(t, root, map[string]string{
		"settings.gradle.kts":                                       "pluginManagement { includeBuild(\"build-logic\") }\ninclude(\":app\")\n",
		"gradle/libs.versions.toml":                                 "[versions]\ntarget-sdk = \"35\"\n[plugins]\nnia-android-application = { id = \"nia.android.application\" }\nnia_lib = \"nia.lib:1.0\"\n",
		"build-logic/convention/build.gradle.kts":                   "gradlePlugin { plugins {\n register(\"a\") {\n  id = libs.plugins.nia.android.application.asProvider().get().pluginId\n  implementationClass = \"AppPlugin\"\n }\n register(\"b\") {\n  id = \"nia.lib\"\n  implementationClass = \"x.y.LibPlugin\"\n }\n} }\n",
		"build-logic/convention/src/main/kotlin/AppPlugin.kt":       "apply(plugin = \"com.android.application\")\ndefaultConfig.targetSdk = 34\n",
		"build-logic/convention/src/main/kotlin/x/y/LibPlugin.kt":   "apply(plugin = \"com.android.library\")\n",
		"build-logic/convention/src/main/kotlin/nia.jvm.gradle.kts": "plugins { kotlin(\"jvm\") }\n",
	})
	b := loadGradleBuild(nil, root, ".")
	want := map[string]string{
		"nia.android.application": filepath.FromSlash("build-logic/convention/src/main/kotlin/AppPlugin.kt"),
		"nia.lib":                 filepath.FromSlash("build-logic/convention/src/main/kotlin/x/y/LibPlugin.kt"),
		"nia.jvm":                 filepath.FromSlash("build-logic/convention/src/main/kotlin/nia.jvm.gradle.kts"),
	}
	if !reflect.DeepEqual(b.conventions, want) {
		t.Errorf("conventions = %v, want %v", b.conventions, want)
	}
	if b.versions["target.sdk"] != "35" || b.plugins["nia.lib"] != "nia.lib" {
		t.Errorf("catalog: versions %v plugins %v", b.versions, b.plugins)
	}
	src := "plugins {\n alias(libs.plugins.nia.android.application)\n id(\"nia.lib\")\n}\n"
	if got := b.modulePlugins(src); !reflect.DeepEqual(got, []string{"nia.android.application", "nia.lib"}) {
		t.Errorf("modulePlugins = %q", got)
	}
	file, _ := b.conventionSource(src, appliesAppPlugin)
	if file != want["nia.android.application"] {
		t.Errorf("conventionSource = %q", file)
	}
}

// FuzzGradleConventions: module build files and registrations never make
// the convention reader panic.
func FuzzGradleConventions(f *testing.F) {
	f.Add("plugins { alias(libs.plugins.a.b) }", "register(\"x\") { id = \"a.b\"; implementationClass = \"P\" }")
	f.Add("apply plugin: 'com.android.application'", "id = libs.plugins.a.b.get().pluginId\nimplementationClass = \"\"")
	f.Add("id(", "implementationClass = \"a.\"")
	// One tree per fuzzing process; each input rewrites the registration.
	root := f.TempDir()
	testutil.WriteTree(f, root, map[string]string{
		"settings.gradle":                  "includeBuild('build-logic')",
		"gradle/libs.versions.toml":        "[plugins]\na-b = { id = \"a.b\" }\n",
		"build-logic/src/main/kotlin/P.kt": "apply(plugin = \"com.android.application\")\ntargetSdk = 34",
	})
	f.Fuzz(func(t *testing.T, module, registration string) {
		testutil.WriteTree(t, root, map[string]string{"build-logic/build.gradle.kts": registration})
		b := loadGradleBuild(nil, root, ".")
		src := stripGradleCode(module)
		b.modulePlugins(src)
		b.conventionSource(src, appliesAppPlugin)
	})
}

// FuzzXcconfig: any .xcconfig text reads into settings without a panic,
// and a file that #includes itself stops.
func FuzzXcconfig(f *testing.F) {
	f.Add("#include \"a.xcconfig\"\nINFOPLIST_FILE = $(SRCROOT)/App/Info.plist // c\nX[sdk=iphoneos*] = 1\nX = $(inherited) 2\n")
	f.Add("#include? \"\"\n=\n[=]\nA[=\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src string) {
		p := filepath.Join(dir, "a.xcconfig")
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		(*Cache)(nil).readXcconfig(p, m, 0)
		r := &settingResolver{levels: []map[string]any{m}, builtin: map[string]string{"SRCROOT": srcRootMark}}
		for k := range m {
			r.setting(k)
		}
	})
}

// BenchmarkFindApps looks for apps in a monorepo with a node_modules tree
// of 20,000 folders beside them: the time must not depend on it.
func BenchmarkFindApps(b *testing.B) {
	root := b.TempDir()
	testutil.WriteTree(b, root, map[string]string{
		"apps/mobile/package.json":         `{"dependencies": {"expo": "~54.0.0"}}`,
		"packages/ui/package.json":         `{"name": "ui"}`,
		"mobile-client/package.json":       `{"dependencies": {"react-native": "0.79.0"}}`,
		"mobile-client/ios/App/Info.plist": "<plist/>",
	})
	for i := 0; i < 20_000; i++ {
		if err := os.MkdirAll(filepath.Join(root, "node_modules", fmt.Sprintf("pkg-%03d", i/100), fmt.Sprintf("sub-%d", i)), 0o755); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if apps, _, _ := FindApps(root); len(apps) != 2 {
			b.Fatalf("apps = %q", apps)
		}
		if r, _, _ := FindAppRoot(filepath.Join(root, "mobile-client", "ios", "App")); r == "" {
			b.Fatal("no root")
		}
	}
}
