package fixplan

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/bgkit/bgkit/project"
)

const emptyPlist = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n</dict>\n</plist>\n"

func nativeApp(t *testing.T) *project.Project {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "ios", "App"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "ios", "App", "Info.plist"), []byte(emptyPlist), 0o644); err != nil {
		t.Fatal(err)
	}
	return &project.Project{Root: root, Frameworks: []string{project.NativeIOS}, InfoPlist: "ios/App/Info.plist"}
}

// A fix is fixable when it lands in a file bgkit may edit: the mode in
// Info.plist is; the entitlement of a target without an entitlements file
// is a step for Xcode.
func TestFixable(t *testing.T) {
	p := nativeApp(t)
	run := Run{Project: p, Fixes: []Fix{
		{Rule: "fetch-mode", Action: Action{Kind: AddBackgroundModes, Values: []string{"fetch"}}},
		{Rule: "push-entitlement", Action: Action{Kind: SetEntitlement, Key: "aps-environment", Value: "development"}},
		{Rule: "fetch-mode-again", Action: Action{Kind: AddBackgroundModes, Values: []string{"fetch"}}},
	}}
	if got, want := Fixable(run), []bool{true, false, true}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Fixable = %v, want %v", got, want)
	}
}

// The files the doctor could not read come in with the run: such a file is
// never edited, and its fixes are not fixable.
func TestProblemsHandedIn(t *testing.T) {
	p := nativeApp(t)
	run := Run{
		Project:  p,
		Fixes:    []Fix{{Rule: "fetch-mode", Action: Action{Kind: AddBackgroundModes, Values: []string{"fetch"}}}},
		Problems: []project.FileProblem{{File: "ios/App/Info.plist", Line: 3, Msg: "UIBackgroundModes is not an array of strings"}},
	}
	if got := Fixable(run); !reflect.DeepEqual(got, []bool{false}) {
		t.Fatalf("Fixable = %v, want [false]", got)
	}
	plan, err := Plan(run)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 0 || len(plan.Skipped) != 1 || !plan.Skipped[0].Untouched {
		t.Fatalf("plan = %+v, want the file skipped untouched", plan)
	}
	if want := "ios/App/Info.plist:3: UIBackgroundModes is not an array of strings"; plan.Skipped[0].Err.Error() != want {
		t.Errorf("skipped because %q, want %q", plan.Skipped[0].Err, want)
	}
}

func TestPlanRunsNeedsARun(t *testing.T) {
	if _, err := PlanRuns(nil); err == nil {
		t.Error("PlanRuns(nil) should fail")
	}
	if _, err := Plan(Run{}); err == nil {
		t.Error("Plan without a project should fail")
	}
}
