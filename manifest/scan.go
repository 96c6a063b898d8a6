package manifest

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// This file is a small, strict XML reader that keeps the byte offset of
// every element and attribute, which encoding/xml does not. Offsets are what
// let bgkit splice new text in at the exact spot instead of re-serialising
// the file. It is stricter than encoding/xml in the ways aapt2 (expat) is:
// duplicate attributes, unbound namespace prefixes, undefined entities and
// "--" inside comments are errors. It never expands DTD entities: a DOCTYPE
// that declares one is refused.

const (
	nsAndroid = "http://schemas.android.com/apk/res/android"
	nsTools   = "http://schemas.android.com/tools"
	nsXML     = "http://www.w3.org/XML/1998/namespace"
	nsXMLNS   = "http://www.w3.org/2000/xmlns/"
)

type nodeKind int

const (
	kindElement nodeKind = iota
	kindText
	kindComment
	kindCDATA
	kindPI
)

// node is one piece of the document. For an element, start is the offset of
// '<' and end the offset just past the '>' of its end tag (or of "/>").
type node struct {
	kind       nodeKind
	start, end int

	// Elements only.
	name        string // qualified name as written
	prefix      string
	local       string
	uri         string
	attrs       []attr
	nameEnd     int // offset just past the element name in the start tag
	tagEnd      int // offset just past the start tag's '>'
	selfClosing bool
	closeStart  int // offset of "</" (== end for self-closing elements)
	ns          map[string]string
	nsScope     *node // the nearest element, n or an ancestor, that declares namespaces
	parent      *node
	children    []*node
}

// attr is one attribute. start is the offset of its name, end the offset
// just past its closing quote.
type attr struct {
	name       string
	prefix     string
	local      string
	uri        string
	value      string // entity references decoded, whitespace normalised
	start, end int
	quote      byte
}

// document is a parsed file.
type document struct {
	name  string
	data  []byte
	root  *node
	lines []int // offsets where lines start
}

func (d *document) lineCol(off int) (line, col int) {
	if d.lines == nil {
		d.lines = lineStarts(d.data)
	}
	i := sort.Search(len(d.lines), func(i int) bool { return d.lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	start := d.lines[i]
	if off > len(d.data) {
		off = len(d.data)
	}
	return i + 1, utf8.RuneCount(d.data[start:off]) + 1
}

func (d *document) line(off int) int {
	l, _ := d.lineCol(off)
	return l
}

func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// scanner walks the bytes of a document.
type scanner struct {
	doc  *document
	data []byte
	pos  int
}

// syntaxError is a failure at an offset; Parse turns it into a ParseError.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

func (s *scanner) errAt(off int, format string, args ...any) error {
	return &syntaxError{off: off, msg: fmt.Sprintf(format, args...)}
}

var bom = []byte("\xEF\xBB\xBF")

// parseDocument reads data into a tree with offsets.
func parseDocument(name string, data []byte) (*document, error) {
	doc := &document{name: name, data: data}
	s := &scanner{doc: doc, data: data}
	if err := s.precheck(); err != nil {
		return doc, err
	}
	if err := s.document(); err != nil {
		return doc, err
	}
	return doc, nil
}

// precheck refuses what is not an XML file bgkit can edit, before parsing
// gives a more confusing message.
func (s *scanner) precheck() error {
	d := s.data
	if len(bytes.TrimSpace(bytes.TrimPrefix(d, bom))) == 0 {
		return s.errAt(0, "empty file: expected an AndroidManifest.xml with a <manifest> root element")
	}
	if bytes.HasPrefix(d, []byte{0xFE, 0xFF}) || bytes.HasPrefix(d, []byte{0xFF, 0xFE}) {
		return s.errAt(0, "UTF-16 files are not supported; save the manifest as UTF-8")
	}
	// Merge-conflict markers: a clearer message than "invalid character".
	for off := 0; off < len(d); {
		end := bytes.IndexByte(d[off:], '\n')
		if end < 0 {
			end = len(d)
		} else {
			end += off
		}
		line := d[off:end]
		for _, m := range [][]byte{[]byte("<<<<<<<"), []byte(">>>>>>>"), []byte("|||||||")} {
			if bytes.HasPrefix(line, m) && (len(line) == 7 || line[7] == ' ' || line[7] == '\r') {
				return s.errAt(off, "git merge-conflict marker %q: resolve the conflict first", string(bytes.TrimRight(line, "\r")))
			}
		}
		off = end + 1
	}
	for i := 0; i < len(d); {
		c := d[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return s.errAt(i, "control character 0x%02X is not allowed in XML", c)
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(d[i:])
		if r == utf8.RuneError && size == 1 {
			return s.errAt(i, "invalid UTF-8 byte 0x%02X", c)
		}
		if r == 0xFFFE || r == 0xFFFF {
			return s.errAt(i, "character U+%04X is not allowed in XML", r)
		}
		i += size
	}
	return nil
}

func (s *scanner) has(prefix string) bool {
	return s.pos+len(prefix) <= len(s.data) && string(s.data[s.pos:s.pos+len(prefix)]) == prefix
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) && isSpace(s.data[s.pos]) {
		s.pos++
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (s *scanner) document() error {
	if s.has(string(bom)) {
		s.pos += len(bom)
	}
	if s.has("<?xml") && s.pos+5 < len(s.data) && isSpace(s.data[s.pos+5]) {
		if err := s.xmlDecl(); err != nil {
			return err
		}
	}
	sawDoctype := false
	for {
		start := s.pos
		s.skipSpace()
		if s.pos >= len(s.data) {
			if s.doc.root == nil {
				return s.errAt(start, "no root element: expected <manifest>")
			}
			return nil
		}
		switch {
		case s.has("<!--"):
			if _, err := s.comment(); err != nil {
				return err
			}
		case s.has("<?"):
			if _, err := s.pi(); err != nil {
				return err
			}
		case s.has("<!DOCTYPE"):
			if sawDoctype || s.doc.root != nil {
				return s.errAt(s.pos, "DOCTYPE must come once, before the root element")
			}
			sawDoctype = true
			if err := s.doctype(); err != nil {
				return err
			}
		case s.has("<![CDATA["):
			return s.errAt(s.pos, "CDATA section outside the root element")
		case s.has("</"):
			return s.errAt(s.pos, "end tag outside the root element")
		case s.has("<"):
			if s.doc.root != nil {
				return s.errAt(s.pos, "a second root element: an XML file has exactly one")
			}
			root, err := s.element()
			if err != nil {
				return err
			}
			s.doc.root = root
			if root.name != "manifest" {
				return s.errAt(root.start, "root element is <%s>, not <manifest>", root.name)
			}
			if root.uri != "" {
				return s.errAt(root.start, "<manifest> is in the namespace %q; an AndroidManifest.xml's elements are in none", root.uri)
			}
		default:
			return s.errAt(s.pos, "text outside the root element")
		}
	}
}

func (s *scanner) xmlDecl() error {
	start := s.pos
	end := bytes.Index(s.data[s.pos:], []byte("?>"))
	if end < 0 {
		return s.errAt(start, "unterminated XML declaration")
	}
	body := string(s.data[s.pos+5 : s.pos+end])
	if !strings.Contains(body, "version") {
		return s.errAt(start, "XML declaration without a version")
	}
	if i := strings.Index(body, "encoding"); i >= 0 {
		rest := strings.TrimLeft(body[i+len("encoding"):], " \t\r\n")
		rest = strings.TrimLeft(strings.TrimPrefix(rest, "="), " \t\r\n")
		if len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'') {
			if j := strings.IndexByte(rest[1:], rest[0]); j >= 0 {
				enc := strings.ToLower(rest[1 : j+1])
				switch enc {
				case "utf-8", "utf8", "us-ascii", "ascii":
				default:
					return s.errAt(start, "encoding %q is not supported; bgkit edits UTF-8 manifests", rest[1:j+1])
				}
			}
		}
	}
	s.pos += end + 2
	return nil
}

func (s *scanner) comment() (*node, error) {
	start := s.pos
	s.pos += 4
	end := bytes.Index(s.data[s.pos:], []byte("--"))
	if end < 0 {
		return nil, s.errAt(start, "unterminated comment")
	}
	s.pos += end
	if !s.has("-->") {
		return nil, s.errAt(s.pos, `"--" is not allowed inside a comment`)
	}
	s.pos += 3
	return &node{kind: kindComment, start: start, end: s.pos}, nil
}

func (s *scanner) pi() (*node, error) {
	start := s.pos
	s.pos += 2
	nameStart := s.pos
	s.name()
	target := string(s.data[nameStart:s.pos])
	if target == "" {
		return nil, s.errAt(start, "processing instruction without a target")
	}
	if strings.EqualFold(target, "xml") {
		return nil, s.errAt(start, "the XML declaration must come first in the file")
	}
	end := bytes.Index(s.data[s.pos:], []byte("?>"))
	if end < 0 {
		return nil, s.errAt(start, "unterminated processing instruction")
	}
	s.pos += end + 2
	return &node{kind: kindPI, start: start, end: s.pos}, nil
}

// doctype skips a DOCTYPE, refusing entity declarations: bgkit never
// expands entities (no billion laughs, no external files).
func (s *scanner) doctype() error {
	start := s.pos
	s.pos += len("<!DOCTYPE")
	depth := 0
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"' || c == '\'':
			end := bytes.IndexByte(s.data[s.pos+1:], c)
			if end < 0 {
				return s.errAt(start, "unterminated DOCTYPE")
			}
			s.pos += end + 2
			continue
		case s.has("<!--"):
			if _, err := s.comment(); err != nil {
				return err
			}
			continue
		case s.has("<!ENTITY"):
			return s.errAt(s.pos, "DTD entity declarations are not allowed (bgkit never expands entities)")
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '>' && depth <= 0:
			s.pos++
			return nil
		}
		s.pos++
	}
	return s.errAt(start, "unterminated DOCTYPE")
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= utf8.RuneSelf
}

func isNameChar(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}

// name reads an XML name and returns it ("" when there is none).
func (s *scanner) name() string {
	start := s.pos
	if s.pos >= len(s.data) || !isNameStart(s.data[s.pos]) {
		return ""
	}
	s.pos++
	for s.pos < len(s.data) && isNameChar(s.data[s.pos]) {
		s.pos++
	}
	return string(s.data[start:s.pos])
}

// splitQName splits prefix:local, reporting names that are not valid in a
// namespace-aware document.
func splitQName(qname string) (prefix, local string, ok bool) {
	i := strings.IndexByte(qname, ':')
	if i < 0 {
		return "", qname, true
	}
	prefix, local = qname[:i], qname[i+1:]
	if prefix == "" || local == "" || strings.IndexByte(local, ':') >= 0 || !isNameStart(local[0]) {
		return prefix, local, false
	}
	return prefix, local, true
}

// element reads an element and everything inside it. It keeps an explicit
// stack rather than recursing, so deeply nested input cannot exhaust the
// goroutine stack.
func (s *scanner) element() (*node, error) {
	root, err := s.startTag(nil)
	if err != nil {
		return nil, err
	}
	if root.selfClosing {
		return root, nil
	}
	cur := root
	for cur != nil {
		if s.pos >= len(s.data) {
			return nil, s.errAt(cur.start, "<%s> is never closed", cur.name)
		}
		switch {
		case s.has("</"):
			start := s.pos
			s.pos += 2
			name := s.name()
			s.skipSpace()
			if !s.has(">") {
				return nil, s.errAt(s.pos, "expected '>' to end </%s>", name)
			}
			s.pos++
			if name != cur.name {
				return nil, s.errAt(start, "</%s> does not match <%s> (line %d)", name, cur.name, s.doc.line(cur.start))
			}
			cur.closeStart = start
			cur.end = s.pos
			cur = cur.parent
		case s.has("<!--"):
			n, err := s.comment()
			if err != nil {
				return nil, err
			}
			cur.children = append(cur.children, n)
		case s.has("<![CDATA["):
			start := s.pos
			end := bytes.Index(s.data[s.pos:], []byte("]]>"))
			if end < 0 {
				return nil, s.errAt(start, "unterminated CDATA section")
			}
			s.pos += end + 3
			cur.children = append(cur.children, &node{kind: kindCDATA, start: start, end: s.pos})
		case s.has("<?"):
			n, err := s.pi()
			if err != nil {
				return nil, err
			}
			cur.children = append(cur.children, n)
		case s.has("<!"):
			return nil, s.errAt(s.pos, "unexpected '<!' inside <%s>", cur.name)
		case s.has("<"):
			n, err := s.startTag(cur)
			if err != nil {
				return nil, err
			}
			cur.children = append(cur.children, n)
			if !n.selfClosing {
				cur = n
			}
		default:
			n, err := s.text()
			if err != nil {
				return nil, err
			}
			cur.children = append(cur.children, n)
		}
	}
	return root, nil
}

func (s *scanner) text() (*node, error) {
	start := s.pos
	for s.pos < len(s.data) && s.data[s.pos] != '<' {
		switch s.data[s.pos] {
		case '&':
			if _, err := s.reference(); err != nil {
				return nil, err
			}
			continue
		case ']':
			if s.has("]]>") {
				return nil, s.errAt(s.pos, `"]]>" is not allowed in text`)
			}
		}
		s.pos++
	}
	return &node{kind: kindText, start: start, end: s.pos}, nil
}

// reference reads &name; or &#N; at s.pos and returns what it stands for.
func (s *scanner) reference() (string, error) {
	start := s.pos
	end := bytes.IndexByte(s.data[s.pos:], ';')
	if end < 0 || end > 40 {
		return "", s.errAt(start, "'&' must start an entity reference such as &amp;")
	}
	ref := string(s.data[s.pos+1 : s.pos+end])
	s.pos += end + 1
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
	if strings.HasPrefix(ref, "#") {
		var r rune
		digits, base := ref[1:], rune(10)
		if strings.HasPrefix(digits, "x") {
			digits, base = digits[1:], 16
		}
		if digits == "" {
			return "", s.errAt(start, "invalid character reference &%s;", ref)
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
				return "", s.errAt(start, "invalid character reference &%s;", ref)
			}
			r = r*base + v
			if r > utf8.MaxRune {
				return "", s.errAt(start, "invalid character reference &%s;", ref)
			}
		}
		if !isXMLChar(r) {
			return "", s.errAt(start, "character reference &%s; is not an XML character", ref)
		}
		return string(r), nil
	}
	return "", s.errAt(start, "undefined entity &%s; (bgkit never expands DTD entities)", ref)
}

func isXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// startTag reads a start tag (or an empty-element tag) whose '<' is at pos.
func (s *scanner) startTag(parent *node) (*node, error) {
	n := &node{kind: kindElement, start: s.pos, parent: parent}
	s.pos++
	n.name = s.name()
	if n.name == "" {
		return nil, s.errAt(n.start, "'<' must start a tag")
	}
	n.nameEnd = s.pos
	for {
		sp := s.pos
		s.skipSpace()
		if s.pos >= len(s.data) {
			return nil, s.errAt(n.start, "<%s> is not terminated", n.name)
		}
		if s.has("/>") {
			s.pos += 2
			n.selfClosing = true
			n.tagEnd, n.closeStart, n.end = s.pos, s.pos, s.pos
			break
		}
		if s.has(">") {
			s.pos++
			n.tagEnd = s.pos
			break
		}
		if s.pos == sp {
			return nil, s.errAt(s.pos, "expected whitespace, '>' or '/>' in <%s>", n.name)
		}
		a, err := s.attribute(n)
		if err != nil {
			return nil, err
		}
		n.attrs = append(n.attrs, a)
	}
	return n, s.resolve(n)
}

func (s *scanner) attribute(n *node) (attr, error) {
	a := attr{start: s.pos}
	a.name = s.name()
	if a.name == "" {
		return a, s.errAt(s.pos, "invalid character %q in <%s>", s.data[s.pos], n.name)
	}
	s.skipSpace()
	if !s.has("=") {
		return a, s.errAt(s.pos, "attribute %s in <%s> has no value", a.name, n.name)
	}
	s.pos++
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != '"' && s.data[s.pos] != '\'' {
		return a, s.errAt(s.pos, "the value of %s must be in quotes", a.name)
	}
	a.quote = s.data[s.pos]
	s.pos++
	// Most values hold nothing to decode: take them as they are.
	if end := bytes.IndexByte(s.data[s.pos:], a.quote); end >= 0 {
		raw := s.data[s.pos : s.pos+end]
		if bytes.IndexAny(raw, "&<\t\n\r") < 0 {
			a.value = string(raw)
			s.pos += end + 1
			a.end = s.pos
			return a, nil
		}
	}
	var val strings.Builder
	for {
		if s.pos >= len(s.data) {
			return a, s.errAt(a.start, "the value of %s is never closed", a.name)
		}
		c := s.data[s.pos]
		switch {
		case c == a.quote:
			s.pos++
			a.end = s.pos
			a.value = val.String()
			return a, nil
		case c == '<':
			return a, s.errAt(s.pos, "'<' is not allowed in the value of %s", a.name)
		case c == '&':
			r, err := s.reference()
			if err != nil {
				return a, err
			}
			val.WriteString(r)
		case c == '\t' || c == '\n':
			val.WriteByte(' ')
			s.pos++
		case c == '\r':
			val.WriteByte(' ')
			s.pos++
			if s.has("\n") {
				s.pos++
			}
		default:
			val.WriteByte(c)
			s.pos++
		}
	}
}

// resolve binds the namespace prefixes of an element and its attributes,
// and refuses duplicate attributes.
func (s *scanner) resolve(n *node) error {
	var seen map[string]int
	if len(n.attrs) > 8 {
		seen = make(map[string]int, len(n.attrs))
	}
	for i := range n.attrs {
		a := &n.attrs[i]
		if seen != nil {
			if j, dup := seen[a.name]; dup {
				return s.errAt(a.start, "duplicate attribute %s in <%s> (first on line %d)", a.name, n.name, s.doc.line(n.attrs[j].start))
			}
			seen[a.name] = i
		} else {
			for _, b := range n.attrs[:i] {
				if b.name == a.name {
					return s.errAt(a.start, "duplicate attribute %s in <%s> (first on line %d)", a.name, n.name, s.doc.line(b.start))
				}
			}
		}
		var ok bool
		a.prefix, a.local, ok = splitQName(a.name)
		if !ok {
			return s.errAt(a.start, "invalid attribute name %s", a.name)
		}
		switch {
		case a.name == "xmlns":
			if n.ns == nil {
				n.ns = map[string]string{}
			}
			n.ns[""] = a.value
			a.uri = nsXMLNS
		case a.prefix == "xmlns":
			switch {
			case a.value == "":
				return s.errAt(a.start, "%s cannot be bound to an empty namespace", a.name)
			case a.local == "xmlns", a.local == "xml" && a.value != nsXML, a.local != "xml" && a.value == nsXML:
				return s.errAt(a.start, "%s: reserved namespace prefix", a.name)
			}
			if n.ns == nil {
				n.ns = map[string]string{}
			}
			n.ns[a.local] = a.value
			a.uri = nsXMLNS
		}
	}
	n.nsScope = n
	if n.ns == nil {
		n.nsScope = nil
		if n.parent != nil {
			n.nsScope = n.parent.nsScope
		}
	}
	var ok bool
	n.prefix, n.local, ok = splitQName(n.name)
	if !ok {
		return s.errAt(n.start, "invalid element name %s", n.name)
	}
	if uri, bound := n.lookup(n.prefix); bound {
		n.uri = uri
	} else {
		return s.errAt(n.start, "element <%s> uses the namespace prefix %q, which is not declared (add xmlns:%s=\"...\" to <manifest>)", n.name, n.prefix, n.prefix)
	}
	var expanded map[string]int
	for i := range n.attrs {
		a := &n.attrs[i]
		if a.uri == nsXMLNS || a.prefix == "" {
			continue
		}
		uri, bound := n.lookup(a.prefix)
		if !bound {
			hint := ""
			switch a.prefix {
			case "tools":
				hint = ` (add xmlns:tools="` + nsTools + `" to <manifest>)`
			case "android":
				hint = ` (add xmlns:android="` + nsAndroid + `" to <manifest>)`
			}
			return s.errAt(a.start, "attribute %s uses the namespace prefix %q, which is not declared%s", a.name, a.prefix, hint)
		}
		a.uri = uri
		key := a.uri + " " + a.local
		if j, dup := expanded[key]; dup {
			b := n.attrs[j]
			return s.errAt(a.start, "duplicate attribute %s in <%s>: %s on line %d is the same attribute", a.name, n.name, b.name, s.doc.line(b.start))
		}
		if expanded == nil {
			expanded = map[string]int{}
		}
		expanded[key] = i
	}
	return nil
}

// lookup finds the namespace bound to prefix where n is. It visits only
// the elements that declare namespaces, so deep nesting stays linear.
func (n *node) lookup(prefix string) (string, bool) {
	if prefix == "xml" {
		return nsXML, true
	}
	for e := n.nsScope; e != nil; e = e.outerScope() {
		if uri, ok := e.ns[prefix]; ok {
			if prefix == "" && uri == "" {
				return "", true
			}
			return uri, true
		}
	}
	return "", prefix == ""
}

func (n *node) outerScope() *node {
	if n.parent == nil {
		return nil
	}
	return n.parent.nsScope
}

// attrNS returns the attribute of n in namespace uri with the local name,
// or nil.
func (n *node) attrNS(uri, local string) *attr {
	for i := range n.attrs {
		a := &n.attrs[i]
		if a.uri == uri && a.local == local && (uri != "" || a.prefix == "") {
			return a
		}
	}
	return nil
}

// elements returns n's child elements.
func (n *node) elements() []*node {
	var out []*node
	for _, c := range n.children {
		if c.kind == kindElement {
			out = append(out, c)
		}
	}
	return out
}

// isPlain reports whether the element is in no namespace and has the name.
func (n *node) is(local string) bool {
	return n.kind == kindElement && n.uri == "" && n.local == local
}
