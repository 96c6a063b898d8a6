package jsobj

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tNumber
	tString
	tTemplate
	tPunct
	tRegex // a regular expression literal, /.../flags
)

type token struct {
	kind      tokKind
	text      string // decoded string, identifier, number or punctuation
	raw       string // as written
	off       int
	line, col int
	src       []byte // set on the EOF token only
}

func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of input"
	case tString, tTemplate:
		return "string " + shorten(t.raw)
	case tNumber:
		return "number " + t.raw
	case tIdent:
		return fmt.Sprintf("%q", t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

func shorten(s string) string {
	if len(s) > 24 {
		return s[:21] + "..."
	}
	return s
}

type lexer struct {
	src  []byte
	off  int
	line int
	col  int
}

func (l *lexer) advance(n int) {
	for i := 0; i < n && l.off < len(l.src); i++ {
		if l.src[l.off] == '\n' {
			l.line++
			l.col = 1
		} else {
			l.col++
		}
		l.off++
	}
}

func (l *lexer) errHere(format string, args ...any) error {
	return &SyntaxError{Line: l.line, Col: l.col, Msg: fmt.Sprintf(format, args...)}
}

// tokenize splits data into tokens; the last token is always tEOF.
func tokenize(data []byte) ([]token, error) {
	l := &lexer{src: data, line: 1, col: 1}
	// A byte-order mark is not part of the text.
	if strings.HasPrefix(string(data[:min(3, len(data))]), "\uFEFF") {
		l.off = 3
	}
	var toks []token
	for {
		if err := l.skipSpace(); err != nil {
			return nil, err
		}
		if l.off >= len(l.src) {
			toks = append(toks, token{kind: tEOF, off: l.off, line: l.line, col: l.col, src: data})
			return toks, nil
		}
		var prev *token
		if len(toks) > 0 {
			prev = &toks[len(toks)-1]
		}
		t, err := l.token(prev)
		if err != nil {
			return nil, err
		}
		toks = append(toks, t)
	}
}

func (l *lexer) skipSpace() error {
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			l.advance(1)
		case c == '/' && l.off+1 < len(l.src) && l.src[l.off+1] == '/':
			for l.off < len(l.src) && l.src[l.off] != '\n' {
				l.advance(1)
			}
		case c == '/' && l.off+1 < len(l.src) && l.src[l.off+1] == '*':
			line, col := l.line, l.col
			end := strings.Index(string(l.src[l.off+2:]), "*/")
			if end < 0 {
				return &SyntaxError{Line: line, Col: col, Msg: "unclosed /* comment"}
			}
			l.advance(end + 4)
		case c == '#' && l.off == 0 && l.off+1 < len(l.src) && l.src[1] == '!':
			// #! line of a script.
			for l.off < len(l.src) && l.src[l.off] != '\n' {
				l.advance(1)
			}
		case c >= 0x80:
			r, size := utf8.DecodeRune(l.src[l.off:])
			if r == '\u00a0' || r == '\ufeff' || r == '\u2028' || r == '\u2029' {
				l.advance(size)
				continue
			}
			return nil
		default:
			return nil
		}
	}
	return nil
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// regexAllowed reports whether a '/' after prev starts a regular
// expression literal rather than a division: at the start, after an
// operator or opening bracket, or after a keyword such as return.
func regexAllowed(prev *token) bool {
	if prev == nil {
		return true
	}
	switch prev.kind {
	case tNumber, tString, tTemplate, tRegex:
		return false
	case tIdent:
		switch prev.text {
		case "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await":
			return true
		}
		return false
	case tPunct:
		return prev.text != ")" && prev.text != "]" && prev.text != "}"
	}
	return true
}

// regex reads a regular expression literal at l.off ('/'): a '/' inside a
// character class or after a backslash does not end it, and neither "/*"
// nor "//" inside it starts a comment. It returns false (and reads
// nothing) when no literal ends on this line.
func (l *lexer) regex() (string, bool) {
	i, inClass := l.off+1, false
	for ; i < len(l.src); i++ {
		switch c := l.src[i]; {
		case c == '\\':
			i++
		case c == '\n' || c == '\r':
			return "", false
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case c == '/' && !inClass:
			j := i + 1
			for j < len(l.src) && isIdentByte(l.src[j]) && l.src[j] < 0x80 {
				j++
			}
			raw := string(l.src[l.off:j])
			l.advance(j - l.off)
			return raw, true
		}
	}
	return "", false
}

func (l *lexer) token(prev *token) (token, error) {
	start := token{off: l.off, line: l.line, col: l.col}
	c := l.src[l.off]
	if c == '/' && regexAllowed(prev) {
		if raw, ok := l.regex(); ok {
			start.kind, start.text, start.raw = tRegex, raw, raw
			return start, nil
		}
	}
	switch {
	case c == '"' || c == '\'':
		s, err := l.quoted(c)
		if err != nil {
			return token{}, err
		}
		start.kind, start.text, start.raw = tString, s, string(l.src[start.off:l.off])
		return start, nil
	case c == '`':
		s, err := l.template()
		if err != nil {
			return token{}, err
		}
		start.kind, start.text, start.raw = tTemplate, s, string(l.src[start.off:l.off])
		return start, nil
	case (c >= '0' && c <= '9') || (c == '.' && l.off+1 < len(l.src) && l.src[l.off+1] >= '0' && l.src[l.off+1] <= '9'):
		i := l.off
		for i < len(l.src) {
			b := l.src[i]
			if (b == '+' || b == '-') && i > l.off && (l.src[i-1] == 'e' || l.src[i-1] == 'E') && !strings.HasPrefix(strings.ToLower(string(l.src[l.off:i])), "0x") {
				i++
				continue
			}
			if b == '.' || isIdentByte(b) && b < 0x80 {
				i++
				continue
			}
			break
		}
		start.kind = tNumber
		start.text = string(l.src[l.off:i])
		start.raw = start.text
		l.advance(i - l.off)
		return start, nil
	case isIdentByte(c):
		i := l.off
		for i < len(l.src) && isIdentByte(l.src[i]) {
			i++
		}
		start.kind = tIdent
		start.text = string(l.src[l.off:i])
		start.raw = start.text
		l.advance(i - l.off)
		return start, nil
	}
	n := 1
	if strings.HasPrefix(string(l.src[l.off:min(l.off+3, len(l.src))]), "...") {
		n = 3
	}
	start.kind = tPunct
	start.text = string(l.src[l.off : l.off+n])
	start.raw = start.text
	l.advance(n)
	return start, nil
}

// quoted reads a '...' or "..." string and decodes its escapes.
func (l *lexer) quoted(q byte) (string, error) {
	line, col := l.line, l.col
	l.advance(1)
	var b strings.Builder
	for {
		if l.off >= len(l.src) || l.src[l.off] == '\n' {
			return "", &SyntaxError{Line: line, Col: col, Msg: "unterminated string"}
		}
		c := l.src[l.off]
		if c == q {
			l.advance(1)
			return b.String(), nil
		}
		if c != '\\' {
			b.WriteByte(c)
			l.advance(1)
			continue
		}
		if err := l.escape(&b); err != nil {
			return "", err
		}
	}
}

// escape decodes the escape sequence at l.off (which holds the backslash).
func (l *lexer) escape(b *strings.Builder) error {
	if l.off+1 >= len(l.src) {
		return l.errHere("unterminated escape sequence")
	}
	e := l.src[l.off+1]
	switch e {
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'v':
		b.WriteByte('\v')
	case '0':
		b.WriteByte(0)
	case '\n':
		// Line continuation.
	case 'x':
		if l.off+4 > len(l.src) {
			return l.errHere("bad \\x escape")
		}
		v, err := strconv.ParseUint(string(l.src[l.off+2:l.off+4]), 16, 8)
		if err != nil {
			return l.errHere("bad \\x escape")
		}
		b.WriteRune(rune(v))
		l.advance(4)
		return nil
	case 'u':
		rest := l.src[l.off+2:]
		var hex string
		n := 0
		if len(rest) > 0 && rest[0] == '{' {
			end := strings.IndexByte(string(rest[:min(len(rest), 10)]), '}')
			if end < 0 {
				return l.errHere("bad \\u{} escape")
			}
			hex, n = string(rest[1:end]), end+1
		} else {
			if len(rest) < 4 {
				return l.errHere("bad \\u escape")
			}
			hex, n = string(rest[:4]), 4
		}
		v, err := strconv.ParseUint(hex, 16, 32)
		if err != nil || v > utf8.MaxRune {
			return l.errHere("bad \\u escape")
		}
		b.WriteRune(rune(v))
		l.advance(2 + n)
		return nil
	default:
		b.WriteByte(e)
	}
	l.advance(2)
	return nil
}

// template reads a `...` template literal; ${...} parts stay in raw text.
func (l *lexer) template() (string, error) {
	line, col := l.line, l.col
	l.advance(1)
	var b strings.Builder
	for {
		if l.off >= len(l.src) {
			return "", &SyntaxError{Line: line, Col: col, Msg: "unterminated template string"}
		}
		c := l.src[l.off]
		switch {
		case c == '`':
			l.advance(1)
			return b.String(), nil
		case c == '\\':
			if err := l.escape(&b); err != nil {
				return "", err
			}
		case c == '$' && l.off+1 < len(l.src) && l.src[l.off+1] == '{':
			// Skip the substitution, counting braces.
			depth := 0
			for l.off < len(l.src) {
				ch := l.src[l.off]
				l.advance(1)
				if ch == '{' {
					depth++
				} else if ch == '}' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if depth != 0 {
				return "", &SyntaxError{Line: line, Col: col, Msg: "unterminated template string"}
			}
		default:
			b.WriteByte(c)
			l.advance(1)
		}
	}
}
