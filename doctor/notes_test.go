package doctor

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func notesReport() *Report {
	rule, _ := Catalog.Lookup("android-exported-missing")
	return &Report{Root: "app", Rules: []*Rule{rule}, Checked: []Platform{Android},
		Findings: []Finding{{Rule: "android-exported-missing", Severity: Error, Platform: Android, Message: "finding-one", File: "android/app/src/main/AndroidManifest.xml", Line: 9}},
		Notes: []Note{
			{Code: NoteNotChecked, Rule: "android-fgs-type-missing", Platform: Android, Message: "skipped-rule-note", File: "android/app/build.gradle", Line: 1},
			{Code: NoteNotChecked, Platform: IOS, Message: "skipped-platform-note"},
			{Code: NoteInfo, Message: "info-note"},
		}}
}

// TestNotesInEveryFormat: no format drops a note.
func TestNotesInEveryFormat(t *testing.T) {
	for _, format := range FormatNames() {
		for _, color := range []bool{false, true} {
			if color && format != "text" {
				continue
			}
			var buf bytes.Buffer
			if err := Write(&buf, format, notesReport(), RenderOptions{Color: color, Prefix: "app"}); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, want := range []string{"finding-one", "skipped-rule-note", "skipped-platform-note", "info-note"} {
				if !strings.Contains(out, want) {
					t.Errorf("%s (color %v) lacks %q:\n%s", format, color, want, out)
				}
			}
		}
	}
}

func TestNotesPlaces(t *testing.T) {
	render := func(format string, verbose bool) string {
		var buf bytes.Buffer
		if err := Write(&buf, format, notesReport(), RenderOptions{Prefix: "app", Verbose: verbose}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	text := render("text", true)
	for _, want := range []string{
		"\nnote: info-note\n",
		"\nnot checked:\napp/android/app/build.gradle:1 skip android-fgs-type-missing: skipped-rule-note\n- skip ios: skipped-platform-note\n",
		", 2 not checked (1 rule, 0 checks passed)\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "pass android-fgs-type-missing") {
		t.Errorf("a skipped check is listed as passed:\n%s", text)
	}
	gh := render("github", false)
	if !strings.Contains(gh, "::notice file=app/android/app/build.gradle,line=1,title=bgkit not-checked::android-fgs-type-missing: skipped-rule-note\n") ||
		!strings.Contains(gh, "::notice title=bgkit not-checked::skipped-platform-note\n") {
		t.Errorf("github:\n%s", gh)
	}
	gcc := render("gcc", false)
	if !strings.Contains(gcc, "app/android/app/build.gradle:1: note: android-fgs-type-missing: skipped-rule-note [not-checked]\n") ||
		!strings.Contains(gcc, "bgkit: note: info-note [info]\n") {
		t.Errorf("gcc:\n%s", gcc)
	}
	var doc struct {
		Notes   []Note   `json:"notes"`
		Summary Summary  `json:"summary"`
		Checked []string `json:"checked"`
	}
	if err := json.Unmarshal([]byte(render("json", false)), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Notes) != 3 || doc.Notes[0].Rule != "android-fgs-type-missing" || doc.Notes[0].Line != 1 || doc.Summary.NotChecked != 2 || len(doc.Checked) != 1 {
		t.Errorf("json notes %+v summary %+v checked %v", doc.Notes, doc.Summary, doc.Checked)
	}
	var sarif struct {
		Runs []struct {
			Invocations []struct {
				ExecutionSuccessful        bool `json:"executionSuccessful"`
				ToolExecutionNotifications []struct {
					Descriptor struct{ ID string } `json:"descriptor"`
					Level      string              `json:"level"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(render("sarif", false)), &sarif); err != nil {
		t.Fatal(err)
	}
	inv := sarif.Runs[0].Invocations
	if len(inv) != 1 || !inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 3 ||
		inv[0].ToolExecutionNotifications[0].Level != "warning" || inv[0].ToolExecutionNotifications[2].Level != "note" ||
		inv[0].ToolExecutionNotifications[0].Descriptor.ID != NoteNotChecked {
		t.Errorf("sarif invocations %+v", inv)
	}
}

// TestExitRule: notes do not fail a run, --strict makes not-checked notes
// fail it, and a run that checked nothing never passes.
func TestExitRule(t *testing.T) {
	rep := notesReport()
	rep.Findings = nil
	if rep.Failed(false) || !rep.Failed(true) || rep.NothingChecked() {
		t.Errorf("with notes: failed %v, strict %v, nothing checked %v", rep.Failed(false), rep.Failed(true), rep.NothingChecked())
	}
	rep.Checked = nil
	if !rep.NothingChecked() {
		t.Error("a report that read no platform counts as checked")
	}
	rep.Findings = []Finding{{Rule: "file-invalid", Severity: Error, Message: "x"}}
	if rep.NothingChecked() {
		t.Error("an error about a file is a check")
	}
}

// TestMergeTargets: findings of several targets name them; a rule about
// both platforms that each run reports is kept once.
func TestMergeTargets(t *testing.T) {
	both := Finding{Rule: "expo-plugin-missing", Severity: Error, Platform: Both, Message: "both", File: "app.json", Line: 3}
	a := &Report{Checked: []Platform{IOS}, Findings: []Finding{{Rule: "ios-mode-missing", Severity: Error, Platform: IOS, Message: "m", File: "A/Info.plist", Line: 3}, both}}
	b := &Report{Checked: []Platform{IOS}, Findings: []Finding{{Rule: "ios-mode-missing", Severity: Error, Platform: IOS, Message: "m", File: "B/Info.plist", Line: 3}, both}}
	rep := Merge(".", []Part{{Dir: ".", Report: a, Target: "target A"}, {Dir: ".", Report: b, Target: "target B"}})
	if len(rep.Findings) != 3 {
		t.Fatalf("findings %+v", rep.Findings)
	}
	for _, f := range rep.Findings {
		switch f.File {
		case "A/Info.plist":
			if f.Target != "target A" || f.Message != "target A: m" {
				t.Errorf("%+v", f)
			}
		case "B/Info.plist":
			if f.Target != "target B" || f.Message != "target B: m" {
				t.Errorf("%+v", f)
			}
		case "app.json":
			if f.Target != "" || f.Message != "both" {
				t.Errorf("%+v", f)
			}
		}
	}
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0].Message, "target A, target B") || len(rep.Checked) != 1 {
		t.Errorf("notes %+v checked %v", rep.Notes, rep.Checked)
	}
}
