package plistcfg

import (
	"bytes"
	"sort"
	"strings"

	"github.com/bgkit/bgkit/internal/textedit"
)

// splice replaces data[Start:End] with Text.
type splice = textedit.Splice

func rep(start, end int, text string) splice { return splice{Start: start, End: end, Text: text} }

// line is one line of new content, depth levels deeper than the line the
// content starts on.
type line struct {
	depth int
	text  string
}

// frag is a value to insert: an element on one line (open only), or an
// open tag, children one level deeper, and a close tag.
type frag struct {
	open  string
	kids  []string
	close string
}

func (f frag) lines() []line {
	ls := []line{{0, f.open}}
	for _, k := range f.kids {
		ls = append(ls, line{1, k})
	}
	if f.close != "" {
		ls = append(ls, line{0, f.close})
	}
	return ls
}

// xmlEditor plans edits of one document in the document's own style.
type xmlEditor struct {
	x       *xmlDoc
	data    []byte
	oneLine bool            // the top-level dict is written on one line
	eol     string          // the most common line break
	tally   *textedit.Steps // the file's indentation steps; see steps
}

func newEditor(x *xmlDoc) *xmlEditor {
	e := &xmlEditor{x: x, data: x.data}
	// A top-level dict written on one line stays on one line; an empty one
	// follows the <plist> element around it.
	span := x.dict
	if len(span.kids) == 0 && x.plist != nil {
		span = x.plist
	}
	e.oneLine = bytes.IndexAny(x.data[span.start:span.end], "\r\n") < 0
	e.eol = textedit.EOL(x.data)
	return e
}

// indent is the leading white space of the line holding p.
func (e *xmlEditor) indent(p int) string { return textedit.Indent(e.data, p) }

// firstOnLine reports whether only spaces and tabs precede p on its line.
func (e *xmlEditor) firstOnLine(p int) bool {
	_, first := textedit.LeadingSpace(e.data, p)
	return first
}

// eolAt is the line break at offset p, or the file's usual one.
func (e *xmlEditor) eolAt(p int) string {
	if n := textedit.BreakLen(e.data, p); n > 0 {
		return string(e.data[p : p+n])
	}
	return e.eol
}

// lineBreakAfter finds the first line break between from and limit that is
// not inside a comment or processing instruction, skipping only white
// space, comments and processing instructions; -1 when there is none.
func (e *xmlEditor) lineBreakAfter(from, limit int) int {
	d := e.data
	for p := from; p < limit; {
		switch {
		case d[p] == '\n' || d[p] == '\r':
			return p
		case d[p] == ' ' || d[p] == '\t':
			p++
		case bytes.HasPrefix(d[p:], []byte("<!--")):
			i := bytes.Index(d[p+4:], []byte("-->"))
			if i < 0 {
				return -1
			}
			p += 4 + i + 3
		case bytes.HasPrefix(d[p:], []byte("<?")):
			i := bytes.Index(d[p+2:], []byte("?>"))
			if i < 0 {
				return -1
			}
			p += 2 + i + 2
		default:
			return -1
		}
	}
	return -1
}

// steps tallies the file's indentation steps: each container's line
// against its children's lines, where both start their lines.
func (e *xmlEditor) steps() *textedit.Steps {
	if e.tally != nil {
		return e.tally
	}
	e.tally = &textedit.Steps{}
	var walk func(c *elem)
	walk = func(c *elem) {
		first := e.firstOnLine(c.start)
		for _, k := range c.kids {
			if first && e.firstOnLine(k.start) && textedit.LineStart(e.data, k.start) > c.start {
				e.tally.Add(e.indent(c.start), e.indent(k.start))
			}
			if len(k.kids) > 0 {
				walk(k)
			}
		}
	}
	walk(e.x.dict)
	return e.tally
}

// indentUnit is one level of indentation as the file writes it (the most
// common step, textedit.Steps). A file that indents nothing gets "" and
// one that shows no nesting gets a tab, as Xcode writes.
func (e *xmlEditor) indentUnit() string {
	s := e.steps()
	if u, ok := s.Unit(); ok {
		return u
	}
	if s.Flat() {
		return ""
	}
	return "\t"
}

// childUnit is the indentation step below a line indented with parent:
// what the file's containers at that indentation use, else the file's
// usual step.
func (e *xmlEditor) childUnit(parent string) string {
	if u, ok := e.steps().Below(parent); ok {
		return u
	}
	return e.indentUnit()
}

func mostCommon(counts map[string]int) string {
	best, n := "", 0
	for u, c := range counts {
		if c > n || c == n && u < best {
			best, n = u, c
		}
	}
	return best
}

// keyIndent is the indentation of most top-level keys, or ref's when
// there is no majority (ref is the neighbour of the new key).
func (e *xmlEditor) keyIndent(ref int) string {
	counts := map[string]int{}
	kids := e.x.dict.kids
	for i := 0; i < len(kids); i += 2 {
		if e.firstOnLine(kids[i].start) {
			counts[e.indent(kids[i].start)]++
		}
	}
	own := e.indent(ref)
	best := mostCommon(counts)
	if counts[best] > counts[own] {
		return best
	}
	return own
}

// render writes lines on their own lines: each starts with eol, then the
// indentation.
func (e *xmlEditor) render(ls []line, indent, eol string) string {
	var b strings.Builder
	unit := e.childUnit(indent)
	for _, l := range ls {
		b.WriteString(eol)
		b.WriteString(indent)
		b.WriteString(strings.Repeat(unit, l.depth))
		b.WriteString(l.text)
	}
	return b.String()
}

func inline(ls []line) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.text)
	}
	return b.String()
}

// append adds items after the last child of c (an array), or fills it.
func (e *xmlEditor) append(c *elem, items []string) []splice {
	ls := make([]line, len(items))
	for i, it := range items {
		ls[i] = line{0, it}
	}
	if len(c.kids) == 0 {
		return e.fill(c, ls)
	}
	last := c.kids[len(c.kids)-1]
	return e.after(c, last.start, last, ls, e.inlineSep(c, len(c.kids)-1))
}

// after inserts ls after the element last, the end of the child unit that
// starts at ref (a key for dicts, the element itself for arrays). sep is
// what separates units written on one line.
func (e *xmlEditor) after(c *elem, ref int, last *elem, ls []line, sep string) []splice {
	if !e.oneLine {
		if p := e.lineBreakAfter(last.end, c.closeStart); p >= 0 {
			return []splice{rep(p, p, e.render(ls, e.indent(ref), e.eolAt(p)))}
		}
	}
	return []splice{rep(last.end, last.end, sep+inline(ls))}
}

// inlineSep is the white space before the unit that starts at kid i (after
// the unit before it, or after the open tag), when it holds no line break.
func (e *xmlEditor) inlineSep(c *elem, i int) string {
	from := c.openEnd
	if i > 0 {
		from = c.kids[i-1].end
	}
	between := e.data[from:c.kids[i].start]
	if len(bytes.Trim(between, " \t")) != 0 {
		return ""
	}
	return string(between)
}

// fill puts ls into the empty container c.
func (e *xmlEditor) fill(c *elem, ls []line) []splice {
	if e.oneLine {
		if c.self {
			return []splice{rep(c.start, c.end, openTag(e.data, c)+inline(ls)+"</"+c.name+">")}
		}
		return []splice{rep(c.closeStart, c.closeStart, inline(ls))}
	}
	ind := e.indent(c.start)
	kidInd := ind + e.childUnit(ind)
	eol := e.eolAt(textedit.LineEnd(e.data, c.start))
	if c.self {
		return []splice{rep(c.start, c.end, openTag(e.data, c)+e.render(ls, kidInd, eol)+eol+ind+"</"+c.name+">")}
	}
	if p := e.lineBreakAfter(c.openEnd, c.closeStart); p >= 0 {
		return []splice{rep(p, p, e.render(ls, kidInd, e.eolAt(p)))}
	}
	// Nothing but spaces or comments on the one line: the new lines go
	// before the close tag, which moves to a line of its own.
	return []splice{rep(c.closeStart, c.closeStart, e.render(ls, kidInd, eol)+eol+ind)}
}

// openTag turns a self-closing tag into a start tag, attributes kept.
func openTag(data []byte, c *elem) string {
	t := strings.TrimSuffix(string(data[c.start:c.openEnd]), "/>")
	return strings.TrimRight(t, " \t\r\n") + ">"
}

// insertEntry adds key with the value v to the top-level dict: in its
// sorted place when the keys are sorted, else at the end.
func (e *xmlEditor) insertEntry(key string, v frag) []splice {
	d := e.x.dict
	keyText := "<key>" + escapeText(key) + "</key>"
	ls := append([]line{{0, keyText}}, v.lines()...)
	if len(d.kids) == 0 {
		return e.fill(d, ls)
	}
	pos := e.sortedPos(key)
	// The neighbour whose style the new entry copies.
	ref := len(d.kids) - 2
	if pos >= 0 {
		ref = 2 * pos
	}
	k, val := d.kids[ref], d.kids[ref+1]
	if between := e.data[k.end:val.start]; len(bytes.Trim(between, " \t")) == 0 {
		// This file writes a key and its value on one line.
		ls = append([]line{{0, keyText + string(between) + ls[1].text}}, ls[2:]...)
	}
	if pos < 0 {
		if !e.oneLine {
			if p := e.lineBreakAfter(val.end, d.closeStart); p >= 0 {
				return []splice{rep(p, p, e.render(ls, e.keyIndent(k.start), e.eolAt(p)))}
			}
		}
		return e.after(d, k.start, val, ls, e.inlineSep(d, len(d.kids)-2))
	}
	if !e.oneLine && e.firstOnLine(k.start) {
		p := e.commentsAbove(d, textedit.LineStart(e.data, k.start))
		eol := e.eolAt(textedit.LineEnd(e.data, k.start))
		text := e.render(ls, e.keyIndent(k.start), eol)
		// render starts each line with eol; here each must end with one.
		return []splice{rep(p, p, text[len(eol):]+eol)}
	}
	return []splice{rep(k.start, k.start, inline(ls)+e.inlineSep(d, ref))}
}

// commentsAbove moves p, the start of a key's line, up over whole-line
// comments right above it: they describe the key, so a new entry goes
// before them.
func (e *xmlEditor) commentsAbove(d *elem, p int) int {
	for p > d.openEnd {
		prevEnd := p - 1
		if e.data[prevEnd] == '\n' && prevEnd > 0 && e.data[prevEnd-1] == '\r' {
			prevEnd--
		}
		// Find a comment of d ending on the previous line.
		trimmedEnd := prevEnd
		for trimmedEnd > 0 && (e.data[trimmedEnd-1] == ' ' || e.data[trimmedEnd-1] == '\t') {
			trimmedEnd--
		}
		i := sort.Search(len(d.comments), func(i int) bool { return d.comments[i].end >= trimmedEnd })
		if i == len(d.comments) || d.comments[i].end != trimmedEnd {
			return p
		}
		cs := d.comments[i].start
		if !e.firstOnLine(cs) || textedit.LineStart(e.data, cs) <= d.start {
			return p
		}
		p = textedit.LineStart(e.data, cs)
	}
	return p
}

// sortedPos returns the index of the entry a new key goes before when the
// top-level keys are sorted (byte order or ignoring case), or -1 for the
// end: unsorted keys, fewer than two, or the new key sorts last.
func (e *xmlEditor) sortedPos(key string) int {
	kids := e.x.dict.kids
	n := len(kids) / 2
	if n < 2 {
		return -1
	}
	keys := make([]string, n)
	for i := range keys {
		keys[i] = kids[2*i].text
	}
	for _, less := range []func(a, b string) bool{
		func(a, b string) bool { return a < b },
		func(a, b string) bool { return strings.ToLower(a) < strings.ToLower(b) },
	} {
		sorted := true
		for i := 1; i < n; i++ {
			if less(keys[i], keys[i-1]) {
				sorted = false
				break
			}
		}
		if !sorted {
			continue
		}
		for i, k := range keys {
			if less(key, k) {
				return i
			}
		}
		return -1
	}
	return -1
}

// remove deletes the children of c marked in drop: each one's whole line
// when it is alone there (trailing comments go with it), else the element
// and the space that separates it from a neighbour.
func (e *xmlEditor) remove(c *elem, drop []bool) []splice {
	var sp []splice
	keptAfter := false
	plan := make([]splice, len(c.kids))
	for i := len(c.kids) - 1; i >= 0; i-- {
		if !drop[i] {
			keptAfter = true
			continue
		}
		plan[i] = e.removeOne(c, i, keptAfter)
	}
	for i, p := range plan {
		if drop[i] {
			sp = append(sp, p)
		}
	}
	return sp
}

func (e *xmlEditor) removeOne(c *elem, i int, keptAfter bool) splice {
	k := c.kids[i]
	if !e.oneLine && e.firstOnLine(k.start) {
		le := textedit.LineEnd(e.data, k.end)
		if le <= c.closeStart && e.onlyTrivia(k.end, le) {
			return rep(textedit.LineStart(e.data, k.start), le+textedit.BreakLen(e.data, le), "")
		}
	}
	blank := func(from, to int) bool { return len(bytes.Trim(e.data[from:to], " \t")) == 0 }
	switch {
	case keptAfter && i+1 < len(c.kids) && blank(k.end, c.kids[i+1].start):
		// Take the space after it: the next element moves into its place.
		return rep(k.start, c.kids[i+1].start, "")
	case !keptAfter && i > 0 && blank(c.kids[i-1].end, k.start):
		// Nothing kept after it: take the space before it.
		return rep(c.kids[i-1].end, k.end, "")
	}
	return rep(k.start, k.end, "")
}

// onlyTrivia reports whether data[from:to] holds only spaces, tabs and
// whole comments.
func (e *xmlEditor) onlyTrivia(from, to int) bool {
	for p := from; p < to; {
		switch {
		case e.data[p] == ' ' || e.data[p] == '\t':
			p++
		case bytes.HasPrefix(e.data[p:to], []byte("<!--")):
			i := bytes.Index(e.data[p+4:to], []byte("-->"))
			if i < 0 {
				return false
			}
			p += 4 + i + 3
		default:
			return false
		}
	}
	return true
}
