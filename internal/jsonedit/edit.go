package jsonedit

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"github.com/bgkit/bgkit/internal/textedit"
)

// PathError means an edit cannot be made because the document holds a
// value of another type on the way (for example "ios": "x" where an object
// is needed).
type PathError struct {
	Path      string // dotted path of the value, e.g. expo.ios.infoPlist
	Line, Col int    // where that value starts
	Msg       string
}

func (e *PathError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s %s", e.Line, e.Col, e.Path, e.Msg)
}

// EditError means an edit produced text that does not hold the intended
// document. It is a bug in bgkit, reported instead of writing the file.
type EditError struct {
	Op  string
	Msg string
}

func (e *EditError) Error() string {
	return fmt.Sprintf("%s: %s (this is a bug in bgkit; the file was not changed)", e.Op, e.Msg)
}

type opKind int

const (
	opAdd opKind = iota
	opRemove
	opSet
)

// op is one intended change to a document.
type op struct {
	kind   opKind
	path   []string
	values []string // opAdd, opRemove
	value  string   // opSet
}

func (o op) name() string {
	switch o.kind {
	case opAdd:
		return "add to " + dotted(o.path)
	case opRemove:
		return "remove from " + dotted(o.path)
	}
	return "set " + dotted(o.path)
}

func dotted(path []string) string {
	if len(path) == 0 {
		return "(top level)"
	}
	return strings.Join(path, ".")
}

// splice is a replacement of data[Start:End].
type splice = textedit.Splice

func rep(start, end int, text string) splice { return splice{Start: start, End: end, Text: text} }

// edit runs one change: parse, splice, then parse the result and compare
// it with the intended document. Unchanged content returns data itself.
func edit(data []byte, o op) ([]byte, error) {
	if len(o.path) == 0 {
		return nil, fmt.Errorf("jsonedit: %s: empty path", o.name())
	}
	for _, s := range append(append([]string{o.value}, o.values...), o.path...) {
		if !validText(s) {
			return nil, fmt.Errorf("jsonedit: %s: %q is not valid UTF-8", o.name(), s)
		}
	}
	d, err := parse(data)
	if err != nil {
		return nil, err
	}
	if d.root.kind != kObject {
		line, col := position(data, d.root.start)
		return nil, &PathError{Path: "the top-level value", Line: line, Col: col, Msg: "is " + d.root.kind.String() + ", not an object"}
	}
	sp, err := plan(d, o)
	if err != nil {
		return nil, err
	}
	if len(sp) == 0 {
		return data, nil
	}
	out, err := textedit.Apply(data, sp)
	if err != nil {
		return nil, &EditError{Op: o.name(), Msg: err.Error()}
	}
	if bytes.Equal(out, data) {
		return data, nil
	}
	d2, err := parse(out)
	if err != nil {
		return nil, &EditError{Op: o.name(), Msg: "the result would not parse: " + err.Error()}
	}
	want := decode(data, d.root)
	if err := o.applyTo(&want); err != nil {
		return nil, &EditError{Op: o.name(), Msg: err.Error()}
	}
	if got := decode(out, d2.root); !reflect.DeepEqual(got, want) {
		return nil, &EditError{Op: o.name(), Msg: "the result does not hold the intended values"}
	}
	return out, nil
}

// plan works out the splices for o.
func plan(d *doc, o op) ([]splice, error) {
	st := detectStyle(d)
	n := d.root
	for i, seg := range o.path {
		if n.kind == kArray {
			c := child(n, seg)
			if c == nil {
				return nil, pathError(d, o.path[:i], n, fmt.Sprintf("has no element %q", seg))
			}
			n = c
			continue
		}
		if n.kind != kObject {
			return nil, pathError(d, o.path[:i], n, "is "+n.kind.String()+", not an object")
		}
		m, ok := n.lookup(seg)
		if !ok {
			if o.kind == opRemove {
				return nil, nil // nothing to remove
			}
			return insertMember(d, st, n, o.path[i:], o), nil
		}
		n = m.value
	}
	switch o.kind {
	case opAdd:
		if n.kind != kArray {
			return nil, pathError(d, o.path, n, "is "+n.kind.String()+", not an array")
		}
		return appendStrings(d, st, n, missing(n, o.values)), nil
	case opRemove:
		if n.kind != kArray {
			return nil, pathError(d, o.path, n, "is "+n.kind.String()+", not an array")
		}
		return removeStrings(n, o.values), nil
	default:
		if n.kind != kString {
			return nil, pathError(d, o.path, n, "is "+n.kind.String()+", not a string")
		}
		if n.str == o.value {
			return nil, nil
		}
		return []splice{rep(n.start, n.end, quote(o.value))}, nil
	}
}

func pathError(d *doc, path []string, n *node, msg string) *PathError {
	line, col := position(d.data, n.start)
	p := dotted(path)
	if len(path) == 0 {
		p = "the top-level value"
	}
	return &PathError{Path: p, Line: line, Col: col, Msg: msg}
}

// missing returns values not yet in the array, each once, in order.
func missing(arr *node, values []string) []string {
	have := map[string]bool{}
	for _, e := range arr.elems {
		if e.kind == kString {
			have[e.str] = true
		}
	}
	var out []string
	for _, v := range values {
		if !have[v] {
			have[v] = true
			out = append(out, v)
		}
	}
	return out
}

// leaf renders the value an op creates at the end of a new path.
func (o op) leaf(st style, indent string, inline bool) string {
	if o.kind == opSet {
		return quote(o.value)
	}
	var vals []string
	seen := map[string]bool{}
	for _, v := range o.values {
		if !seen[v] {
			seen[v] = true
			vals = append(vals, quote(v))
		}
	}
	return renderArray(st, vals, indent, inline || st.inlineArrays)
}

func renderArray(st style, vals []string, indent string, inline bool) string {
	if len(vals) == 0 {
		return "[]"
	}
	if inline {
		return "[" + st.pad + strings.Join(vals, ","+st.comma) + st.pad + "]"
	}
	inner := indent + st.unit
	return "[" + st.nl + inner + strings.Join(vals, ","+st.nl+inner) + st.nl + indent + "]"
}

// render writes the value for the rest of a path that does not exist yet:
// nested objects, one member each, ending in the op's value. indent is the
// indentation of the line the value starts on.
func render(st style, rest []string, o op, indent string, inline bool) string {
	if len(rest) == 0 {
		return o.leaf(st, indent, inline)
	}
	inline = inline || st.inlineObjects
	if inline {
		return "{" + st.pad + quote(rest[0]) + st.colon + render(st, rest[1:], o, "", true) + st.pad + "}"
	}
	inner := indent + st.unit
	return "{" + st.nl + inner + quote(rest[0]) + st.colon + render(st, rest[1:], o, inner, false) + st.nl + indent + "}"
}

// insertMember adds rest[0] (holding the rest of the path) at the end of
// obj, written like the object's other members.
func insertMember(d *doc, st style, obj *node, rest []string, o op) []splice {
	data := d.data
	if len(obj.members) == 0 {
		// {} becomes a container with one member, in the file's style.
		indent := lineIndent(data, obj.start)
		return []splice{rep(obj.start, obj.end, render(st, rest, o, indent, false))}
	}
	last := obj.members[len(obj.members)-1]
	colon := string(data[last.keyEnd:last.value.start])
	if !isColon(colon) {
		colon = st.colon
	}
	local := st
	local.colon = colon
	first := obj.members[0].keyStart
	if !containsNewline(data[obj.start+1 : first]) {
		// A one-line object: the member goes on the same line.
		sep := st.comma
		if len(obj.members) > 1 {
			prev := obj.members[len(obj.members)-2].value.end
			if s := strings.TrimPrefix(string(data[prev:last.keyStart]), ","); !strings.ContainsAny(s, "\r\n,") {
				sep = s
			}
		}
		text := "," + sep + quote(rest[0]) + colon + render(local, rest[1:], o, "", true)
		return []splice{rep(last.value.end, last.value.end, text)}
	}
	indent, ok := leadingSpace(data, last.keyStart)
	if !ok {
		indent = lineIndent(data, obj.start) + st.unit
	}
	text := "," + st.nl + indent + quote(rest[0]) + colon + render(local, rest[1:], o, indent, false)
	return []splice{rep(last.value.end, last.value.end, text)}
}

// appendStrings appends quoted values to an existing array.
func appendStrings(d *doc, st style, arr *node, values []string) []splice {
	if len(values) == 0 {
		return nil
	}
	data := d.data
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = quote(v)
	}
	if len(arr.elems) == 0 {
		indent := lineIndent(data, arr.start)
		return []splice{rep(arr.start, arr.end, renderArray(st, quoted, indent, st.inlineArrays))}
	}
	last := arr.elems[len(arr.elems)-1]
	sep := st.comma
	if len(arr.elems) > 1 {
		prev := arr.elems[len(arr.elems)-2].end
		if s := strings.TrimPrefix(string(data[prev:last.start]), ","); !strings.ContainsAny(s, "\r\n,") {
			sep = s
		}
	}
	broken := containsNewline(data[arr.start+1 : arr.elems[0].start])
	indent, own := leadingSpace(data, last.start)
	var b strings.Builder
	for _, q := range quoted {
		b.WriteByte(',')
		if broken && own {
			b.WriteString(st.nl + indent)
		} else {
			// A one-line array, or elements packed several to a line:
			// continue on the last element's line.
			b.WriteString(sep)
		}
		b.WriteString(q)
	}
	return []splice{rep(last.end, last.end, b.String())}
}

// removeStrings deletes the string elements equal to one of values,
// together with their separators: a line of its own goes as a whole line.
func removeStrings(arr *node, values []string) []splice {
	drop := map[string]bool{}
	for _, v := range values {
		drop[v] = true
	}
	gone := make([]bool, len(arr.elems))
	any, all := false, true
	for i, e := range arr.elems {
		gone[i] = e.kind == kString && drop[e.str]
		any = any || gone[i]
		all = all && gone[i]
	}
	if !any {
		return nil
	}
	if all {
		return []splice{rep(arr.start, arr.end, "[]")}
	}
	var sp []splice
	n := len(arr.elems)
	for i := 0; i < n; i++ {
		if !gone[i] {
			continue
		}
		j := i
		for j+1 < n && gone[j+1] {
			j++
		}
		if j+1 < n {
			// Up to the next kept element: the run, its commas and the
			// line breaks before that element.
			sp = append(sp, rep(arr.elems[i].start, arr.elems[j+1].start, ""))
		} else {
			// The run ends the array: from the end of the kept element
			// before it, which loses its comma.
			sp = append(sp, rep(arr.elems[i-1].end, arr.elems[j].end, ""))
		}
		i = j
	}
	return sp
}
