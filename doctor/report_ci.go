package doctor

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/bgkit/bgkit/internal/lazyre"
	"io"
	"path/filepath"
	"strconv"

	"github.com/beevik/etree"
)

// The formats CI systems read besides SARIF: JUnit XML (Bitrise, Codemagic,
// GitLab, Jenkins test reports), Checkstyle XML (Jenkins, Danger, SonarQube)
// and Code Climate JSON (GitLab's Code Quality widget). Each renders the
// same Report: findings, the rules that ran, and the notes (what the doctor
// could not check), so no format says less than the others.

// ciPath is a file as CI tools want it: relative to where bgkit ran when
// the root was given relative, relative to the root when it was absolute
// (CI checkouts move; reports are read against the repository).
func (o RenderOptions) ciPath(file string) string {
	if filepath.IsAbs(o.Prefix) {
		return filepath.ToSlash(file)
	}
	return o.displayPath(file)
}

// rootPath names the project itself, for findings and notes without a file.
func (o RenderOptions) rootPath() string {
	if o.Prefix == "" || filepath.IsAbs(o.Prefix) {
		return "."
	}
	return filepath.ToSlash(o.Prefix)
}

// ciFile is ciPath for a finding's or note's file, rootPath when it has
// none.
func (o RenderOptions) ciFile(file string) string {
	if file == "" {
		return o.rootPath()
	}
	return o.ciPath(file)
}

func xmlDoc() *etree.Document {
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	return doc
}

// writeXML writes the document; etree replaces the characters XML 1.0
// cannot hold (control characters a message may quote) with U+FFFD, so
// the report always parses.
func writeXML(w io.Writer, doc *etree.Document) error {
	doc.Indent(2)
	_, err := doc.WriteTo(w)
	return err
}

// WriteJUnit writes a JUnit XML report: one test suite for the run, a test
// case per rule that ran and found nothing (passed), a failing test case
// per error or warning (as eslint and SwiftLint do: both are problems to
// read, though only errors fail bgkit's exit code without --strict), a
// passing one carrying the message for infos, and a skipped one per note.
func WriteJUnit(w io.Writer, rep *Report, opt RenderOptions) error {
	doc := xmlDoc()
	suites := doc.CreateElement("testsuites")
	suites.CreateAttr("name", "bgkit doctor")
	suite := suites.CreateElement("testsuite")
	suite.CreateAttr("name", "bgkit doctor "+opt.rootPath())
	var tests, failures, skipped int
	found := map[string]bool{}
	for _, f := range rep.Findings {
		found[f.Rule] = true
	}
	for _, r := range rep.Rules {
		if found[r.ID] {
			continue
		}
		tc := suite.CreateElement("testcase")
		tc.CreateAttr("classname", r.ID)
		tc.CreateAttr("name", r.Title)
		tests++
	}
	for _, f := range rep.Findings {
		tc := suite.CreateElement("testcase")
		tc.CreateAttr("classname", f.Rule)
		loc := gccLoc(opt.ciPath(f.File), f.Line, f.Column)
		if f.File == "" {
			loc = opt.rootPath()
		}
		tc.CreateAttr("name", loc)
		if f.File != "" {
			tc.CreateAttr("file", opt.ciPath(f.File))
			if f.Line > 0 {
				tc.CreateAttr("line", strconv.Itoa(f.Line))
			}
		}
		tests++
		text := fmt.Sprintf("%s %s %s: %s", loc, f.Severity, f.Rule, f.Message)
		if f.Severity == Info {
			tc.CreateElement("system-out").SetText(text)
			continue
		}
		failures++
		fe := tc.CreateElement("failure")
		fe.CreateAttr("message", f.Message)
		fe.CreateAttr("type", string(f.Severity))
		fe.SetText(text)
	}
	// Notes: a skipped test case each, named by the code ("not-checked",
	// "info") and the place, so a test report shows what was not checked.
	for _, n := range rep.Notes {
		tc := suite.CreateElement("testcase")
		tc.CreateAttr("classname", "bgkit "+n.Code)
		name := opt.rootPath()
		if n.File != "" {
			name = gccLoc(opt.ciPath(n.File), n.Line, 0)
			tc.CreateAttr("file", opt.ciPath(n.File))
			if n.Line > 0 {
				tc.CreateAttr("line", strconv.Itoa(n.Line))
			}
		}
		if n.Rule != "" {
			name = n.Rule + " " + name
		}
		tc.CreateAttr("name", name)
		tc.CreateElement("skipped").CreateAttr("message", noteMessage(n))
		tests++
		skipped++
	}
	for _, e := range []*etree.Element{suites, suite} {
		e.CreateAttr("tests", strconv.Itoa(tests))
		e.CreateAttr("failures", strconv.Itoa(failures))
		e.CreateAttr("errors", "0")
		e.CreateAttr("skipped", strconv.Itoa(skipped))
	}
	return writeXML(w, doc)
}

// WriteCheckstyle writes a Checkstyle XML report: a <file> per file with
// an <error> per finding (severity error, warning or info; source is
// bgkit.RULE), findings without a file and notes under the project root.
func WriteCheckstyle(w io.Writer, rep *Report, opt RenderOptions) error {
	doc := xmlDoc()
	cs := doc.CreateElement("checkstyle")
	cs.CreateAttr("version", "4.3")
	files := map[string]*etree.Element{}
	file := func(name string) *etree.Element {
		if e, ok := files[name]; ok {
			return e
		}
		e := cs.CreateElement("file")
		e.CreateAttr("name", name)
		files[name] = e
		return e
	}
	for _, f := range rep.Findings {
		name := opt.ciFile(f.File)
		e := file(name).CreateElement("error")
		if f.Line > 0 {
			e.CreateAttr("line", strconv.Itoa(f.Line))
			if f.Column > 0 {
				e.CreateAttr("column", strconv.Itoa(f.Column))
			}
		}
		e.CreateAttr("severity", string(f.Severity))
		e.CreateAttr("message", f.Message)
		e.CreateAttr("source", "bgkit."+f.Rule)
	}
	for _, n := range rep.Notes {
		name := opt.ciFile(n.File)
		e := file(name).CreateElement("error")
		if n.Line > 0 {
			e.CreateAttr("line", strconv.Itoa(n.Line))
		}
		e.CreateAttr("severity", "info")
		e.CreateAttr("message", noteMessage(n))
		e.CreateAttr("source", "bgkit."+n.Code)
	}
	return writeXML(w, doc)
}

// codeClimateIssue holds the fields GitLab's Code Quality report reads
// (description, check_name, fingerprint, severity, location.path,
// location.lines.begin) plus type and categories from the Code Climate
// spec.
type codeClimateIssue struct {
	Type        string              `json:"type"`
	CheckName   string              `json:"check_name"`
	Description string              `json:"description"`
	Categories  []string            `json:"categories"`
	Severity    string              `json:"severity"`
	Fingerprint string              `json:"fingerprint"`
	Location    codeClimateLocation `json:"location"`
}

type codeClimateLocation struct {
	Path  string           `json:"path"`
	Lines codeClimateLines `json:"lines"`
}

type codeClimateLines struct {
	Begin int `json:"begin"`
}

var codeClimateSeverity = map[Severity]string{Error: "critical", Warning: "major", Info: "info"}

// lineRefs are the "file:13" references inside messages: they move when
// lines are added above, so fingerprints ignore them.
var lineRefs = lazyre.New(`:\d+(:\d+)?`)

// WriteCodeClimate writes a Code Climate issues array. A fingerprint hashes
// the rule, the file and the message without line numbers, so it stays the
// same across runs and when lines move (GitLab compares fingerprints to
// tell new issues from fixed ones); identical issues are numbered.
// Findings without a line begin at line 1 of their file (GitLab requires a
// line), notes are info issues on the project root.
func WriteCodeClimate(w io.Writer, rep *Report, opt RenderOptions) error {
	issues := []codeClimateIssue{}
	seen := map[string]int{}
	// The fingerprint's path is relative to the project root, so it does
	// not change with the folder bgkit was run from.
	add := func(check, sev, desc, path, rootRel string, line int) {
		if line < 1 {
			line = 1
		}
		key := check + "\x00" + rootRel + "\x00" + lineRefs.Get().ReplaceAllString(desc, "")
		seen[key]++
		if n := seen[key]; n > 1 {
			key += "\x00" + strconv.Itoa(n)
		}
		sum := sha256.Sum256([]byte(key))
		issues = append(issues, codeClimateIssue{
			Type: "issue", CheckName: check, Description: desc, Categories: []string{"Bug Risk"},
			Severity: sev, Fingerprint: hex.EncodeToString(sum[:16]),
			Location: codeClimateLocation{Path: path, Lines: codeClimateLines{Begin: line}},
		})
	}
	for _, f := range rep.Findings {
		path := opt.ciFile(f.File)
		add("bgkit/"+f.Rule, codeClimateSeverity[f.Severity], f.Message, path, filepath.ToSlash(f.File), f.Line)
	}
	// Notes: "not-checked" is minor (--strict fails on it), "info" info.
	for _, n := range rep.Notes {
		sev := "info"
		if n.Code == NoteNotChecked {
			sev = "minor"
		}
		path := opt.ciFile(n.File)
		add("bgkit/"+n.Code, sev, noteMessage(n), path, filepath.ToSlash(n.File), n.Line)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(issues)
}
