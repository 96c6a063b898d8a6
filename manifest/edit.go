package manifest

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/bgkit/bgkit/internal/textedit"
	"github.com/bgkit/bgkit/internal/xmltok"
)

// An edit is a list of splices into the original bytes: every change is
// made at the exact spot, so everything else (comments, quotes, attribute
// layout, line endings, a BOM, a missing final newline) stays as it was.

type editor struct {
	doc   *document
	data  []byte
	eol   string
	edits []textedit.Splice
	// bound remembers the prefixes this edit declared, so a namespace is
	// declared once.
	bound map[string]string
}

func newEditor(doc *document) *editor {
	return &editor{doc: doc, data: doc.data, eol: textedit.FirstEOL(doc.data), bound: map[string]string{}}
}

func (e *editor) hasNewline() bool { return bytes.IndexByte(e.data, '\n') >= 0 }

func (e *editor) insert(at int, text string) {
	e.edits = append(e.edits, textedit.Splice{Start: at, End: at, Text: text})
}
func (e *editor) remove(start, end int) {
	e.edits = append(e.edits, textedit.Splice{Start: start, End: end})
}

func (e *editor) lineStart(off int) int { return textedit.LineStart(e.data, off) }

// indentOf returns the whitespace before n on its line, and whether n is
// the first thing on its line.
func (e *editor) indentOf(n *node) (string, bool) { return textedit.LeadingSpace(e.data, n.start) }

// restOfLine reports whether only blanks and one-line comments follow off
// on its line, and returns the offset just past that line's end of line
// and the end of line itself.
func (e *editor) restOfLine(off int) (next int, eol string, ok bool) {
	p := off
	for {
		for p < len(e.data) && (e.data[p] == ' ' || e.data[p] == '\t') {
			p++
		}
		switch {
		case p >= len(e.data):
			return p, "", false
		case e.data[p] == '\n':
			return p + 1, "\n", true
		case e.data[p] == '\r' && p+1 < len(e.data) && e.data[p+1] == '\n':
			return p + 2, "\r\n", true
		case bytes.HasPrefix(e.data[p:], []byte("<!--")):
			end := bytes.Index(e.data[p:], []byte("-->"))
			if end < 0 || bytes.IndexByte(e.data[p:p+end], '\n') >= 0 {
				return 0, "", false
			}
			p += end + 3
		default:
			return 0, "", false
		}
	}
}

// eolBefore returns the end of line that ends the line before off, or the
// file's.
func (e *editor) eolBefore(off int) string {
	ls := e.lineStart(off)
	if ls >= 2 && e.data[ls-2] == '\r' {
		return "\r\n"
	}
	if ls >= 1 {
		return "\n"
	}
	return e.eol
}

// deleteElements removes elements of <manifest>. Neighbours that share a
// line (only blanks between them) are removed as one span, so a line whose
// elements all go does not stay behind as blanks.
func (e *editor) deleteElements(nodes []*node) {
	del := make(map[*node]bool, len(nodes))
	for _, n := range nodes {
		del[n] = true
	}
	kids := e.doc.root.children
	for i := 0; i < len(kids); i++ {
		if !del[kids[i]] {
			continue
		}
		first, last := kids[i], kids[i]
		for j := i + 1; j < len(kids); j++ {
			c := kids[j]
			if c.kind == kindText && isBlanks(e.data[c.start:c.end]) {
				continue
			}
			if !del[c] {
				break
			}
			last, i = c, j
		}
		e.deleteSpan(first.start, last.end)
	}
}

// isBlanks reports whether b is only spaces and tabs.
func isBlanks(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// deleteSpan removes the elements from start to end: their whole lines
// when they have them to themselves (with a comment trailing them), else
// just the elements and the blanks that separate them from a neighbour.
func (e *editor) deleteSpan(start, end int) {
	_, first := e.indentOf(&node{start: start})
	if next, _, ok := e.restOfLine(end); first && ok {
		e.remove(e.lineStart(start), next)
		return
	}
	if first {
		for end < len(e.data) && (e.data[end] == ' ' || e.data[end] == '\t') {
			end++
		}
		e.remove(start, end)
		return
	}
	e.remove(textedit.BlanksBefore(e.data, start), end)
}

// removeAttr removes an attribute with the blanks before it (the whole line
// when the attribute has one to itself).
func (e *editor) removeAttr(a *attr) {
	start := a.Start
	for start > 0 && xmltok.IsSpace(e.data[start-1]) {
		start--
	}
	e.remove(start, a.End)
}

// ensureNamespace returns the prefix <manifest> binds to uri, declaring
// xmlns:<want> (or want2, want3... if want is taken) when none is bound.
func (e *editor) ensureNamespace(uri, want string) string {
	root := e.doc.root
	for _, a := range root.attrs {
		if a.uri == nsXMLNS && a.prefix == "xmlns" && a.Value == uri {
			return a.local
		}
	}
	if p, ok := e.bound[uri]; ok {
		return p
	}
	prefix := want
	for i := 2; ; i++ {
		if _, taken := root.ns[prefix]; !taken {
			break
		}
		prefix = want + strconv.Itoa(i)
	}
	e.bound[uri] = prefix
	q := byte('"')
	if len(root.attrs) > 0 {
		q = root.attrs[0].Quote
	}
	decl := "xmlns:" + prefix + "=" + string(q) + uri + string(q)
	e.insertRootAttr(decl)
	return prefix
}

// insertRootAttr adds an attribute to <manifest> after its last namespace
// declaration (or before its first attribute). When the attributes are laid
// out one per line it gets a line of its own, so no existing line changes.
func (e *editor) insertRootAttr(decl string) {
	root := e.doc.root
	attrs := root.attrs
	last := -1
	for i, a := range attrs {
		if a.uri == nsXMLNS {
			last = i
		}
	}
	var next *attr
	if last+1 < len(attrs) {
		next = &attrs[last+1]
	}
	ownLine := func(off int) (string, int, bool) {
		ind, first := e.indentOf(&node{start: off})
		ls := e.lineStart(off)
		return ind, ls, first && ls > root.start
	}
	if next != nil {
		if ind, ls, ok := ownLine(next.Start); ok && (last < 0 || ls > attrs[last].End) {
			e.insert(ls, ind+decl+e.eolBefore(ls))
			return
		}
	}
	if last < 0 {
		e.insert(root.nameEnd, " "+decl)
		return
	}
	a := attrs[last]
	if ind, ls, ok := ownLine(a.Start); ok {
		e.insert(ls, ind+decl+e.eolBefore(ls))
		return
	}
	e.insert(a.End, " "+decl)
}

// elemStyle is how the file writes a permission element.
type elemStyle struct {
	quote byte
	close string // "/>", " />" or "></uses-permission>"
}

func (e *editor) styleOf(anchor *node) elemStyle {
	st := elemStyle{quote: '"', close: " />"}
	ref := anchor
	if ref == nil {
		// No permission to copy: take the first empty element's style.
		ref = firstSelfClosing(e.doc.root)
	}
	if ref == nil {
		if len(e.doc.root.attrs) > 0 {
			st.quote = e.doc.root.attrs[0].Quote
		}
		return st
	}
	if a := ref.attrNS(nsAndroid, "name"); a != nil {
		st.quote = a.Quote
	} else if len(ref.attrs) > 0 {
		st.quote = ref.attrs[0].Quote
	}
	switch {
	case !ref.selfClosing && ref == anchor:
		if ref.closeStart == ref.tagEnd {
			st.close = "></" + ref.name + ">"
		}
	case ref.selfClosing:
		slash := ref.end - 2
		if slash > 0 && xmltok.IsSpace(e.data[slash-1]) {
			st.close = " />"
		} else {
			st.close = "/>"
		}
	}
	return st
}

func firstSelfClosing(root *node) *node {
	stack := []*node{root}
	for len(stack) > 0 {
		n := stack[0]
		stack = stack[1:]
		if n != root && n.selfClosing {
			return n
		}
		stack = append(stack, n.elements()...)
	}
	return nil
}

// permissionElement renders one new <uses-permission>.
func permissionElement(st elemStyle, androidPrefix, toolsPrefix, name string) string {
	q := string(st.quote)
	var b strings.Builder
	b.WriteString("<uses-permission ")
	b.WriteString(androidPrefix + ":name=" + q + name + q)
	if toolsPrefix != "" {
		b.WriteString(" " + toolsPrefix + ":node=" + q + "remove" + q)
	}
	close := st.close
	if strings.HasPrefix(close, "></") {
		close = "></uses-permission>"
	}
	b.WriteString(close)
	return b.String()
}

// insertPermissions adds <uses-permission> elements: right after the last
// existing one, else just before <application> (and the comments that
// introduce it), else before </manifest>, opening an empty <manifest/>.
// skip holds elements this edit deletes.
func (e *editor) insertPermissions(names []string, block bool, skip map[*node]bool) {
	root := e.doc.root
	var anchor, app *node
	var kids []*node
	for _, c := range root.children {
		if c.kind == kindElement {
			kids = append(kids, c)
		}
		if c.kind != kindElement || skip[c] {
			continue
		}
		if isPermElement(c) {
			anchor = c
		}
		if app == nil && c.is("application") {
			app = c
		}
	}
	pa := e.ensureNamespace(nsAndroid, "android")
	pt := ""
	if block {
		pt = e.ensureNamespace(nsTools, "tools")
	}
	st := e.styleOf(anchor)
	elems := make([]string, len(names))
	for i, n := range names {
		elems[i] = permissionElement(st, pa, pt, n)
	}

	switch {
	case anchor != nil:
		ind, first := e.indentOf(anchor)
		if next, eol, ok := e.restOfLine(anchor.end); ok && first {
			e.insert(next, lines(ind, elems, eol))
			return
		}
		if first && e.hasNewline() {
			e.insert(anchor.end, e.eol+strings.TrimSuffix(lines(ind, elems, e.eol), e.eol))
			return
		}
		e.insert(anchor.end, inline(e.blanksBefore(anchor.start), elems, ""))
	case app != nil:
		target := e.leadingComments(root, app)
		if ind, first := e.indentOf(target); first && e.hasNewline() && e.lineStart(target.start) > 0 {
			e.insert(e.lineStart(target.start), lines(ind, elems, e.eolBefore(target.start)))
			return
		}
		e.insert(target.start, inline("", elems, e.blanksBefore(target.start)))
	case root.selfClosing:
		// <manifest ... /> becomes <manifest ...> ... </manifest>.
		ws := root.end - 2
		for ws > 0 && xmltok.IsSpace(e.data[ws-1]) {
			ws--
		}
		if !e.hasNewline() {
			e.replace(ws, root.end, ">"+strings.Join(elems, "")+"</manifest>")
			return
		}
		rootInd, _ := e.indentOf(root)
		unit := e.indentUnit()
		e.replace(ws, root.end, ">"+e.eol+lines(rootInd+unit, elems, e.eol)+rootInd+"</manifest>")
	default:
		childInd := e.childIndent(root, kids)
		if _, first := e.indentOf(&node{start: root.closeStart}); first && e.lineStart(root.closeStart) > e.lineStart(root.start) {
			e.insert(e.lineStart(root.closeStart), lines(childInd, elems, e.eolBefore(root.closeStart)))
			return
		}
		if !e.hasNewline() {
			e.insert(root.closeStart, strings.Join(elems, ""))
			return
		}
		rootInd, _ := e.indentOf(root)
		e.insert(root.closeStart, e.eol+lines(childInd, elems, e.eol)+rootInd)
	}
}

func (e *editor) replace(start, end int, text string) {
	e.remove(start, end)
	e.insert(start, text)
}

func lines(indent string, elems []string, eol string) string {
	var b strings.Builder
	for _, el := range elems {
		b.WriteString(indent)
		b.WriteString(el)
		b.WriteString(eol)
	}
	return b.String()
}

// inline joins elements on one line: each preceded by before and followed
// by after.
func inline(before string, elems []string, after string) string {
	var b strings.Builder
	for _, el := range elems {
		b.WriteString(before)
		b.WriteString(el)
		b.WriteString(after)
	}
	return b.String()
}

// blanksBefore returns the spaces and tabs just before off on its line.
func (e *editor) blanksBefore(off int) string {
	return string(e.data[textedit.BlanksBefore(e.data, off):off])
}

// leadingComments returns the first of the comments that sit on the lines
// right above n (no blank line between), or n itself: a new element goes
// above a comment that introduces <application>, not between them.
func (e *editor) leadingComments(parent, n *node) *node {
	idx := -1
	for i, c := range parent.children {
		if c == n {
			idx = i
		}
	}
	target := n
	for i := idx - 1; i >= 1; i -= 2 {
		ws, c := parent.children[i], parent.children[i-1]
		if ws.kind != kindText || c.kind != kindComment {
			break
		}
		between := e.data[ws.start:ws.end]
		if len(bytes.TrimSpace(between)) != 0 || bytes.Count(between, []byte("\n")) != 1 {
			break
		}
		if _, first := e.indentOf(c); !first {
			break
		}
		// Commented-out markup is not an introduction.
		if body := bytes.TrimSpace(e.data[c.start+4 : c.end-3]); bytes.HasPrefix(body, []byte("<")) {
			break
		}
		target = c
	}
	return target
}

// childIndent is the indentation of <manifest>'s children: that of its last
// child element on a line of its own, else <manifest>'s plus the file's
// indentation step.
func (e *editor) childIndent(root *node, kids []*node) string {
	for i := len(kids) - 1; i >= 0; i-- {
		if ind, first := e.indentOf(kids[i]); first {
			return ind
		}
	}
	rootInd, _ := e.indentOf(root)
	return rootInd + e.indentUnit()
}

// indentUnit is the file's indentation step: the most common one between
// an element's line and its child elements' lines (textedit.Steps); four
// spaces when nothing tells.
func (e *editor) indentUnit() string {
	var steps textedit.Steps
	var walk func(n *node)
	walk = func(n *node) {
		pind, pfirst := e.indentOf(n)
		for _, c := range n.elements() {
			if cind, cfirst := e.indentOf(c); pfirst && cfirst {
				steps.Add(pind, cind)
			}
			walk(c)
		}
	}
	walk(e.doc.root)
	if u, ok := steps.Unit(); ok {
		return u
	}
	// No nested elements: a file indented with tabs (if only on attribute
	// lines) wants a tab.
	for i, c := range e.data {
		if c == '\t' && i > 0 && textedit.IsBreak(e.data[i-1]) {
			return "\t"
		}
	}
	return "    "
}
