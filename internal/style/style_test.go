package style

import (
	"io"
	"testing"
)

// The sequences users see: changing one changes bgkit's output.
func TestStylesBytes(t *testing.T) {
	t.Parallel()
	on := New(io.Discard, true)
	for _, tc := range []struct {
		name string
		got  string
		want string
	}{
		{"bold", on.Bold.Render("UIBackgroundModes"), "\x1b[1mUIBackgroundModes\x1b[0m"},
		{"warning label", on.WarningLabel.Render("warning:"), "\x1b[1;93mwarning:\x1b[0m"},
		{"note label", on.NoteLabel.Render("note:"), "\x1b[94mnote:\x1b[0m"},
		{"warning", on.Warning.Render("! warning"), "\x1b[1;93m! warning\x1b[0m"},
		{"error", on.Error.Render("x"), "\x1b[1;91mx\x1b[0m"},
		{"diff hunk", DiffHunk("@@ -1 +1 @@"), "\x1b[36m@@ -1 +1 @@\x1b[0m"},
		{"diff added", DiffAdded("+a\tb"), "\x1b[32m+a\tb\x1b[0m"},
		{"diff removed", DiffRemoved("-a"), "\x1b[31m-a\x1b[0m"},
		{"diff header", DiffHeader("--- a"), "\x1b[1m--- a\x1b[0m"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestStylesOff(t *testing.T) {
	t.Parallel()
	off := New(io.Discard, false)
	for _, s := range []Style{off.Bold, off.Faint, off.Heading, off.Error, off.Warning, off.Info, off.Pass, off.WarningLabel, off.NoteLabel} {
		if got := s.Render("a\tb"); got != "a\tb" {
			t.Errorf("colour off: got %q", got)
		}
	}
}
