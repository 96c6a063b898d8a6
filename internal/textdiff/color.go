package textdiff

import (
	"strings"

	"github.com/bgkit/bgkit/internal/style"
)

// Colorize styles a unified diff for a terminal as git does: file headers
// bold, hunk headers cyan, added lines green, removed lines red. The caller
// decides whether colour is wanted (a terminal, no NO_COLOR); this only
// paints.
func Colorize(diff string) string {
	header, hunk, added, removed := style.DiffHeader, style.DiffHunk, style.DiffAdded, style.DiffRemoved
	var b strings.Builder
	lines := strings.SplitAfter(diff, "\n")
	for _, l := range lines {
		if l == "" {
			continue
		}
		text, nl := strings.CutSuffix(l, "\n")
		switch {
		case strings.HasPrefix(text, "--- "), strings.HasPrefix(text, "+++ "):
			text = header(text)
		case strings.HasPrefix(text, "@@"):
			text = hunk(text)
		case strings.HasPrefix(text, "+"):
			text = added(text)
		case strings.HasPrefix(text, "-"):
			text = removed(text)
		}
		b.WriteString(text)
		if nl {
			b.WriteString("\n")
		}
	}
	return b.String()
}
