// Package xmltok is the XML reader under bgkit's editors. Unlike
// encoding/xml it keeps the byte offset of every tag and attribute, which
// is what lets an edit be spliced in at the exact spot, and it is strict in
// the ways aapt2 (expat) and Apple's parser are: duplicate attributes,
// undefined entities, "--" inside comments, control characters and
// invalid UTF-8 are errors. It never expands DTD entities: a DOCTYPE that
// declares one is refused.
//
// The Scanner reads one construct at a time; manifest and plistcfg build
// their trees from it, each with its own rules about which elements may
// stand where.
package xmltok

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxDepth bounds element nesting, so hostile input cannot exhaust the
// stack or memory. Real manifests and property lists nest a few levels.
const MaxDepth = 256

// BOM is the UTF-8 byte order mark.
var BOM = []byte("\xEF\xBB\xBF")

// SyntaxError is a failure at a byte offset; callers turn it into an error
// that names the file and line.
type SyntaxError struct {
	Off int
	Msg string
}

func (e *SyntaxError) Error() string { return e.Msg }

// Errorf returns a *SyntaxError at off.
func Errorf(off int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Off: off, Msg: fmt.Sprintf(format, args...)}
}

// DepthError is the error for an element nested deeper than MaxDepth.
func DepthError(off int) *SyntaxError {
	return Errorf(off, "nested more than %d levels deep", MaxDepth)
}

// ConflictMarker returns the offset and text of the first line that starts
// with a git merge-conflict marker (<<<<<<<, |||||||, ======= or >>>>>>>
// alone or followed by a blank), and whether there is one.
func ConflictMarker(data []byte) (int, string, bool) {
	for p := 0; p < len(data); {
		e := p
		for e < len(data) && data[e] != '\n' && data[e] != '\r' {
			e++
		}
		l := data[p:e]
		if len(l) >= 7 && (len(l) == 7 || l[7] == ' ' || l[7] == '\t') {
			switch string(l[:7]) {
			case "<<<<<<<", "|||||||", "=======", ">>>>>>>":
				return p, string(l), true
			}
		}
		p = e + 1
		if e+1 < len(data) && data[e] == '\r' && data[e+1] == '\n' {
			p++
		}
	}
	return 0, "", false
}

// CheckChars refuses bytes that cannot be in an XML document: control
// characters, invalid UTF-8, U+FFFE and U+FFFF.
func CheckChars(d []byte) error {
	for i := 0; i < len(d); {
		c := d[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return Errorf(i, "control character 0x%02X is not allowed in XML", c)
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(d[i:])
		if r == utf8.RuneError && size == 1 {
			return Errorf(i, "invalid UTF-8 byte 0x%02X (bgkit reads XML files in UTF-8 only)", c)
		}
		if r == 0xFFFE || r == 0xFFFF {
			return Errorf(i, "character U+%04X is not allowed in XML", r)
		}
		i += size
	}
	return nil
}

// IsSpace reports whether c is XML white space.
func IsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// IsNameStart reports whether c may start an XML name.
func IsNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= utf8.RuneSelf
}

func isNameChar(c byte) bool {
	return IsNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}

// IsXMLChar reports whether r may appear in an XML document.
func IsXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// Scanner reads data from Pos.
type Scanner struct {
	Data []byte
	Pos  int
}

// Has reports whether prefix comes at Pos.
func (s *Scanner) Has(prefix string) bool {
	return s.Pos+len(prefix) <= len(s.Data) && string(s.Data[s.Pos:s.Pos+len(prefix)]) == prefix
}

// HasDecl reports whether an XML declaration "<?xml" starts at Pos.
func (s *Scanner) HasDecl() bool {
	return s.Has("<?xml") && s.Pos+5 < len(s.Data) && (IsSpace(s.Data[s.Pos+5]) || s.Data[s.Pos+5] == '?')
}

// AtEnd reports whether all data is read.
func (s *Scanner) AtEnd() bool { return s.Pos >= len(s.Data) }

// SkipSpace moves past white space.
func (s *Scanner) SkipSpace() {
	for s.Pos < len(s.Data) && IsSpace(s.Data[s.Pos]) {
		s.Pos++
	}
}

// SkipBOM moves past a UTF-8 byte order mark at Pos.
func (s *Scanner) SkipBOM() {
	if s.Has(string(BOM)) {
		s.Pos += len(BOM)
	}
}

// Name reads an XML name ("" when there is none).
func (s *Scanner) Name() string {
	start := s.Pos
	if s.Pos >= len(s.Data) || !IsNameStart(s.Data[s.Pos]) {
		return ""
	}
	s.Pos++
	for s.Pos < len(s.Data) && isNameChar(s.Data[s.Pos]) {
		s.Pos++
	}
	return string(s.Data[start:s.Pos])
}

// XMLDecl reads the XML declaration at Pos, refusing encodings other than
// UTF-8 and its ASCII subset.
func (s *Scanner) XMLDecl() error {
	start := s.Pos
	end := bytes.Index(s.Data[s.Pos:], []byte("?>"))
	if end < 0 {
		return Errorf(start, "unterminated XML declaration")
	}
	body := string(s.Data[s.Pos+5 : s.Pos+end])
	if !strings.Contains(body, "version") {
		return Errorf(start, "XML declaration without a version")
	}
	if i := strings.Index(body, "encoding"); i >= 0 {
		rest := strings.TrimLeft(body[i+len("encoding"):], " \t\r\n")
		rest = strings.TrimLeft(strings.TrimPrefix(rest, "="), " \t\r\n")
		if len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'') {
			if j := strings.IndexByte(rest[1:], rest[0]); j >= 0 {
				switch strings.ToLower(rest[1 : j+1]) {
				case "utf-8", "utf8", "us-ascii", "ascii":
				default:
					return Errorf(start, "encoding %q is not supported; bgkit edits UTF-8 files only", rest[1:j+1])
				}
			}
		}
	}
	s.Pos += end + 2
	return nil
}

// Comment reads the comment at Pos ("<!--") and returns its start.
func (s *Scanner) Comment() (int, error) {
	start := s.Pos
	s.Pos += 4
	end := bytes.Index(s.Data[s.Pos:], []byte("--"))
	if end < 0 {
		return start, Errorf(start, "unterminated comment")
	}
	s.Pos += end
	if !s.Has("-->") {
		return start, Errorf(s.Pos, `"--" is not allowed inside a comment (XML allows it only in the closing "-->")`)
	}
	s.Pos += 3
	return start, nil
}

// PI reads the processing instruction at Pos ("<?").
func (s *Scanner) PI() error {
	start := s.Pos
	s.Pos += 2
	target := s.Name()
	if target == "" {
		return Errorf(start, "processing instruction without a target")
	}
	if strings.EqualFold(target, "xml") {
		return Errorf(start, "the XML declaration <?xml ...?> must be the very first thing in the file")
	}
	end := bytes.Index(s.Data[s.Pos:], []byte("?>"))
	if end < 0 {
		return Errorf(start, "unterminated processing instruction")
	}
	s.Pos += end + 2
	return nil
}

// Doctype skips the DOCTYPE at Pos, refusing entity declarations: bgkit
// never expands entities (no billion laughs, no external files).
func (s *Scanner) Doctype() error {
	start := s.Pos
	s.Pos += len("<!DOCTYPE")
	depth := 0
	for s.Pos < len(s.Data) {
		c := s.Data[s.Pos]
		switch {
		case c == '"' || c == '\'':
			end := bytes.IndexByte(s.Data[s.Pos+1:], c)
			if end < 0 {
				return Errorf(start, "unterminated DOCTYPE")
			}
			s.Pos += end + 2
			continue
		case s.Has("<!--"):
			if _, err := s.Comment(); err != nil {
				return err
			}
			continue
		case s.Has("<!ENTITY"):
			return Errorf(s.Pos, "DTD entity declarations are not allowed (bgkit never expands entities)")
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '>' && depth <= 0:
			s.Pos++
			return nil
		}
		s.Pos++
	}
	return Errorf(start, "unterminated DOCTYPE")
}

// CDATA reads the CDATA section at Pos and returns its content.
func (s *Scanner) CDATA() ([]byte, error) {
	start := s.Pos
	end := bytes.Index(s.Data[s.Pos:], []byte("]]>"))
	if end < 0 {
		return nil, Errorf(start, "unterminated CDATA section")
	}
	s.Pos += end + 3
	return s.Data[start+9 : start+end], nil
}

// Reference reads &name; or &#N; at Pos and returns what it stands for.
func (s *Scanner) Reference() (string, error) {
	start := s.Pos
	end := bytes.IndexByte(s.Data[s.Pos:], ';')
	if end < 0 || end > 40 {
		return "", Errorf(start, "bare '&': write it as &amp;")
	}
	ref := string(s.Data[s.Pos+1 : s.Pos+end])
	s.Pos += end + 1
	switch ref {
	case "amp":
		return "&", nil
	case "lt":
		return "<", nil
	case "gt":
		return ">", nil
	case "quot":
		return `"`, nil
	case "apos":
		return "'", nil
	}
	if !strings.HasPrefix(ref, "#") {
		return "", Errorf(start, "undefined entity &%s; (bgkit never expands DTD entities)", ref)
	}
	var r rune
	digits, base := ref[1:], rune(10)
	if strings.HasPrefix(digits, "x") {
		digits, base = digits[1:], 16
	}
	if digits == "" {
		return "", Errorf(start, "invalid character reference &%s;", ref)
	}
	for _, c := range digits {
		var v rune
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case base == 16 && c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case base == 16 && c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return "", Errorf(start, "invalid character reference &%s;", ref)
		}
		r = r*base + v
		if r > utf8.MaxRune {
			return "", Errorf(start, "invalid character reference &%s;", ref)
		}
	}
	if !IsXMLChar(r) {
		return "", Errorf(start, "character reference &%s; is not an XML character", ref)
	}
	return string(r), nil
}

// Text reads character data up to the next '<' and returns its end. With
// b set, the decoded text (references expanded, line breaks as "\n") is
// written to it.
func (s *Scanner) Text(b *strings.Builder) (int, error) {
	for s.Pos < len(s.Data) {
		switch c := s.Data[s.Pos]; c {
		case '<':
			return s.Pos, nil
		case '&':
			r, err := s.Reference()
			if err != nil {
				return s.Pos, err
			}
			if b != nil {
				b.WriteString(r)
			}
			continue
		case ']':
			if s.Has("]]>") {
				return s.Pos, Errorf(s.Pos, `"]]>" is not allowed in text`)
			}
		case '\r':
			if b != nil {
				b.WriteByte('\n')
			}
			s.Pos++
			if s.Has("\n") {
				s.Pos++
			}
			continue
		}
		if b != nil {
			b.WriteByte(s.Data[s.Pos])
		}
		s.Pos++
	}
	return s.Pos, nil
}

// Attr is one attribute. Start is the offset of its name, End the offset
// just past its closing quote.
type Attr struct {
	Name       string
	Value      string // references decoded, white space normalised
	Start, End int
	Quote      byte
}

// Tag is a start tag or an empty-element tag.
type Tag struct {
	Name    string
	Start   int // offset of '<'
	NameEnd int // offset just past the name
	End     int // offset just past '>' or "/>"
	Self    bool
	Attrs   []Attr
}

// StartTag reads the tag whose '<' is at Pos, refusing duplicate
// attributes (by name as written).
func (s *Scanner) StartTag() (Tag, error) {
	t := Tag{Start: s.Pos}
	s.Pos++
	t.Name = s.Name()
	if t.Name == "" {
		return t, Errorf(t.Start, "'<' must start a tag")
	}
	t.NameEnd = s.Pos
	for {
		sp := s.Pos
		s.SkipSpace()
		if s.Pos >= len(s.Data) {
			return t, Errorf(t.Start, "<%s> is not terminated", t.Name)
		}
		if s.Has("/>") {
			s.Pos += 2
			t.Self, t.End = true, s.Pos
			break
		}
		if s.Has(">") {
			s.Pos++
			t.End = s.Pos
			break
		}
		if s.Pos == sp {
			return t, Errorf(s.Pos, "expected whitespace, '>' or '/>' in <%s>", t.Name)
		}
		a, err := s.attribute(t.Name)
		if err != nil {
			return t, err
		}
		t.Attrs = append(t.Attrs, a)
	}
	var seen map[string]int
	if len(t.Attrs) > 8 {
		seen = make(map[string]int, len(t.Attrs))
	}
	for i, a := range t.Attrs {
		first := -1
		if seen != nil {
			if j, dup := seen[a.Name]; dup {
				first = j
			}
			seen[a.Name] = i
		} else {
			for j, b := range t.Attrs[:i] {
				if b.Name == a.Name {
					first = j
					break
				}
			}
		}
		if first >= 0 {
			return t, &DupAttrError{SyntaxError: *Errorf(a.Start, "duplicate attribute %s in <%s>", a.Name, t.Name), First: t.Attrs[first].Start}
		}
	}
	return t, nil
}

// DupAttrError is a duplicate attribute; First is the offset of the
// attribute it repeats.
type DupAttrError struct {
	SyntaxError
	First int
}

func (s *Scanner) attribute(elem string) (Attr, error) {
	a := Attr{Start: s.Pos}
	a.Name = s.Name()
	if a.Name == "" {
		return a, Errorf(s.Pos, "invalid character %q in <%s>", s.Data[s.Pos], elem)
	}
	s.SkipSpace()
	if !s.Has("=") {
		return a, Errorf(s.Pos, "attribute %s in <%s> has no value", a.Name, elem)
	}
	s.Pos++
	s.SkipSpace()
	if s.Pos >= len(s.Data) || s.Data[s.Pos] != '"' && s.Data[s.Pos] != '\'' {
		return a, Errorf(s.Pos, "the value of %s must be in quotes", a.Name)
	}
	a.Quote = s.Data[s.Pos]
	s.Pos++
	// Most values hold nothing to decode: take them as they are.
	if end := bytes.IndexByte(s.Data[s.Pos:], a.Quote); end >= 0 {
		raw := s.Data[s.Pos : s.Pos+end]
		if bytes.IndexAny(raw, "&<\t\n\r") < 0 {
			a.Value = string(raw)
			s.Pos += end + 1
			a.End = s.Pos
			return a, nil
		}
	}
	var val strings.Builder
	for {
		if s.Pos >= len(s.Data) {
			return a, Errorf(a.Start, "the value of %s is never closed", a.Name)
		}
		c := s.Data[s.Pos]
		switch {
		case c == a.Quote:
			s.Pos++
			a.End = s.Pos
			a.Value = val.String()
			return a, nil
		case c == '<':
			return a, Errorf(s.Pos, "'<' is not allowed in the value of %s", a.Name)
		case c == '&':
			r, err := s.Reference()
			if err != nil {
				return a, err
			}
			val.WriteString(r)
		case c == '\t' || c == '\n':
			val.WriteByte(' ')
			s.Pos++
		case c == '\r':
			val.WriteByte(' ')
			s.Pos++
			if s.Has("\n") {
				s.Pos++
			}
		default:
			val.WriteByte(c)
			s.Pos++
		}
	}
}

// EndTag reads the end tag at Pos ("</") and returns its name.
func (s *Scanner) EndTag() (string, error) {
	s.Pos += 2
	name := s.Name()
	s.SkipSpace()
	if !s.Has(">") {
		return name, Errorf(s.Pos, "expected '>' to end </%s>", name)
	}
	s.Pos++
	return name, nil
}
