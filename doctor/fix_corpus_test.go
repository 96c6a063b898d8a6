package doctor

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bgkit/bgkit/internal/testutil"
)

// The planner's own corpus tests are in doctor/fixplan; this one lets the
// doctor find what a real config lacks and fixes it.

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
			name := testutil.ExpoConfigName(file)
			root := testutil.TempTree(t, map[string]string{
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
				testutil.CheckMinimalDiff(t, diff, removing...)
			}
			if testing.Verbose() {
				for _, f := range plan.Fixed {
					t.Logf("fixed %s: %s", f.Rule, f.What)
				}
			}
		})
	}
}
