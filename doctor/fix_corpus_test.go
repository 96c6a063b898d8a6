package doctor

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/testutil"
	"github.com/bgkit/bgkit/manifest"
	"github.com/bgkit/bgkit/project"
)

// configName is the name a corpus file takes in a synthetic project.
func configName(file string) string {
	if strings.HasSuffix(file, "app.config.json") {
		return "app.config.json"
	}
	return "app.json"
}

// inserted reports whether long is short with text inserted (short is a
// subsequence of long): the line only gained text.
func inserted(short, long string) bool {
	i := 0
	for j := 0; j < len(long) && i < len(short); j++ {
		if long[j] == short[i] {
			i++
		}
	}
	return i == len(short)
}

// checkMinimal fails unless a diff only adds lines, apart from lines that
// only gain text (the comma after a member, a value in a one-line array)
// and lines that hold a value a fix removes.
func checkMinimal(t *testing.T, diff string, removedValues ...string) {
	t.Helper()
	var removed, added []string
	for _, l := range strings.Split(diff, "\n") {
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
		case strings.HasPrefix(l, "+"):
			added = append(added, l[1:])
		case strings.HasPrefix(l, "-"):
			removed = append(removed, l[1:])
		}
	}
	if len(added) == 0 {
		t.Fatalf("nothing added:\n%s", diff)
	}
	for _, r := range removed {
		ok := false
		for _, a := range added {
			ok = ok || inserted(r, a)
		}
		for _, v := range removedValues {
			ok = ok || strings.Contains(r, strconv.Quote(v))
		}
		if !ok {
			t.Fatalf("line %q is changed, not only extended:\n%s", r, diff)
		}
	}
}

// corpusFindings are the fixes a project using expo-background-task,
// react-native-background-fetch and push notifications needs: every kind of
// addition an app config can get.
func corpusFindings() []Finding {
	return append(expoBackgroundTask(),
		finding("fetch-mode", Action{Kind: AddBackgroundModes, Values: []string{"fetch"}}),
		finding("fetch-identifier", Action{Kind: AddTaskIdentifiers, Values: []string{"com.transistorsoft.fetch"}}),
		finding("push-entitlement", Action{Kind: SetEntitlement, Key: "aps-environment", Value: "development"}),
		finding("boot-permission", Action{Kind: AddPermissions, Values: []string{"android.permission.RECEIVE_BOOT_COMPLETED"}}),
	)
}

// TestFixCorpusExpoConfigs gives every real Expo config the fixes of
// corpusFindings, in a project without native folders: one minimal edit
// of the config, idempotent, holding the values.
func TestFixCorpusExpoConfigs(t *testing.T) {
	for _, file := range testutil.CorpusFiles(t, "expo") {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			name := configName(file)
			root := writeTree(t, map[string]string{name: string(data)})
			p := &project.Project{Root: root, Frameworks: []string{project.Expo}, ExpoConfig: name}
			findings := corpusFindings()
			plan, err := planFindings(p, findings)
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
			checkMinimal(t, diff)
			if testing.Verbose() {
				t.Logf("\n%s", diff)
			}
			commitAndReplan(t, p, findings, plan)

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
			root := writeTree(t, map[string]string{"app.json": string(data)})
			p := &project.Project{Root: root, Frameworks: []string{project.Expo}, ExpoConfig: "app.json"}
			plan, err := planFindings(p, expoBackgroundTask())
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

// TestFixCorpusWithDoctor places every real Expo config in a project that
// depends on expo-background-task and lets the doctor find what is
// missing: --fix edits the config only, minimally, and the fixed rules pass.
func TestFixCorpusWithDoctor(t *testing.T) {
	for _, file := range testutil.CorpusFiles(t, "expo") {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			name := configName(file)
			root := writeTree(t, map[string]string{
				name:           string(data),
				"package.json": `{"dependencies": {"expo": "~54.0.0", "expo-background-task": "~1.0.0", "expo-task-manager": "~14.0.0", "react-native-background-fetch": "^4.2.7", "@react-native-firebase/messaging": "^22.0.0"}}` + "\n",
				".gitignore":   "/ios\n/android\n",
			})
			before, _, plan, diff := fixAndRecheck(t, root)
			var removing []string
			for _, f := range before.Findings {
				if f.Fix != nil && (f.Fix.Kind == RemoveBackgroundModes || f.Fix.Kind == UnblockPermissions) {
					removing = append(removing, f.Fix.Values...)
				}
			}
			for _, c := range plan.Changes {
				if c.File.Path != name {
					t.Errorf("--fix changed %s; only %s holds this project's truth", c.File.Path, name)
				}
			}
			if len(plan.Changes) > 0 {
				checkMinimal(t, diff, removing...)
			}
			if testing.Verbose() {
				for _, f := range plan.Fixed {
					t.Logf("fixed %s: %s", f.Rule, f.What)
				}
			}
		})
	}
}

// lookup follows object keys through decoded JSON.
func lookup(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// stringSet is the strings of a decoded JSON array.
func stringSet(v any) map[string]bool {
	set := map[string]bool{}
	arr, _ := v.([]any)
	for _, e := range arr {
		if s, ok := e.(string); ok {
			set[s] = true
		}
	}
	return set
}

// pluginNames is the names of an Expo "plugins" array: "name" and
// ["name", {options}] entries alike.
func pluginNames(v any) map[string]bool {
	names := map[string]bool{}
	arr, _ := v.([]any)
	for _, e := range arr {
		switch e := e.(type) {
		case string:
			names[e] = true
		case []any:
			if len(e) > 0 {
				if s, ok := e[0].(string); ok {
					names[s] = true
				}
			}
		}
	}
	return names
}
