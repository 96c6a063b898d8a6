package doctor

import (
	"fmt"
	"io"
	"strings"
)

// Printer writes a report in one format.
type Printer interface {
	Print(w io.Writer, rep *Report, opt RenderOptions) error
}

// PrinterFunc is a function that is a Printer.
type PrinterFunc func(w io.Writer, rep *Report, opt RenderOptions) error

// Print calls f.
func (f PrinterFunc) Print(w io.Writer, rep *Report, opt RenderOptions) error { return f(w, rep, opt) }

// Format is one output format of a doctor report: its name (for --format
// and --output), what it is for, and its printer.
type Format struct {
	Name        string
	Description string
	Printer     Printer
}

// escaped is a printer of a line format: paths and values come from the
// project, so they reach it with control characters escaped (see Escaped).
// keepNewlines keeps newlines in messages for a format that encodes them.
func escaped(p PrinterFunc, keepNewlines bool) Printer {
	return PrinterFunc(func(w io.Writer, rep *Report, opt RenderOptions) error {
		rep, opt = Escaped(rep, opt, keepNewlines)
		return p(w, rep, opt)
	})
}

// formats is every format, in the order help and completion list them.
// JSON, SARIF and Code Climate escape values as JSON does, JUnit and
// Checkstyle as XML allows; the line formats get them escaped.
var formats = []Format{
	{"text", "grouped and coloured on a terminal; plain lines otherwise", escaped(WriteText, false)},
	{"json", "bgkit's JSON document: findings, notes, summary", PrinterFunc(WriteJSON)},
	{"sarif", "SARIF 2.1.0, for code scanning", PrinterFunc(WriteSARIF)},
	{"github", "GitHub Actions workflow annotations", escaped(WriteGitHub, true)}, // ghData writes newlines as %0A
	{"gcc", "file:line:col: severity: message [rule]", escaped(WriteGCC, false)},
	{"junit", "test reports: Bitrise, Codemagic, GitLab, Jenkins", PrinterFunc(WriteJUnit)},
	{"checkstyle", "Checkstyle XML: Jenkins, Danger, SonarQube", PrinterFunc(WriteCheckstyle)},
	{"codeclimate", "GitLab Code Quality", PrinterFunc(WriteCodeClimate)},
}

// Formats returns the report formats, in the order help lists them.
func Formats() []Format { return append([]Format(nil), formats...) }

// FormatNames returns the names of the report formats.
func FormatNames() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.Name
	}
	return names
}

// LookupFormat returns the format with the name.
func LookupFormat(name string) (Format, bool) {
	for _, f := range formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// Write renders the report in the named format.
func Write(w io.Writer, format string, rep *Report, opt RenderOptions) error {
	f, ok := LookupFormat(format)
	if !ok {
		return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(FormatNames(), ", "))
	}
	return f.Printer.Print(w, rep, opt)
}

// RuleFormats are the formats --list-rules writes the catalog in.
var RuleFormats = []string{"text", "grouped and coloured on a terminal; plain lines otherwise", "markdown"}
