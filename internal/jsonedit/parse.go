package jsonedit

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bgkit/bgkit/internal/textedit"
)

// kind is the type of a JSON value.
type kind uint8

const (
	kObject kind = iota + 1
	kArray
	kString
	kNumber
	kTrue
	kFalse
	kNull
)

func (k kind) String() string {
	switch k {
	case kObject:
		return "an object"
	case kArray:
		return "an array"
	case kString:
		return "a string"
	case kNumber:
		return "a number"
	case kTrue, kFalse:
		return "a boolean"
	case kNull:
		return "null"
	}
	return "nothing"
}

// node is one value with the byte span it occupies in the document.
// Offsets are absolute: they count a leading byte order mark.
type node struct {
	kind       kind
	start, end int      // the value: from its first byte to just after its last
	str        string   // kString: the decoded value
	members    []member // kObject, in file order
	elems      []*node  // kArray, in file order
}

// member is one "key": value pair of an object.
type member struct {
	key              string // decoded
	keyStart, keyEnd int    // the key's quoted text
	value            *node
}

// lookup returns the member named key. JSON.parse, which Expo uses, keeps
// the last of duplicate keys, so the last one wins here too.
func (n *node) lookup(key string) (*member, bool) {
	for i := len(n.members) - 1; i >= 0; i-- {
		if n.members[i].key == key {
			return &n.members[i], true
		}
	}
	return nil, false
}

// doc is a parsed document.
type doc struct {
	data []byte
	root *node
}

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 10000

type parser struct {
	data  []byte
	pos   int
	depth int
}

// parse reads strict JSON (RFC 8259): one value, optionally surrounded by
// whitespace, UTF-8 throughout. A leading UTF-8 byte order mark is accepted
// (RFC 8259 §8.1 lets parsers ignore it) and kept by every edit.
func parse(data []byte) (*doc, error) {
	p := &parser{data: data}
	if hasBOM(data) {
		p.pos = len(bom)
	}
	p.skipSpace()
	if p.pos >= len(data) {
		return nil, p.errorf(p.pos, "empty document: expected a JSON value")
	}
	root, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(data) {
		return nil, p.errorf(p.pos, "unexpected %s after the end of the top-level value (unbalanced brackets?)", p.describe(p.pos))
	}
	return &doc{data: data, root: root}, nil
}

var bom = []byte{0xEF, 0xBB, 0xBF}

func hasBOM(data []byte) bool {
	return len(data) >= 3 && data[0] == bom[0] && data[1] == bom[1] && data[2] == bom[2]
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// describe names the token at off for an error message.
func (p *parser) describe(off int) string {
	if off >= len(p.data) {
		return "end of file"
	}
	c := p.data[off]
	if c < 0x20 || c == 0x7f {
		return fmt.Sprintf("control character %#02x", c)
	}
	if c >= 0x80 {
		r, _ := utf8.DecodeRune(p.data[off:])
		if r == utf8.RuneError {
			return "invalid UTF-8"
		}
		return strconv.QuoteRune(r)
	}
	if c == '/' && off+1 < len(p.data) && (p.data[off+1] == '/' || p.data[off+1] == '*') {
		return "comment (JSON has no comments)"
	}
	if isWordStart(c) {
		end := off
		for end < len(p.data) && end-off < 20 && isWordByte(p.data[end]) {
			end++
		}
		return strconv.Quote(string(p.data[off:end]))
	}
	return "'" + string(c) + "'"
}

func isWordStart(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isWordByte(c byte) bool { return isWordStart(c) || c >= '0' && c <= '9' }

func (p *parser) errorf(off int, format string, args ...any) *SyntaxError {
	line, col := position(p.data, off)
	return &SyntaxError{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// position turns a byte offset into a 1-based line and column. Columns
// count characters, not bytes; a byte order mark takes no column.
func position(data []byte, off int) (line, col int) {
	line, col = textedit.NewLines(data).LineCol(off)
	if line == 1 && hasBOM(data) {
		col = max(1, col-1)
	}
	return line, col
}

func (p *parser) value() (*node, error) {
	if p.pos >= len(p.data) {
		return nil, p.errorf(p.pos, "unexpected end of file: expected a value")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		start := p.pos
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &node{kind: kString, start: start, end: p.pos, str: s}, nil
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return p.literal("true", kTrue)
	case c == 'f':
		return p.literal("false", kFalse)
	case c == 'n':
		return p.literal("null", kNull)
	case c == '\'':
		return nil, p.errorf(p.pos, "single-quoted string: JSON strings use double quotes")
	default:
		return nil, p.errorf(p.pos, "unexpected %s: expected a value", p.describe(p.pos))
	}
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return p.errorf(p.pos, "nesting deeper than %d levels", maxDepth)
	}
	return nil
}

func (p *parser) object() (*node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	n := &node{kind: kObject, start: p.pos}
	p.pos++ // {
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		n.end = p.pos
		return n, nil
	}
	comma := -1 // the last comma read
	for {
		if p.pos >= len(p.data) {
			return nil, p.errorf(p.pos, "unexpected end of file: the object opened at %s is not closed", p.at(n.start))
		}
		switch c := p.data[p.pos]; {
		case c == '"':
		case c == '}' && comma >= 0:
			return nil, p.errorf(comma, "trailing comma before '}': JSON does not allow a comma after the last member")
		case c == '\'':
			return nil, p.errorf(p.pos, "single-quoted key: JSON keys use double quotes")
		case isWordStart(c):
			return nil, p.errorf(p.pos, "unquoted key %s: JSON keys are double-quoted strings", p.describe(p.pos))
		default:
			return nil, p.errorf(p.pos, "unexpected %s: expected a double-quoted key", p.describe(p.pos))
		}
		m := member{keyStart: p.pos}
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		m.key, m.keyEnd = key, p.pos
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errorf(p.pos, "unexpected %s after key %s: expected ':'", p.describe(p.pos), strconv.Quote(key))
		}
		p.pos++
		p.skipSpace()
		if m.value, err = p.value(); err != nil {
			return nil, err
		}
		n.members = append(n.members, m)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf(p.pos, "unexpected end of file: the object opened at %s is not closed", p.at(n.start))
		}
		switch p.data[p.pos] {
		case ',':
			comma = p.pos
			p.pos++
			p.skipSpace()
		case '}':
			p.pos++
			n.end = p.pos
			return n, nil
		default:
			return nil, p.errorf(p.pos, "unexpected %s after the value of %s: expected ',' or '}'", p.describe(p.pos), strconv.Quote(key))
		}
	}
}

func (p *parser) array() (*node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	n := &node{kind: kArray, start: p.pos}
	p.pos++ // [
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		n.end = p.pos
		return n, nil
	}
	comma := -1 // the last comma read
	for {
		if p.pos < len(p.data) && p.data[p.pos] == ']' && comma >= 0 {
			return nil, p.errorf(comma, "trailing comma before ']': JSON does not allow a comma after the last element")
		}
		if p.pos < len(p.data) && p.data[p.pos] == ',' {
			return nil, p.errorf(p.pos, "unexpected ',': expected a value (empty array element)")
		}
		if p.pos >= len(p.data) {
			return nil, p.errorf(p.pos, "unexpected end of file: the array opened at %s is not closed", p.at(n.start))
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		n.elems = append(n.elems, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf(p.pos, "unexpected end of file: the array opened at %s is not closed", p.at(n.start))
		}
		switch p.data[p.pos] {
		case ',':
			comma = p.pos
			p.pos++
			p.skipSpace()
		case ']':
			p.pos++
			n.end = p.pos
			return n, nil
		default:
			return nil, p.errorf(p.pos, "unexpected %s after an array element: expected ',' or ']'", p.describe(p.pos))
		}
	}
}

// at names a position for messages ("line 3, column 5").
func (p *parser) at(off int) string {
	line, col := position(p.data, off)
	return fmt.Sprintf("line %d, column %d", line, col)
}

func (p *parser) literal(word string, k kind) (*node, error) {
	start := p.pos
	if !strings.HasPrefix(string(p.data[p.pos:min(len(p.data), p.pos+len(word))]), word) ||
		p.pos+len(word) < len(p.data) && isWordByte(p.data[p.pos+len(word)]) {
		return nil, p.errorf(p.pos, "unexpected %s: expected a value", p.describe(p.pos))
	}
	p.pos += len(word)
	return &node{kind: k, start: start, end: p.pos}, nil
}

func (p *parser) number() (*node, error) {
	start := p.pos
	d := p.data
	i := p.pos
	if d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
		if i < len(d) && d[i] >= '0' && d[i] <= '9' {
			return nil, p.errorf(start, "number with a leading zero")
		}
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	default:
		return nil, p.errorf(i, "invalid number: expected a digit")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return nil, p.errorf(i, "invalid number: expected a digit after '.'")
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return nil, p.errorf(i, "invalid number: expected a digit in the exponent")
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	if i < len(d) && isWordByte(d[i]) {
		return nil, p.errorf(start, "invalid number %s", strconv.Quote(string(d[start:min(len(d), i+1)])))
	}
	p.pos = i
	return &node{kind: kNumber, start: start, end: i}, nil
}

// str reads a double-quoted string at p.pos and returns its decoded value.
func (p *parser) str() (string, error) {
	start := p.pos
	p.pos++ // "
	var b strings.Builder
	plain := p.pos // start of the run of bytes copied as they are
	for {
		if p.pos >= len(p.data) {
			return "", p.errorf(start, "string is not closed before the end of file")
		}
		c := p.data[p.pos]
		switch {
		case c == '"':
			b.Write(p.data[plain:p.pos])
			p.pos++
			return b.String(), nil
		case c == '\\':
			b.Write(p.data[plain:p.pos])
			if err := p.escape(&b); err != nil {
				return "", err
			}
			plain = p.pos
		case c < 0x20:
			if c == '\n' {
				return "", p.errorf(p.pos, "string is not closed at the end of the line (newlines in strings must be written \\n)")
			}
			return "", p.errorf(p.pos, "control character %#02x in a string must be escaped", c)
		case c < utf8.RuneSelf:
			p.pos++
		default:
			r, size := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && size <= 1 {
				return "", p.errorf(p.pos, "invalid UTF-8 in a string")
			}
			p.pos += size
		}
	}
}

// escape decodes one backslash escape at p.pos into b.
func (p *parser) escape(b *strings.Builder) error {
	at := p.pos
	if p.pos+1 >= len(p.data) {
		return p.errorf(at, "string is not closed before the end of file")
	}
	c := p.data[p.pos+1]
	p.pos += 2
	switch c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		r, ok := p.hex4()
		if !ok {
			return p.errorf(at, "invalid \\u escape: expected four hex digits")
		}
		if utf16.IsSurrogate(r) {
			// A high surrogate followed by a low one is one character;
			// a lone surrogate decodes to U+FFFD, as JSON.parse and
			// encoding/json do.
			save := p.pos
			if p.pos+1 < len(p.data) && p.data[p.pos] == '\\' && p.data[p.pos+1] == 'u' {
				p.pos += 2
				if r2, ok := p.hex4(); ok {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						b.WriteRune(dec)
						return nil
					}
				}
			}
			p.pos = save
			r = utf8.RuneError
		}
		b.WriteRune(r)
	default:
		if c > ' ' && c < utf8.RuneSelf {
			return p.errorf(at, "invalid escape '\\%c' in a string", c)
		}
		return p.errorf(at, "invalid escape in a string: a backslash must be followed by one of \"\\/bfnrtu")
	}
	return nil
}

func (p *parser) hex4() (rune, bool) {
	if p.pos+4 > len(p.data) {
		return 0, false
	}
	var r rune
	for _, c := range p.data[p.pos : p.pos+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	p.pos += 4
	return r, true
}
