// Package textedit is the text layer under bgkit's editors: splices into
// the original bytes, lines and their breaks, indentation, and the error
// that names a file, line and column. XML and JSON edits share it, so
// every editor counts lines and applies changes by the same rules.
//
// A line break is "\r\n", "\n" or a lone "\r" (XML 1.0 §2.11 normalises
// all three to one line end; Xcode and old Mac tools still write "\r").
package textedit

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// ParseError is invalid input: it names the file and, where known, the line
// and column.
type ParseError struct {
	File string
	Line int // 1-based; 0 when unknown
	Col  int // 1-based; 0 when unknown
	Msg  string
}

func (e *ParseError) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Splice replaces data[Start:End] with Text; Start == End inserts.
type Splice struct {
	Start, End int
	Text       string
}

// Apply returns data with the splices applied, in offset order. At one
// offset insertions come before deletions. Deletions may overlap (two
// neighbours each claiming the blanks between them): they merge. Text that
// would land inside a deletion, or a splice outside data, is an error:
// there is no right answer, so nothing is written.
func Apply(data []byte, sp []Splice) ([]byte, error) {
	if len(sp) == 0 {
		return data, nil
	}
	sp = append([]Splice(nil), sp...)
	sort.SliceStable(sp, func(i, j int) bool {
		if sp[i].Start != sp[j].Start {
			return sp[i].Start < sp[j].Start
		}
		return sp[i].End == sp[i].Start && sp[j].End != sp[j].Start
	})
	n := len(data)
	for _, s := range sp {
		n += len(s.Text)
	}
	out := make([]byte, 0, n)
	pos := 0
	for _, s := range sp {
		if s.Start < 0 || s.End < s.Start || s.End > len(data) {
			return nil, fmt.Errorf("edit [%d,%d) outside the text", s.Start, s.End)
		}
		if s.Start < pos {
			if s.Text != "" {
				return nil, fmt.Errorf("overlapping edits at offset %d", s.Start)
			}
			pos = max(pos, s.End)
			continue
		}
		out = append(out, data[pos:s.Start]...)
		out = append(out, s.Text...)
		pos = s.End
	}
	return append(out, data[pos:]...), nil
}

// IsBreak reports whether c starts a line break.
func IsBreak(c byte) bool { return c == '\n' || c == '\r' }

// IsBlank reports whether c is a space or a tab.
func IsBlank(c byte) bool { return c == ' ' || c == '\t' }

// LineStart returns the offset where the line holding p begins.
func LineStart(data []byte, p int) int {
	for i := min(p, len(data)) - 1; i >= 0; i-- {
		if IsBreak(data[i]) {
			return i + 1
		}
	}
	return 0
}

// LineEnd returns the offset of the line break ending the line holding p
// (len(data) when the line is the last one and has none).
func LineEnd(data []byte, p int) int {
	for i := p; i < len(data); i++ {
		if IsBreak(data[i]) {
			return i
		}
	}
	return len(data)
}

// BreakLen is the length of the line break at p: 2 for "\r\n", 1 for "\n"
// or "\r", 1 for anything else but the end of data, which is 0.
func BreakLen(data []byte, p int) int {
	switch {
	case p >= len(data):
		return 0
	case data[p] == '\r' && p+1 < len(data) && data[p+1] == '\n':
		return 2
	default:
		return 1
	}
}

// Indent is the leading spaces and tabs of the line holding p.
func Indent(data []byte, p int) string {
	ls := LineStart(data, p)
	i := ls
	for i < len(data) && IsBlank(data[i]) {
		i++
	}
	return string(data[ls:i])
}

// LeadingSpace returns the blanks before p on its line, and whether p is
// the first thing on its line.
func LeadingSpace(data []byte, p int) (string, bool) {
	ls := LineStart(data, p)
	for _, c := range data[ls:p] {
		if !IsBlank(c) {
			return "", false
		}
	}
	return string(data[ls:p]), true
}

// BlanksBefore returns the offset where the spaces and tabs just before p
// begin.
func BlanksBefore(data []byte, p int) int {
	for p > 0 && IsBlank(data[p-1]) {
		p--
	}
	return p
}

// CountBreaks counts the line breaks in b.
func CountBreaks(b []byte) int {
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

// LineOf returns the 1-based line of offset off in src, for readers that
// hold source text as a string.
func LineOf(src string, off int) int {
	off = max(0, min(off, len(src)))
	if off > 0 && off < len(src) && src[off] == '\n' && src[off-1] == '\r' {
		off--
	}
	src = src[:off]
	if strings.IndexByte(src, '\r') >= 0 {
		return CountBreaks([]byte(src)) + 1
	}
	return strings.Count(src, "\n") + 1
}

// FirstEOL is the ending of the first line that ends in "\n": "\r\n" or
// "\n" ("\n" also when there is none). The manifest and JSON editors write
// new lines with it.
func FirstEOL(data []byte) string {
	if i := bytes.IndexByte(data, '\n'); i > 0 && data[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// EOL is the line break data uses most ("\n" when it has none).
func EOL(data []byte) string {
	crlf := bytes.Count(data, []byte("\r\n"))
	lf := bytes.Count(data, []byte("\n")) - crlf
	cr := bytes.Count(data, []byte("\r")) - crlf
	switch {
	case crlf > lf && crlf >= cr:
		return "\r\n"
	case cr > lf:
		return "\r"
	}
	return "\n"
}

// Lines answers offset-to-line questions about one text. Offsets asked in
// increasing order cost what lies between them; a table of line starts is
// built on the first step back, so any order stays cheap.
type Lines struct {
	data        []byte
	lpos, lline int
	starts      []int
	startsBuilt bool
}

// NewLines returns a Lines for data.
func NewLines(data []byte) *Lines { return &Lines{data: data, lline: 1} }

// clamp keeps p inside data and off the "\n" of a "\r\n", which belongs
// to the line the "\r" ends.
func (l *Lines) clamp(p int) int {
	p = max(0, min(p, len(l.data)))
	if p > 0 && p < len(l.data) && l.data[p] == '\n' && l.data[p-1] == '\r' {
		p--
	}
	return p
}

// Line returns the 1-based line of offset p.
func (l *Lines) Line(p int) int {
	p = l.clamp(p)
	if p >= l.lpos {
		l.lline += CountBreaks(l.data[l.lpos:p])
		l.lpos = p
		return l.lline
	}
	if !l.startsBuilt {
		l.starts = []int{0}
		for i := 0; i < len(l.data); i++ {
			if IsBreak(l.data[i]) {
				i += BreakLen(l.data, i) - 1
				l.starts = append(l.starts, i+1)
			}
		}
		l.startsBuilt = true
	}
	return sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > p })
}

// LineCol returns the 1-based line and column (in runes) of offset p.
func (l *Lines) LineCol(p int) (line, col int) {
	p = l.clamp(p)
	line = l.Line(p)
	return line, utf8.RuneCount(l.data[LineStart(l.data, p):p]) + 1
}

// Steps tallies how a file indents a nested line below its parent's line,
// so that an editor indents new lines as the file does. Every editor feeds
// it the (parent, child) indentation pairs of its own tree and asks for the
// step by the same rule: the most common one, ties going to the first seen.
type Steps struct {
	all   tally
	below map[string]*tally // parent indentation -> steps under it
	flat  int               // children indented like their parent
}

type tally struct {
	n     map[string]int
	order []string // first seen first
}

func (t *tally) add(step string) {
	if t.n == nil {
		t.n = map[string]int{}
	}
	if t.n[step] == 0 {
		t.order = append(t.order, step)
	}
	t.n[step]++
}

func (t *tally) best() (string, bool) {
	best, n := "", 0
	for _, s := range t.order {
		if t.n[s] > n {
			best, n = s, t.n[s]
		}
	}
	return best, n > 0
}

// Add records a child line indented inner below a parent line indented
// outer. A child indented deeper than its parent, and written with its
// parent's indentation as prefix, counts as a step; one at its parent's
// indentation counts as flat; anything else tells nothing.
func (s *Steps) Add(outer, inner string) {
	switch {
	case len(inner) > len(outer) && strings.HasPrefix(inner, outer):
		step := inner[len(outer):]
		s.all.add(step)
		if s.below == nil {
			s.below = map[string]*tally{}
		}
		if s.below[outer] == nil {
			s.below[outer] = &tally{}
		}
		s.below[outer].add(step)
	case inner == outer:
		s.flat++
	}
}

// Unit is the file's most common step, and false when no line is nested
// deeper than its parent.
func (s *Steps) Unit() (string, bool) { return s.all.best() }

// Below is the most common step under lines indented parent: files that
// mix tabs and spaces get the step of the part indented like the new
// lines. Without one under parent, it is Unit.
func (s *Steps) Below(parent string) (string, bool) {
	if t := s.below[parent]; t != nil {
		return t.best()
	}
	return s.Unit()
}

// Flat reports whether the file writes children at their parent's
// indentation and never deeper.
func (s *Steps) Flat() bool {
	_, nested := s.Unit()
	return !nested && s.flat > 0
}
