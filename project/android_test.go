package project

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/testutil"
)

const (
	testManifest   = "<manifest/>\n"
	groovyApp      = "apply plugin: \"com.android.application\"\nandroid { namespace 'com.example' }\n"
	groovyLib      = "apply plugin: 'com.android.library'\n"
	ktsApp         = "plugins {\n    id(\"com.android.application\")\n    id(\"kotlin-android\")\n}\n"
	catalogApp     = "plugins {\n    alias(libs.plugins.android.application)\n}\n"
	catalogLib     = "plugins {\n    alias(libs.plugins.android.library)\n}\n"
	commentedApp   = "// apply plugin: 'com.android.application'\napply plugin: 'com.android.library'\n"
	flutterSetting = "pluginManagement { }\nplugins {\n    id \"dev.flutter.flutter-plugin-loader\" version \"1.0.0\"\n}\ninclude \":app\"\n"
)

func TestFindAndroidManifest(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		manifest string
		gradle   string
	}{
		{"react native", map[string]string{
			"package.json":                             "{}",
			"android/settings.gradle":                  "rootProject.name = 'App'\napply from: file(\"../node_modules/@react-native-community/cli-platform-android/native_modules.gradle\")\ninclude ':app'\nincludeBuild('../node_modules/@react-native/gradle-plugin')\n",
			"android/app/build.gradle":                 groovyApp,
			"android/app/src/main/AndroidManifest.xml": testManifest,
		}, "android/app/src/main/AndroidManifest.xml", "android/app/build.gradle"},
		{"expo after prebuild", map[string]string{
			"app.json":     `{"expo":{"name":"x"}}`,
			"package.json": "{}",
			"android/settings.gradle": "pluginManagement {\n  def reactNativeGradlePlugin = new File(\n    providers.exec {\n      workingDir(rootDir)\n" +
				"      commandLine(\"node\", \"--print\", \"require.resolve('@react-native/gradle-plugin/package.json', { paths: [require.resolve('react-native/package.json')] })\")\n" +
				"    }.standardOutput.asText.get().trim()\n  ).getParentFile().absolutePath\n  includeBuild(reactNativeGradlePlugin)\n}\n" +
				"plugins {\n  id(\"com.facebook.react.settings\")\n  id(\"expo-autolinking-settings\")\n}\n" +
				"expoAutolinking.useExpoModules()\nrootProject.name = 'myapp'\nexpoAutolinking.useExpoVersionCatalog()\n" +
				"include ':app'\nincludeBuild(expoAutolinking.reactNativeGradlePlugin)\n",
			"android/app/build.gradle":                  "apply plugin: \"com.android.application\"\napply plugin: \"com.facebook.react\"\n",
			"android/app/src/main/AndroidManifest.xml":  testManifest,
			"android/app/src/debug/AndroidManifest.xml": testManifest,
		}, "android/app/src/main/AndroidManifest.xml", "android/app/build.gradle"},
		{"flutter kts", map[string]string{
			"pubspec.yaml":                              "name: x",
			"android/settings.gradle.kts":               "include(\":app\")\n",
			"android/app/build.gradle.kts":              ktsApp,
			"android/app/src/main/AndroidManifest.xml":  testManifest,
			"android/app/src/debug/AndroidManifest.xml": testManifest,
		}, "android/app/src/main/AndroidManifest.xml", "android/app/build.gradle.kts"},
		{"flutter groovy", map[string]string{
			"android/settings.gradle":                  flutterSetting,
			"android/app/build.gradle":                 "plugins {\n    id \"com.android.application\"\n}\n",
			"android/app/src/main/AndroidManifest.xml": testManifest,
		}, "android/app/src/main/AndroidManifest.xml", "android/app/build.gradle"},
		{"capacitor", map[string]string{
			"capacitor.config.json":                                                  "{}",
			"android/settings.gradle":                                                "include ':app'\ninclude ':capacitor-cordova-android-plugins'\nproject(':capacitor-cordova-android-plugins').projectDir = new File('./capacitor-cordova-android-plugins/')\napply from: 'capacitor.settings.gradle'\n",
			"android/capacitor.settings.gradle":                                      "include ':capacitor-android'\nproject(':capacitor-android').projectDir = new File('../node_modules/@capacitor/android/capacitor')\n",
			"android/app/build.gradle":                                               "apply plugin: 'com.android.application'\n",
			"android/capacitor-cordova-android-plugins/build.gradle":                 groovyLib,
			"android/capacitor-cordova-android-plugins/src/main/AndroidManifest.xml": testManifest,
			"android/app/src/main/AndroidManifest.xml":                               testManifest,
		}, "android/app/src/main/AndroidManifest.xml", "android/app/build.gradle"},
		{"native root with catalog and a library", map[string]string{
			"settings.gradle.kts":                 "rootProject.name = \"x\"\ninclude(\n    \":core\",\n    \":mobile\",\n)\n",
			"core/build.gradle.kts":               catalogLib,
			"core/src/main/AndroidManifest.xml":   testManifest,
			"mobile/build.gradle.kts":             catalogApp,
			"mobile/src/main/AndroidManifest.xml": testManifest,
		}, "mobile/src/main/AndroidManifest.xml", "mobile/build.gradle.kts"},
		{"nested module path and projectDir", map[string]string{
			"settings.gradle":                        "include ':apps:phone'\nproject(':apps:phone').projectDir = file('phone-app')\n",
			"phone-app/build.gradle":                 groovyApp,
			"phone-app/src/main/AndroidManifest.xml": testManifest,
		}, "phone-app/src/main/AndroidManifest.xml", "phone-app/build.gradle"},
		{"commented plugin is not an app", map[string]string{
			"settings.gradle":                  "include ':lib'\n// include ':old'\ninclude ':app'\n",
			"lib/build.gradle":                 commentedApp,
			"lib/src/main/AndroidManifest.xml": testManifest,
			"old/build.gradle":                 groovyApp,
			"old/src/main/AndroidManifest.xml": testManifest,
			"app/build.gradle":                 groovyApp,
			"app/src/main/AndroidManifest.xml": testManifest,
		}, "app/src/main/AndroidManifest.xml", "app/build.gradle"},
		{"no settings file", map[string]string{
			"android/app/src/main/AndroidManifest.xml": testManifest,
		}, "android/app/src/main/AndroidManifest.xml", ""},
		{"native app without settings", map[string]string{
			"app/build.gradle":                 groovyApp,
			"app/src/main/AndroidManifest.xml": testManifest,
		}, "app/src/main/AndroidManifest.xml", "app/build.gradle"},
		{"settings without application plugin falls back to app", map[string]string{
			"android/settings.gradle":                  "include ':app'\n",
			"android/app/build.gradle":                 "apply from: 'shared.gradle'\n",
			"android/app/src/main/AndroidManifest.xml": testManifest,
		}, "android/app/src/main/AndroidManifest.xml", "android/app/build.gradle"},
		{"dotnet maui", map[string]string{
			"App.csproj":                            "<Project/>",
			"Platforms/Android/AndroidManifest.xml": testManifest,
		}, "Platforms/Android/AndroidManifest.xml", ""},
		{"eclipse", map[string]string{
			"AndroidManifest.xml": testManifest,
			"project.properties":  "target=android-19",
		}, "AndroidManifest.xml", ""},
		{"cordova", map[string]string{
			"config.xml":                                         "<widget/>",
			"platforms/android/settings.gradle":                  "include \":app\"\ninclude \":CordovaLib\"\n",
			"platforms/android/app/build.gradle":                 groovyApp,
			"platforms/android/app/src/main/AndroidManifest.xml": testManifest,
			"platforms/android/CordovaLib/build.gradle":          groovyLib,
			"platforms/android/CordovaLib/AndroidManifest.xml":   testManifest,
		}, "platforms/android/app/src/main/AndroidManifest.xml", "platforms/android/app/build.gradle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := testutil.TempTree(t, tt.files)
			got, err := FindAndroidManifest(root)
			if err != nil {
				t.Fatal(err)
			}
			if got != filepath.FromSlash(tt.manifest) {
				t.Errorf("FindAndroidManifest = %q, want %q", got, tt.manifest)
			}
			gradle, err := AndroidAppGradle(root)
			if tt.gradle == "" {
				var nf *NotFoundError
				if !errors.As(err, &nf) {
					t.Errorf("AndroidAppGradle = %q, %v; want a *NotFoundError", gradle, err)
				}
				return
			}
			if err != nil || gradle != filepath.FromSlash(tt.gradle) {
				t.Errorf("AndroidAppGradle = %q, %v; want %q", gradle, err, tt.gradle)
			}
		})
	}
}

func TestFindAndroidManifestAmbiguous(t *testing.T) {
	root := testutil.TempTree(t, map[string]string{
		"settings.gradle.kts":                 "include(\":app\", \":wear\", \":common\")\n",
		"app/build.gradle.kts":                catalogApp,
		"app/src/main/AndroidManifest.xml":    testManifest,
		"wear/build.gradle.kts":               ktsApp,
		"wear/src/main/AndroidManifest.xml":   testManifest,
		"common/build.gradle.kts":             catalogLib,
		"common/src/main/AndroidManifest.xml": testManifest,
	})
	_, err := FindAndroidManifest(root)
	var ae *AmbiguousError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want *AmbiguousError", err)
	}
	want := []string{filepath.FromSlash("app/src/main/AndroidManifest.xml"), filepath.FromSlash("wear/src/main/AndroidManifest.xml")}
	if strings.Join(ae.Candidates, ",") != strings.Join(want, ",") {
		t.Errorf("candidates = %v, want %v", ae.Candidates, want)
	}
	if !strings.Contains(err.Error(), "--file") {
		t.Errorf("error %q does not say how to choose", err)
	}
	if _, err := AndroidAppGradle(root); !errors.As(err, &ae) {
		t.Errorf("AndroidAppGradle err = %v, want *AmbiguousError", err)
	}
}

func TestFindAndroidManifestNotFound(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		root := testutil.TempTree(t, map[string]string{"README.md": "x"})
		_, err := FindAndroidManifest(root)
		var nf *NotFoundError
		if !errors.As(err, &nf) {
			t.Fatalf("err = %v, want *NotFoundError", err)
		}
		msg := err.Error()
		for _, want := range []string{filepath.FromSlash("android/app/src/main/AndroidManifest.xml"), filepath.FromSlash("app/src/main/AndroidManifest.xml"), "--file"} {
			if !strings.Contains(msg, want) {
				t.Errorf("error %q does not mention %q", msg, want)
			}
		}
	})
	t.Run("expo managed", func(t *testing.T) {
		root := testutil.TempTree(t, map[string]string{"app.json": `{"expo":{}}`, "package.json": "{}"})
		_, err := FindAndroidManifest(root)
		if err == nil || !strings.Contains(err.Error(), "expo prebuild") {
			t.Errorf("err = %v, want the Expo hint", err)
		}
	})
	t.Run("app module without manifest", func(t *testing.T) {
		root := testutil.TempTree(t, map[string]string{
			"android/settings.gradle":  "include ':app'\n",
			"android/app/build.gradle": groovyApp,
		})
		_, err := FindAndroidManifest(root)
		if err == nil || !strings.Contains(err.Error(), filepath.FromSlash("android/app/src/main/AndroidManifest.xml")) {
			t.Errorf("err = %v, want it to name the missing manifest", err)
		}
	})
}

func TestStripGradleCode(t *testing.T) {
	in := "include ':a' // include ':b'\n/* include ':c'\n*/ url 'https://x//y' /*x*/include \":d\""
	got := stripGradleCode(in)
	for _, gone := range []string{":b", ":c"} {
		if strings.Contains(got, gone) {
			t.Errorf("stripGradleCode kept %q: %q", gone, got)
		}
	}
	for _, kept := range []string{":a", "https://x//y", ":d"} {
		if !strings.Contains(got, kept) {
			t.Errorf("stripGradleCode dropped %q: %q", kept, got)
		}
	}
}

func FuzzReadGradleSettings(f *testing.F) {
	f.Add("include ':app'\n")
	f.Add("include(\":a\", \":b:c\")\nproject(':a').projectDir = file('x')\n")
	f.Add("/* unterminated")
	f.Add("include '../../etc'\n")
	f.Fuzz(func(t *testing.T, settings string) {
		root := t.TempDir()
		if err := os.WriteFile(filepath.Join(root, "settings.gradle"), []byte(settings), 0o644); err != nil {
			t.Fatal(err)
		}
		_, modules, _ := readGradleSettings(nil, root, ".")
		for _, m := range modules {
			if filepath.IsAbs(m) || strings.HasPrefix(m, "..") {
				t.Errorf("module %q escapes the project", m)
			}
		}
	})
}
