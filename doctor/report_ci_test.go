package doctor

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beevik/etree"
)

// xmlSchema is a schema as the consumers document it: for each element,
// the attributes it must have, the ones it may have, and its children.
// validateXML rejects anything else, so a misspelt attribute or element
// (which Jenkins or GitLab would silently ignore) fails the test.
type xmlSchema map[string]struct {
	required, optional []string
	children           []string
	text               bool
}

// junitSchema is the subset of the JUnit XML that Jenkins
// (junit-10.xsd), GitLab and Bitrise read: testsuites > testsuite >
// testcase > failure | skipped | system-out.
var junitSchema = xmlSchema{
	"testsuites": {optional: []string{"name", "tests", "failures", "errors", "skipped", "time"}, children: []string{"testsuite"}},
	"testsuite":  {required: []string{"name", "tests"}, optional: []string{"failures", "errors", "skipped", "time", "timestamp", "hostname", "id", "package"}, children: []string{"testcase", "properties", "system-out", "system-err"}},
	"testcase":   {required: []string{"name", "classname"}, optional: []string{"time", "file", "line"}, children: []string{"failure", "error", "skipped", "system-out", "system-err"}},
	"failure":    {required: []string{"type"}, optional: []string{"message"}, text: true},
	"skipped":    {optional: []string{"message"}},
	"system-out": {text: true},
}

// checkstyleSchema is Checkstyle's XML as Jenkins' warnings plugin, Danger
// (checkstyle_format) and SonarQube read it.
var checkstyleSchema = xmlSchema{
	"checkstyle": {optional: []string{"version"}, children: []string{"file"}},
	"file":       {required: []string{"name"}, children: []string{"error"}},
	"error":      {required: []string{"severity", "message", "source"}, optional: []string{"line", "column"}},
}

func validateXML(t *testing.T, data []byte, root string, schema xmlSchema) *etree.Document {
	t.Helper()
	// encoding/xml first: a strict parser of the bytes as written.
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := dec.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not well-formed XML: %v\n%s", err, data)
			}
			break
		}
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		t.Fatal(err)
	}
	if doc.Root() == nil || doc.Root().Tag != root {
		t.Fatalf("root element is not <%s>", root)
	}
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		s, ok := schema[e.Tag]
		if !ok {
			t.Errorf("unknown element <%s>", e.Tag)
			return
		}
		allowed := map[string]bool{}
		for _, a := range append(append([]string{}, s.required...), s.optional...) {
			allowed[a] = true
		}
		for _, a := range s.required {
			if e.SelectAttr(a) == nil {
				t.Errorf("<%s> lacks required attribute %s", e.Tag, a)
			}
		}
		for _, a := range e.Attr {
			if !allowed[a.Key] {
				t.Errorf("<%s> has unknown attribute %s", e.Tag, a.Key)
			}
			if a.Key == "line" || a.Key == "column" || a.Key == "tests" || a.Key == "failures" || a.Key == "skipped" || a.Key == "errors" {
				var n int
				if _, err := fmt.Sscan(a.Value, &n); err != nil || n < 0 || (n == 0 && (a.Key == "line" || a.Key == "column")) {
					t.Errorf("<%s %s=%q>: not a valid count or position", e.Tag, a.Key, a.Value)
				}
			}
		}
		if !s.text && strings.TrimSpace(e.Text()) != "" {
			t.Errorf("<%s> holds text %q", e.Tag, e.Text())
		}
		kids := map[string]bool{}
		for _, c := range s.children {
			kids[c] = true
		}
		for _, c := range e.ChildElements() {
			if !kids[c.Tag] {
				t.Errorf("<%s> inside <%s>", c.Tag, e.Tag)
				continue
			}
			walk(c)
		}
	}
	walk(doc.Root())
	return doc
}

// ciReport has what the CI formats must carry: findings of each severity,
// one without a file, two identical ones, a control character, and notes.
func ciReport() *Report {
	rep := sarifReport()
	rep.Findings = append(rep.Findings,
		Finding{Rule: "android-interval-too-short", Severity: Warning, Platform: Android, Message: "interval 5 (capacitor.config.json:10)", File: "capacitor.config.json", Line: 11, Column: 19},
		Finding{Rule: "android-interval-too-short", Severity: Warning, Platform: Android, Message: "interval 5 (capacitor.config.json:10)", File: "capacitor.config.json", Line: 11, Column: 19},
		Finding{Rule: "file-invalid", Severity: Error, Platform: Both, Message: "bad byte \x01 <here> & \"there\"", File: "app.json", Line: 1},
	)
	rep.Notes = []Note{
		{Code: NoteNotChecked, Platform: IOS, Message: "the tvOS Info.plist was not checked", File: "ios/App-tvOS/Info.plist", Line: 3},
		{Code: NoteNotChecked, Rule: "android-exported-missing", Message: "targetSdk is unknown"},
		{Code: NoteInfo, Message: "app.config.ts is code"},
	}
	return rep
}

func render(t *testing.T, format string, rep *Report, opt RenderOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, rep, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestJUnitValid(t *testing.T) {
	rep := ciReport()
	for _, prefix := range []string{"", "my app", "/home/ci/app"} {
		doc := validateXML(t, render(t, "junit", rep, RenderOptions{Prefix: prefix}), "testsuites", junitSchema)
		suites := doc.SelectElements("testsuites")[0]
		suite := suites.SelectElement("testsuite")
		cases := suite.SelectElements("testcase")
		var failures, skipped int
		for _, c := range cases {
			if c.SelectElement("failure") != nil {
				failures++
			}
			if c.SelectElement("skipped") != nil {
				skipped++
			}
			if f := c.SelectAttrValue("file", ""); strings.HasPrefix(f, "/") {
				t.Errorf("absolute file %q", f)
			}
		}
		s := rep.Summary()
		if failures != s.Errors+s.Warnings || skipped != len(rep.Notes) {
			t.Errorf("%d failures, %d skipped; want %d and %d", failures, skipped, s.Errors+s.Warnings, len(rep.Notes))
		}
		for _, e := range []*etree.Element{suites, suite} {
			if e.SelectAttrValue("tests", "") != fmt.Sprint(len(cases)) || e.SelectAttrValue("failures", "") != fmt.Sprint(failures) || e.SelectAttrValue("skipped", "") != fmt.Sprint(skipped) {
				t.Errorf("<%s> counts %v do not match %d cases, %d failures, %d skipped", e.Tag, e.Attr, len(cases), failures, skipped)
			}
		}
		out := string(render(t, "junit", rep, RenderOptions{Prefix: prefix}))
		for _, n := range rep.Notes {
			if !strings.Contains(out, n.Message) {
				t.Errorf("note %q missing", n.Message)
			}
		}
	}
}

func TestCheckstyleValid(t *testing.T) {
	rep := ciReport()
	doc := validateXML(t, render(t, "checkstyle", rep, RenderOptions{Prefix: "app"}), "checkstyle", checkstyleSchema)
	var errs, notes int
	for _, file := range doc.Root().SelectElements("file") {
		if !strings.HasPrefix(file.SelectAttrValue("name", ""), "app") {
			t.Errorf("file name %q not from where bgkit ran", file.SelectAttrValue("name", ""))
		}
		for _, e := range file.SelectElements("error") {
			switch e.SelectAttrValue("severity", "") {
			case "error", "warning", "info":
			default:
				t.Errorf("severity %q", e.SelectAttrValue("severity", ""))
			}
			if src := e.SelectAttrValue("source", ""); src == "bgkit."+NoteNotChecked || src == "bgkit."+NoteInfo {
				notes++
			} else {
				errs++
			}
			if strings.Contains(e.SelectAttrValue("message", ""), "\x01") {
				t.Errorf("control character kept in %q", e.SelectAttrValue("message", ""))
			}
		}
	}
	if errs != len(rep.Findings) || notes != len(rep.Notes) {
		t.Errorf("%d errors and %d notes, want %d and %d", errs, notes, len(rep.Findings), len(rep.Notes))
	}
}

// TestCodeClimateValid checks the fields GitLab's Code Quality widget
// requires (description, check_name, fingerprint, severity, location.path,
// location.lines.begin), that fingerprints are unique, and that they stay
// the same across runs, across the folder bgkit ran from, and when lines
// move.
func TestCodeClimateValid(t *testing.T) {
	type issue struct {
		Type        *string `json:"type"`
		Description *string `json:"description"`
		CheckName   *string `json:"check_name"`
		Fingerprint *string `json:"fingerprint"`
		Severity    *string `json:"severity"`
		Categories  []string
		Location    *struct {
			Path  *string `json:"path"`
			Lines *struct {
				Begin *int `json:"begin"`
			} `json:"lines"`
		} `json:"location"`
	}
	decode := func(rep *Report, prefix string) []issue {
		var issues []issue
		data := render(t, "codeclimate", rep, RenderOptions{Prefix: prefix})
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&issues); err != nil {
			t.Fatalf("not a Code Climate issues array: %v\n%s", err, data)
		}
		return issues
	}
	rep := ciReport()
	issues := decode(rep, "app")
	if len(issues) != len(rep.Findings)+len(rep.Notes) {
		t.Fatalf("%d issues, want %d", len(issues), len(rep.Findings)+len(rep.Notes))
	}
	seen := map[string]bool{}
	for i, is := range issues {
		if is.Type == nil || *is.Type != "issue" || is.Description == nil || *is.Description == "" || is.CheckName == nil || *is.CheckName == "" ||
			is.Fingerprint == nil || is.Severity == nil || is.Location == nil || is.Location.Path == nil || is.Location.Lines == nil || is.Location.Lines.Begin == nil {
			t.Fatalf("issue %d lacks a required field: %+v", i, is)
		}
		switch *is.Severity {
		case "info", "minor", "major", "critical", "blocker":
		default:
			t.Errorf("issue %d: severity %q", i, *is.Severity)
		}
		if *is.Location.Lines.Begin < 1 || strings.HasPrefix(*is.Location.Path, "/") || *is.Location.Path == "" {
			t.Errorf("issue %d: location %q:%d", i, *is.Location.Path, *is.Location.Lines.Begin)
		}
		if seen[*is.Fingerprint] {
			t.Errorf("issue %d: fingerprint %s repeats", i, *is.Fingerprint)
		}
		seen[*is.Fingerprint] = true
	}
	// The same project, run again from elsewhere, after a line was added
	// above every finding: the same fingerprints.
	moved := ciReport()
	for i := range moved.Findings {
		if moved.Findings[i].Line > 0 {
			moved.Findings[i].Line++
		}
		moved.Findings[i].Message = strings.ReplaceAll(moved.Findings[i].Message, ":10)", ":11)")
	}
	again := decode(moved, filepath.Join("/", "ci", "app"))
	for i := range issues {
		if *again[i].Fingerprint != *issues[i].Fingerprint {
			t.Errorf("issue %d: fingerprint changed across runs: %s, then %s", i, *issues[i].Fingerprint, *again[i].Fingerprint)
		}
	}
}

// TestGitHubOrderAndOverflow checks that errors come before warnings and
// notices, and that past GitHub's 10 annotations of a kind a notice GitHub
// will show gives the totals.
func TestGitHubOrderAndOverflow(t *testing.T) {
	kinds := func(out string) []string {
		var ks []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			k, _, _ := strings.Cut(strings.TrimPrefix(l, "::"), " ")
			ks = append(ks, k)
		}
		return ks
	}
	mk := func(errors, warnings, infos, notes int) *Report {
		rep := &Report{}
		// Interleaved, as rules report them.
		for i := 0; i < max(errors, warnings, infos); i++ {
			if i < infos {
				rep.Findings = append(rep.Findings, Finding{Rule: "r", Severity: Info, Message: "i", File: "a", Line: 1})
			}
			if i < warnings {
				rep.Findings = append(rep.Findings, Finding{Rule: "r", Severity: Warning, Message: "w", File: "a", Line: 1})
			}
			if i < errors {
				rep.Findings = append(rep.Findings, Finding{Rule: "r", Severity: Error, Message: "e", File: "a", Line: 1})
			}
		}
		for i := 0; i < notes; i++ {
			rep.Notes = append(rep.Notes, Note{Code: NoteNotChecked, Message: "n"})
		}
		return rep
	}
	out := string(render(t, "github", mk(2, 2, 1, 1), RenderOptions{}))
	if got := strings.Join(kinds(out), " "); got != "error error warning warning notice notice" {
		t.Errorf("order: %s\n%s", got, out)
	}
	if strings.Contains(out, "GitHub shows") {
		t.Errorf("a summary without overflow:\n%s", out)
	}
	if !strings.HasSuffix(out, "::notice title=bgkit not-checked::n\n") {
		t.Errorf("the note is not the last notice:\n%s", out)
	}

	out = string(render(t, "github", mk(12, 3, 0, 1), RenderOptions{}))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	if len(lines) != 12+3+1+1 || !strings.HasPrefix(last, "::notice title=bgkit doctor::12 errors, 3 warnings, 1 notice; GitHub shows 10") {
		t.Errorf("no final summary notice:\n%s", out)
	}

	// Notices overflow too: the summary is the first notice, so it is shown.
	out = string(render(t, "github", mk(1, 11, 5, 6), RenderOptions{}))
	lines = strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[12], "::notice title=bgkit doctor::1 error, 11 warnings, 11 notices") {
		t.Errorf("summary is not the first notice:\n%s", out)
	}
}

// TestXMLSchemas validates the golden files and a report with notes,
// file-less findings and control characters against XSDs written from the
// consumers' documentation (testdata/schema), with xmllint. Where xmllint
// is not installed (Debian: libxml2-utils) the test skips; CI installs it.
func TestXMLSchemas(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("BGKIT_REQUIRE_XMLLINT") != "" {
			t.Fatal("xmllint not found (Debian: apt install libxml2-utils)")
		}
		t.Skip("xmllint not found (Debian: apt install libxml2-utils)")
	}
	dir := t.TempDir()
	rep := ciReport()
	for _, format := range []string{"junit", "checkstyle"} {
		files, _ := filepath.Glob(filepath.Join("testdata", "golden", "*."+format+".xml"))
		if len(files) == 0 {
			t.Fatalf("no %s golden files", format)
		}
		for i, prefix := range []string{"", "my app", "/ci/app"} {
			p := filepath.Join(dir, fmt.Sprintf("%s-%d.xml", format, i))
			if err := os.WriteFile(p, render(t, format, rep, RenderOptions{Prefix: prefix}), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, p)
		}
		args := append([]string{"--noout", "--schema", filepath.Join("testdata", "schema", format+".xsd")}, files...)
		if out, err := exec.Command(xmllint, args...).CombinedOutput(); err != nil {
			t.Errorf("xmllint %s: %v\n%s", format, err, out)
		}
	}
	// The schema can fail: a case with two failures does not validate.
	bad := filepath.Join(dir, "bad.xml")
	os.WriteFile(bad, []byte(`<testsuites><testsuite name="x" tests="1"><testcase name="a" classname="b"><failure type="error"/><failure type="error"/></testcase></testsuite></testsuites>`), 0o644)
	if err := exec.Command(xmllint, "--noout", "--schema", filepath.Join("testdata", "schema", "junit.xsd"), bad).Run(); err == nil {
		t.Error("junit.xsd accepts a test case with two failures")
	}
}

// FuzzCIReports feeds arbitrary messages, paths and notes (a broken file's
// bytes end up quoted in messages) to the CI formats: the XML must stay
// well-formed with the documented structure, the Code Climate array valid
// JSON with unique fingerprints, and github one command per line.
func FuzzCIReports(f *testing.F) {
	f.Add("UIBackgroundModes lacks \"fetch\"", "ios/My App/Info.plist", "app.config.ts is code", 4, "my app")
	f.Add("bad \x00\x01\xff byte ]]> <!-- & %0A", "a:b,c", "note\r\n::error::x", 0, "/abs")
	f.Fuzz(func(t *testing.T, msg, file, note string, line int, prefix string) {
		rep := &Report{Root: "r", Findings: []Finding{
			{Rule: "ios-mode-missing", Severity: Error, Message: msg, File: file, Line: line},
			{Rule: "ios-mode-missing", Severity: Warning, Message: msg, File: file, Line: line},
			{Rule: "android-play-exact-alarm", Severity: Info, Message: msg},
		}, Notes: []Note{{Code: NoteNotChecked, Message: note, File: file, Line: line}}}
		for _, format := range []string{"junit", "checkstyle"} {
			var buf bytes.Buffer
			if err := Write(&buf, format, rep, RenderOptions{Prefix: prefix}); err != nil {
				t.Fatal(err)
			}
			dec := xml.NewDecoder(&buf)
			for {
				if _, err := dec.Token(); err != nil {
					if err.Error() != "EOF" {
						t.Fatalf("%s: not well-formed: %v", format, err)
					}
					break
				}
			}
		}
		var issues []map[string]any
		if err := json.Unmarshal(render(t, "codeclimate", rep, RenderOptions{Prefix: prefix}), &issues); err != nil || len(issues) != 4 {
			t.Fatalf("codeclimate: %v, %d issues", err, len(issues))
		}
		seen := map[any]bool{}
		for _, is := range issues {
			if seen[is["fingerprint"]] {
				t.Fatalf("fingerprint %v repeats", is["fingerprint"])
			}
			seen[is["fingerprint"]] = true
		}
		gh := strings.TrimSuffix(string(render(t, "github", rep, RenderOptions{Prefix: prefix})), "\n")
		if lines := strings.Split(gh, "\n"); len(lines) != 4 {
			t.Fatalf("github: %d lines, want 4:\n%s", len(lines), gh)
		}
	})
}
