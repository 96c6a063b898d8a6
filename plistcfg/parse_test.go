package plistcfg

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"howett.net/plist"
)

const head = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
`

func TestParseXMLEntries(t *testing.T) {
	src := head + `<dict>
	<key>CFBundleName</key>
	<string>A &amp; B &#x41;<![CDATA[<c>]]></string>
	<!-- <key>UIBackgroundModes</key> -->
	<key>Nested</key>
	<dict>
		<key>UIBackgroundModes</key>
		<array><string>audio</string></array>
	</dict>
	<key>UIBackgroundModes</key>
	<array>
		<string>fetch</string>
		<string>processing</string>
	</array>
	<key>Count</key>
	<integer>-3</integer>
	<key>Big</key>
	<integer>0x10</integer>
	<key>Scale</key>
	<real>1.0</real>
	<key>On</key>
	<true/>
	<key>When</key>
	<date>2024-01-02T03:04:05Z</date>
	<key>Blob</key>
	<data>
	aGVs
	bG8=
	</data>
	<key>Empty</key>
	<array/>
</dict>
</plist>
`
	d, err := Parse("Info.plist", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if d.Format() != XML {
		t.Errorf("format = %v", d.Format())
	}
	wantKeys := []string{"CFBundleName", "Nested", "UIBackgroundModes", "Count", "Big", "Scale", "On", "When", "Blob", "Empty"}
	if got := d.Keys(); !reflect.DeepEqual(got, wantKeys) {
		t.Errorf("keys = %q, want %q", got, wantKeys)
	}
	tests := []struct {
		key  string
		line int
		typ  string
		val  any
	}{
		{"CFBundleName", 5, "string", "A & B A<c>"},
		{"UIBackgroundModes", 13, "array", []any{"fetch", "processing"}},
		{"Count", 18, "integer", int64(-3)},
		{"Big", 20, "integer", uint64(16)},
		{"Scale", 22, "real", 1.0},
		{"On", 24, "true", true},
		{"When", 26, "date", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
		{"Blob", 28, "data", []byte("hello")},
		{"Empty", 33, "array", []any{}},
		{"Nested", 8, "dict", map[string]any{"UIBackgroundModes": []any{"audio"}}},
	}
	for _, tt := range tests {
		e, ok := d.Lookup(tt.key)
		if !ok {
			t.Errorf("Lookup(%q): missing", tt.key)
			continue
		}
		if e.Line != tt.line || e.Type != tt.typ || !reflect.DeepEqual(e.Value, tt.val) {
			t.Errorf("Lookup(%q) = line %d type %s value %#v; want line %d type %s value %#v", tt.key, e.Line, e.Type, e.Value, tt.line, tt.typ, tt.val)
		}
	}
	items, ok, err := d.Strings("UIBackgroundModes")
	if err != nil || !ok {
		t.Fatalf("Strings: %v %v", ok, err)
	}
	want := []Item{{"fetch", 15}, {"processing", 16}}
	if !reflect.DeepEqual(items, want) {
		t.Errorf("Strings = %v, want %v", items, want)
	}
	if _, ok, err := d.Strings("Missing"); ok || err != nil {
		t.Errorf("Strings(Missing) = %v, %v", ok, err)
	}
	if _, _, err := d.Strings("Count"); err == nil || !strings.Contains(err.Error(), "Info.plist:18: Count is a <integer>") {
		t.Errorf("Strings(Count) error = %v", err)
	}
}

func TestDepthLimit(t *testing.T) {
	// <plist><dict> and 254 arrays: 256 levels.
	src := head + "<dict>\n\t<key>a</key>\n" + strings.Repeat("<array>", 254) + strings.Repeat("</array>", 254) + "\n</dict>\n</plist>\n"
	if _, err := Parse("x.plist", []byte(src)); err != nil {
		t.Fatalf("256 levels: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	dict := func(body string) string { return head + "<dict>\n" + body + "</dict>\n</plist>\n" }
	tests := []struct {
		name string
		src  string
		line int
		msg  string
	}{
		{"empty", "", 0, "empty"},
		{"blank", " \n\t\n", 0, "empty"},
		{"not xml or plist", "hello: world\n- x\n", 1, "not a valid property list"},
		{"json", `{"a": 1}`, 1, "not a valid property list"},
		{"root array", head + "<array/>\n</plist>\n", 4, "root is <array>, not a <dict>"},
		{"root string openstep", `"just a string"`, 0, "root is a string"},
		{"empty plist", head + "</plist>\n", 3, "empty"},
		{"unclosed", head + "<dict>\n\t<key>a</key>\n\t<string>b\n", 6, "<string> is never closed"},
		{"mismatched", dict("\t<key>a</key>\n\t<string>b</strin>\n"), 6, "</strin> closes <string>"},
		{"duplicate top key", dict("\t<key>a</key>\n\t<true/>\n\t<key>a</key>\n\t<false/>\n"), 7, `key "a" appears twice`},
		{"missing value", dict("\t<key>a</key>\n"), 5, `key "a" has no value`},
		{"value without key", dict("\t<string>x</string>\n"), 5, "without a <key>"},
		{"stray text", dict("\t<key>a</key>\n\thello\n\t<true/>\n"), 6, "unexpected text inside <dict>"},
		{"unknown element", dict("\t<key>a</key>\n\t<bool/>\n"), 6, "<bool> is not a property list element"},
		{"bare ampersand", dict("\t<key>a</key>\n\t<string>a & b</string>\n"), 6, "bare '&'"},
		{"unknown entity", dict("\t<key>a</key>\n\t<string>&nbsp;</string>\n"), 6, "undefined entity"},
		{"bad integer", dict("\t<key>a</key>\n\t<integer>1.5</integer>\n"), 6, "invalid <integer>"},
		{"double dash comment", dict("\t<!-- a -- b -->\n"), 5, `"--" is not allowed inside a comment`},
		{"late declaration", "\n" + head + "<dict/>\n</plist>\n", 2, "must be the very first"},
		{"conflict", dict("<<<<<<< HEAD\n\t<key>a</key>\n\t<true/>\n=======\n>>>>>>> main\n"), 5, "merge-conflict"},
		{"trailing garbage", head + "<dict/>\n</plist>\n<dict/>\n", 6, "content after the end"},
		{"control char", dict("\t<key>a</key>\n\t<string>\x01</string>\n"), 6, "control character"},
		{"invalid utf8", dict("\t<key>a</key>\n\t<string>\xff</string>\n"), 6, "invalid UTF-8"},
		{"utf16 xml", "\xff\xfe<\x00?\x00", 0, "UTF-16"},
		{"binary not dict", mustBinary(t, []any{"a"}), 0, "root is an array, not a dictionary"},
		// Rules shared with manifest through xmltok: a lone "\r" ends a
		// line, nesting is bounded, no control characters anywhere (not
		// even in comments), no entity declarations.
		{"lone cr line breaks", "<plist>\r<dict>\r\t<key>a</key>\r\t<string>b</strin>\r</dict>\r</plist>\r", 4, "</strin> closes <string>"},
		{"too deep", dict("\t<key>a</key>\n" + strings.Repeat("<array>", 255) + strings.Repeat("</array>", 255) + "\n"), 6, "nested more than 256 levels"},
		{"control char in comment", dict("\t<!-- \x01 -->\n"), 5, "control character"},
		{"cdata end in text", dict("\t<key>a</key>\n\t<string>]]></string>\n"), 6, `"]]>" is not allowed`},
		{"entity declaration", "<!DOCTYPE plist [\n<!ENTITY x \"y\">\n]>\n<plist><dict/></plist>", 2, "entity declarations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.plist", []byte(tt.src))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if pe.File != "x.plist" || pe.Line != tt.line || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("err = %q (line %d); want line %d and %q", err, pe.Line, tt.line, tt.msg)
			}
		})
	}
}

func mustBinary(t *testing.T, v any) string {
	t.Helper()
	b, err := plist.Marshal(v, plist.BinaryFormat)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseOtherFormats(t *testing.T) {
	root := map[string]any{"UIBackgroundModes": []any{"fetch"}, "CFBundleName": "X", "N": int64(-1)}
	for _, f := range []struct {
		format Format
		hf     int
	}{{Binary, plist.BinaryFormat}, {OpenStep, plist.OpenStepFormat}, {GNUStep, plist.GNUStepFormat}} {
		data, err := plist.Marshal(root, f.hf)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse("x.plist", data)
		if err != nil {
			t.Fatalf("%v: %v", f.format, err)
		}
		if d.Format() != f.format {
			t.Errorf("format = %v, want %v", d.Format(), f.format)
		}
		modes, err := d.StringValues("UIBackgroundModes")
		if err != nil || !reflect.DeepEqual(modes, []string{"fetch"}) {
			t.Errorf("%v: modes = %q, %v", f.format, modes, err)
		}
		if got := d.Keys(); !reflect.DeepEqual(got, []string{"CFBundleName", "N", "UIBackgroundModes"}) {
			t.Errorf("%v: keys = %q", f.format, got)
		}
	}
}

func TestParseKeepsBareDictRoot(t *testing.T) {
	d, err := Parse("x.plist", []byte("\xEF\xBB\xBF<dict><key>a</key><string>b</string></dict>"))
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := d.Lookup("a"); !ok || e.Value != "b" || e.Line != 1 {
		t.Errorf("Lookup(a) = %+v, %v", e, ok)
	}
}

func TestUTF16WithoutBOM(t *testing.T) {
	xml := "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<plist version=\"1.0\"><dict/></plist>\n"
	for _, le := range []bool{false, true} {
		var data []byte
		for _, r := range xml {
			if le {
				data = append(data, byte(r), 0)
			} else {
				data = append(data, 0, byte(r))
			}
		}
		_, err := Parse("Info.plist", data)
		if err == nil || !strings.Contains(err.Error(), "UTF-16 XML property list without a byte order mark") {
			t.Errorf("little-endian %v: err = %v", le, err)
		}
	}
}
