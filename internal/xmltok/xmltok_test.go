package xmltok

import (
	"errors"
	"strings"
	"testing"
)

func TestConflictMarker(t *testing.T) {
	tests := []struct {
		in   string
		off  int
		line string
		ok   bool
	}{
		{"<a/>\n<<<<<<< HEAD\n", 5, "<<<<<<< HEAD", true},
		{"<a/>\r=======\r", 5, "=======", true},
		{"<a/>\r\n>>>>>>>\tmain\r\n", 6, ">>>>>>>\tmain", true},
		{"|||||||", 0, "|||||||", true},
		{"<a/>\n========\n", 0, "", false},
		{"<a/>\n <<<<<<< HEAD\n", 0, "", false},
		{"<a/>", 0, "", false},
	}
	for _, tt := range tests {
		off, line, ok := ConflictMarker([]byte(tt.in))
		if off != tt.off || line != tt.line || ok != tt.ok {
			t.Errorf("ConflictMarker(%q) = %d, %q, %v; want %d, %q, %v", tt.in, off, line, ok, tt.off, tt.line, tt.ok)
		}
	}
}

func TestCheckChars(t *testing.T) {
	for in, want := range map[string]string{
		"<a>\t\r\n</a>": "",
		"<a>\x01</a>":   "control character 0x01",
		"<a>\xff</a>":   "invalid UTF-8 byte 0xFF",
		"<a>\uFFFE</a>": "U+FFFE",
	} {
		err := CheckChars([]byte(in))
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("CheckChars(%q) = %v, want %q", in, err, want)
		}
		var se *SyntaxError
		if err != nil && (!errors.As(err, &se) || se.Off != 3) {
			t.Errorf("CheckChars(%q) = %#v, want the offset 3", in, err)
		}
	}
}

func TestStartTag(t *testing.T) {
	s := &Scanner{Data: []byte(`<a  x="1&amp;2" y='a` + "\r\n" + `b' />rest`)}
	tag, err := s.StartTag()
	if err != nil {
		t.Fatal(err)
	}
	if tag.Name != "a" || tag.NameEnd != 2 || !tag.Self || tag.End != len(s.Data)-4 || s.Pos != tag.End {
		t.Errorf("tag = %+v, pos %d", tag, s.Pos)
	}
	if len(tag.Attrs) != 2 || tag.Attrs[0].Value != "1&2" || tag.Attrs[0].Start != 4 || tag.Attrs[0].End != 15 || tag.Attrs[1].Value != "a b" || tag.Attrs[1].Quote != '\'' {
		t.Errorf("attrs = %+v", tag.Attrs)
	}
	s = &Scanner{Data: []byte(`<a x="1"` + "\n" + ` x="2">`)}
	_, err = s.StartTag()
	var de *DupAttrError
	if !errors.As(err, &de) || de.Off != 10 || de.First != 3 {
		t.Errorf("duplicate attribute: %#v", err)
	}
}

func TestText(t *testing.T) {
	s := &Scanner{Data: []byte("a &lt;&#x41;\r\nb\rc<d")}
	var b strings.Builder
	end, err := s.Text(&b)
	if err != nil || end != 17 || b.String() != "a <A\nb\nc" {
		t.Errorf("Text = %d, %v, %q", end, err, b.String())
	}
	for in, want := range map[string]string{"a & b": "bare '&'", "&nbsp;": "undefined entity", "&#0;": "not an XML character", "&#xZ;": "invalid character reference", "]]>": `"]]>"`} {
		s := &Scanner{Data: []byte(in)}
		if _, err := s.Text(nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Text(%q) = %v, want %q", in, err, want)
		}
	}
}

func TestMarkup(t *testing.T) {
	for in, want := range map[string]string{
		"<!-- a -- b -->":                `"--" is not allowed`,
		"<!-- a":                         "unterminated comment",
		"<?xml version='1.0'?>":          "must be the very first thing",
		"<?pi x":                         "unterminated processing instruction",
		"<!DOCTYPE a [<!ENTITY x 'y'>]>": "entity declarations",
		"<!DOCTYPE a [<!-- ] > --> <!ATTLIST a x CDATA '>'>]><a/>": "",
		"<![CDATA[x]]>": "",
		"<![CDATA[x":    "unterminated CDATA",
	} {
		s := &Scanner{Data: []byte(in)}
		var err error
		switch {
		case s.Has("<!--"):
			_, err = s.Comment()
		case s.Has("<?"):
			err = s.PI()
		case s.Has("<!DOCTYPE"):
			err = s.Doctype()
			if err == nil && !s.Has("<a/>") {
				t.Errorf("Doctype(%q) stopped at %d", in, s.Pos)
			}
		default:
			_, err = s.CDATA()
		}
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
	s := &Scanner{Data: []byte(`<?xml version="1.0" encoding="latin1"?>`)}
	if err := s.XMLDecl(); err == nil || !strings.Contains(err.Error(), "not supported") {
		t.Errorf("XMLDecl latin1: %v", err)
	}
}

// tokenize reads data as a sequence of constructs, checking that every
// step moves forward and stays inside data, and that tags span '<'...'>'.
func tokenize(t *testing.T, data []byte) {
	if CheckChars(data) != nil {
		return
	}
	s := &Scanner{Data: data}
	s.SkipBOM()
	depth := 0
	for !s.AtEnd() {
		before := s.Pos
		var err error
		switch {
		case s.HasDecl() && before == 0:
			err = s.XMLDecl()
		case s.Has("<!--"):
			_, err = s.Comment()
		case s.Has("<?"):
			err = s.PI()
		case s.Has("<!DOCTYPE"):
			err = s.Doctype()
		case s.Has("<![CDATA["):
			_, err = s.CDATA()
		case s.Has("</"):
			_, err = s.EndTag()
			depth--
		case s.Has("<"):
			var tag Tag
			tag, err = s.StartTag()
			if err == nil {
				if data[tag.Start] != '<' || data[tag.End-1] != '>' || tag.NameEnd > tag.End || string(data[tag.Start+1:tag.NameEnd]) != tag.Name {
					t.Fatalf("tag %+v does not match %q", tag, data)
				}
				for _, a := range tag.Attrs {
					if a.Start < tag.NameEnd || a.End > tag.End || data[a.End-1] != a.Quote || !strings.HasPrefix(string(data[a.Start:]), a.Name) {
						t.Fatalf("attribute %+v does not match %q", a, data)
					}
				}
				if !tag.Self {
					depth++
				}
			}
		default:
			var b strings.Builder
			_, err = s.Text(&b)
		}
		if err != nil {
			var se *SyntaxError
			var de *DupAttrError
			if !errors.As(err, &se) && !errors.As(err, &de) {
				t.Fatalf("error %v is not a *SyntaxError", err)
			}
			return
		}
		if s.Pos <= before || s.Pos > len(data) {
			t.Fatalf("stuck or past the end at %d -> %d in %q", before, s.Pos, data)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, seed := range []string{
		`<?xml version="1.0" encoding="utf-8"?>` + "\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"x\">\n<plist><dict><key>a</key><string>&lt;b&#65;</string></dict></plist>",
		"<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\">\r\n  <uses-permission android:name='x' />\r<!-- c --><![CDATA[x]]></manifest>",
		"<a x='1' x='2'/>", "<!DOCTYPE a [<!ENTITY e 'x'>]>", "<a>]]></a>", "\xEF\xBB\xBF<a/>",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tokenize(t, data)
		ConflictMarker(data)
	})
}
