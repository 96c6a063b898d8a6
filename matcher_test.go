package main

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/cmd"
	"github.com/bgkit/bgkit/doctor"
	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/iostreams"
)

// problemMatcher is the file GitHub's runner reads for ::add-matcher::.
type problemMatcher struct {
	ProblemMatcher []struct {
		Owner   string `json:"owner"`
		Pattern []struct {
			Regexp   string `json:"regexp"`
			File     int    `json:"file"`
			Line     int    `json:"line"`
			Column   int    `json:"column"`
			Severity int    `json:"severity"`
			Message  int    `json:"message"`
			Code     int    `json:"code"`
		} `json:"pattern"`
	} `json:"problemMatcher"`
}

type matched struct{ owner, file, line, column, severity, message, code string }

func loadMatcher(t *testing.T) func(string) (matched, bool) {
	t.Helper()
	data, err := os.ReadFile("matchers/bgkit-gcc.json")
	if err != nil {
		t.Fatal(err)
	}
	var pm problemMatcher
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pm); err != nil {
		t.Fatalf("matchers/bgkit-gcc.json: %v", err)
	}
	type compiled struct {
		owner string
		re    *regexp.Regexp
		idx   [6]int
	}
	var ms []compiled
	for _, m := range pm.ProblemMatcher {
		if len(m.Pattern) != 1 || m.Owner == "" {
			t.Fatalf("%s: want one pattern and an owner", m.Owner)
		}
		p := m.Pattern[0]
		// The runner uses JavaScript regular expressions; this file keeps
		// to the syntax they share with Go's.
		re, err := regexp.Compile(p.Regexp)
		if err != nil {
			t.Fatalf("%s: %v", m.Owner, err)
		}
		if p.Message == 0 || p.Severity == 0 {
			t.Fatalf("%s: no message or severity group", m.Owner)
		}
		ms = append(ms, compiled{m.Owner, re, [6]int{p.File, p.Line, p.Column, p.Severity, p.Message, p.Code}})
	}
	return func(line string) (matched, bool) {
		for _, m := range ms {
			sub := m.re.FindStringSubmatch(line)
			if sub == nil {
				continue
			}
			g := func(i int) string {
				if i == 0 {
					return ""
				}
				return sub[i]
			}
			return matched{m.owner, g(m.idx[0]), g(m.idx[1]), g(m.idx[2]), g(m.idx[3]), g(m.idx[4]), g(m.idx[5])}, true
		}
		return matched{}, false
	}
}

// TestProblemMatcher runs the shipped problem matcher over real
// `bgkit doctor --format gcc` output: every error and warning line is
// matched with its file, line, column, severity, message and rule; notes
// are not (GitHub's matchers know only error and warning).
func TestProblemMatcher(t *testing.T) {
	match := loadMatcher(t)
	var lines []string
	for _, ex := range []string{"examples/capacitor-background-runner", "examples/expo-background-task", "examples/rn-background-fetch"} {
		io, _, out, errOut := iostreams.Test()
		code := cmd.Run(&cmdutil.Factory{IO: io}, []string{"doctor", "--format", "gcc", ex})
		if code == 2 {
			t.Fatalf("%s: exit 2: %s", ex, errOut.String())
		}
		lines = append(lines, strings.Split(strings.TrimSpace(out.String()), "\n")...)
	}
	// Paths with spaces and colons, and a finding without a file.
	var extra bytes.Buffer
	rep := &doctor.Report{Findings: []doctor.Finding{
		{Rule: "ios-mode-missing", Severity: doctor.Error, Message: "UIBackgroundModes lacks \"fetch\" [sic]: add it", File: "ios/My App: Beta/Info.plist", Line: 4},
		{Rule: "android-interval-too-short", Severity: doctor.Warning, Message: "interval 5", File: "capacitor.config.json", Line: 11, Column: 19},
		{Rule: doctor.RuleCrashed, Severity: doctor.Error, Message: "rule x panicked"},
	}, Notes: []doctor.Note{
		{Code: doctor.NoteNotChecked, Message: "app.config.ts is code: not checked [see docs]", File: "app.config.ts", Line: 1},
		{Code: doctor.NoteInfo, Message: "checked the app at ."},
	}}
	if err := doctor.WriteGCC(&extra, rep, doctor.RenderOptions{Prefix: "my app"}); err != nil {
		t.Fatal(err)
	}
	lines = append(lines, strings.Split(strings.TrimSpace(extra.String()), "\n")...)
	var errs, warns int
	for _, l := range lines {
		m, ok := match(l)
		note := strings.Contains(l, ": note: ")
		if note {
			if ok {
				t.Errorf("a note line was matched: %q", l)
			}
			continue
		}
		if !ok {
			t.Errorf("not matched: %q", l)
			continue
		}
		if !strings.HasSuffix(l, ": "+m.message+" ["+m.code+"]") || (m.severity != "error" && m.severity != "warning") {
			t.Errorf("%q: matched %+v", l, m)
		}
		if m.file != "" && !strings.HasPrefix(l, m.file+":"+m.line) {
			t.Errorf("%q: file %q line %q", l, m.file, m.line)
		}
		if m.severity == "error" {
			errs++
		} else {
			warns++
		}
	}
	if errs < 8 || warns < 3 {
		t.Errorf("only %d errors and %d warnings matched in:\n%s", errs, warns, strings.Join(lines, "\n"))
	}
	for line, want := range map[string]matched{
		`my app/ios/My App: Beta/Info.plist:4: error: UIBackgroundModes lacks "fetch" [sic]: add it [ios-mode-missing]`: {"bgkit-gcc", "my app/ios/My App: Beta/Info.plist", "4", "", "error", `UIBackgroundModes lacks "fetch" [sic]: add it`, "ios-mode-missing"},
		`my app/capacitor.config.json:11:19: warning: interval 5 [android-interval-too-short]`:                          {"bgkit-gcc", "my app/capacitor.config.json", "11", "19", "warning", "interval 5", "android-interval-too-short"},
		`bgkit: error: rule x panicked [rule-crashed]`:                                                                  {"bgkit-gcc-project", "", "", "", "error", "rule x panicked", "rule-crashed"},
	} {
		if got, _ := match(line); got != want {
			t.Errorf("%q:\n got %+v\nwant %+v", line, got, want)
		}
	}
}
