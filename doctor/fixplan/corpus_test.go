package fixplan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/testutil"
	"github.com/bgkit/bgkit/manifest"
	"github.com/bgkit/bgkit/project"
)

// The doctor's corpus test (doctor/fix_corpus_test.go) runs the doctor and
// the planner together; these give the planner fixes directly.

// corpusFixes are the fixes a project using expo-background-task,
// react-native-background-fetch and push notifications needs: every kind of
// addition an app config can get.
func corpusFixes() []Fix {
	return append(expoBackgroundTask(),
		fixFor("fetch-mode", Action{Kind: AddBackgroundModes, Values: []string{"fetch"}}),
		fixFor("fetch-identifier", Action{Kind: AddTaskIdentifiers, Values: []string{"com.transistorsoft.fetch"}}),
		fixFor("push-entitlement", Action{Kind: SetEntitlement, Key: "aps-environment", Value: "development"}),
		fixFor("boot-permission", Action{Kind: AddPermissions, Values: []string{"android.permission.RECEIVE_BOOT_COMPLETED"}}),
	)
}

// TestFixCorpusExpoConfigs gives every real Expo config the fixes of
// corpusFixes, in a project without native folders: one minimal edit of
// the config, idempotent, holding the values.
func TestFixCorpusExpoConfigs(t *testing.T) {
	for _, file := range testutil.CorpusFiles(t, "expo") {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			name := testutil.ExpoConfigName(file)
			root := testutil.TempTree(t, map[string]string{name: string(data)})
			p := &project.Project{Root: root, Frameworks: []string{project.Expo}, ExpoConfig: name}
			fixes := corpusFixes()
			plan, err := planFixes(p, fixes)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Skipped) > 0 || len(plan.Manual) > 0 {
				t.Fatalf("skipped %v, manual %v", plan.Skipped, plan.Manual)
			}
			if len(plan.Changes) != 1 || plan.Changes[0].File.Path != name {
				t.Fatalf("changes = %v, want %s", plan.Changes, name)
			}
			diff := diffPlan(plan)
			testutil.CheckMinimalDiff(t, diff)
			if testing.Verbose() {
				t.Logf("\n%s", diff)
			}
			commitAndReplan(t, p, fixes, plan)

			fixed, _ := os.ReadFile(filepath.Join(root, name))
			var doc map[string]any
			if err := json.Unmarshal(fixed, &doc); err != nil {
				t.Fatal(err)
			}
			expo := doc
			if e, ok := doc["expo"].(map[string]any); ok {
				expo = e
			}
			modes := stringSet(lookup(expo, "ios", "infoPlist", "UIBackgroundModes"))
			ids := stringSet(lookup(expo, "ios", "infoPlist", "BGTaskSchedulerPermittedIdentifiers"))
			plugins := pluginNames(lookup(expo, "plugins"))
			aps, _ := lookup(expo, "ios", "entitlements", "aps-environment").(string)
			perms := map[string]bool{}
			for s := range stringSet(lookup(expo, "android", "permissions")) {
				perms[manifest.FullPermission(s)] = true
			}
			if !modes["fetch"] || !ids["com.transistorsoft.fetch"] || !plugins["expo-background-task"] || aps == "" ||
				!perms["android.permission.RECEIVE_BOOT_COMPLETED"] {
				t.Errorf("fixed config lacks a value: modes %v, ids %v, plugins %v, aps-environment %q, permissions %v", modes, ids, plugins, aps, perms)
			}
			// The plugin writes these at prebuild; --fix does not.
			if !strings.Contains(string(data), "com.expo.modules.backgroundtask.processing") && ids["com.expo.modules.backgroundtask.processing"] {
				t.Errorf("the identifier expo-background-task's plugin adds was written by hand")
			}
		})
	}
}

// TestFixCorpusInvalidExpoConfigs: a config that does not parse is never
// touched, and the plan says where it breaks.
func TestFixCorpusInvalidExpoConfigs(t *testing.T) {
	for _, file := range testutil.CorpusFiles(t, "expo/invalid") {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			root := testutil.TempTree(t, map[string]string{"app.json": string(data)})
			p := &project.Project{Root: root, Frameworks: []string{project.Expo}, ExpoConfig: "app.json"}
			plan, err := planFixes(p, expoBackgroundTask())
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Changes) != 0 || len(plan.Skipped) != 1 || !strings.HasPrefix(plan.Skipped[0].Err.Error(), "app.json:") {
				t.Fatalf("plan = %+v", plan)
			}
			t.Log(plan.Skipped[0].Err)
			if err := fsutil.Commit(plan.Changes); err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile(filepath.Join(root, "app.json")); string(b) != string(data) {
				t.Error("the invalid file was changed")
			}
		})
	}
}
