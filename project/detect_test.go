package project

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// describeProject renders what Detect found as stable text for comparison.
func describeProject(p *Project) string {
	var b strings.Builder
	fmt.Fprintf(&b, "frameworks: %s\n", strings.Join(p.Frameworks, ", "))
	var libs []string
	for _, l := range p.Libraries {
		libs = append(libs, fmt.Sprintf("%s %s (%s:%d)", l.Name, l.Version, filepath.ToSlash(l.File), l.Line))
	}
	sort.Strings(libs)
	for _, l := range libs {
		fmt.Fprintf(&b, "lib: %s\n", l)
	}
	field := func(name, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", name, filepath.ToSlash(v))
		}
	}
	field("expo config", p.ExpoConfig)
	field("expo json", p.ExpoJSON)
	if p.ExpoConfigIsCode {
		b.WriteString("expo config is code\n")
	}
	if p.ExpoNativeIOS || p.ExpoNativeAndroid {
		fmt.Fprintf(&b, "expo native: ios=%v android=%v\n", p.ExpoNativeIOS, p.ExpoNativeAndroid)
	}
	if p.IOSIgnored || p.AndroidIgnored {
		fmt.Fprintf(&b, "ignored: ios=%v android=%v\n", p.IOSIgnored, p.AndroidIgnored)
	}
	field("capacitor config", p.CapacitorConfig)
	field("info plist", p.InfoPlist)
	field("entitlements", p.Entitlements)
	for _, a := range p.AppDelegates {
		field("app delegate", a)
	}
	field("manifest", p.AndroidManifest)
	field("gradle", p.AndroidGradle)
	field("runner script", p.RunnerScript)
	if p.TargetSDK > 0 {
		fmt.Fprintf(&b, "target sdk: %d at-least=%v (%s:%d)\n", p.TargetSDK, p.TargetSDKAtLeast, filepath.ToSlash(p.TargetSDKFile), p.TargetSDKLine)
	}
	field("target sdk source", p.TargetSDKSource)
	for _, s := range p.Sources {
		field("source", s)
	}
	for _, n := range p.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	for _, pr := range p.Problems {
		fmt.Fprintf(&b, "problem: %s:%d:%d lenient=%v %s\n", filepath.ToSlash(pr.File), pr.Line, pr.Col, pr.Lenient, pr.Msg)
	}
	return b.String()
}

// TestDetect runs Detect on the projects of testdata/detect/*.txtar and
// compares what it found with the archive's "want" file.
func TestDetect(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "detect", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			root := t.TempDir()
			want, dir := "", ""
			for _, f := range a.Files {
				switch f.Name {
				case "want":
					want = string(f.Data)
					continue
				case "dir": // the app's folder inside the archive
					dir = strings.TrimSpace(string(f.Data))
					continue
				}
				p := filepath.Join(root, filepath.FromSlash(f.Name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			p, err := Detect(filepath.Join(root, filepath.FromSlash(dir)))
			if err != nil {
				t.Fatal(err)
			}
			if got := describeProject(p); got != want {
				t.Errorf("Detect found:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestDetectErrors(t *testing.T) {
	if _, err := Detect(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("no error for a missing folder")
	}
	f := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(f, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Detect(f); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("Detect(file) = %v", err)
	}
}

func TestReadPubspec(t *testing.T) {
	src := `name: app # the app
environment:
  sdk: ">=3.0.0 <4.0.0"
dependencies:
  flutter:
    sdk: flutter
  workmanager: ^0.9.0   # background
  "background_fetch": '1.3.7'
  my_fork:
    git:
      url: https://example.com/x.git
  hosted_one:
    hosted: https://pub.example.com
    version: ^2.0.0

dev_dependencies:
  flutter_test:
    sdk: flutter
flutter:
  uses-material-design: true
`
	libs, flutter := readPubspec([]byte(src))
	if !flutter {
		t.Error("not recognised as a Flutter app")
	}
	var got []string
	for _, l := range libs {
		got = append(got, fmt.Sprintf("%s=%s@%d", l.Name, l.Version, l.Line))
	}
	want := "flutter=sdk: flutter@5 workmanager=^0.9.0@7 background_fetch=1.3.7@8 my_fork=git@9 hosted_one=^2.0.0@12 flutter_test=sdk: flutter@17"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
}

func TestReadPodfileLock(t *testing.T) {
	src := "PODS:\n  - Firebase/Messaging (10.20.0):\n    - FirebaseMessaging (~> 10.20.0)\n  - TSBackgroundFetch (4.0.5)\n  - \"boost (1.84.0)\"\n\nDEPENDENCIES:\n  - TSBackgroundFetch (from `../node_modules/x`)\n"
	var got []string
	for _, l := range readPodfileLock([]byte(src)) {
		got = append(got, fmt.Sprintf("%s=%s@%d", l.Name, l.Version, l.Line))
	}
	if want := "Firebase/Messaging=10.20.0@2 TSBackgroundFetch=4.0.5@4 boost=1.84.0@5"; strings.Join(got, " ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, " "), want)
	}
}

func TestGradle(t *testing.T) {
	tests := []struct {
		name, src string
		deps      string
		target    string
		line      int
	}{
		{"groovy", "android {\n  defaultConfig {\n    targetSdkVersion 34 // comment\n  }\n}\ndependencies {\n    implementation \"androidx.work:work-runtime:2.9.0\"\n    // implementation 'com.example:commented:1.0'\n}\n", "androidx.work:work-runtime=2.9.0@7", "34", 3},
		{"kotlin", "android {\n    defaultConfig {\n        targetSdk = 35\n    }\n}\ndependencies {\n    implementation(\"androidx.work:work-runtime-ktx:2.10.0\")\n    implementation(platform(\"com.google.firebase:firebase-bom:33.0.0\"))\n}\n", "androidx.work:work-runtime-ktx=2.10.0@7 com.google.firebase:firebase-bom=33.0.0@8", "35", 3},
		{"root ext", "    targetSdkVersion rootProject.ext.targetSdkVersion\n", "", "rootProject.ext.targetSdkVersion", 1},
		{"flutter", "    targetSdk = flutter.targetSdkVersion\n", "", "flutter.targetSdkVersion", 1},
		{"block comment", "/* targetSdk = 20 */\ntargetSdkVersion(33)\n", "", "33", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var deps []string
			for _, l := range readGradleDeps([]byte(tt.src)) {
				deps = append(deps, fmt.Sprintf("%s=%s@%d", l.Name, l.Version, l.Line))
			}
			if strings.Join(deps, " ") != tt.deps {
				t.Errorf("deps = %q, want %q", strings.Join(deps, " "), tt.deps)
			}
			v, line := gradleTargetSDK([]byte(tt.src))
			if v != tt.target || line != tt.line {
				t.Errorf("targetSdk = %q@%d, want %q@%d", v, line, tt.target, tt.line)
			}
		})
	}
	if n, l := gradleExtInt([]byte("ext {\n    minSdkVersion = 24\n    targetSdkVersion = Integer.parseInt(findProperty('android.targetSdkVersion') ?: '35')\n}\n"), "targetSdkVersion"); n != 35 || l != 3 {
		t.Errorf("ext targetSdkVersion = %d@%d, want 35@3", n, l)
	}
	if n, l := gradlePropertyInt([]byte("# x\nandroid.targetSdkVersion=34\n"), "android.targetSdkVersion"); n != 34 || l != 2 {
		t.Errorf("property = %d@%d", n, l)
	}
}

func TestReadVersionCatalog(t *testing.T) {
	src := "[versions]\nwork = \"2.10.0\"\n\n[libraries]\nwork-runtime = { module = \"androidx.work:work-runtime-ktx\", version.ref = \"work\" }\ncore = { group = \"androidx.core\", name = \"core-ktx\", version = \"1.15.0\" }\nold = \"com.example:old:1.0\"\n"
	var got []string
	for _, l := range readVersionCatalog([]byte(src)) {
		got = append(got, fmt.Sprintf("%s=%s@%d", l.Name, l.Version, l.Line))
	}
	if want := "androidx.work:work-runtime-ktx=2.10.0@5 androidx.core:core-ktx=1.15.0@6 com.example:old=1.0@7"; strings.Join(got, " ") != want {
		t.Errorf("got %s\nwant %s", strings.Join(got, " "), want)
	}
}

// The readers face whatever is in a repository: they must never panic.
func FuzzReaders(f *testing.F) {
	for _, s := range []string{
		"dependencies:\n  workmanager: ^0.9.0\n  x:\n    sdk: flutter\n",
		"PODS:\n  - A (1.0):\n    - B\n",
		"dependencies { implementation \"a:b:1\" }\ntargetSdk = 34\n",
		"[versions]\na = \"1\"\n[libraries]\nb = { module = \"g:a\", version.ref = \"a\" }\n",
		"/* unterminated", "'unterminated", "\"a\\",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		readPubspec(data)
		readPodfileLock(data)
		readGradleDeps(data)
		gradleTargetSDK(data)
		gradleExtInt(data, "targetSdkVersion")
		gradlePropertyInt(data, "android.targetSdkVersion")
		readVersionCatalog(data)
		if got := BlankComments(string(data)); len(got) != len(data) {
			t.Fatalf("blanking comments changed the length: %d -> %d", len(data), len(got))
		}
	})
}
