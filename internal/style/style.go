// Package style is bgkit's one colour scheme: the styles the doctor's
// report, the plist and manifest commands and diffs are painted with. It
// only paints; whether a stream gets colour (a terminal, no NO_COLOR, no
// --no-color) is decided by internal/iostreams, and a disabled Styles
// returns text as it is.
package style

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// The palette: ANSI colour numbers.
const (
	colorError   = "9"  // bright red
	colorWarning = "11" // bright yellow
	colorInfo    = "12" // bright blue
	colorPass    = "10" // bright green
	colorHunk    = "6"  // cyan: diff hunk headers
	colorAdded   = "2"  // green: added diff lines
	colorRemoved = "1"  // red: removed diff lines
)

// Style paints text, or returns it as it is when colour is off.
type Style struct {
	st lipgloss.Style
	on bool
}

// Render paints s.
func (s Style) Render(t string) string {
	if !s.on {
		return t
	}
	return s.st.Render(t)
}

// Styles are the styles of one output stream.
type Styles struct {
	Bold, Faint, Heading Style
	// Severities of the doctor's findings, and a passed check.
	Error, Warning, Info, Pass Style
	// Labels of the lines commands print on standard error: a warning
	// looks as the doctor's warnings do, a note as its infos.
	WarningLabel, NoteLabel Style
}

// New returns the styles for w; color false gives styles that paint
// nothing. The renderer has a fixed 256-colour profile: colour was decided
// by the caller, not by sniffing w.
func New(w io.Writer, color bool) Styles {
	r := lipgloss.NewRenderer(w)
	r.SetColorProfile(termenv.ANSI256)
	mk := func(st lipgloss.Style) Style { return Style{st: st, on: color} }
	fg := func(c string) lipgloss.Style { return r.NewStyle().Foreground(lipgloss.Color(c)) }
	warning, info := fg(colorWarning).Bold(true), fg(colorInfo)
	return Styles{
		Bold:         mk(r.NewStyle().Bold(true)),
		Faint:        mk(r.NewStyle().Faint(true)),
		Heading:      mk(r.NewStyle().Bold(true)),
		Error:        mk(fg(colorError).Bold(true)),
		Warning:      mk(warning),
		Info:         mk(info),
		Pass:         mk(fg(colorPass)),
		WarningLabel: mk(warning),
		NoteLabel:    mk(info),
	}
}

// The diff styles paint the lines of a unified diff as git does. termenv
// styles the bytes as they are; lipgloss's Render would turn a file's tabs
// into spaces.

var ansi = termenv.ANSI

func paint(color string) func(string) string {
	return func(s string) string { return ansi.String(s).Foreground(ansi.Color(color)).String() }
}

// DiffHeader paints a "--- " or "+++ " line.
func DiffHeader(s string) string { return ansi.String(s).Bold().String() }

// DiffHunk paints an "@@" line.
func DiffHunk(s string) string { return paint(colorHunk)(s) }

// DiffAdded paints an added line.
func DiffAdded(s string) string { return paint(colorAdded)(s) }

// DiffRemoved paints a removed line.
func DiffRemoved(s string) string { return paint(colorRemoved)(s) }
