package textdiff

import (
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Colorize styles a unified diff for a terminal as git does: file headers
// bold, hunk headers cyan, added lines green, removed lines red. The caller
// decides whether colour is wanted (a terminal, no NO_COLOR); this only
// paints.
func Colorize(diff string) string {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI)
	var (
		header  = r.NewStyle().Bold(true)
		hunk    = r.NewStyle().Foreground(lipgloss.Color("6"))
		added   = r.NewStyle().Foreground(lipgloss.Color("2"))
		removed = r.NewStyle().Foreground(lipgloss.Color("1"))
	)
	var b strings.Builder
	lines := strings.SplitAfter(diff, "\n")
	for _, l := range lines {
		if l == "" {
			continue
		}
		text, nl := strings.CutSuffix(l, "\n")
		switch {
		case strings.HasPrefix(text, "--- "), strings.HasPrefix(text, "+++ "):
			text = header.Render(text)
		case strings.HasPrefix(text, "@@"):
			text = hunk.Render(text)
		case strings.HasPrefix(text, "+"):
			text = added.Render(text)
		case strings.HasPrefix(text, "-"):
			text = removed.Render(text)
		}
		b.WriteString(text)
		if nl {
			b.WriteString("\n")
		}
	}
	return b.String()
}
