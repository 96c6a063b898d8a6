package doctor

import (
	"bytes"
	"strings"
	"testing"
)

// The registry is the one list of formats: names are unique, each has a
// description and a printer, and Write knows exactly those.
func TestFormatRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Formats() {
		if f.Name == "" || strings.ToLower(f.Name) != f.Name || seen[f.Name] {
			t.Errorf("format %q: names are unique lower-case words", f.Name)
		}
		seen[f.Name] = true
		if f.Description == "" || f.Printer == nil {
			t.Errorf("format %s: no description or printer", f.Name)
		}
		if got, ok := LookupFormat(f.Name); !ok || got.Name != f.Name {
			t.Errorf("LookupFormat(%q) = %v, %v", f.Name, got.Name, ok)
		}
		var buf bytes.Buffer
		if err := Write(&buf, f.Name, notesReport(), RenderOptions{}); err != nil || buf.Len() == 0 {
			t.Errorf("Write %s: %v, %d bytes", f.Name, err, buf.Len())
		}
	}
	if got := strings.Join(FormatNames(), ","); got != "text,json,sarif,github,gcc,junit,checkstyle,codeclimate" {
		t.Errorf("FormatNames = %s", got)
	}
	if _, ok := LookupFormat("markdown"); ok {
		t.Error("markdown is a format of --list-rules only")
	}
	err := Write(&bytes.Buffer{}, "sarf", notesReport(), RenderOptions{})
	if err == nil || !strings.Contains(err.Error(), `unknown format "sarf"`) {
		t.Errorf("Write sarf: %v", err)
	}
}

// A line format gets the project's values escaped: a message cannot start
// a workflow command of its own.
func TestLineFormatsEscape(t *testing.T) {
	rep := &Report{Root: ".", Checked: []Platform{IOS}, Findings: []Finding{{Rule: "r", Severity: Error, Platform: IOS, Message: "bad\n::error::injected", File: "a\x1b[31m.plist", Line: 1}}}
	for _, name := range []string{"text", "gcc", "github"} {
		var buf bytes.Buffer
		if err := Write(&buf, name, rep, RenderOptions{}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "\n::error::injected") || strings.Contains(buf.String(), "\x1b[31m") {
			t.Errorf("%s passes control characters through:\n%q", name, buf.String())
		}
	}
}
