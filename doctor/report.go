package doctor

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/project"
)

// RenderOptions shape a report's output.
type RenderOptions struct {
	Color   bool   // text: styled output (a terminal without NO_COLOR)
	Verbose bool   // also show passed checks
	Version string // bgkit's version, for SARIF
	// Prefix is joined before file paths in every format but JSON (where
	// paths stay relative to the root, which is given): the root as the
	// user typed it, so editors and CI find the files from where bgkit ran.
	Prefix string
}

// Escaped returns a copy of rep (and opt) whose every string is passed
// through safetext.Escape: a folder named "x\n::error ..." cannot start a
// line of its own, and no escape sequence from a project file reaches a
// terminal. keepNewlines keeps newlines in messages (for formats that
// encode them themselves).
func Escaped(rep *Report, opt RenderOptions, keepNewlines bool) (*Report, RenderOptions) {
	msg := safetext.Escape
	if keepNewlines {
		msg = safetext.EscapeLines
	}
	esc := func(fs []Finding) []Finding {
		out := make([]Finding, len(fs))
		for i, f := range fs {
			f.Rule, f.File, f.Message = safetext.Escape(f.Rule), safetext.Escape(f.File), msg(f.Message)
			out[i] = f
		}
		return out
	}
	c := *rep
	c.Root = safetext.Escape(rep.Root)
	c.Findings, c.Passed = esc(rep.Findings), esc(rep.Passed)
	c.Frameworks = make([]string, len(rep.Frameworks))
	for i, s := range rep.Frameworks {
		c.Frameworks[i] = safetext.Escape(s)
	}
	c.Notes = make([]Note, len(rep.Notes))
	for i, n := range rep.Notes {
		n.Rule, n.Target, n.File, n.Message = safetext.Escape(n.Rule), safetext.Escape(n.Target), safetext.Escape(n.File), msg(n.Message)
		c.Notes[i] = n
	}
	c.Libraries = make([]project.Library, len(rep.Libraries))
	for i, l := range rep.Libraries {
		l.Name, l.Version, l.File = safetext.Escape(l.Name), safetext.Escape(l.Version), safetext.Escape(l.File)
		c.Libraries[i] = l
	}
	opt.Prefix = safetext.Escape(opt.Prefix)
	return &c, opt
}

// displayPath joins the prefix and a root-relative path, with forward
// slashes.
func (o RenderOptions) displayPath(file string) string {
	if file == "" {
		return ""
	}
	p := filepath.ToSlash(file)
	if o.Prefix != "" && o.Prefix != "." {
		p = path.Join(filepath.ToSlash(o.Prefix), p)
	}
	return p
}

// jsonFinding is a finding in the JSON document: every field present.
type jsonFinding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Platform Platform `json:"platform"`
	Message  string   `json:"message"`
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Fixable  bool     `json:"fixable"`
	Target   string   `json:"target,omitempty"`
}

type jsonLibrary struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	File    string `json:"file"`
	// Installed is the version a lock file says is installed, and that file.
	Installed     string `json:"installed,omitempty"`
	InstalledFrom string `json:"installed_from,omitempty"`
}

type jsonReport struct {
	Root       string        `json:"root"`
	Frameworks []string      `json:"frameworks"`
	Libraries  []jsonLibrary `json:"libraries"`
	Findings   []jsonFinding `json:"findings"`
	Summary    Summary       `json:"summary"`
	// Checked: the platforms whose configuration was read.
	Checked []Platform `json:"checked"`
	// Notes: what could not be checked (code "not-checked") and what the
	// user should know (code "info"); always present.
	Notes  []jsonNote    `json:"notes"`
	Passed []jsonFinding `json:"passed,omitempty"`
}

type jsonNote struct {
	Code     string   `json:"code"`
	Rule     string   `json:"rule,omitempty"`
	Platform Platform `json:"platform,omitempty"`
	Target   string   `json:"target,omitempty"`
	Message  string   `json:"message"`
	File     string   `json:"file,omitempty"`
	Line     int      `json:"line,omitempty"`
}

func toJSONFindings(fs []Finding) []jsonFinding {
	out := make([]jsonFinding, 0, len(fs))
	for _, f := range fs {
		out = append(out, jsonFinding{
			Rule: f.Rule, Severity: f.Severity, Platform: f.Platform, Message: f.Message,
			File: filepath.ToSlash(f.File), Line: f.Line, Column: f.Column, Fixable: f.Fixable, Target: f.Target,
		})
	}
	return out
}

// WriteJSON writes the report as one JSON document; paths are relative to
// the root.
func WriteJSON(w io.Writer, rep *Report, opt RenderOptions) error {
	doc := jsonReport{
		Root:       filepath.ToSlash(rep.Root),
		Frameworks: append([]string{}, rep.Frameworks...),
		Libraries:  []jsonLibrary{},
		Findings:   toJSONFindings(rep.Findings),
		Summary:    rep.Summary(),
		Checked:    append([]Platform{}, rep.Checked...),
		Notes:      []jsonNote{},
	}
	for _, n := range rep.Notes {
		doc.Notes = append(doc.Notes, jsonNote{Code: n.Code, Rule: n.Rule, Platform: n.Platform, Target: n.Target, Message: n.Message, File: filepath.ToSlash(n.File), Line: n.Line})
	}
	for _, l := range rep.Libraries {
		doc.Libraries = append(doc.Libraries, jsonLibrary{Name: l.Name, Version: l.Version, File: filepath.ToSlash(l.File), Installed: l.Installed, InstalledFrom: filepath.ToSlash(l.InstalledFrom)})
	}
	if opt.Verbose {
		doc.Passed = toJSONFindings(rep.Passed)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// WriteGCC writes one `file:line:col: severity: message [rule]` line per
// finding, the form compilers print and editors' problem matchers read.
// Notes follow as `file:line: note: message [code]` (`bgkit: note: ...`
// when no file is the reason; a skipped rule's id is in the message).
func WriteGCC(w io.Writer, rep *Report, opt RenderOptions) error {
	for _, f := range rep.Findings {
		sev := string(f.Severity)
		if f.Severity == Info {
			sev = "note"
		}
		if _, err := fmt.Fprintf(w, "%s: %s: %s [%s]\n", gccLoc(opt.displayPath(f.File), f.Line, f.Column), sev, f.Message, f.Rule); err != nil {
			return err
		}
	}
	for _, n := range rep.Notes {
		if _, err := fmt.Fprintf(w, "%s: note: %s [%s]\n", gccLoc(opt.displayPath(n.File), n.Line, 0), noteMessage(n), n.Code); err != nil {
			return err
		}
	}
	return nil
}

// noteMessage is a note's message with the rule it skipped, for the
// formats that have no field for it.
func noteMessage(n Note) string {
	if n.Rule != "" {
		return n.Rule + ": " + n.Message
	}
	return n.Message
}

func gccLoc(file string, line, col int) string {
	switch {
	case file == "":
		return "bgkit"
	case line > 0 && col > 0:
		return fmt.Sprintf("%s:%d:%d", file, line, col)
	case line > 0:
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}

// GitHubLimit is how many annotations of each kind (error, warning,
// notice) GitHub shows for one step; the rest appear only in the log.
const GitHubLimit = 10

// WriteGitHub writes GitHub Actions workflow commands (::error, ::warning,
// ::notice) that annotate the files of a pull request: errors first, then
// warnings, then notices (infos, then notes), so the annotations GitHub
// shows are the ones that matter. When there are more of a kind than GitHub
// shows, a notice gives the totals and where to read them all; it comes
// last, or first among the notices when they overflow too, so that it is
// always one GitHub shows.
func WriteGitHub(w io.Writer, rep *Report, opt RenderOptions) error {
	var lines [3][]string
	for _, f := range rep.Findings {
		kind := 0
		switch f.Severity {
		case Warning:
			kind = 1
		case Info:
			kind = 2
		}
		var props []string
		if file := opt.displayPath(f.File); file != "" {
			props = append(props, "file="+ghProperty(file))
			if f.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", f.Line))
			}
			if f.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", f.Column))
			}
		}
		props = append(props, "title="+ghProperty(f.Rule))
		lines[kind] = append(lines[kind], fmt.Sprintf("::%s %s::%s\n", ghCommands[kind], strings.Join(props, ","), ghData(f.Message)))
	}
	// Notes are ::notice annotations titled by their code.
	for _, n := range rep.Notes {
		var props []string
		if file := opt.displayPath(n.File); file != "" {
			props = append(props, "file="+ghProperty(file))
			if n.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", n.Line))
			}
		}
		props = append(props, "title="+ghProperty("bgkit "+n.Code))
		lines[2] = append(lines[2], fmt.Sprintf("::notice %s::%s\n", strings.Join(props, ","), ghData(noteMessage(n))))
	}
	var summary string
	if len(lines[0]) > GitHubLimit || len(lines[1]) > GitHubLimit || len(lines[2]) > GitHubLimit {
		summary = fmt.Sprintf("::notice title=bgkit doctor::%s; GitHub shows %d annotations of each kind per step: this step's log lists them all, and bgkit doctor --format text (or --output sarif=bgkit.sarif) gives the whole report\n",
			ghData(fmt.Sprintf("%s, %s, %s", plural(len(lines[0]), "error", "errors"), plural(len(lines[1]), "warning", "warnings"), plural(len(lines[2]), "notice", "notices"))), GitHubLimit)
		if len(lines[2]) >= GitHubLimit {
			lines[2] = append([]string{summary}, lines[2]...)
			summary = ""
		}
	}
	var b strings.Builder
	for _, kind := range lines {
		for _, l := range kind {
			b.WriteString(l)
		}
	}
	b.WriteString(summary)
	_, err := io.WriteString(w, b.String())
	return err
}

var ghCommands = [3]string{"error", "warning", "notice"}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// libraryList is "expo ~54.0.25, expo-background-task ~1.0.8".
func libraryList(libs []project.Library) string {
	var parts []string
	for _, l := range libs {
		if l.Version != "" {
			parts = append(parts, l.Name+" "+l.Version)
		} else {
			parts = append(parts, l.Name)
		}
	}
	return strings.Join(parts, ", ")
}
