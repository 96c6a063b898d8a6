package doctor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/textdiff"
	"github.com/bgkit/bgkit/project"
)

const fixTestAppJSON = `{
  "expo": {
    "name": "x",
    "plugins": [
      "expo-task-manager"
    ]
  }
}
`

// backgroundTaskFindings stands in for the doctor's checks on a project
// using expo-background-task without its plugin, and push notifications.
func backgroundTaskFindings(*project.Project, int) *Report {
	return &Report{Findings: []Finding{
		{Rule: "push-mode", Severity: Error, Fixable: true, Fix: &Action{Kind: AddBackgroundModes, Values: []string{"remote-notification"}}},
		{Rule: "bgtask-plugin", Severity: Error, Fixable: true, Fix: &Action{Kind: AddExpoPlugins, Values: []string{"expo-background-task"}}},
		{Rule: "info-only", Severity: Info},
	}}
}

func unifiedDiff(path string, c fsutil.Change) string {
	return textdiff.Unified(path, c.File.Data, c.New)
}

// fixForTest runs doctor --fix over the app at dir/app (shown as app) with
// check standing in for the rules, and returns the diff a dry run prints
// and the summary on stderr.
func fixForTest(t *testing.T, dir, app string, dryRun bool, check func(*project.Project, int) *Report) (diff, summary string) {
	t.Helper()
	r, err := fixApp(filepath.Join(dir, app), app, dryRun, nil, unifiedDiff, check)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	r.WriteSummary(&b)
	return strings.Join(r.Diffs, ""), b.String()
}

func TestDoctorFix(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"dependencies": {"expo": "~54.0.0", "expo-background-task": "~1.0.0"}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "app.json"), []byte(fixTestAppJSON), 0o644)

	// --dry-run: one diff, a summary, nothing written.
	diff, summary := fixForTest(t, dir, ".", true, backgroundTaskFindings)
	if b, _ := os.ReadFile(filepath.Join(dir, "app.json")); string(b) != fixTestAppJSON {
		t.Fatal("--dry-run wrote app.json")
	}
	for _, want := range []string{"--- a/app.json\n+++ b/app.json\n", `+      "expo-background-task"`, `+        "UIBackgroundModes": [`} {
		if !strings.Contains(diff, want) {
			t.Errorf("the diff lacks %q:\n%s", want, diff)
		}
	}
	if !strings.Contains(summary, "app.json: would update (+10 -2 lines)") || !strings.Contains(summary, "would fix bgtask-plugin: add \"expo-background-task\" to expo.plugins") {
		t.Errorf("summary:\n%s", summary)
	}

	// The real run writes, and says so.
	_, summary = fixForTest(t, dir, ".", false, backgroundTaskFindings)
	if !strings.Contains(summary, "app.json: updated (+10 -2 lines)\n  fixed bgtask-plugin: add \"expo-background-task\" to expo.plugins\n  fixed push-mode: add \"remote-notification\" to expo.ios.infoPlist.UIBackgroundModes\n") {
		t.Errorf("summary:\n%s", summary)
	}
	fixed, _ := os.ReadFile(filepath.Join(dir, "app.json"))
	if !strings.Contains(string(fixed), `"expo-background-task"`) {
		t.Fatalf("app.json was not fixed:\n%s", fixed)
	}

	// A second run has nothing left to change.
	_, summary = fixForTest(t, dir, ".", false, backgroundTaskFindings)
	if again, _ := os.ReadFile(filepath.Join(dir, "app.json")); string(again) != string(fixed) {
		t.Error("the second run changed app.json")
	}
	if summary != "doctor --fix: nothing to fix\n" {
		t.Errorf("second run summary %q", summary)
	}
}

func TestDoctorFixReportsManualAndSkipped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "proj"), 0o755)
	os.WriteFile(filepath.Join(dir, "proj", "package.json"), []byte(`{"dependencies": {"expo": "~54.0.0"}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "proj", "app.config.ts"), []byte("export default { name: 'x' };\n"), 0o644)
	diff, summary := fixForTest(t, dir, "proj", false, backgroundTaskFindings)
	if diff != "" {
		t.Errorf("diff:\n%s", diff)
	}
	for _, want := range []string{
		"To do by hand (bgkit does not make these changes):\n  proj/app.config.ts (bgtask-plugin, push-mode): app.config.ts is code",
		"\n      plugins: [\"expo-background-task\"],\n",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
}

func TestDisplayPath(t *testing.T) {
	t.Parallel()
	for _, tc := range [][3]string{{".", "app.json", "app.json"}, {"", "a/b", "a/b"}, {"examples/x", "app.json", "examples/x/app.json"}, {"x/", "ios/Info.plist", "x/ios/Info.plist"}} {
		if got := displayPath(tc[0], tc[1]); got != tc[2] {
			t.Errorf("displayPath(%q, %q) = %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
}
