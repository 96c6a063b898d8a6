// Package plistcfg reads Info.plist and entitlements files in any format and
// edits them with the smallest possible change: XML plists are edited as
// text at the exact spot, binary and old-style plists keep their format.
//
// CONTRACT (relied on by cmd/, doctor/ and trigger/; keep these signatures).
package plistcfg

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/bgkit/bgkit/internal/textedit"
	"github.com/bgkit/bgkit/internal/xmltok"
	"howett.net/plist"
)

// Format is a property list's encoding.
type Format int

const (
	XML Format = iota
	Binary
	OpenStep
	GNUStep
)

// String names the format as bgkit prints it.
func (f Format) String() string {
	switch f {
	case XML:
		return "xml"
	case Binary:
		return "binary"
	case OpenStep:
		return "openstep"
	case GNUStep:
		return "gnustep"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ParseError is invalid input: it names the file and, where known, the
// line (0 for binary files).
type ParseError = textedit.ParseError

// Doc is a parsed property list whose root is a dictionary.
type Doc struct {
	name    string
	format  Format
	entries []Entry
	index   map[string]int
	xml     *xmlDoc        // XML documents: positions for editing
	root    map[string]any // other formats: the decoded root
}

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

// Parse parses a property list of any format. name is used in errors.
func Parse(name string, data []byte) (*Doc, error) {
	format, err := sniff(name, data)
	if err != nil {
		return nil, err
	}
	if format == XML {
		x, err := scanXML(name, data)
		if err != nil {
			return nil, err
		}
		return docFromXML(name, x), nil
	}
	root, format, err := decodeOther(name, data)
	if err != nil {
		return nil, err
	}
	return docFromMap(name, format, root), nil
}

// DuplicateKey is a top-level key an XML property list has twice.
type DuplicateKey struct {
	Key           string
	First, Second int // lines of the two <key> elements
}

// ParseKeepLast parses like Parse, but a top-level key that appears twice
// is no error: the document keeps the later value, as Apple's parser does
// (CoreFoundation's CFPropertyList.c parseDictTag sets each value with
// CFDictionarySetValue, which replaces an earlier one), and the duplicates
// are returned. Doctors read files this way; editors must not, since
// other tools may keep the first value.
func ParseKeepLast(name string, data []byte) (*Doc, []DuplicateKey, error) {
	format, err := sniff(name, data)
	if err != nil {
		return nil, nil, err
	}
	if format != XML {
		d, err := Parse(name, data)
		return d, nil, err
	}
	var dups []DuplicateKey
	x, err := scanXMLDup(name, data, &dups)
	if err != nil {
		return nil, nil, err
	}
	d := docFromXML(name, x)
	if len(dups) > 0 {
		// One entry per key, the last one, where the file has it.
		kept := d.entries[:0:0]
		for i, e := range d.entries {
			if d.index[e.Key] == i {
				kept = append(kept, e)
			}
		}
		d.entries = kept
		for i, e := range kept {
			d.index[e.Key] = i
		}
	}
	return d, dups, nil
}

// sniff tells XML from the formats howett.net/plist reads, and refuses what
// is plainly not a property list.
func sniff(name string, data []byte) (Format, error) {
	if bytes.HasPrefix(data, []byte("bplist")) {
		return Binary, nil
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, xmltok.BOM))) == 0 {
		return 0, &ParseError{File: name, Msg: "the file is empty: not a property list"}
	}
	// UTF-16 without a byte order mark: "<" or "<?" with a zero byte
	// beside it (big- or little-endian).
	if t := bytes.TrimLeft(data, " \t\r\n\x00"); len(t) < len(data) && bytes.HasPrefix(t, []byte{'<', 0}) || bytes.HasPrefix(data, []byte{'<', 0}) {
		return 0, &ParseError{File: name, Msg: "a UTF-16 XML property list without a byte order mark: bgkit edits UTF-8 only (convert it with: plutil -convert xml1 FILE)"}
	}
	if bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
		if bytes.Contains(data, []byte{'<', 0}) || bytes.Contains(data, []byte{0, '<'}) {
			return 0, &ParseError{File: name, Msg: "a UTF-16 XML property list: bgkit edits UTF-8 only (convert it with: plutil -convert xml1 FILE)"}
		}
		return OpenStep, nil
	}
	if off, _, ok := xmltok.ConflictMarker(data); ok {
		return 0, &ParseError{File: name, Line: textedit.NewLines(data).Line(off), Col: 1, Msg: "git merge-conflict marker: resolve the conflict before editing this file"}
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, xmltok.BOM), " \t\r\n")
	// "<?", "<!" or a letter after '<' is XML; OpenStep's <hex data> is not.
	if len(trimmed) > 1 && trimmed[0] == '<' && (trimmed[1] == '?' || trimmed[1] == '!' ||
		trimmed[1] >= 'a' && trimmed[1] <= 'z' || trimmed[1] >= 'A' && trimmed[1] <= 'Z') {
		return XML, nil
	}
	return OpenStep, nil
}

// decodeOther reads binary, OpenStep and GNUstep property lists.
func decodeOther(name string, data []byte) (map[string]any, Format, error) {
	if err := checkBinaryGraph(name, data); err != nil {
		return nil, 0, err
	}
	var v any
	f, err := plist.Unmarshal(data, &v)
	if err != nil {
		return nil, 0, howettError(name, err)
	}
	format := map[int]Format{plist.XMLFormat: XML, plist.BinaryFormat: Binary, plist.OpenStepFormat: OpenStep, plist.GNUStepFormat: GNUStep}[f]
	root, ok := v.(map[string]any)
	if !ok {
		return nil, 0, &ParseError{File: name, Msg: fmt.Sprintf("the root is %s, not a dictionary: not an Info.plist or entitlements file", article(typeName(v)))}
	}
	return root, format, nil
}

func docFromXML(name string, x *xmlDoc) *Doc {
	d := &Doc{name: name, format: XML, xml: x}
	kids := x.dict.kids
	d.entries = make([]Entry, 0, len(kids)/2)
	d.index = make(map[string]int, len(kids)/2)
	for i := 0; i+1 < len(kids); i += 2 {
		k, v := kids[i], kids[i+1]
		e := Entry{Key: k.text, Line: k.line, Value: value(v), Type: v.name}
		if v.name == "array" {
			e.Items = make([]Item, len(v.kids))
			for j, it := range v.kids {
				e.Items[j] = Item{Value: value(it), Line: it.line}
			}
		}
		d.index[e.Key] = len(d.entries)
		d.entries = append(d.entries, e)
	}
	return d
}

func docFromMap(name string, format Format, root map[string]any) *Doc {
	d := &Doc{name: name, format: format, root: root, index: make(map[string]int, len(root))}
	keys := make([]string, 0, len(root))
	for k := range root {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := normalize(root[k])
		e := Entry{Key: k, Value: v, Type: typeName(v)}
		if a, ok := v.([]any); ok {
			e.Items = make([]Item, len(a))
			for j, it := range a {
				e.Items[j] = Item{Value: it}
			}
		}
		d.index[k] = len(d.entries)
		d.entries = append(d.entries, e)
	}
	return d
}

// normalize maps howett.net/plist's decoded types onto the documented ones.
func normalize(v any) any {
	switch v := v.(type) {
	case float32:
		return float64(v)
	case plist.UID:
		return uint64(v)
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = normalize(x)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = normalize(x)
		}
		return out
	}
	return v
}

// typeName names a decoded value's type with the XML element names.
func typeName(v any) string {
	switch v := v.(type) {
	case string:
		return "string"
	case bool:
		if v {
			return "true"
		}
		return "false"
	case int64, uint64, plist.UID:
		return "integer"
	case float64, float32:
		return "real"
	case []any:
		return "array"
	case map[string]any:
		return "dict"
	case []byte:
		return "data"
	case time.Time:
		return "date"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("%T", v)
}

// Format reports the encoding the document was read in.
func (d *Doc) Format() Format { return d.format }

// Keys returns the top-level keys in file order (sorted for binary and
// old-style plists, whose decoder does not keep the order).
func (d *Doc) Keys() []string {
	keys := make([]string, len(d.entries))
	for i, e := range d.entries {
		keys[i] = e.Key
	}
	return keys
}

// Lookup returns a top-level entry.
func (d *Doc) Lookup(key string) (Entry, bool) {
	i, ok := d.index[key]
	if !ok {
		return Entry{}, false
	}
	return d.entries[i], true
}

// Strings returns the string elements of a top-level array (nil, false when
// the key is absent; an error when it is not an array of strings).
func (d *Doc) Strings(key string) ([]Item, bool, error) {
	e, ok := d.Lookup(key)
	if !ok {
		return nil, false, nil
	}
	if e.Type != "array" {
		return nil, true, &ParseError{File: d.name, Line: e.Line, Msg: fmt.Sprintf("%s is a <%s>, not an <array> of strings", key, e.Type)}
	}
	for _, it := range e.Items {
		if _, ok := it.Value.(string); !ok {
			line := it.Line
			if line == 0 {
				line = e.Line
			}
			return nil, true, &ParseError{File: d.name, Line: line, Msg: fmt.Sprintf("%s holds %s; it must hold only <string> elements", key, elemArticle(typeName(it.Value)))}
		}
	}
	return e.Items, true, nil
}

// StringValues is Strings without the lines.
func (d *Doc) StringValues(key string) ([]string, error) {
	items, _, err := d.Strings(key)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Value.(string)
	}
	return out, nil
}

// elemArticle writes an element name with its article: "an <integer>".
func elemArticle(name string) string {
	a := article(name)
	return a[:strings.IndexByte(a, ' ')] + " <" + name + ">"
}

func article(noun string) string {
	if strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}
