package trigger

import (
	"strings"
	"testing"
)

func TestLineTee(t *testing.T) {
	var out strings.Builder
	var lines []string
	tee := NewLineTee(&out, func(l string) { lines = append(lines, l) })
	for _, p := range []string{"one\ntw", "o\n\x1b[31mred\n", "last"} {
		if n, err := tee.Write([]byte(p)); n != len(p) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", p, n, err)
		}
	}
	tee.Locked(func() {
		if got := strings.Join(lines, "|"); got != "one|two|\x1b[31mred" {
			t.Errorf("lines before the end: %q", got)
		}
	})
	tee.Flushed(func() {
		if got := strings.Join(lines, "|"); got != "one|two|\x1b[31mred|last" {
			t.Errorf("lines after Flushed: %q", got)
		}
	})
	if want := "one\ntwo\n\\x1b[31mred\nlast"; out.String() != want {
		t.Errorf("passed through %q, want %q (escapes shown, not sent)", out.String(), want)
	}

	// A line that never ends is handed over in parts, and nothing is kept
	// beyond maxLine; no writer means the log is only read.
	lines = nil
	tee = NewLineTee(nil, func(l string) { lines = append(lines, l) })
	tee.Write([]byte(strings.Repeat("x", maxLine+1)))
	if len(lines) != 1 || len(lines[0]) != maxLine+1 || len(tee.partial) != 0 {
		t.Errorf("a long line: %d parts, kept %d bytes", len(lines), len(tee.partial))
	}
}

// FuzzLineTee: the lines and the text passed through do not depend on how
// the stream is cut into writes.
func FuzzLineTee(f *testing.F) {
	f.Add("a\nb\nc", 1)
	f.Add("\n\n\x1b[0m\r\n", 3)
	f.Fuzz(func(t *testing.T, s string, cut int) {
		if len(s) > 4096 {
			return
		}
		run := func(parts []string) (string, string) {
			var out strings.Builder
			var lines []string
			tee := NewLineTee(&out, func(l string) { lines = append(lines, l) })
			for _, p := range parts {
				tee.Write([]byte(p))
			}
			tee.Flushed(func() {})
			return out.String(), strings.Join(lines, "\x00")
		}
		var parts []string
		if cut <= 0 {
			cut = 1
		}
		for rest := s; rest != ""; {
			n := min(cut, len(rest))
			parts = append(parts, rest[:n])
			rest = rest[n:]
		}
		wholeOut, wholeLines := run([]string{s})
		cutOut, cutLines := run(parts)
		if cutLines != wholeLines {
			t.Errorf("lines differ: whole %q, cut %q", wholeLines, cutLines)
		}
		if cutOut != wholeOut {
			t.Errorf("passed through differs: whole %q, cut %q", wholeOut, cutOut)
		}
	})
}
