package plistcfg

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bgkit/bgkit/internal/textedit"
	"github.com/bgkit/bgkit/internal/xmltok"
)

// The tree of an XML property list, built from xmltok's reader: every
// element keeps its byte offsets, so edits can be spliced into the original
// text. This file adds what a plist must be (one root, known elements, keys
// paired with values, no stray text); comments, CDATA, entity references,
// DOCTYPE and processing instructions stay untouched in the bytes.

// elem is one element with its position in the file.
type elem struct {
	name       string
	start      int // offset of '<' of the start tag
	openEnd    int // offset just past the start tag's '>'
	closeStart int // offset of "</" of the end tag; == end for a self-closing tag
	end        int // offset just past the end tag's '>' (or "/>")
	self       bool
	line       int
	kids       []*elem // child elements (containers only)
	comments   []span  // comments directly inside (containers only)
	text       string  // decoded character data (leaf elements only)
}

// span is a range of bytes [start, end).
type span struct{ start, end int }

// xmlDoc is a scanned XML property list.
type xmlDoc struct {
	data  []byte
	plist *elem // the <plist> element; nil when the root is the dict itself
	dict  *elem // the top-level <dict>
}

type scanner struct {
	xmltok.Scanner
	name  string
	lines *textedit.Lines

	// dups, when set, collects duplicate top-level keys (ParseKeepLast).
	dups *[]DuplicateKey
}

func (s *scanner) errAt(p int, format string, args ...any) *ParseError {
	return s.parseError(xmltok.Errorf(p, format, args...))
}

// parseError names the file and line of a syntax error.
func (s *scanner) parseError(err error) *ParseError {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe
	}
	var se *xmltok.SyntaxError
	if !errors.As(err, &se) {
		return &ParseError{File: s.name, Msg: err.Error()}
	}
	line, col := s.lines.LineCol(se.Off)
	return &ParseError{File: s.name, Line: line, Col: col, Msg: se.Msg}
}

// scanXML reads an XML property list. data may start with a UTF-8 BOM.
func scanXML(name string, data []byte) (*xmlDoc, error) {
	return scanXMLDup(name, data, nil)
}

// scanXMLDup is scanXML that, with dups set, records top-level keys that
// appear twice instead of refusing the document.
func scanXMLDup(name string, data []byte, dups *[]DuplicateKey) (*xmlDoc, error) {
	s := &scanner{Scanner: xmltok.Scanner{Data: data}, name: name, lines: textedit.NewLines(data), dups: dups}
	root, err := s.document()
	if err != nil {
		return nil, s.parseError(err)
	}
	doc := &xmlDoc{data: data}
	switch root.name {
	case "plist":
		doc.plist = root
		if len(root.kids) == 0 {
			return nil, s.errAt(root.start, "the <plist> element is empty: the root must be a <dict>")
		}
		if len(root.kids) > 1 {
			return nil, s.errAt(root.kids[1].start, "the <plist> element holds more than one value")
		}
		doc.dict = root.kids[0]
	default:
		doc.dict = root
	}
	if doc.dict.name != "dict" {
		return nil, s.errAt(doc.dict.start, "the root is <%s>, not a <dict>", doc.dict.name)
	}
	if err := s.checkTopKeys(doc.dict); err != nil {
		return nil, err
	}
	return doc, nil
}

// document reads the prolog, the root element and what may follow it.
func (s *scanner) document() (*elem, error) {
	if err := xmltok.CheckChars(s.Data); err != nil {
		return nil, err
	}
	s.SkipBOM()
	if s.HasDecl() {
		if err := s.XMLDecl(); err != nil {
			return nil, err
		}
	}
	var root *elem
	doctype := false
	for {
		s.SkipSpace()
		switch {
		case s.AtEnd() && root == nil:
			return nil, xmltok.Errorf(s.Pos, "no <plist> element: this is not an XML property list")
		case s.AtEnd():
			return root, nil
		case s.HasDecl() && root != nil:
			return nil, xmltok.Errorf(s.Pos, "an XML declaration after the end of the property list")
		case s.Has("<?"):
			if err := s.PI(); err != nil {
				return nil, err
			}
		case s.Has("<!--"):
			if _, err := s.Comment(); err != nil {
				return nil, err
			}
		case s.Has("<!DOCTYPE") && root == nil:
			if doctype {
				return nil, xmltok.Errorf(s.Pos, "a second DOCTYPE")
			}
			doctype = true
			if err := s.Doctype(); err != nil {
				return nil, err
			}
		case root != nil:
			return nil, xmltok.Errorf(s.Pos, "content after the end of the </%s> element", root.name)
		case s.Has("<"):
			var err error
			if root, err = s.element(0); err != nil {
				return nil, err
			}
		default:
			return nil, xmltok.Errorf(s.Pos, "text before the <plist> element: this is not an XML property list")
		}
	}
}

// The elements a property list may hold.
var (
	containerElems = map[string]bool{"plist": true, "dict": true, "array": true}
	textElems      = map[string]bool{"key": true, "string": true, "integer": true, "real": true, "date": true, "data": true}
	emptyElems     = map[string]bool{"true": true, "false": true}
)

// element reads one element starting at s.Pos ('<'). Nesting is bounded
// by xmltok.MaxDepth, so the recursion is too.
func (s *scanner) element(depth int) (*elem, error) {
	if depth >= xmltok.MaxDepth {
		return nil, xmltok.DepthError(s.Pos)
	}
	t, err := s.StartTag()
	if err != nil {
		return nil, err
	}
	e := &elem{name: t.Name, start: t.Start, openEnd: t.End, self: t.Self, line: s.lines.Line(t.Start)}
	if !containerElems[e.name] && !textElems[e.name] && !emptyElems[e.name] {
		return nil, xmltok.Errorf(e.start, "<%s> is not a property list element", e.name)
	}
	if e.name == "plist" && depth > 0 {
		return nil, xmltok.Errorf(e.start, "<plist> inside another element")
	}
	if e.self {
		e.closeStart, e.end = s.Pos, s.Pos
		if e.name == "integer" || e.name == "real" || e.name == "date" {
			return nil, xmltok.Errorf(e.start, "empty <%s/>", e.name)
		}
		return e, nil
	}
	var text strings.Builder
	for {
		if s.AtEnd() {
			return nil, xmltok.Errorf(e.start, "<%s> is never closed", e.name)
		}
		start := s.Pos
		switch {
		case s.Has("</"):
			e.closeStart = start
			got, err := s.EndTag()
			if got != e.name {
				return nil, xmltok.Errorf(start, "</%s> closes <%s> (opened on line %d)", got, e.name, e.line)
			}
			if err != nil {
				return nil, xmltok.Errorf(start, "malformed end tag </%s", e.name)
			}
			e.end = s.Pos
			if textElems[e.name] {
				e.text = text.String()
			}
			return e, s.checkElem(e)
		case s.Has("<!--"):
			if _, err := s.Comment(); err != nil {
				return nil, err
			}
			if containerElems[e.name] {
				e.comments = append(e.comments, span{start, s.Pos})
			}
		case s.Has("<![CDATA["):
			body, err := s.CDATA()
			if err != nil {
				return nil, err
			}
			if !textElems[e.name] {
				return nil, xmltok.Errorf(start, "unexpected CDATA inside <%s>", e.name)
			}
			text.WriteString(normalizeBreaks(string(body)))
		case s.Has("<?"):
			if err := s.PI(); err != nil {
				return nil, err
			}
		case s.Has("<!"):
			return nil, xmltok.Errorf(s.Pos, "unexpected <! markup inside <%s>", e.name)
		case s.Has("<"):
			if !containerElems[e.name] {
				return nil, xmltok.Errorf(s.Pos, "<%s> cannot hold elements", e.name)
			}
			k, err := s.element(depth + 1)
			if err != nil {
				return nil, err
			}
			e.kids = append(e.kids, k)
		case textElems[e.name]:
			if _, err := s.Text(&text); err != nil {
				return nil, err
			}
		default:
			for ; !s.AtEnd() && s.Data[s.Pos] != '<'; s.Pos++ {
				if !xmltok.IsSpace(s.Data[s.Pos]) {
					return nil, xmltok.Errorf(s.Pos, "unexpected text inside <%s>", e.name)
				}
			}
		}
	}
}

func normalizeBreaks(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// checkElem validates what a finished element holds.
func (s *scanner) checkElem(e *elem) error {
	switch e.name {
	case "true", "false":
		if strings.TrimSpace(string(s.Data[e.openEnd:e.closeStart])) != "" {
			return s.errAt(e.start, "<%s> must be empty", e.name)
		}
	case "dict":
		for i := 0; i < len(e.kids); i += 2 {
			k := e.kids[i]
			if k.name != "key" {
				return s.errAt(k.start, "<%s> in a <dict> without a <key> before it", k.name)
			}
			if i+1 >= len(e.kids) {
				return s.errAt(k.start, "key %q has no value", k.text)
			}
			if v := e.kids[i+1]; v.name == "key" {
				return s.errAt(v.start, "key %q has no value (another <key> follows it)", k.text)
			}
		}
	case "array":
		for _, k := range e.kids {
			if k.name == "key" {
				return s.errAt(k.start, "<key> inside an <array>")
			}
		}
	case "integer", "real", "date", "data":
		if _, err := leafValue(e); err != nil {
			return s.errAt(e.start, "%v", err)
		}
	}
	return nil
}

// checkTopKeys refuses a top-level key that appears twice: tools disagree
// on which one wins, so editing either would be a guess.
func (s *scanner) checkTopKeys(dict *elem) error {
	seen := make(map[string]*elem, len(dict.kids)/2)
	for i := 0; i < len(dict.kids); i += 2 {
		k := dict.kids[i]
		if first, dup := seen[k.text]; dup {
			if s.dups != nil {
				*s.dups = append(*s.dups, DuplicateKey{Key: k.text, First: first.line, Second: s.lines.Line(k.start)})
				seen[k.text] = k
				continue
			}
			return s.errAt(k.start, "key %q appears twice in the top-level dict (first on line %d)", k.text, first.line)
		}
		seen[k.text] = k
	}
	return nil
}

// leafValue decodes a scalar element the way Apple's parser reads it.
func leafValue(e *elem) (any, error) {
	switch e.name {
	case "string", "key":
		return e.text, nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "integer":
		t := strings.TrimSpace(e.text)
		neg := strings.HasPrefix(t, "-")
		u := strings.TrimPrefix(strings.TrimPrefix(t, "-"), "+")
		base := 10
		if strings.HasPrefix(u, "0x") || strings.HasPrefix(u, "0X") {
			u, base = u[2:], 16
		}
		if neg {
			n, err := strconv.ParseInt("-"+u, base, 64)
			if err != nil {
				return nil, fmt.Errorf("invalid <integer> %q", e.text)
			}
			return n, nil
		}
		n, err := strconv.ParseUint(u, base, 64)
		if err != nil {
			return nil, fmt.Errorf("invalid <integer> %q", e.text)
		}
		return n, nil
	case "real":
		f, err := strconv.ParseFloat(strings.TrimSpace(e.text), 64)
		if err != nil {
			return nil, fmt.Errorf("invalid <real> %q", e.text)
		}
		return f, nil
	case "date":
		t, err := time.ParseInLocation(time.RFC3339, strings.TrimSpace(e.text), time.UTC)
		if err != nil {
			return nil, fmt.Errorf("invalid <date> %q (want 2006-01-02T15:04:05Z)", e.text)
		}
		return t, nil
	case "data":
		b, err := base64.StdEncoding.DecodeString(strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, e.text))
		if err != nil {
			return nil, fmt.Errorf("invalid base64 in <data>")
		}
		return b, nil
	}
	return nil, fmt.Errorf("<%s> is not a scalar", e.name)
}

// value decodes any element into the types Item.Value documents.
func value(e *elem) any {
	switch e.name {
	case "dict":
		m := make(map[string]any, len(e.kids)/2)
		for i := 0; i+1 < len(e.kids); i += 2 {
			m[e.kids[i].text] = value(e.kids[i+1])
		}
		return m
	case "array":
		a := make([]any, len(e.kids))
		for i, k := range e.kids {
			a[i] = value(k)
		}
		return a
	}
	v, _ := leafValue(e) // checked by checkElem
	return v
}
