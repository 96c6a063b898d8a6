package plistcfg

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bgkit/bgkit/internal/textedit"
	"github.com/bgkit/bgkit/internal/xmltok"
	"howett.net/plist"
)

// AddStrings returns data with values appended to the top-level string array
// key (created where the file's key order suggests when missing). Values
// already present are skipped; no change returns data itself.
func AddStrings(name string, data []byte, key string, values ...string) ([]byte, error) {
	return modify(name, data, key, addOp(values))
}

// RemoveStrings returns data without the given values in the top-level array
// key. An array left empty stays as an empty array.
func RemoveStrings(name string, data []byte, key string, values ...string) ([]byte, error) {
	return modify(name, data, key, removeOp(values))
}

// SetString returns data with the top-level key set to a string value,
// added when missing (for example aps-environment in an entitlements file).
func SetString(name string, data []byte, key, value string) ([]byte, error) {
	return modify(name, data, key, setOp(value))
}

// An op describes one change to one top-level key twice: as a change to
// decoded values (used for binary and old-style plists, and to check every
// XML edit) and as a text edit of an XML document.
type op interface {
	// apply returns the key's new value given the old one (nil when the
	// key is absent), and whether anything changes. A wrong type is an
	// error that the caller turns into a ParseError.
	apply(old any, present bool) (any, bool, error)
	// editXML plans the text edit of a document where the change is due;
	// k and v are the key and value elements (nil when the key is absent).
	editXML(e *xmlEditor, key string, k, v *elem) ([]splice, error)
}

// modify runs an op on any format, checks the result and returns the new
// bytes (data itself when nothing changes).
func modify(name string, data []byte, key string, o op) ([]byte, error) {
	format, err := sniff(name, data)
	if err != nil {
		return nil, err
	}
	if err := checkBinaryGraph(name, data); err != nil {
		return nil, err
	}
	if err := checkBinaryValues(name, data); err != nil {
		return nil, err
	}
	for _, v := range opValues(o) {
		if err := checkValue(v); err != nil {
			return nil, err
		}
	}
	// The reference decoding: howett.net/plist, an independent reader,
	// decides what the file means before and after the edit.
	var oldRoot any
	hf, err := plist.Unmarshal(data, &oldRoot)
	if err != nil {
		if format == XML {
			// Our reader is stricter; prefer its message when it has one.
			if _, serr := scanXML(name, data); serr != nil {
				return nil, serr
			}
		}
		return nil, howettError(name, err)
	}
	root, ok := oldRoot.(map[string]any)
	if !ok {
		return nil, &ParseError{File: name, Msg: fmt.Sprintf("the root is %s, not a dictionary", article(typeName(oldRoot)))}
	}
	old, present := root[key]
	newVal, changed, err := o.apply(old, present)
	var out []byte
	if format == XML {
		x, serr := scanXML(name, data)
		if serr != nil {
			return nil, serr
		}
		k, v := x.lookup(key)
		if err != nil {
			return nil, &ParseError{File: name, Line: k.line, Msg: err.Error()}
		}
		if !changed {
			return data, nil
		}
		ed := newEditor(x)
		sp, err := o.editXML(ed, key, k, v)
		if err != nil {
			return nil, err
		}
		if out, err = textedit.Apply(data, sp); err != nil {
			return nil, &UnsafeEditError{File: name, Why: fmt.Sprintf("could not be planned (%v)", err)}
		}
		if _, err := scanXML(name, out); err != nil {
			return nil, &UnsafeEditError{File: name, Why: fmt.Sprintf("would not parse (%v)", err)}
		}
	} else {
		if err != nil {
			return nil, &ParseError{File: name, Msg: err.Error()}
		}
		if !changed {
			return data, nil
		}
		next := make(map[string]any, len(root)+1)
		for k, v := range root {
			next[k] = v
		}
		next[key] = newVal
		if hf == plist.BinaryFormat {
			out, err = plist.Marshal(next, hf)
		} else {
			out, err = plist.MarshalIndent(next, hf, textIndent(data))
			if err == nil {
				out = textLayout(data, out)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
	}
	// Never corrupt: the new bytes must read back as the old values plus
	// exactly the change.
	var got any
	if _, err := plist.Unmarshal(out, &got); err != nil {
		return nil, &UnsafeEditError{File: name, Why: fmt.Sprintf("would not read back (%v)", err)}
	}
	want := make(map[string]any, len(root)+1)
	for k, v := range root {
		want[k] = v
	}
	want[key] = newVal
	if !sameValue(got, want) {
		return nil, &UnsafeEditError{File: name, Why: "would change more than " + key}
	}
	return out, nil
}

// sameValue compares decoded values as a property list means them: NaN
// equals NaN and dates compare as instants.
func sameValue(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, v := range a {
			w, ok := b[k]
			if !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !sameValue(a[i], b[i]) {
				return false
			}
		}
		return true
	case float64:
		b, ok := b.(float64)
		return ok && (a == b || a != a && b != b)
	case float32:
		b, ok := b.(float32)
		return ok && (a == b || a != a && b != b)
	case time.Time:
		b, ok := b.(time.Time)
		return ok && a.Equal(b)
	}
	return reflect.DeepEqual(a, b)
}

// UnsafeEditError means the planned edit failed its own check: the new
// bytes did not read back as the old values plus the change. Nothing is
// written; it is a bug in bgkit (or in the encoder of a non-XML format).
type UnsafeEditError struct {
	File string
	Why  string
}

func (e *UnsafeEditError) Error() string {
	return fmt.Sprintf("%s: the edit %s, so bgkit refused to write it; please report this with the file", e.File, e.Why)
}

func opValues(o op) []string {
	switch o := o.(type) {
	case addOp:
		return o
	case removeOp:
		return o
	case setOp:
		return []string{string(o)}
	}
	return nil
}

// checkValue refuses strings a property list cannot hold.
func checkValue(v string) error {
	if !utf8.ValidString(v) {
		return &InvalidValueError{What: "value", Value: v, Reason: "it is not valid UTF-8"}
	}
	for _, r := range v {
		if !xmltok.IsXMLChar(r) || r == '\r' {
			return &InvalidValueError{What: "value", Value: v, Reason: fmt.Sprintf("%q cannot be stored in a property list", r)}
		}
	}
	return nil
}

type addOp []string

func (o addOp) apply(old any, present bool) (any, bool, error) {
	var arr []any
	if present {
		a, ok := old.([]any)
		if !ok {
			return nil, false, fmt.Errorf("the value is %s, not an array", article(typeName(old)))
		}
		arr = a
	}
	missing := o.missing(arr)
	if len(missing) == 0 {
		return old, false, nil
	}
	out := make([]any, len(arr), len(arr)+len(missing))
	copy(out, arr)
	for _, m := range missing {
		out = append(out, m)
	}
	return out, true, nil
}

// missing returns the values not yet in arr, once each, in order.
func (o addOp) missing(arr []any) []string {
	have := make(map[string]bool, len(arr))
	for _, v := range arr {
		if s, ok := v.(string); ok {
			have[s] = true
		}
	}
	var out []string
	for _, v := range o {
		if !have[v] {
			have[v] = true
			out = append(out, v)
		}
	}
	return out
}

func (o addOp) editXML(e *xmlEditor, key string, k, v *elem) ([]splice, error) {
	if v == nil {
		var items []string
		for _, s := range o.missing(nil) {
			items = append(items, "<string>"+escapeText(s)+"</string>")
		}
		return e.insertEntry(key, frag{open: "<array>", kids: items, close: "</array>"}), nil
	}
	var have []any
	for _, kid := range v.kids {
		if kid.name == "string" {
			have = append(have, kid.text)
		}
	}
	var items []string
	for _, s := range o.missing(have) {
		items = append(items, "<string>"+escapeText(s)+"</string>")
	}
	return e.append(v, items), nil
}

type removeOp []string

func (o removeOp) apply(old any, present bool) (any, bool, error) {
	if !present {
		return nil, false, nil
	}
	arr, ok := old.([]any)
	if !ok {
		return nil, false, fmt.Errorf("the value is %s, not an array", article(typeName(old)))
	}
	drop := o.set()
	out := make([]any, 0, len(arr))
	for _, v := range arr {
		if s, ok := v.(string); ok && drop[s] {
			continue
		}
		out = append(out, v)
	}
	return out, len(out) != len(arr), nil
}

func (o removeOp) set() map[string]bool {
	m := make(map[string]bool, len(o))
	for _, v := range o {
		m[v] = true
	}
	return m
}

func (o removeOp) editXML(e *xmlEditor, key string, k, v *elem) ([]splice, error) {
	set := o.set()
	drop := make([]bool, len(v.kids))
	for i, kid := range v.kids {
		drop[i] = kid.name == "string" && set[kid.text]
	}
	return e.remove(v, drop), nil
}

type setOp string

func (o setOp) apply(old any, present bool) (any, bool, error) {
	if !present {
		return string(o), true, nil
	}
	s, ok := old.(string)
	if !ok {
		return nil, false, fmt.Errorf("the value is %s, not a string", article(typeName(old)))
	}
	return string(o), s != string(o), nil
}

func (o setOp) editXML(e *xmlEditor, key string, k, v *elem) ([]splice, error) {
	text := "<string>" + escapeText(string(o)) + "</string>"
	if v == nil {
		return e.insertEntry(key, frag{open: text}), nil
	}
	if v.self {
		return []splice{rep(v.start, v.end, text)}, nil
	}
	return []splice{rep(v.openEnd, v.closeStart, escapeText(string(o)))}, nil
}

// lookup finds a top-level key and its value element (nil, nil if absent).
func (x *xmlDoc) lookup(key string) (*elem, *elem) {
	kids := x.dict.kids
	for i := 0; i+1 < len(kids); i += 2 {
		if kids[i].text == key {
			return kids[i], kids[i+1]
		}
	}
	return nil, nil
}

// escapeText escapes a string for XML character data the way Xcode does.
func escapeText(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// textIndent is one level of indentation of an old-style plist: the
// leading white space of its first indented line, or Xcode's tab.
func textIndent(data []byte) string {
	for _, l := range bytes.Split(data, []byte("\n")) {
		ind := l[:len(l)-len(bytes.TrimLeft(l, " \t"))]
		if len(ind) > 0 && len(bytes.TrimSpace(l)) > 0 {
			return string(ind)
		}
	}
	return "\t"
}

// textLayout gives a re-encoded old-style plist the original's line
// endings and final newline (or its absence).
func textLayout(orig, out []byte) []byte {
	out = bytes.TrimRight(out, "\n")
	if bytes.Contains(orig, []byte("\r\n")) {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
	}
	switch {
	case bytes.HasSuffix(orig, []byte("\r\n")):
		out = append(out, '\r', '\n')
	case bytes.HasSuffix(orig, []byte("\n")):
		out = append(out, '\n')
	}
	return out
}
