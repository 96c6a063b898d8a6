// Package plistcfg reads Info.plist and entitlements files in any format and
// edits them with the smallest possible change: XML plists are edited as
// text at the exact spot, binary and old-style plists keep their format.
//
// CONTRACT (relied on by cmd/, doctor/ and trigger/; keep these signatures).
package plistcfg

import "errors"

// Format is a property list's encoding.
type Format int

const (
	XML Format = iota
	Binary
	OpenStep
	GNUStep
)

// ParseError is invalid input: it names the file and, where known, the line.
type ParseError struct {
	File string
	Line int // 1-based; 0 when unknown (binary files)
	Col  int // 1-based; 0 when unknown
	Msg  string
}

func (e *ParseError) Error() string { return "TODO" }

// Doc is a parsed property list whose root is a dictionary.
type Doc struct{}

// Item is one value with the line it starts on (0 when unknown).
type Item struct {
	Value any // string, bool, int64, uint64, float64, []any, map[string]any, []byte, time.Time
	Line  int
}

// Entry is a top-level key and its value.
type Entry struct {
	Key   string
	Line  int    // line of the <key> element (0 when unknown)
	Value any    // decoded value, as Item.Value
	Type  string // "string", "array", "dict", "integer", "real", "true", "false", "date", "data"
	Items []Item // for arrays: the elements with their lines
}

var errTODO = errors.New("not implemented")

// Parse parses a property list of any format. name is used in errors.
func Parse(name string, data []byte) (*Doc, error) { return nil, errTODO }

// Format reports the encoding the document was read in.
func (d *Doc) Format() Format { return XML }

// Keys returns the top-level keys in file order.
func (d *Doc) Keys() []string { return nil }

// Lookup returns a top-level entry.
func (d *Doc) Lookup(key string) (Entry, bool) { return Entry{}, false }

// Strings returns the string elements of a top-level array (nil, false when
// the key is absent; an error when it is not an array of strings).
func (d *Doc) Strings(key string) ([]Item, bool, error) { return nil, false, errTODO }

// AddStrings returns data with values appended to the top-level string array
// key (created where the file's key order suggests when missing). Values
// already present are skipped; no change returns data itself.
func AddStrings(name string, data []byte, key string, values ...string) ([]byte, error) {
	return nil, errTODO
}

// RemoveStrings returns data without the given values in the top-level array
// key. An array left empty stays as an empty array.
func RemoveStrings(name string, data []byte, key string, values ...string) ([]byte, error) {
	return nil, errTODO
}

// SetString returns data with the top-level key set to a string value,
// added when missing (for example aps-environment in an entitlements file).
func SetString(name string, data []byte, key, value string) ([]byte, error) {
	return nil, errTODO
}
