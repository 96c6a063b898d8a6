package doctor

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/testutil"
)

// readOnceApp is a React Native app with two iOS app targets whose build
// settings come from .xcconfig files, and two Android application modules
// of a Gradle build whose targetSdk comes from a convention plugin (phone)
// and from the version catalog (wear).
var readOnceApp = map[string]string{
	"package.json": `{"dependencies": {"react-native": "0.76.0", "react-native-background-fetch": "^4.2.5"}}`,
	"ios/Weather.xcodeproj/project.pbxproj": `// !$*UTF8*$!
{
	archiveVersion = 1;
	objectVersion = 77;
	objects = {
		P1 = {isa = PBXProject; buildConfigurationList = PL; mainGroup = G0; targets = (T1, T2, ); };
		G0 = {isa = PBXGroup; children = (G1, ); sourceTree = "<group>"; };
		G1 = {isa = PBXGroup; children = (F1, F2, ); path = Config; sourceTree = "<group>"; };
		F1 = {isa = PBXFileReference; path = App.xcconfig; sourceTree = "<group>"; };
		F2 = {isa = PBXFileReference; path = Dev.xcconfig; sourceTree = "<group>"; };
		PL = {isa = XCConfigurationList; buildConfigurations = (PR, PD, ); };
		PR = {isa = XCBuildConfiguration; buildSettings = {SDKROOT = iphoneos; }; name = Release; };
		PD = {isa = XCBuildConfiguration; buildSettings = {SDKROOT = iphoneos; }; name = Debug; };
		T1 = {isa = PBXNativeTarget; buildConfigurationList = L1; name = Weather; productType = "com.apple.product-type.application"; };
		L1 = {isa = XCConfigurationList; buildConfigurations = (C1R, C1D, ); };
		C1R = {isa = XCBuildConfiguration; baseConfigurationReference = F1; buildSettings = {}; name = Release; };
		C1D = {isa = XCBuildConfiguration; baseConfigurationReference = F1; buildSettings = {}; name = Debug; };
		T2 = {isa = PBXNativeTarget; buildConfigurationList = L2; name = WeatherDev; productType = "com.apple.product-type.application"; };
		L2 = {isa = XCConfigurationList; buildConfigurations = (C2R, C2D, ); };
		C2R = {isa = XCBuildConfiguration; baseConfigurationReference = F2; buildSettings = {}; name = Release; };
		C2D = {isa = XCBuildConfiguration; baseConfigurationReference = F2; buildSettings = {}; name = Debug; };
	};
	rootObject = P1;
}
`,
	"ios/Config/Shared.xcconfig": "PRODUCT_BUNDLE_IDENTIFIER = com.example.weather\n",
	"ios/Config/App.xcconfig":    "#include \"Shared.xcconfig\"\nINFOPLIST_FILE = $(SRCROOT)/Weather/Info.plist\n",
	"ios/Config/Dev.xcconfig":    "#include \"Shared.xcconfig\"\nINFOPLIST_FILE = $(SRCROOT)/Weather/Info-Dev.plist\n",
	"ios/Weather/Info.plist":     "<plist version=\"1.0\"><dict><key>UIBackgroundModes</key><array><string>fetch</string></array></dict></plist>\n",
	"ios/Weather/Info-Dev.plist": "<plist version=\"1.0\"><dict><key>UIBackgroundModes</key><array><string>fetch</string></array></dict></plist>\n",

	"android/settings.gradle.kts":                                 "pluginManagement { includeBuild(\"build-logic\") }\ninclude(\":phone\", \":wear\")\n",
	"android/gradle/libs.versions.toml":                           "[versions]\ntarget-sdk = \"35\"\n[plugins]\nweather-android-application = { id = \"weather.android.application\" }\n",
	"android/build-logic/convention/build.gradle.kts":             "gradlePlugin { plugins {\n register(\"app\") {\n  id = libs.plugins.weather.android.application.get().pluginId\n  implementationClass = \"AppPlugin\"\n }\n} }\n",
	"android/build-logic/convention/src/main/kotlin/AppPlugin.kt": "apply(plugin = \"com.android.application\")\ndefaultConfig.targetSdk = 34\n",
	"android/phone/build.gradle.kts":                              "plugins { alias(libs.plugins.weather.android.application) }\n",
	"android/phone/src/main/AndroidManifest.xml":                  "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\"/>\n",
	"android/wear/build.gradle.kts":                               "plugins { id(\"com.android.application\") }\nandroid { defaultConfig { targetSdk = libs.versions.target.sdk.get() } }\n",
	"android/wear/src/main/AndroidManifest.xml":                   "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\"/>\n",
}

// countReads returns a file reader that counts the reads of each file
// (relative to root, slash-separated), and the counts.
func countReads(root string) (func(string, int64) ([]byte, error), func() map[string]int) {
	var mu sync.Mutex
	counts := map[string]int{}
	read := func(path string, max int64) ([]byte, error) {
		rel, err := filepath.Rel(root, path)
		if err != nil {
			rel = path
		}
		mu.Lock()
		counts[filepath.ToSlash(rel)]++
		mu.Unlock()
		return fsutil.ReadFile(path, max)
	}
	return read, func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		return maps.Clone(counts)
	}
}

// TestSessionReadsEachFileOnce: planning the runs over every target and
// module (and, with --target and --module, choosing the apps that have
// them, or planning the fixes of a dry run) and detecting each of them
// read project.pbxproj, the .xcconfig files and the Gradle build once for
// the whole doctor run.
func TestSessionReadsEachFileOnce(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	testutil.WriteTree(t, root, readOnceApp)
	mustRead := []string{
		"ios/Weather.xcodeproj/project.pbxproj", "ios/Config/App.xcconfig", "ios/Config/Dev.xcconfig", "ios/Config/Shared.xcconfig",
		"android/settings.gradle.kts", "android/gradle/libs.versions.toml", "android/phone/build.gradle.kts", "android/wear/build.gradle.kts",
		"android/build-logic/convention/build.gradle.kts", "android/build-logic/convention/src/main/kotlin/AppPlugin.kt",
		"package.json",
	}
	for _, tc := range []struct {
		name           string
		target, module string
		dryRun         bool // doctor --fix --dry-run first
		runs           []string
	}{
		{"every target and module", "", "", false, []string{"target Weather", "target WeatherDev", "module phone", "module wear"}},
		{"one target and module", "WeatherDev", "wear", false, []string{""}},
		{"--fix --dry-run", "", "", true, []string{"target Weather", "target WeatherDev", "module phone", "module wear"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			read, counts := countReads(root)
			s := &Session{Dir: fsutil.Dir(filepath.Dir(root)), Root: filepath.Base(root), Apps: []string{"."}, Target: tc.target, Module: tc.module, ReadFile: read}
			if tc.target != "" {
				if names, ok := s.KeepAppsWith(); !ok {
					t.Fatalf("KeepAppsWith: no app; names %q", names)
				}
			}
			if tc.dryRun {
				if _, err := s.Fix(true, unifiedDiff); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := s.Check()
			if err != nil {
				t.Fatal(err)
			}
			got := counts()
			for _, f := range mustRead {
				if got[f] == 0 {
					t.Errorf("%s was not read (reads: %v)", f, got)
				}
			}
			for f, n := range got {
				if n > 1 {
					t.Errorf("%s was read %d times", f, n)
				}
			}
			if len(rep.Rules) == 0 {
				t.Fatal("no rules ran")
			}
			note := strings.Join(tc.runs, ", ")
			if tc.target == "" && !slices.ContainsFunc(rep.Notes, func(n Note) bool { return strings.Contains(n.Message, note) }) {
				t.Errorf("the report does not say it checked %s apart: %+v", note, rep.Notes)
			}
		})
	}
}
