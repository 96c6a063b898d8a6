package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/doctor"
	"github.com/bgkit/bgkit/internal/iostreams"
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
func backgroundTaskFindings(*project.Project, int) *doctor.Report {
	return &doctor.Report{Findings: []doctor.Finding{
		{Rule: "push-mode", Severity: doctor.Error, Fixable: true, Fix: &doctor.Action{Kind: doctor.AddBackgroundModes, Values: []string{"remote-notification"}}},
		{Rule: "bgtask-plugin", Severity: doctor.Error, Fixable: true, Fix: &doctor.Action{Kind: doctor.AddExpoPlugins, Values: []string{"expo-background-task"}}},
		{Rule: "info-only", Severity: doctor.Info},
	}}
}

func TestDoctorFix(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"dependencies": {"expo": "~54.0.0", "expo-background-task": "~1.0.0"}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "app.json"), []byte(fixTestAppJSON), 0o644)

	// --dry-run: one diff on stdout, a summary on stderr, nothing written.
	ios, _, out, errOut := iostreams.Test()
	if err := runDoctorFix(&Factory{IO: ios, Dir: dir}, ".", true, backgroundTaskFindings); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "app.json")); string(b) != fixTestAppJSON {
		t.Fatal("--dry-run wrote app.json")
	}
	for _, want := range []string{"--- a/app.json\n+++ b/app.json\n", `+      "expo-background-task"`, `+        "UIBackgroundModes": [`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut.String(), "app.json: would update (+10 -2 lines)") || !strings.Contains(errOut.String(), "would fix bgtask-plugin: add \"expo-background-task\" to expo.plugins") {
		t.Errorf("stderr:\n%s", errOut)
	}

	// The real run writes, reports on stderr only.
	ios, _, out, errOut = iostreams.Test()
	if err := runDoctorFix(&Factory{IO: ios, Dir: dir}, ".", false, backgroundTaskFindings); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("stdout is not empty:\n%s", out)
	}
	if !strings.Contains(errOut.String(), "app.json: updated (+10 -2 lines)\n  fixed bgtask-plugin: add \"expo-background-task\" to expo.plugins\n  fixed push-mode: add \"remote-notification\" to expo.ios.infoPlist.UIBackgroundModes\n") {
		t.Errorf("stderr:\n%s", errOut)
	}
	fixed, _ := os.ReadFile(filepath.Join(dir, "app.json"))
	if !strings.Contains(string(fixed), `"expo-background-task"`) {
		t.Fatalf("app.json was not fixed:\n%s", fixed)
	}

	// A second run has nothing left to change.
	ios, _, _, errOut = iostreams.Test()
	if err := runDoctorFix(&Factory{IO: ios, Dir: dir}, ".", false, backgroundTaskFindings); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "app.json")); string(again) != string(fixed) {
		t.Error("the second run changed app.json")
	}
	if errOut.String() != "doctor --fix: nothing to fix\n" {
		t.Errorf("second run stderr %q", errOut)
	}
}

func TestDoctorFixReportsManualAndSkipped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "proj"), 0o755)
	os.WriteFile(filepath.Join(dir, "proj", "package.json"), []byte(`{"dependencies": {"expo": "~54.0.0"}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "proj", "app.config.ts"), []byte("export default { name: 'x' };\n"), 0o644)
	ios, _, out, errOut := iostreams.Test()
	if err := runDoctorFix(&Factory{IO: ios, Dir: dir}, "proj", false, backgroundTaskFindings); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("stdout:\n%s", out)
	}
	for _, want := range []string{
		"To do by hand (bgkit does not make these changes):\n  proj/app.config.ts (bgtask-plugin, push-mode): app.config.ts is code",
		"\n      plugins: [\"expo-background-task\"],\n",
	} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
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
