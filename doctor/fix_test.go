package doctor

import (
	"strings"
	"testing"

	"github.com/bgkit/bgkit/doctor/fixplan"
	"github.com/bgkit/bgkit/internal/testutil"
	"github.com/bgkit/bgkit/internal/textdiff"
	"github.com/bgkit/bgkit/project"
)

// The planner's own tests are in doctor/fixplan; these check the doctor
// and the planner together: the findings of a run, fixed.

// planFindings plans the fixes of findings as --fix does, with the files
// the doctor could not read.
func planFindings(p *project.Project, findings []Finding) (*fixplan.FixPlan, error) {
	return fixplan.Plan(fixRun(p, findings, loadFacts(p).Problems))
}

// diffPlan renders a plan's changes as one diff, as --dry-run prints it.
func diffPlan(plan *fixplan.FixPlan) string {
	var b strings.Builder
	for _, c := range plan.Changes {
		b.WriteString(textdiff.Unified(c.File.Path, c.File.Data, c.New))
	}
	return b.String()
}

// TestPlanNeverTouchesFilesTheDoctorCouldNotRead: an Info.plist that parses
// but whose UIBackgroundModes is not an array is reported by the doctor as
// unreadable; its findings rest on values bgkit could not read, so --fix
// leaves the file alone, and the doctor does not call them fixable.
func TestPlanNeverTouchesFilesTheDoctorCouldNotRead(t *testing.T) {
	const plist = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>UIBackgroundModes</key>
	<string>fetch</string>
</dict>
</plist>
`
	root := testutil.TempTree(t, map[string]string{
		"package.json":       `{"dependencies": {"react-native": "0.79.0", "react-native-background-fetch": "^4.2.8"}}`,
		"ios/App/Info.plist": plist,
	})
	p, err := project.Detect(root)
	if err != nil {
		t.Fatal(err)
	}
	rep := Run(p, Options{})
	fixes := 0
	for _, f := range rep.Findings {
		if f.Fix != nil {
			fixes++
		}
		if f.Fixable {
			t.Errorf("called fixable: %s %s", f.Rule, f.Message)
		}
	}
	if fixes == 0 {
		t.Fatalf("no finding carries a fix: %+v", rep.Findings)
	}
	plan, err := planFindings(p, rep.Findings)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 0 {
		t.Fatalf("the file would be edited:\n%s", diffPlan(plan))
	}
	if len(plan.Skipped) != 1 || !plan.Skipped[0].Untouched ||
		plan.Skipped[0].Err.Error() != "ios/App/Info.plist:4: UIBackgroundModes is a <string>, not an <array> of strings" {
		t.Fatalf("skipped = %+v", plan.Skipped)
	}
}
