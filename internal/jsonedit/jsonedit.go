// Package jsonedit reads and edits JSON config files (app.json,
// app.config.json, capacitor.config.json) as text: a change touches only the
// bytes it needs, and new members are written in the file's own style.
//
// CONTRACT (relied on by doctor/ and the --fix planner; keep these signatures).
package jsonedit

import (
	"fmt"
	"strconv"
)

// SyntaxError names the line and column of invalid JSON. Line and Col are
// 1-based; Col counts characters.
type SyntaxError struct {
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
}

// Validate reports whether data is strict JSON (RFC 8259): no comments, no
// trailing commas, double-quoted strings, valid UTF-8. A leading UTF-8 byte
// order mark is accepted. The error is a *SyntaxError.
func Validate(data []byte) error {
	if _, err := parse(data); err != nil {
		return err
	}
	return nil
}

// Locate returns the 1-based line and column where the value at path starts
// (object keys; array indexes as decimal strings), or ok=false. With no path
// it locates the top-level value. Of duplicate keys the last one counts, as
// in JSON.parse.
func Locate(data []byte, path ...string) (line, col int, ok bool) {
	d, err := parse(data)
	if err != nil {
		return 0, 0, false
	}
	n := d.root
	for _, seg := range path {
		if n = child(n, seg); n == nil {
			return 0, 0, false
		}
	}
	line, col = position(data, n.start)
	return line, col, true
}

// child returns the value under n named by one path segment: an object key,
// or a decimal index into an array.
func child(n *node, seg string) *node {
	switch n.kind {
	case kObject:
		if m, ok := n.lookup(seg); ok {
			return m.value
		}
	case kArray:
		i, err := strconv.Atoi(seg)
		if err == nil && i >= 0 && i < len(n.elems) && strconv.Itoa(i) == seg {
			return n.elems[i]
		}
	}
	return nil
}

// AddStrings appends values missing from the string array at path, creating
// the array and any missing parent objects in the file's style. Values
// already present (as strings) are skipped; no change returns data itself.
// Invalid JSON is a *SyntaxError; a value of the wrong type on the path is a
// *PathError.
func AddStrings(data []byte, path []string, values ...string) ([]byte, error) {
	return edit(data, op{kind: opAdd, path: path, values: values})
}

// RemoveStrings removes values from the string array at path. A missing
// array is nothing to do; an array left empty stays as [].
func RemoveStrings(data []byte, path []string, values ...string) ([]byte, error) {
	return edit(data, op{kind: opRemove, path: path, values: values})
}

// SetString sets the string at path, creating missing parent objects.
func SetString(data []byte, path []string, value string) ([]byte, error) {
	return edit(data, op{kind: opSet, path: path, value: value})
}
