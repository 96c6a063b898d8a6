// Package safetext makes text from project files and devices safe to print:
// a folder name holding a newline and "::error ..." must not become a line
// of its own (which GitHub Actions reads as a workflow command), and an
// escape sequence in a plist value or a device log must not reach the
// terminal. Every output format that is not JSON (which escapes for itself)
// passes paths and values through Escape.
package safetext

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Escape returns s with every control character (C0 but tab, DEL, C1),
// every Unicode bidirectional or line/paragraph separator control and every
// invalid UTF-8 byte written as a Go-style escape (\n, \x1b, \u202e). Text
// without them comes back as it is.
func Escape(s string) string { return escape(s, false) }

// EscapeLines is Escape keeping line ends (\n and \r\n), for text shown
// line by line.
func EscapeLines(s string) string { return escape(s, true) }

func escape(s string, keepNewline bool) string {
	if clean(s, keepNewline) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' && keepNewline, r == '\t':
			b.WriteRune(r)
		case r == '\r' && keepNewline && strings.HasPrefix(s[i+1:], "\n"):
			b.WriteRune(r) // a CRLF line end
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case unsafe(r):
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func clean(s string, keepNewline bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\r' && keepNewline && i+1 < len(s) && s[i+1] == '\n' {
			continue
		}
		if c < 0x20 && c != '\t' && !(c == '\n' && keepNewline) || c == 0x7f || c >= 0x80 {
			return cleanSlow(s, keepNewline)
		}
	}
	return true
}

func cleanSlow(s string, keepNewline bool) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		}
		if r == '\t' || r == '\n' && keepNewline || r == '\r' && keepNewline && strings.HasPrefix(s[i+1:], "\n") {
			continue
		}
		if r == '\n' || unsafe(r) {
			return false
		}
	}
	return true
}

// unsafe reports the runes a terminal or a log reader may act on.
func unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true // bidirectional controls
	case r == 0x2028 || r == 0x2029:
		return true // line and paragraph separators
	}
	return false
}

// Writer escapes what it passes on (newlines kept), for streams such as a
// device log shown live. A character split across two writes is held back
// until it is whole.
type Writer struct {
	W       io.Writer
	pending []byte
}

func (w *Writer) Write(p []byte) (int, error) {
	buf := append(w.pending, p...)
	// Hold back an incomplete UTF-8 sequence at the end (at most 3 bytes).
	cut := len(buf)
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-3; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				cut = i
			}
			break
		}
	}
	if cut == len(buf) && cut > 0 && buf[cut-1] == '\r' {
		cut-- // it may be the start of a CRLF
	}
	w.pending = append([]byte(nil), buf[cut:]...)
	if _, err := io.WriteString(w.W, EscapeLines(string(buf[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}
