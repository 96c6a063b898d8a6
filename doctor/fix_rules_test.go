package doctor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/bgkit/bgkit/doctor/fixplan"
	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/project"
)

// copyTree copies a folder (dotfiles included) into a temp folder.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	drCopyDir(t, src, dst)
	return dst
}

// fixKey identifies a fix independent of where it lands.
func fixKey(f Finding) string {
	return f.Rule + "|" + string(f.Fix.Kind) + "|" + strings.Join(f.Fix.Values, ",") + "|" + f.Fix.Key + "=" + f.Fix.Value
}

// fixAndRecheck runs the doctor, applies its fixes, runs it again and
// checks that every fix bgkit made took: the finding is gone, and a rule
// whose findings were all fixed now passes. A second --fix changes nothing.
// diff is the one diff of the changes, taken before they were written.
func fixAndRecheck(t *testing.T, root string) (before, after *Report, plan *fixplan.FixPlan, diff string) {
	t.Helper()
	detect := func() *project.Project {
		p, err := project.Detect(root)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := detect()
	before = Run(p, Options{})
	plan, err := planFindings(p, before.Findings)
	if err != nil {
		t.Fatal(err)
	}
	diff = diffPlan(plan)
	if err := fsutil.Commit(plan.Changes); err != nil {
		t.Fatal(err)
	}
	p = detect()
	after = Run(p, Options{})

	applied := map[string]bool{} // rules with at least one fix made
	for _, fx := range plan.Fixed {
		applied[fx.Rule] = true
	}
	left := map[string]bool{} // rules with a fix not made (manual, skipped)
	for _, m := range plan.Manual {
		for _, r := range m.Rules {
			left[r] = true
		}
	}
	for _, s := range plan.Skipped {
		for _, r := range s.Rules {
			left[r] = true
		}
	}
	fixable := map[string]bool{}
	unfixable := map[string]bool{} // rules with findings --fix cannot fix
	for _, f := range before.Findings {
		if f.Fix != nil && f.Fixable {
			fixable[fixKey(f)] = true
		} else {
			unfixable[f.Rule] = true
		}
	}
	for _, f := range after.Findings {
		if f.Fix != nil && fixable[fixKey(f)] && applied[f.Rule] && !left[f.Rule] {
			t.Errorf("still reported after --fix: %s %s:%d %s", f.Rule, f.File, f.Line, f.Message)
		}
		if applied[f.Rule] && !left[f.Rule] && !unfixable[f.Rule] {
			t.Errorf("rule %s does not pass after --fix: %s:%d %s", f.Rule, f.File, f.Line, f.Message)
		}
	}
	again, err := planFindings(p, after.Findings)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Changes) != 0 {
		t.Errorf("a second --fix changes files again:\n%s", diffPlan(again))
	}
	return before, after, plan, diff
}

// TestFixExamples runs --fix on every example project the repository ships.
func TestFixExamples(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("..", "examples", "*"))
	n := 0
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		n++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			before, after, plan, _ := fixAndRecheck(t, copyTree(t, dir))
			t.Logf("%d findings before, %d after; %d files changed, %d manual steps, %d skipped",
				len(before.Findings), len(after.Findings), len(plan.Changes), len(plan.Manual), len(plan.Skipped))
			for _, f := range plan.Fixed {
				t.Logf("fixed %s in %s: %s", f.Rule, f.File, f.What)
			}
		})
	}
	if n == 0 {
		t.Skip("no example projects")
	}
}

// noExpoFixture says why a fixable rule has no fixture for an Expo
// project whose ios/ and android/ are generated.
var noExpoFixture = map[string]string{
	"android-boot-permission-missing": "receivers are checked in a committed AndroidManifest.xml only",
	"android-fgs-permission-missing":  "services are checked in a committed AndroidManifest.xml only",
	"expo-config-not-applied":         "it compares app.json with committed native folders",
}

// TestFixEveryFixableRule: for every rule the catalog calls fixable, on a
// project with committed native folders (native/) and on an Expo project
// that generates them (expo/), the rule fails, --fix fixes every finding
// of it, the doctor then passes the rule without new findings, and a
// second --fix changes nothing. Fixtures: testdata/fix/rules/RULE.txtar.
func TestFixEveryFixableRule(t *testing.T) {
	n := 0
	for _, rule := range Catalog.Rules() {
		if !rule.Fixable {
			continue
		}
		n++
		t.Run(rule.ID, func(t *testing.T) {
			a, err := txtar.ParseFile(filepath.Join("testdata", "fix", "rules", rule.ID+".txtar"))
			if err != nil {
				t.Fatalf("every fixable rule needs a fixture: %v", err)
			}
			kinds := []string{"native", "expo"}
			if why, ok := noExpoFixture[rule.ID]; ok {
				kinds = kinds[:1]
				t.Logf("no expo/ fixture: %s", why)
			}
			for _, kind := range kinds {
				t.Run(kind, func(t *testing.T) {
					fixRuleFixture(t, rule.ID, kind, drUnpack(t, a, kind))
				})
			}
		})
	}
	if n < 5 {
		t.Fatalf("only %d fixable rules", n)
	}
}

func fixRuleFixture(t *testing.T, id, kind, root string) {
	p, err := project.Detect(root)
	if err != nil {
		t.Fatal(err)
	}
	if kind == "expo" && (!p.HasFramework(project.Expo) || p.ExpoNativeIOS || p.ExpoNativeAndroid) {
		t.Fatalf("expo/ is not an Expo project that generates its native folders: %+v", p)
	}
	before := Run(p, Options{})
	count := map[string]int{}
	mine := 0
	for _, f := range before.Findings {
		count[f.Rule]++
		if f.Rule != id {
			continue
		}
		mine++
		if !f.Fixable || f.Fix == nil {
			t.Errorf("finding not fixable: %s", f.Message)
		}
	}
	if mine == 0 {
		t.Fatalf("the fixture does not break %s; findings: %+v", id, before.Findings)
	}
	plan, err := planFindings(p, before.Findings)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Manual) > 0 || len(plan.Skipped) > 0 {
		t.Fatalf("manual = %+v, skipped = %+v", plan.Manual, plan.Skipped)
	}
	for _, c := range plan.Changes {
		json := c.File.Path == p.ExpoConfig
		if kind == "expo" && !json {
			t.Errorf("%s edited in an Expo project that generates its native folders", c.File.Path)
		}
		if kind == "native" && json && id != "expo-plugin-missing" {
			t.Errorf("%s edited in a project whose native folders are committed", c.File.Path)
		}
	}
	t.Logf("fix:\n%s", diffPlan(plan))
	if err := fsutil.Commit(plan.Changes); err != nil {
		t.Fatal(err)
	}
	if p, err = project.Detect(root); err != nil {
		t.Fatal(err)
	}
	after := Run(p, Options{})
	left := map[string]int{}
	for _, f := range after.Findings {
		left[f.Rule]++
		if f.Rule == id {
			t.Errorf("still failing after --fix: %s:%d %s", f.File, f.Line, f.Message)
		}
	}
	for rule, n := range left {
		if n > count[rule] {
			t.Errorf("--fix brought %d new %s findings", n-count[rule], rule)
		}
	}
	again, err := planFindings(p, after.Findings)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Changes) != 0 {
		t.Errorf("a second --fix changes files again:\n%s", diffPlan(again))
	}
}
