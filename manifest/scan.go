package manifest

import (
	"bytes"
	"errors"
	"strings"

	"github.com/bgkit/bgkit/internal/textedit"
	"github.com/bgkit/bgkit/internal/xmltok"
)

// The document tree of an AndroidManifest.xml, built from xmltok's reader:
// every element and attribute keeps its byte offsets, so an edit can be
// spliced in at the exact spot. This file adds the manifest's own rules:
// one <manifest> root in no namespace, bound namespace prefixes, no
// attribute given twice under two prefixes of one namespace.

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

// attr is one attribute as xmltok read it, with its namespace.
type attr struct {
	xmltok.Attr
	prefix, local, uri string
}

// document is a parsed file.
type document struct {
	name  string
	data  []byte
	root  *node
	lines *textedit.Lines
}

func (d *document) line(off int) int { return d.lines.Line(off) }

// scanner builds the element tree from xmltok's reader.
type scanner struct {
	xmltok.Scanner
	doc *document
}

// parseDocument reads data into a tree with offsets.
func parseDocument(name string, data []byte) (*document, error) {
	doc := &document{name: name, data: data, lines: textedit.NewLines(data)}
	s := &scanner{Scanner: xmltok.Scanner{Data: data}, doc: doc}
	if err := s.precheck(); err != nil {
		return doc, err
	}
	return doc, s.document()
}

// precheck refuses what is not an XML file bgkit can edit, before parsing
// gives a more confusing message.
func (s *scanner) precheck() error {
	d := s.Data
	if len(bytes.TrimSpace(bytes.TrimPrefix(d, xmltok.BOM))) == 0 {
		return xmltok.Errorf(0, "empty file: expected an AndroidManifest.xml with a <manifest> root element")
	}
	if bytes.HasPrefix(d, []byte{0xFE, 0xFF}) || bytes.HasPrefix(d, []byte{0xFF, 0xFE}) {
		return xmltok.Errorf(0, "UTF-16 files are not supported; save the manifest as UTF-8")
	}
	// Merge-conflict markers: a clearer message than "invalid character".
	if off, line, ok := xmltok.ConflictMarker(d); ok {
		return xmltok.Errorf(off, "git merge-conflict marker %q: resolve the conflict first", line)
	}
	return xmltok.CheckChars(d)
}

func (s *scanner) document() error {
	s.SkipBOM()
	if s.HasDecl() {
		if err := s.XMLDecl(); err != nil {
			return err
		}
	}
	sawDoctype := false
	for {
		start := s.Pos
		s.SkipSpace()
		if s.AtEnd() {
			if s.doc.root == nil {
				return xmltok.Errorf(start, "no root element: expected <manifest>")
			}
			return nil
		}
		switch {
		case s.Has("<!--"):
			if _, err := s.Comment(); err != nil {
				return err
			}
		case s.Has("<?"):
			if err := s.PI(); err != nil {
				return err
			}
		case s.Has("<!DOCTYPE"):
			if sawDoctype || s.doc.root != nil {
				return xmltok.Errorf(s.Pos, "DOCTYPE must come once, before the root element")
			}
			sawDoctype = true
			if err := s.Doctype(); err != nil {
				return err
			}
		case s.Has("<![CDATA["):
			return xmltok.Errorf(s.Pos, "CDATA section outside the root element")
		case s.Has("</"):
			return xmltok.Errorf(s.Pos, "end tag outside the root element")
		case s.Has("<"):
			if s.doc.root != nil {
				return xmltok.Errorf(s.Pos, "a second root element: an XML file has exactly one")
			}
			root, err := s.element()
			if err != nil {
				return err
			}
			s.doc.root = root
			if root.name != "manifest" {
				return xmltok.Errorf(root.start, "root element is <%s>, not <manifest>", root.name)
			}
			if root.uri != "" {
				return xmltok.Errorf(root.start, "<manifest> is in the namespace %q; an AndroidManifest.xml's elements are in none", root.uri)
			}
		default:
			return xmltok.Errorf(s.Pos, "text outside the root element")
		}
	}
}

// splitQName splits prefix:local, reporting names that are not valid in a
// namespace-aware document.
func splitQName(qname string) (prefix, local string, ok bool) {
	i := strings.IndexByte(qname, ':')
	if i < 0 {
		return "", qname, true
	}
	prefix, local = qname[:i], qname[i+1:]
	if prefix == "" || local == "" || strings.IndexByte(local, ':') >= 0 || !xmltok.IsNameStart(local[0]) {
		return prefix, local, false
	}
	return prefix, local, true
}

// element reads an element and everything inside it. It keeps an explicit
// stack rather than recursing, so deeply nested input cannot exhaust the
// goroutine stack.
func (s *scanner) element() (*node, error) {
	root, err := s.startTag(nil)
	if err != nil || root.selfClosing {
		return root, err
	}
	cur, depth := root, 1
	for cur != nil {
		if s.AtEnd() {
			return nil, xmltok.Errorf(cur.start, "<%s> is never closed", cur.name)
		}
		start := s.Pos
		var child *node
		switch {
		case s.Has("</"):
			name, err := s.EndTag()
			if err != nil {
				return nil, err
			}
			if name != cur.name {
				return nil, xmltok.Errorf(start, "</%s> does not match <%s> (line %d)", name, cur.name, s.doc.line(cur.start))
			}
			cur.closeStart, cur.end = start, s.Pos
			cur, depth = cur.parent, depth-1
			continue
		case s.Has("<!--"):
			if _, err := s.Comment(); err != nil {
				return nil, err
			}
			child = &node{kind: kindComment}
		case s.Has("<![CDATA["):
			if _, err := s.CDATA(); err != nil {
				return nil, err
			}
			child = &node{kind: kindCDATA}
		case s.Has("<?"):
			if err := s.PI(); err != nil {
				return nil, err
			}
			child = &node{kind: kindPI}
		case s.Has("<!"):
			return nil, xmltok.Errorf(s.Pos, "unexpected '<!' inside <%s>", cur.name)
		case s.Has("<"):
			if depth >= xmltok.MaxDepth {
				return nil, xmltok.DepthError(s.Pos)
			}
			n, err := s.startTag(cur)
			if err != nil {
				return nil, err
			}
			cur.children = append(cur.children, n)
			if !n.selfClosing {
				cur, depth = n, depth+1
			}
			continue
		default:
			if _, err := s.Text(nil); err != nil {
				return nil, err
			}
			child = &node{kind: kindText}
		}
		child.start, child.end = start, s.Pos
		cur.children = append(cur.children, child)
	}
	return root, nil
}

// startTag reads a start tag (or an empty-element tag) whose '<' is at pos.
func (s *scanner) startTag(parent *node) (*node, error) {
	t, err := s.StartTag()
	if err != nil {
		var de *xmltok.DupAttrError
		if errors.As(err, &de) {
			return nil, xmltok.Errorf(de.Off, "%s (first on line %d)", de.Msg, s.doc.line(de.First))
		}
		return nil, err
	}
	n := &node{kind: kindElement, start: t.Start, parent: parent, name: t.Name, nameEnd: t.NameEnd,
		tagEnd: t.End, selfClosing: t.Self, attrs: make([]attr, len(t.Attrs))}
	if t.Self {
		n.closeStart, n.end = t.End, t.End
	}
	for i, a := range t.Attrs {
		n.attrs[i].Attr = a
	}
	return n, s.resolve(n)
}

// resolve binds the namespace prefixes of an element and its attributes,
// and refuses duplicate attributes.
func (s *scanner) resolve(n *node) error {
	for i := range n.attrs {
		a := &n.attrs[i]
		var ok bool
		a.prefix, a.local, ok = splitQName(a.Name)
		if !ok {
			return xmltok.Errorf(a.Start, "invalid attribute name %s", a.Name)
		}
		switch {
		case a.Name == "xmlns":
			if n.ns == nil {
				n.ns = map[string]string{}
			}
			n.ns[""] = a.Value
			a.uri = nsXMLNS
		case a.prefix == "xmlns":
			switch {
			case a.Value == "":
				return xmltok.Errorf(a.Start, "%s cannot be bound to an empty namespace", a.Name)
			case a.local == "xmlns", a.local == "xml" && a.Value != nsXML, a.local != "xml" && a.Value == nsXML:
				return xmltok.Errorf(a.Start, "%s: reserved namespace prefix", a.Name)
			}
			if n.ns == nil {
				n.ns = map[string]string{}
			}
			n.ns[a.local] = a.Value
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
		return xmltok.Errorf(n.start, "invalid element name %s", n.name)
	}
	if uri, bound := n.lookup(n.prefix); bound {
		n.uri = uri
	} else {
		return xmltok.Errorf(n.start, "element <%s> uses the namespace prefix %q, which is not declared (add xmlns:%s=\"...\" to <manifest>)", n.name, n.prefix, n.prefix)
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
			return xmltok.Errorf(a.Start, "attribute %s uses the namespace prefix %q, which is not declared%s", a.Name, a.prefix, hint)
		}
		a.uri = uri
		key := a.uri + " " + a.local
		if j, dup := expanded[key]; dup {
			b := n.attrs[j]
			return xmltok.Errorf(a.Start, "duplicate attribute %s in <%s>: %s on line %d is the same attribute", a.Name, n.name, b.Name, s.doc.line(b.Start))
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

// is reports whether the element is in no namespace and has the name.
func (n *node) is(local string) bool {
	return n.kind == kindElement && n.uri == "" && n.local == local
}
