package fixplan

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/testutil"
	"github.com/bgkit/bgkit/internal/textdiff"
	"github.com/bgkit/bgkit/project"
)

// planFixes plans fixes over a project whose reader found the problems
// it holds.
func planFixes(p *project.Project, fixes []Fix) (*FixPlan, error) {
	return Plan(Run{Project: p, Fixes: fixes})
}

func init() {
	// The golden files of this package are refreshed with -update; another
	// test file may declare the flag first.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files in testdata")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func fixFor(rule string, a Action) Fix {
	return Fix{Rule: rule, Action: a}
}

// expoBackgroundTask is what a project using expo-background-task needs.
func expoBackgroundTask() []Fix {
	return []Fix{
		fixFor("bgtask-mode", Action{Kind: AddBackgroundModes, Values: []string{"processing"}}),
		fixFor("bgtask-identifier", Action{Kind: AddTaskIdentifiers, Values: []string{"com.expo.modules.backgroundtask.processing"}}),
		fixFor("bgtask-plugin", Action{Kind: AddExpoPlugins, Values: []string{"expo-background-task"}}),
	}
}

// diffPlan renders a plan's changes as one diff, as --dry-run prints it.
func diffPlan(plan *FixPlan) string {
	var b strings.Builder
	for _, c := range plan.Changes {
		b.WriteString(textdiff.Unified(c.File.Path, c.File.Data, c.New))
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "fix", name)
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test -update to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// commitAndReplan writes a plan, plans again with the same findings and
// checks that nothing is left to change.
func commitAndReplan(t *testing.T, p *project.Project, findings []Fix, plan *FixPlan) {
	t.Helper()
	if err := fsutil.Commit(plan.Changes); err != nil {
		t.Fatal(err)
	}
	again, err := planFixes(p, findings)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Changes) != 0 {
		t.Errorf("a second run changes files again:\n%s", diffPlan(again))
	}
}

const expoApp = `{
  "expo": {
    "name": "Pocket Ledger",
    "ios": {
      "bundleIdentifier": "com.example.pocketledger",
      "infoPlist": {
        "UIBackgroundModes": [
          "fetch"
        ]
      }
    },
    "android": {
      "package": "com.example.pocketledger",
      "blockedPermissions": [
        "android.permission.RECORD_AUDIO",
        "RECEIVE_BOOT_COMPLETED"
      ]
    },
    "plugins": [
      "expo-task-manager"
    ]
  }
}
`

func TestPlanExpoWithoutNativeFolders(t *testing.T) {
	root := testutil.TempTree(t, map[string]string{
		"app.json": expoApp,
		// A generated Info.plist (ios/ is ignored by git): never the target.
		"ios/App/Info.plist": "not even a plist",
	})
	p := &project.Project{Root: root, Frameworks: []string{project.Expo}, ExpoConfig: "app.json", InfoPlist: "ios/App/Info.plist", IOSIgnored: true}
	findings := append(expoBackgroundTask(),
		fixFor("push-entitlement", Action{Kind: SetEntitlement, Key: "aps-environment", Value: "development"}),
		fixFor("boot-permission", Action{Kind: AddPermissions, Values: []string{"android.permission.RECEIVE_BOOT_COMPLETED", "android.permission.WAKE_LOCK"}}),
		fixFor("blocked-permission", Action{Kind: UnblockPermissions, Values: []string{"android.permission.RECEIVE_BOOT_COMPLETED"}}),
		fixFor("stray-mode", Action{Kind: RemoveBackgroundModes, Values: []string{"fetch"}}),
		fixFor("push-mode", Action{Kind: AddBackgroundModes, Values: []string{"remote-notification"}}),
	)
	plan, err := planFixes(p, findings)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 1 || plan.Changes[0].File.Path != "app.json" {
		t.Fatalf("changes = %v, want app.json only", plan.Changes)
	}
	if len(plan.Manual) != 0 || len(plan.Skipped) != 0 {
		t.Errorf("manual = %v, skipped = %v; want none", plan.Manual, plan.Skipped)
	}
	if len(plan.Fixed) != 8 {
		t.Errorf("fixed = %d fixes, want 8: %v", len(plan.Fixed), plan.Fixed)
	}
	// The plugin added in this run writes processing and its identifier
	// at prebuild: they are not written by hand as well.
	for _, fx := range plan.Fixed {
		if fx.Rule == "bgtask-mode" && fx.What != `the expo-background-task plugin adds "processing" to UIBackgroundModes at prebuild` {
			t.Errorf("bgtask-mode fixed as %q", fx.What)
		}
	}
	golden(t, "expo.diff", diffPlan(plan))
	commitAndReplan(t, p, findings, plan)
	if b, _ := os.ReadFile(filepath.Join(root, "ios/App/Info.plist")); string(b) != "not even a plist" {
		t.Error("the generated Info.plist was touched")
	}
}

const infoPlist = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>
	<key>UIBackgroundModes</key>
	<array>
		<string>fetch</string>
		<string>location</string>
	</array>
</dict>
</plist>
`

const entitlements = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>com.apple.developer.associated-domains</key>
	<array>
		<string>applinks:example.com</string>
	</array>
</dict>
</plist>
`

const androidManifest = `<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android"
    xmlns:tools="http://schemas.android.com/tools">

    <uses-permission android:name="android.permission.INTERNET" />
    <uses-permission android:name="android.permission.WAKE_LOCK" tools:node="remove" />

    <application android:label="Example">
    </application>
</manifest>
`

func nativeProject(t *testing.T, frameworks ...string) *project.Project {
	root := testutil.TempTree(t, map[string]string{
		"app.json":                                 expoApp,
		"ios/App/Info.plist":                       infoPlist,
		"ios/App/App.entitlements":                 entitlements,
		"android/app/src/main/AndroidManifest.xml": androidManifest,
	})
	return &project.Project{
		Root: root, Frameworks: frameworks, ExpoConfig: "app.json",
		ExpoNativeIOS: true, ExpoNativeAndroid: true,
		InfoPlist: "ios/App/Info.plist", Entitlements: "ios/App/App.entitlements", EntitlementsSet: "ios/App/App.entitlements",
		AndroidManifest: "android/app/src/main/AndroidManifest.xml",
	}
}

func nativeFindings() []Fix {
	return []Fix{
		fixFor("bgtask-mode", Action{Kind: AddBackgroundModes, Values: []string{"processing"}}),
		fixFor("bgtask-identifier", Action{Kind: AddTaskIdentifiers, Values: []string{"com.example.refresh"}}),
		fixFor("stray-mode", Action{Kind: RemoveBackgroundModes, Values: []string{"location"}}),
		fixFor("push-entitlement", Action{Kind: SetEntitlement, Key: "aps-environment", Value: "development"}),
		fixFor("boot-permission", Action{Kind: AddPermissions, Values: []string{"android.permission.RECEIVE_BOOT_COMPLETED"}}),
		fixFor("blocked-permission", Action{Kind: UnblockPermissions, Values: []string{"android.permission.WAKE_LOCK"}}),
	}
}

func TestPlanCommittedNative(t *testing.T) {
	for _, fw := range []string{project.NativeIOS, project.Expo, project.ReactNative} {
		t.Run(fw, func(t *testing.T) {
			p := nativeProject(t, fw)
			findings := nativeFindings()
			plan, err := planFixes(p, findings)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range plan.Skipped {
				t.Errorf("skipped %s: %v", s.File, s.Err)
			}
			var files []string
			for _, c := range plan.Changes {
				files = append(files, c.File.Path)
			}
			want := []string{"ios/App/Info.plist", "ios/App/App.entitlements", "android/app/src/main/AndroidManifest.xml"}
			if !reflect.DeepEqual(files, want) {
				t.Fatalf("changed files = %v, want %v", files, want)
			}
			golden(t, "native.diff", diffPlan(plan))
			commitAndReplan(t, p, findings, plan)
			if b, _ := os.ReadFile(filepath.Join(p.Root, "app.json")); string(b) != expoApp {
				t.Error("app.json was edited in a project whose native folders are committed")
			}
		})
	}
}

func TestPlanMixedExpo(t *testing.T) {
	// ios/ committed, android/ generated: iOS fixes go to Info.plist,
	// Android fixes and plugins to app.json.
	p := nativeProject(t, project.Expo)
	p.ExpoNativeAndroid = false
	findings := append(nativeFindings(), fixFor("bgtask-plugin", Action{Kind: AddExpoPlugins, Values: []string{"expo-background-task"}}))
	plan, err := planFixes(p, findings)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, f := range plan.Fixed {
		got[f.File] = append(got[f.File], f.Rule)
	}
	want := map[string][]string{
		"ios/App/Info.plist":       {"bgtask-mode", "stray-mode", "bgtask-identifier"},
		"ios/App/App.entitlements": {"push-entitlement"},
		"app.json":                 {"bgtask-plugin", "boot-permission"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fixes per file = %v, want %v", got, want)
	}
	// WAKE_LOCK is not in blockedPermissions: bgkit says so instead.
	if len(plan.Manual) != 1 || !strings.Contains(plan.Manual[0].Text, `"android.permission.WAKE_LOCK" is not in expo.android.blockedPermissions`) {
		t.Errorf("manual = %v", plan.Manual)
	}
}

func TestPlanEntitlementsMissing(t *testing.T) {
	aps := []Fix{fixFor("push-entitlement", Action{Kind: SetEntitlement, Key: "aps-environment", Value: "development"})}
	t.Run("none configured", func(t *testing.T) {
		p := nativeProject(t, project.NativeIOS)
		p.Entitlements, p.EntitlementsSet = "", ""
		plan, err := planFixes(p, aps)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Changes) != 0 || len(plan.Manual) != 1 || !strings.Contains(plan.Manual[0].Text, "add the Push Notifications capability") {
			t.Fatalf("plan = %+v", plan)
		}
	})
	t.Run("configured but missing", func(t *testing.T) {
		p := nativeProject(t, project.NativeIOS)
		p.Entitlements, p.EntitlementsSet = "", "ios/App/Missing.entitlements"
		plan, err := planFixes(p, aps)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Changes) != 0 || len(plan.Manual) != 1 || !strings.Contains(plan.Manual[0].Text, "CODE_SIGN_ENTITLEMENTS points at ios/App/Missing.entitlements, which does not exist") {
			t.Fatalf("plan = %+v", plan)
		}
		if _, err := os.Stat(filepath.Join(p.Root, "ios/App/Missing.entitlements")); !errors.Is(err, os.ErrNotExist) {
			t.Error("the entitlements file was created")
		}
	})
}

func TestPlanCodeConfig(t *testing.T) {
	root := testutil.TempTree(t, map[string]string{"app.config.ts": "export default { name: 'x' };\n"})
	p := &project.Project{Root: root, Frameworks: []string{project.Expo}, ExpoConfig: "app.config.ts", ExpoConfigIsCode: true}
	findings := append(expoBackgroundTask(),
		fixFor("push-entitlement", Action{Kind: SetEntitlement, Key: "aps-environment", Value: "development"}),
		fixFor("blocked-permission", Action{Kind: UnblockPermissions, Values: []string{"android.permission.WAKE_LOCK"}}),
	)
	plan, err := planFixes(p, findings)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 0 || len(plan.Manual) != 1 {
		t.Fatalf("plan = %+v, want one manual step and no change", plan)
	}
	m := plan.Manual[0]
	if m.File != "app.config.ts" || len(m.Rules) != 5 {
		t.Errorf("manual step for %s, rules %v", m.File, m.Rules)
	}
	golden(t, "code-config.txt", m.Text)
}

func TestPlanPluginsAndPermissionStyles(t *testing.T) {
	tests := []struct {
		name string
		in   string
		fix  Fix
		want string // the expected file; "" for unchanged
	}{
		{
			name: "plugin present with options",
			in:   "{\"expo\": {\"plugins\": [[\"expo-background-task\", {}]]}}\n",
			fix:  fixFor("p", Action{Kind: AddExpoPlugins, Values: []string{"expo-background-task"}}),
		},
		{
			name: "no expo wrapper",
			in:   "{\n  \"name\": \"x\",\n  \"plugins\": [\"expo-font\"]\n}\n",
			fix:  fixFor("p", Action{Kind: AddExpoPlugins, Values: []string{"expo-background-task"}}),
			want: "{\n  \"name\": \"x\",\n  \"plugins\": [\"expo-font\", \"expo-background-task\"]\n}\n",
		},
		{
			name: "byte order mark and CRLF",
			in:   "\uFEFF{\r\n  \"expo\": {\r\n    \"plugins\": [\r\n      \"expo-font\"\r\n    ]\r\n  }\r\n}",
			fix:  fixFor("p", Action{Kind: AddExpoPlugins, Values: []string{"expo-background-task"}}),
			want: "\uFEFF{\r\n  \"expo\": {\r\n    \"plugins\": [\r\n      \"expo-font\",\r\n      \"expo-background-task\"\r\n    ]\r\n  }\r\n}",
		},
		{
			name: "short permission names stay short",
			in:   "{\"expo\": {\"android\": {\"permissions\": [\"CAMERA\"]}}}",
			fix:  fixFor("p", Action{Kind: AddPermissions, Values: []string{"android.permission.WAKE_LOCK"}}),
			want: "{\"expo\": {\"android\": {\"permissions\": [\"CAMERA\", \"WAKE_LOCK\"]}}}",
		},
		{
			name: "a short name counts as present",
			in:   "{\"expo\": {\"android\": {\"permissions\": [\"WAKE_LOCK\", \"com.x.Y\"]}}}",
			fix:  fixFor("p", Action{Kind: AddPermissions, Values: []string{"android.permission.WAKE_LOCK"}}),
		},
		{
			name: "full names stay full",
			in:   "{\"expo\": {\"android\": {\"permissions\": [\"android.permission.CAMERA\"]}}}",
			fix:  fixFor("p", Action{Kind: AddPermissions, Values: []string{"android.permission.WAKE_LOCK"}}),
			want: "{\"expo\": {\"android\": {\"permissions\": [\"android.permission.CAMERA\", \"android.permission.WAKE_LOCK\"]}}}",
		},
		{
			name: "unblock both spellings",
			in:   "{\"expo\": {\"android\": {\"blockedPermissions\": [\"WAKE_LOCK\", \"android.permission.CAMERA\", \"android.permission.WAKE_LOCK\"]}}}",
			fix:  fixFor("p", Action{Kind: UnblockPermissions, Values: []string{"android.permission.WAKE_LOCK"}}),
			want: "{\"expo\": {\"android\": {\"blockedPermissions\": [\"android.permission.CAMERA\"]}}}",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := testutil.TempTree(t, map[string]string{"app.json": tt.in})
			p := &project.Project{Root: root, Frameworks: []string{project.Expo}, ExpoConfig: "app.json"}
			plan, err := planFixes(p, []Fix{tt.fix})
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Skipped) > 0 {
				t.Fatalf("skipped: %v", plan.Skipped[0].Err)
			}
			if tt.want == "" {
				if len(plan.Changes) != 0 {
					t.Fatalf("want no change, got:\n%s", diffPlan(plan))
				}
				return
			}
			if len(plan.Changes) != 1 || string(plan.Changes[0].New) != tt.want {
				t.Fatalf("got:\n%s\nwant:\n%s", diffPlan(plan), tt.want)
			}
		})
	}
}

func TestPlanNeverTouchesUnparsableFiles(t *testing.T) {
	broken := "{\n  \"expo\": {\n    \"ios\": {\n      \"supportsTablet\": true,\n    }\n  }\n}\n"
	for _, known := range []bool{false, true} {
		root := testutil.TempTree(t, map[string]string{"app.json": broken, "android/app/src/main/AndroidManifest.xml": androidManifest})
		p := &project.Project{Root: root, Frameworks: []string{project.Expo}, ExpoConfig: "app.json",
			ExpoNativeAndroid: true, AndroidManifest: "android/app/src/main/AndroidManifest.xml"}
		if known {
			// The project reader reported it (leniently read): still never edited.
			p.Problems = []project.FileProblem{{File: "app.json", Line: 4, Col: 29, Msg: "trailing comma", Lenient: true}}
		}
		findings := append(expoBackgroundTask(), fixFor("boot-permission", Action{Kind: AddPermissions, Values: []string{"android.permission.RECEIVE_BOOT_COMPLETED"}}))
		plan, err := planFixes(p, findings)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Skipped) != 1 || plan.Skipped[0].File != "app.json" || !strings.Contains(plan.Skipped[0].Err.Error(), "app.json:4:29:") {
			t.Fatalf("skipped = %+v", plan.Skipped)
		}
		if len(plan.Skipped[0].Rules) != 3 {
			t.Errorf("skipped rules = %v, want the three fixes for app.json", plan.Skipped[0].Rules)
		}
		if len(plan.Changes) != 1 || plan.Changes[0].File.Path != "android/app/src/main/AndroidManifest.xml" {
			t.Fatalf("changes = %v, want the manifest only", plan.Changes)
		}
	}
}

// TestPlanAllOrNothing changes one planned file on disk between planning
// and writing: no file is written.
func TestPlanAllOrNothing(t *testing.T) {
	p := nativeProject(t, project.NativeIOS)
	plan, err := planFixes(p, nativeFindings())
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 3 {
		t.Fatalf("planned %d changes, want 3", len(plan.Changes))
	}
	manifestPath := filepath.Join(p.Root, "android/app/src/main/AndroidManifest.xml")
	edited := strings.Replace(androidManifest, "Example", "Edited", 1)
	if err := os.WriteFile(manifestPath, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := fsutil.Commit(plan.Changes); !errors.Is(err, fsutil.ErrChangedOnDisk) {
		t.Fatalf("Commit = %v, want ErrChangedOnDisk", err)
	}
	for rel, want := range map[string]string{"ios/App/Info.plist": infoPlist, "ios/App/App.entitlements": entitlements, "android/app/src/main/AndroidManifest.xml": edited} {
		if b, _ := os.ReadFile(filepath.Join(p.Root, rel)); string(b) != want {
			t.Errorf("%s was written", rel)
		}
	}
}

// TestPlanSkipsOnlyTheEditThatCannotBeMade: a value of the wrong type on
// one fix's path stops that fix, not the file's other fixes, so that what
// the doctor calls fixable is what --fix does.
func TestPlanSkipsOnlyTheEditThatCannotBeMade(t *testing.T) {
	const in = "{\n  \"expo\": {\"ios\": \"nope\"}\n}\n"
	root := testutil.TempTree(t, map[string]string{"app.json": in})
	p := &project.Project{Root: root, Frameworks: []string{project.Expo}, ExpoConfig: "app.json"}
	plan, err := planFixes(p, []Fix{
		fixFor("push-entitlement", Action{Kind: SetEntitlement, Key: "aps-environment", Value: "development"}),
		fixFor("push-mode", Action{Kind: AddBackgroundModes, Values: []string{"remote-notification"}}),
		fixFor("bgtask-plugin", Action{Kind: AddExpoPlugins, Values: []string{"expo-background-task"}}),
	})
	if err != nil {
		t.Fatal(err)
	}
	const want = "{\n  \"expo\": {\"ios\": \"nope\", \"plugins\": [\"expo-background-task\"]}\n}\n"
	if len(plan.Changes) != 1 || string(plan.Changes[0].New) != want {
		t.Fatalf("got:\n%s\nwant:\n%s", diffPlan(plan), want)
	}
	if len(plan.Fixed) != 1 || plan.Fixed[0].Rule != "bgtask-plugin" {
		t.Errorf("fixed = %+v, want the plugin only", plan.Fixed)
	}
	if len(plan.Skipped) != 1 {
		t.Fatalf("skipped = %+v, want one entry", plan.Skipped)
	}
	s := plan.Skipped[0]
	if s.Untouched || s.File != "app.json" || s.Err.Error() != "app.json:2:19: expo.ios is a string, not an object" ||
		!reflect.DeepEqual(s.Rules, []string{"push-mode", "push-entitlement"}) {
		t.Errorf("skipped = %+v (%v)", s, s.Err)
	}
}

// Two fixes whose files resolve to one file (a symlinked entitlements
// file) land together in that file: one change, both edits, none lost.
func TestPlanMergesPathsToOneFile(t *testing.T) {
	p := nativeProject(t, project.NativeIOS)
	ent := filepath.Join(p.Root, "ios", "App", "App.entitlements")
	os.Remove(ent)
	if err := os.Symlink("Info.plist", ent); err != nil {
		t.Skip(err)
	}
	findings := []Fix{
		fixFor("bgtask-mode", Action{Kind: AddBackgroundModes, Values: []string{"processing"}}),
		fixFor("push-entitlement", Action{Kind: SetEntitlement, Key: "aps-environment", Value: "development"}),
	}
	plan, err := planFixes(p, findings)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 1 || len(plan.Fixed) != 2 || len(plan.Skipped) != 0 {
		t.Fatalf("changes %d, fixed %v, skipped %v; want one change with both fixes", len(plan.Changes), plan.Fixed, plan.Skipped)
	}
	if err := fsutil.Commit(plan.Changes); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(p.Root, "ios", "App", "Info.plist"))
	if !strings.Contains(string(got), "<string>processing</string>") || !strings.Contains(string(got), "<key>aps-environment</key>") {
		t.Fatalf("an edit was lost:\n%s", got)
	}
}

// A fix whose file leads out of the project is reported, and the file it
// leads to is not written.
func TestPlanStaysInsideTheProject(t *testing.T) {
	p := nativeProject(t, project.NativeIOS)
	outside := filepath.Join(t.TempDir(), "Info.plist")
	os.WriteFile(outside, []byte(infoPlist), 0o644)
	plist := filepath.Join(p.Root, "ios", "App", "Info.plist")
	os.Remove(plist)
	os.Symlink(outside, plist)
	plan, err := planFixes(p, []Fix{fixFor("bgtask-mode", Action{Kind: AddBackgroundModes, Values: []string{"processing"}})})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 0 || len(plan.Skipped) != 1 || !strings.Contains(plan.Skipped[0].Err.Error(), "outside the project") {
		t.Fatalf("changes %v, skipped %+v", plan.Changes, plan.Skipped)
	}
}

// Two app targets with their own Info.plist and one shared entitlements
// file: PlanRuns makes one change per file, with the fixes of both runs,
// and a fix both runs report is listed once.
func TestPlanRunsSharedFile(t *testing.T) {
	plist := "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n</dict>\n</plist>\n"
	root := testutil.TempTree(t, map[string]string{
		"ios/App/Info.plist":       plist,
		"ios/App/Info-Dev.plist":   plist,
		"ios/App/App.entitlements": plist,
	})
	target := func(info string) *project.Project {
		return &project.Project{Root: root, Frameworks: []string{project.NativeIOS}, InfoPlist: info, Entitlements: "ios/App/App.entitlements"}
	}
	runFindings := func() []Fix {
		return []Fix{
			fixFor("push-entitlement", Action{Kind: SetEntitlement, Key: "aps-environment", Value: "development"}),
			fixFor("fetch-mode", Action{Kind: AddBackgroundModes, Values: []string{"fetch"}}),
		}
	}
	plan, err := PlanRuns([]Run{
		{Project: target("ios/App/Info.plist"), Fixes: runFindings()},
		{Project: target("ios/App/Info-Dev.plist"), Fixes: runFindings()},
	})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, c := range plan.Changes {
		files = append(files, c.File.Path)
	}
	want := []string{"ios/App/Info.plist", "ios/App/Info-Dev.plist", "ios/App/App.entitlements"}
	if !reflect.DeepEqual(files, want) {
		t.Fatalf("changed files = %v, want %v (one change per file)", files, want)
	}
	if n := strings.Count(string(plan.Changes[2].New), "aps-environment"); n != 1 {
		t.Errorf("entitlements hold aps-environment %d times:\n%s", n, plan.Changes[2].New)
	}
	n := 0
	for _, fx := range plan.Fixed {
		if fx.File == "ios/App/App.entitlements" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the shared file lists %d fixes, want 1: %+v", n, plan.Fixed)
	}
	if _, err := PlanRuns(nil); err == nil {
		t.Error("PlanRuns(nil) should fail")
	}
}
