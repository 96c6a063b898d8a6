package plistcfg

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// This file holds a small XML reader made for property lists. Unlike
// encoding/xml it keeps the byte offsets of every element, so edits can be
// spliced into the original text, and it is strict where a plist must be
// (one root, known elements, keys paired with values, no stray text) while
// leaving comments, CDATA, entity references, DOCTYPE and processing
// instructions untouched in the bytes.

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 256

// elem is one element with its position in the file.
type elem struct {
	name       string
	start      int // offset of '<' of the start tag
	openEnd    int // offset just past the start tag's '>'
	closeStart int // offset of "</" of the end tag; == end for a self-closing tag
	end        int // offset just past the end tag's '>' (or "/>")
	self       bool
	line       int
	kids       []*elem // child elements (containers only)
	comments   []span  // comments directly inside (containers only)
	text       string  // decoded character data (leaf elements only)
}

// span is a range of bytes [start, end).
type span struct{ start, end int }

// xmlDoc is a scanned XML property list.
type xmlDoc struct {
	data  []byte
	plist *elem // the <plist> element; nil when the root is the dict itself
	dict  *elem // the top-level <dict>
}

type scanner struct {
	name string
	data []byte
	pos  int

	// line tracking: lineAt counts from the last answered offset, which
	// keeps the whole scan linear because offsets mostly move forward.
	lpos, lline int

	// dups, when set, collects duplicate top-level keys (ParseKeepLast).
	dups *[]DuplicateKey
}

// lineAt returns the 1-based line of offset p.
func (s *scanner) lineAt(p int) int {
	if p >= s.lpos {
		s.lline += countLines(s.data[s.lpos:p])
	} else {
		s.lline -= countLines(s.data[p:s.lpos])
	}
	s.lpos = p
	return s.lline
}

// countLines counts line breaks: "\n", and "\r" not followed by "\n".
func countLines(b []byte) int {
	n := bytes.Count(b, []byte{'\n'})
	if bytes.IndexByte(b, '\r') >= 0 {
		for i, c := range b {
			if c == '\r' && (i+1 >= len(b) || b[i+1] != '\n') {
				n++
			}
		}
	}
	return n
}

func (s *scanner) errAt(p int, format string, args ...any) *ParseError {
	if p > len(s.data) {
		p = len(s.data)
	}
	line := s.lineAt(p)
	ls := lineStart(s.data, p)
	return &ParseError{File: s.name, Line: line, Col: utf8.RuneCount(s.data[ls:p]) + 1, Msg: fmt.Sprintf(format, args...)}
}

// lineStart returns the offset where the line holding p begins.
func lineStart(data []byte, p int) int {
	for i := p - 1; i >= 0; i-- {
		if data[i] == '\n' || data[i] == '\r' {
			return i + 1
		}
	}
	return 0
}

// lineEnd returns the offset of the line break ending the line holding p
// (len(data) when the line is the last one and has none).
func lineEnd(data []byte, p int) int {
	for i := p; i < len(data); i++ {
		if data[i] == '\n' || data[i] == '\r' {
			return i
		}
	}
	return len(data)
}

// breakLen is the length of the line break at p (0 at the end of data).
func breakLen(data []byte, p int) int {
	switch {
	case p >= len(data):
		return 0
	case data[p] == '\r' && p+1 < len(data) && data[p+1] == '\n':
		return 2
	default:
		return 1
	}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// conflictMarker reports the first line that starts with a git merge
// conflict marker, or 0.
func conflictMarker(data []byte) (int, int) {
	line := 1
	for p := 0; p < len(data); {
		e := lineEnd(data, p)
		l := data[p:e]
		for _, m := range []string{"<<<<<<<", "=======", ">>>>>>>", "|||||||"} {
			if bytes.HasPrefix(l, []byte(m)) {
				rest := l[len(m):]
				if len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' {
					return line, p
				}
			}
		}
		p = e + breakLen(data, e)
		line++
	}
	return 0, 0
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) && isSpace(s.data[s.pos]) {
		s.pos++
	}
}

func (s *scanner) has(prefix string) bool {
	return bytes.HasPrefix(s.data[s.pos:], []byte(prefix))
}

// scanXML reads an XML property list. data may start with a UTF-8 BOM.
func scanXML(name string, data []byte) (*xmlDoc, error) {
	return scanXMLDup(name, data, nil)
}

// scanXMLDup is scanXML that, with dups set, records top-level keys that
// appear twice instead of refusing the document.
func scanXMLDup(name string, data []byte, dups *[]DuplicateKey) (*xmlDoc, error) {
	s := &scanner{name: name, data: data, lline: 1, dups: dups}
	if bytes.HasPrefix(data, utf8BOM) {
		s.pos = len(utf8BOM)
	}
	if !utf8.Valid(data[s.pos:]) {
		i := s.pos
		for i < len(data) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return nil, s.errAt(i, "invalid UTF-8 (bgkit reads XML property lists in UTF-8 only)")
	}
	if s.has("<?xml") && s.pos+5 < len(data) && isSpace(data[s.pos+5]) {
		if err := s.skipPI(); err != nil {
			return nil, err
		}
	}
	// Prolog: comments, processing instructions, one DOCTYPE.
	doctype := false
	for {
		s.skipSpace()
		switch {
		case s.pos >= len(data):
			return nil, s.errAt(s.pos, "no <plist> element: this is not an XML property list")
		case s.has("<?xml") && s.pos+5 < len(data) && (isSpace(data[s.pos+5]) || data[s.pos+5] == '?'):
			return nil, s.errAt(s.pos, "the XML declaration <?xml ...?> must be the very first thing in the file")
		case s.has("<?"):
			if err := s.skipPI(); err != nil {
				return nil, err
			}
		case s.has("<!--"):
			if err := s.skipComment(); err != nil {
				return nil, err
			}
		case s.has("<!DOCTYPE"):
			if doctype {
				return nil, s.errAt(s.pos, "a second DOCTYPE")
			}
			doctype = true
			if err := s.skipDoctype(); err != nil {
				return nil, err
			}
		case s.has("<"):
			goto root
		default:
			return nil, s.errAt(s.pos, "text before the <plist> element: this is not an XML property list")
		}
	}
root:
	root, err := s.element(0)
	if err != nil {
		return nil, err
	}
	for {
		s.skipSpace()
		switch {
		case s.pos >= len(data):
			goto done
		case s.has("<!--"):
			if err := s.skipComment(); err != nil {
				return nil, err
			}
		case s.has("<?xml") && s.pos+5 < len(data) && (isSpace(data[s.pos+5]) || data[s.pos+5] == '?'):
			return nil, s.errAt(s.pos, "an XML declaration after the end of the property list")
		case s.has("<?"):
			if err := s.skipPI(); err != nil {
				return nil, err
			}
		default:
			return nil, s.errAt(s.pos, "content after the end of the </%s> element", root.name)
		}
	}
done:
	doc := &xmlDoc{data: data}
	switch root.name {
	case "plist":
		doc.plist = root
		if len(root.kids) == 0 {
			return nil, s.errAt(root.start, "the <plist> element is empty: the root must be a <dict>")
		}
		if len(root.kids) > 1 {
			return nil, s.errAt(root.kids[1].start, "the <plist> element holds more than one value")
		}
		doc.dict = root.kids[0]
	default:
		doc.dict = root
	}
	if doc.dict.name != "dict" {
		return nil, s.errAt(doc.dict.start, "the root is <%s>, not a <dict>", doc.dict.name)
	}
	if err := s.checkTopKeys(doc.dict); err != nil {
		return nil, err
	}
	return doc, nil
}

func (s *scanner) skipPI() error {
	start := s.pos
	i := bytes.Index(s.data[s.pos+2:], []byte("?>"))
	if i < 0 {
		return s.errAt(start, "unterminated processing instruction <?...")
	}
	s.pos += 2 + i + 2
	return nil
}

func (s *scanner) skipComment() error {
	start := s.pos
	body := s.data[s.pos+4:]
	i := bytes.Index(body, []byte("--"))
	if i < 0 {
		return s.errAt(start, "unterminated comment <!--")
	}
	if i+2 >= len(body) || body[i+2] != '>' {
		return s.errAt(s.pos+4+i, `"--" inside a comment (XML allows it only in the closing "-->")`)
	}
	s.pos += 4 + i + 3
	return nil
}

func (s *scanner) skipDoctype() error {
	start := s.pos
	s.pos += len("<!DOCTYPE")
	var quote byte
	bracket := false
	for ; s.pos < len(s.data); s.pos++ {
		c := s.data[s.pos]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			bracket = true
		case c == ']':
			bracket = false
		case c == '>' && !bracket:
			s.pos++
			return nil
		}
	}
	return s.errAt(start, "unterminated <!DOCTYPE")
}

// The elements a property list may hold.
var (
	containerElems = map[string]bool{"plist": true, "dict": true, "array": true}
	textElems      = map[string]bool{"key": true, "string": true, "integer": true, "real": true, "date": true, "data": true}
	emptyElems     = map[string]bool{"true": true, "false": true}
)

// element reads one element starting at s.pos ('<').
func (s *scanner) element(depth int) (*elem, error) {
	if depth > maxDepth {
		return nil, s.errAt(s.pos, "nested more than %d levels deep", maxDepth)
	}
	e := &elem{start: s.pos}
	s.pos++
	n := s.pos
	for s.pos < len(s.data) && isNameByte(s.data[s.pos]) {
		s.pos++
	}
	if n == s.pos {
		return nil, s.errAt(e.start, "malformed tag: expected an element name after '<'")
	}
	e.name = string(s.data[n:s.pos])
	e.line = s.lineAt(e.start)
	if !containerElems[e.name] && !textElems[e.name] && !emptyElems[e.name] {
		return nil, s.errAt(e.start, "<%s> is not a property list element", e.name)
	}
	if e.name == "plist" && depth > 0 {
		return nil, s.errAt(e.start, "<plist> inside another element")
	}
	if err := s.attributes(e); err != nil {
		return nil, err
	}
	if e.self {
		e.closeStart, e.end = s.pos, s.pos
		if e.name == "integer" || e.name == "real" || e.name == "date" {
			return nil, s.errAt(e.start, "empty <%s/>", e.name)
		}
		return e, nil
	}
	var text strings.Builder
	for {
		if s.pos >= len(s.data) {
			return nil, s.errAt(e.start, "<%s> is never closed", e.name)
		}
		c := s.data[s.pos]
		if c != '<' {
			// Character data up to the next markup.
			i := bytes.IndexByte(s.data[s.pos:], '<')
			if i < 0 {
				i = len(s.data) - s.pos
			}
			chunk := s.data[s.pos : s.pos+i]
			if !textElems[e.name] {
				if k := bytes.IndexFunc(chunk, func(r rune) bool { return !(r == ' ' || r == '\t' || r == '\n' || r == '\r') }); k >= 0 {
					return nil, s.errAt(s.pos+k, "unexpected text inside <%s>", e.name)
				}
			} else if err := s.charData(&text, chunk); err != nil {
				return nil, err
			}
			s.pos += i
			continue
		}
		switch {
		case s.has("</"):
			e.closeStart = s.pos
			s.pos += 2
			n := s.pos
			for s.pos < len(s.data) && isNameByte(s.data[s.pos]) {
				s.pos++
			}
			if got := string(s.data[n:s.pos]); got != e.name {
				return nil, s.errAt(e.closeStart, "</%s> closes <%s> (opened on line %d)", got, e.name, e.line)
			}
			s.skipSpace()
			if s.pos >= len(s.data) || s.data[s.pos] != '>' {
				return nil, s.errAt(e.closeStart, "malformed end tag </%s", e.name)
			}
			s.pos++
			e.end = s.pos
			if textElems[e.name] {
				e.text = text.String()
			}
			return e, s.checkElem(e)
		case s.has("<!--"):
			cs := s.pos
			if err := s.skipComment(); err != nil {
				return nil, err
			}
			if containerElems[e.name] {
				e.comments = append(e.comments, span{cs, s.pos})
			}
		case s.has("<![CDATA["):
			start := s.pos
			i := bytes.Index(s.data[s.pos:], []byte("]]>"))
			if i < 0 {
				return nil, s.errAt(start, "unterminated <![CDATA[")
			}
			if !textElems[e.name] {
				return nil, s.errAt(start, "unexpected CDATA inside <%s>", e.name)
			}
			text.WriteString(normalizeBreaks(string(s.data[start+9 : start+i])))
			s.pos += i + 3
		case s.has("<?"):
			if err := s.skipPI(); err != nil {
				return nil, err
			}
		case s.has("<!"):
			return nil, s.errAt(s.pos, "unexpected <! markup inside <%s>", e.name)
		default:
			if !containerElems[e.name] {
				return nil, s.errAt(s.pos, "<%s> cannot hold elements", e.name)
			}
			k, err := s.element(depth + 1)
			if err != nil {
				return nil, err
			}
			e.kids = append(e.kids, k)
		}
	}
}

// attributes reads the attributes of a start tag and its closing '>' or "/>".
func (s *scanner) attributes(e *elem) error {
	seen := map[string]bool{}
	for {
		sp := s.pos
		s.skipSpace()
		if s.pos >= len(s.data) {
			return s.errAt(e.start, "unterminated <%s> tag", e.name)
		}
		switch c := s.data[s.pos]; {
		case c == '>':
			s.pos++
			e.openEnd = s.pos
			return nil
		case c == '/' && s.pos+1 < len(s.data) && s.data[s.pos+1] == '>':
			s.pos += 2
			e.openEnd = s.pos
			e.self = true
			return nil
		case isNameByte(c) && sp != s.pos:
			n := s.pos
			for s.pos < len(s.data) && isNameByte(s.data[s.pos]) {
				s.pos++
			}
			attr := string(s.data[n:s.pos])
			if seen[attr] {
				return s.errAt(n, "attribute %s appears twice", attr)
			}
			seen[attr] = true
			s.skipSpace()
			if s.pos >= len(s.data) || s.data[s.pos] != '=' {
				return s.errAt(n, "attribute %s has no value", attr)
			}
			s.pos++
			s.skipSpace()
			if s.pos >= len(s.data) || (s.data[s.pos] != '"' && s.data[s.pos] != '\'') {
				return s.errAt(n, "attribute %s: value must be quoted", attr)
			}
			q := s.data[s.pos]
			i := bytes.IndexByte(s.data[s.pos+1:], q)
			if i < 0 {
				return s.errAt(n, "attribute %s: unterminated value", attr)
			}
			v := s.data[s.pos+1 : s.pos+1+i]
			if bytes.IndexByte(v, '<') >= 0 {
				return s.errAt(n, "attribute %s: '<' in a value", attr)
			}
			var sink strings.Builder
			s.pos++
			if err := s.charData(&sink, v); err != nil {
				return err
			}
			s.pos += i + 1
		default:
			return s.errAt(s.pos, "malformed <%s> tag", e.name)
		}
	}
}

// charData decodes character data (entity references, line breaks) into b.
func (s *scanner) charData(b *strings.Builder, chunk []byte) error {
	base := s.pos
	for i := 0; i < len(chunk); {
		c := chunk[i]
		switch {
		case c == '&':
			j := bytes.IndexByte(chunk[i:], ';')
			if j < 0 || j > 12 {
				return s.errAt(base+i, "bare '&': write it as &amp;")
			}
			ref := string(chunk[i+1 : i+j])
			r, ok := entity(ref)
			if !ok {
				return s.errAt(base+i, "unknown entity &%s;", ref)
			}
			b.WriteString(r)
			i += j + 1
		case c == '\r':
			b.WriteByte('\n')
			if i+1 < len(chunk) && chunk[i+1] == '\n' {
				i++
			}
			i++
		case c < 0x20 && c != '\t' && c != '\n':
			return s.errAt(base+i, "control character %#02x is not allowed in XML", c)
		default:
			b.WriteByte(c)
			i++
		}
	}
	return nil
}

func entity(ref string) (string, bool) {
	switch ref {
	case "lt":
		return "<", true
	case "gt":
		return ">", true
	case "amp":
		return "&", true
	case "apos":
		return "'", true
	case "quot":
		return `"`, true
	}
	if strings.HasPrefix(ref, "#") {
		var n uint64
		var err error
		if strings.HasPrefix(ref, "#x") {
			n, err = strconv.ParseUint(ref[2:], 16, 32)
		} else {
			n, err = strconv.ParseUint(ref[1:], 10, 32)
		}
		r := rune(n)
		if err != nil || !validXMLRune(r) {
			return "", false
		}
		return string(r), true
	}
	return "", false
}

func validXMLRune(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func normalizeBreaks(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// checkElem validates what a finished element holds.
func (s *scanner) checkElem(e *elem) error {
	switch e.name {
	case "true", "false":
		if strings.TrimSpace(string(s.data[e.openEnd:e.closeStart])) != "" {
			return s.errAt(e.start, "<%s> must be empty", e.name)
		}
	case "dict":
		for i := 0; i < len(e.kids); i += 2 {
			k := e.kids[i]
			if k.name != "key" {
				return s.errAt(k.start, "<%s> in a <dict> without a <key> before it", k.name)
			}
			if i+1 >= len(e.kids) {
				return s.errAt(k.start, "key %q has no value", k.text)
			}
			if v := e.kids[i+1]; v.name == "key" {
				return s.errAt(v.start, "key %q has no value (another <key> follows it)", k.text)
			}
		}
	case "array":
		for _, k := range e.kids {
			if k.name == "key" {
				return s.errAt(k.start, "<key> inside an <array>")
			}
		}
	case "integer", "real", "date", "data":
		if _, err := leafValue(e); err != nil {
			return s.errAt(e.start, "%v", err)
		}
	}
	return nil
}

// checkTopKeys refuses a top-level key that appears twice: tools disagree
// on which one wins, so editing either would be a guess.
func (s *scanner) checkTopKeys(dict *elem) error {
	seen := make(map[string]*elem, len(dict.kids)/2)
	for i := 0; i < len(dict.kids); i += 2 {
		k := dict.kids[i]
		if first, dup := seen[k.text]; dup {
			if s.dups != nil {
				*s.dups = append(*s.dups, DuplicateKey{Key: k.text, First: first.line, Second: s.lineAt(k.start)})
				seen[k.text] = k
				continue
			}
			return s.errAt(k.start, "key %q appears twice in the top-level dict (first on line %d)", k.text, first.line)
		}
		seen[k.text] = k
	}
	return nil
}

// leafValue decodes a scalar element the way Apple's parser reads it.
func leafValue(e *elem) (any, error) {
	switch e.name {
	case "string", "key":
		return e.text, nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "integer":
		t := strings.TrimSpace(e.text)
		neg := strings.HasPrefix(t, "-")
		u := strings.TrimPrefix(strings.TrimPrefix(t, "-"), "+")
		base := 10
		if strings.HasPrefix(u, "0x") || strings.HasPrefix(u, "0X") {
			u, base = u[2:], 16
		}
		if neg {
			n, err := strconv.ParseInt("-"+u, base, 64)
			if err != nil {
				return nil, fmt.Errorf("invalid <integer> %q", e.text)
			}
			return n, nil
		}
		n, err := strconv.ParseUint(u, base, 64)
		if err != nil {
			return nil, fmt.Errorf("invalid <integer> %q", e.text)
		}
		return n, nil
	case "real":
		f, err := strconv.ParseFloat(strings.TrimSpace(e.text), 64)
		if err != nil {
			return nil, fmt.Errorf("invalid <real> %q", e.text)
		}
		return f, nil
	case "date":
		t, err := time.ParseInLocation(time.RFC3339, strings.TrimSpace(e.text), time.UTC)
		if err != nil {
			return nil, fmt.Errorf("invalid <date> %q (want 2006-01-02T15:04:05Z)", e.text)
		}
		return t, nil
	case "data":
		b, err := base64.StdEncoding.DecodeString(strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, e.text))
		if err != nil {
			return nil, fmt.Errorf("invalid base64 in <data>")
		}
		return b, nil
	}
	return nil, fmt.Errorf("<%s> is not a scalar", e.name)
}

// value decodes any element into the types Item.Value documents.
func value(e *elem) any {
	switch e.name {
	case "dict":
		m := make(map[string]any, len(e.kids)/2)
		for i := 0; i+1 < len(e.kids); i += 2 {
			m[e.kids[i].text] = value(e.kids[i+1])
		}
		return m
	case "array":
		a := make([]any, len(e.kids))
		for i, k := range e.kids {
			a[i] = value(k)
		}
		return a
	}
	v, _ := leafValue(e) // checked by checkElem
	return v
}
