package jsonedit

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/bgkit/bgkit/internal/textedit"
)

// style is how a file writes JSON, read from the file itself so that new
// text looks as if the file's author (or formatter) wrote it.
type style struct {
	nl            string // line ending: "\n" or "\r\n"
	unit          string // one level of indentation: "\t", "  ", "    "...
	colon         string // between a key and its value: ": " or ":"
	comma         string // after a comma in a one-line container: " " or ""
	pad           string // inside the brackets of a one-line container: "" or " "
	inlineArrays  bool   // new string arrays go on one line
	inlineObjects bool   // new objects go on one line
}

// detectStyle reads the style of a parsed document.
func detectStyle(d *doc) style {
	data := d.data
	st := style{nl: textedit.FirstEOL(data), unit: "  ", colon: ": ", comma: " "}
	var (
		steps                            textedit.Steps
		colonFound, commaFound, padFound bool
		arraysInline, arraysBroken       int
		objectsInline, objectsBroken     int
	)
	var walk func(n *node)
	walk = func(n *node) {
		var children []int // start offsets of the children
		switch n.kind {
		case kObject:
			for _, m := range n.members {
				children = append(children, m.keyStart)
				if !colonFound {
					if sep := string(data[m.keyEnd:m.value.start]); isColon(sep) {
						st.colon, colonFound = sep, true
					}
				}
			}
		case kArray:
			for _, e := range n.elems {
				children = append(children, e.start)
			}
		default:
			return
		}
		if len(children) > 0 {
			broken := containsNewline(data[n.start+1 : children[0]])
			if inner, first := leadingSpace(data, children[0]); broken && first {
				steps.Add(lineIndent(data, n.start), inner)
			}
			if !broken && !padFound {
				st.pad, padFound = string(data[n.start+1:children[0]]), true
			}
			if !broken && !commaFound && len(children) > 1 {
				prevEnd := childEnd(n, 0)
				sep := strings.TrimPrefix(string(data[prevEnd:children[1]]), ",")
				if !strings.ContainsAny(sep, "\r\n,") {
					st.comma, commaFound = sep, true
				}
			}
			switch {
			case n.kind == kObject && broken:
				objectsBroken++
			case n.kind == kObject:
				objectsInline++
			case scalarsOnly(n) && broken:
				arraysBroken++
			case scalarsOnly(n):
				arraysInline++
			}
		}
		for _, m := range n.members {
			walk(m.value)
		}
		for _, e := range n.elems {
			walk(e)
		}
	}
	walk(d.root)
	if u, ok := steps.Unit(); ok {
		st.unit = u
	}
	if !commaFound && colonFound && !strings.HasSuffix(st.colon, " ") {
		st.comma = ""
	}
	if !padFound {
		st.pad = ""
	}
	// A file written on one line (minified) gets one-line additions.
	oneLine := !containsNewline(bytes.TrimRight(data, " \t\r\n"))
	st.inlineArrays = oneLine || arraysInline > arraysBroken
	st.inlineObjects = oneLine || objectsInline > objectsBroken
	return st
}

func isColon(sep string) bool {
	return strings.Count(sep, ":") == 1 && !strings.ContainsAny(sep, "\r\n")
}

func containsNewline(b []byte) bool { return bytes.IndexByte(b, '\n') >= 0 }

// childEnd is where the i-th child of a container ends.
func childEnd(n *node, i int) int {
	if n.kind == kObject {
		return n.members[i].value.end
	}
	return n.elems[i].end
}

func scalarsOnly(n *node) bool {
	for _, e := range n.elems {
		if e.kind == kObject || e.kind == kArray {
			return false
		}
	}
	return true
}

// lineIndent is the leading whitespace of the line holding off.
func lineIndent(data []byte, off int) string {
	data, off = afterBOM(data, off)
	return textedit.Indent(data, off)
}

// leadingSpace returns the whitespace before off on its line, and whether
// off is the first thing on the line.
func leadingSpace(data []byte, off int) (string, bool) {
	data, off = afterBOM(data, off)
	return textedit.LeadingSpace(data, off)
}

// afterBOM drops a byte order mark from data and moves off with it: the
// mark is not part of the first line's text or indentation.
func afterBOM(data []byte, off int) ([]byte, int) {
	if hasBOM(data) && off >= len(bom) {
		return data[len(bom):], off - len(bom)
	}
	return data, off
}

// quote writes s as a JSON string the way a person would: only the
// characters JSON requires are escaped; non-ASCII text stays as it is.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				const hex = "0123456789abcdef"
				b.WriteString(`\u00`)
				b.WriteByte(hex[r>>4])
				b.WriteByte(hex[r&0xf])
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// validText reports whether s can be written as a JSON string unchanged.
func validText(s string) bool { return utf8.ValidString(s) }
