// Package jsonedit reads and edits JSON config files (app.json,
// app.config.json, capacitor.config.json) as text: a change touches only the
// bytes it needs, and new members are written in the file's own style.
//
// CONTRACT (relied on by doctor/ and the --fix planner; keep these signatures).
package jsonedit

import "errors"

var errTODO = errors.New("not implemented")

// SyntaxError names the line and column of invalid JSON.
type SyntaxError struct {
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string { return "TODO" }

// Validate reports whether data is strict JSON (RFC 8259).
func Validate(data []byte) error { return errTODO }

// Locate returns the 1-based line and column where the value at path starts
// (object keys; array indexes as decimal strings), or ok=false.
func Locate(data []byte, path ...string) (line, col int, ok bool) { return 0, 0, false }

// AddStrings appends values missing from the string array at path, creating
// the array and any missing parent objects in the file's style.
func AddStrings(data []byte, path []string, values ...string) ([]byte, error) {
	return nil, errTODO
}

// RemoveStrings removes values from the string array at path.
func RemoveStrings(data []byte, path []string, values ...string) ([]byte, error) {
	return nil, errTODO
}

// SetString sets the string at path, creating missing parent objects.
func SetString(data []byte, path []string, value string) ([]byte, error) {
	return nil, errTODO
}
