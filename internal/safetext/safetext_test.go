package safetext

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"ios/App/Info.plist":       "ios/App/Info.plist",
		"héllo wörld 日本":           "héllo wörld 日本",
		"a\n::error file=x::pwned": `a\n::error file=x::pwned`,
		"red \x1b[31mtext\x1b[0m":  `red \x1b[31mtext\x1b[0m`,
		"tab\tkept":                "tab\tkept",
		"cr\r":                     `cr\r`,
		"bidi \u202eevil":          `bidi \u202eevil`,
		"c1 \u009b31m":             `c1 \x9b31m`,
		"bad \xff utf8":            `bad \xff utf8`,
		"del\x7f":                  `del\x7f`,
		"osc \x1b]0;title\x07":     `osc \x1b]0;title\x07`,
		"line\u2028sep":            `line\u2028sep`,
		"\x00":                     `\x00`,
		"":                         "",
		"emoji 🎉 and ZWJ 👩\u200d💻 stay as they are": "emoji 🎉 and ZWJ 👩\u200d💻 stay as they are",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
	if got := EscapeLines("a\r\nb\x1b\rc"); got != "a\r\nb\\x1b\\rc" {
		t.Errorf("EscapeLines = %q", got)
	}
}

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := &Writer{W: &b}
	n, err := w.Write([]byte("log \x1b[2J line\n"))
	if err != nil || n != 14 || b.String() != "log \\x1b[2J line\n" {
		t.Fatalf("%d %v %q", n, err, b.String())
	}
	b.Reset()
	for _, c := range []byte("日本\n") { // one byte at a time
		w.Write([]byte{c})
	}
	if b.String() != "日本\n" {
		t.Fatalf("split characters: %q", b.String())
	}
}

func FuzzEscape(f *testing.F) {
	f.Add("a\n::error::x\x1b[31m\u202e\xff")
	f.Fuzz(func(t *testing.T, s string) {
		for _, keep := range []bool{false, true} {
			out := escape(s, keep)
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q", s)
			}
			for i, r := range out {
				if r == '\n' && keep || r == '\r' && keep && strings.HasPrefix(out[i+1:], "\n") {
					continue
				}
				if r != '\t' && (r == '\n' || unsafe(r)) {
					t.Fatalf("%q left in %q", r, out)
				}
			}
			if keep && strings.Count(out, "\n") != strings.Count(s, "\n") {
				t.Fatalf("newlines not kept")
			}
		}
	})
}
