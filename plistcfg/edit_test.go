package plistcfg

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"howett.net/plist"
)

// doc builds an XML plist from lines joined with "\n"; "→" stands for a tab
// so the tests show indentation plainly.
func doc(lines ...string) string {
	return strings.ReplaceAll(strings.Join(lines, "\n"), "→", "\t")
}

const (
	xmlDecl = `<?xml version="1.0" encoding="UTF-8"?>`
	doctype = `<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">`
)

type editCase struct {
	name string
	in   string
	edit func(data []byte) ([]byte, error)
	want string
}

func add(key string, values ...string) func([]byte) ([]byte, error) {
	return func(data []byte) ([]byte, error) { return AddStrings("Info.plist", data, key, values...) }
}

func remove(key string, values ...string) func([]byte) ([]byte, error) {
	return func(data []byte) ([]byte, error) { return RemoveStrings("Info.plist", data, key, values...) }
}

func set(key, value string) func([]byte) ([]byte, error) {
	return func(data []byte) ([]byte, error) { return SetString("Info.plist", data, key, value) }
}

func runEditCases(t *testing.T, cases []editCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.edit([]byte(tc.in))
			if err != nil {
				t.Fatalf("edit: %v", err)
			}
			if string(got) != tc.want {
				t.Fatalf("got:\n%s\nwant:\n%s", show(got), show([]byte(tc.want)))
			}
			// Idempotent: running the same edit again changes nothing.
			again, err := tc.edit(got)
			if err != nil {
				t.Fatalf("second run: %v", err)
			}
			if !bytes.Equal(again, got) {
				t.Fatalf("second run changed the file:\n%s", show(again))
			}
		})
	}
}

// show makes tabs, carriage returns and a missing final newline visible.
func show(b []byte) string {
	s := strings.NewReplacer("\t", "→", "\r", "␍").Replace(string(b))
	if !strings.HasSuffix(s, "\n") {
		s += "⊘"
	}
	return s
}

func TestAddStrings(t *testing.T) {
	tabbed := func(body ...string) string {
		return doc(append(append([]string{xmlDecl, doctype, `<plist version="1.0">`, `<dict>`}, body...), `</dict>`, `</plist>`, ``)...)
	}
	runEditCases(t, []editCase{
		{
			name: "append to an existing array",
			in:   tabbed(`→<key>CFBundleName</key>`, `→<string>App</string>`, `→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>audio</string>`, `→</array>`),
			edit: add("UIBackgroundModes", "fetch", "processing", "fetch"),
			want: tabbed(`→<key>CFBundleName</key>`, `→<string>App</string>`, `→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>audio</string>`, `→→<string>fetch</string>`, `→→<string>processing</string>`, `→</array>`),
		},
		{
			name: "new key at the end of unsorted keys",
			in:   tabbed(`→<key>Zeta</key>`, `→<true/>`, `→<key>Alpha</key>`, `→<string>a</string>`),
			edit: add("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>Zeta</key>`, `→<true/>`, `→<key>Alpha</key>`, `→<string>a</string>`, `→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→</array>`),
		},
		{
			name: "new key in its sorted place",
			in:   tabbed(`→<key>CFBundleName</key>`, `→<string>App</string>`, `→<key>UILaunchStoryboardName</key>`, `→<string>Launch</string>`),
			edit: add("BGTaskSchedulerPermittedIdentifiers", "com.example.refresh"),
			want: tabbed(`→<key>BGTaskSchedulerPermittedIdentifiers</key>`, `→<array>`, `→→<string>com.example.refresh</string>`, `→</array>`, `→<key>CFBundleName</key>`, `→<string>App</string>`, `→<key>UILaunchStoryboardName</key>`, `→<string>Launch</string>`),
		},
		{
			name: "sorted place goes above the comment that heads the next key",
			in:   tabbed(`→<key>A</key>`, `→<string>a</string>`, `→<!-- launch -->`, `→<!-- screen -->`, `→<key>UILaunchStoryboardName</key>`, `→<string>Launch</string>`),
			edit: add("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>A</key>`, `→<string>a</string>`, `→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→</array>`, `→<!-- launch -->`, `→<!-- screen -->`, `→<key>UILaunchStoryboardName</key>`, `→<string>Launch</string>`),
		},
		{
			name: "case-insensitive sort order is followed",
			in:   tabbed(`→<key>aps</key>`, `→<string>a</string>`, `→<key>CFBundleName</key>`, `→<string>x</string>`, `→<key>zzz</key>`, `→<string>z</string>`),
			edit: add("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>aps</key>`, `→<string>a</string>`, `→<key>CFBundleName</key>`, `→<string>x</string>`, `→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→</array>`, `→<key>zzz</key>`, `→<string>z</string>`),
		},
		{
			name: "self-closing array expanded in place",
			in:   tabbed(`→<key>UIBackgroundModes</key>`, `→<array/>`, `→<key>Z</key>`, `→<true/>`),
			edit: add("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→</array>`, `→<key>Z</key>`, `→<true/>`),
		},
		{
			name: "empty array on one line",
			in:   tabbed(`→<key>UIBackgroundModes</key>`, `→<array></array>`),
			edit: add("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→</array>`),
		},
		{
			name: "empty array over two lines",
			in:   tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→</array>`),
			edit: add("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→</array>`),
		},
		{
			name: "two-space indentation with the dict indented",
			in:   doc(xmlDecl, `<plist version="1.0">`, `  <dict>`, `    <key>A</key>`, `    <array>`, `      <string>x</string>`, `    </array>`, `  </dict>`, `</plist>`, ``),
			edit: add("UIBackgroundModes", "fetch"),
			want: doc(xmlDecl, `<plist version="1.0">`, `  <dict>`, `    <key>A</key>`, `    <array>`, `      <string>x</string>`, `    </array>`, `    <key>UIBackgroundModes</key>`, `    <array>`, `      <string>fetch</string>`, `    </array>`, `  </dict>`, `</plist>`, ``),
		},
		{
			name: "no indentation at all stays unindented",
			in:   doc(`<plist version="1.0">`, `<dict>`, `<key>A</key>`, `<array>`, `<string>x</string>`, `</array>`, `</dict>`, `</plist>`, ``),
			edit: add("UIBackgroundModes", "fetch"),
			want: doc(`<plist version="1.0">`, `<dict>`, `<key>A</key>`, `<array>`, `<string>x</string>`, `</array>`, `<key>UIBackgroundModes</key>`, `<array>`, `<string>fetch</string>`, `</array>`, `</dict>`, `</plist>`, ``),
		},
		{
			name: "empty top-level dict gets Xcode's tabs",
			in:   doc(xmlDecl, `<plist version="1.0">`, `<dict>`, `</dict>`, `</plist>`, ``),
			edit: add("UIBackgroundModes", "fetch"),
			want: doc(xmlDecl, `<plist version="1.0">`, `<dict>`, `→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→</array>`, `</dict>`, `</plist>`, ``),
		},
		{
			name: "self-closing top-level dict",
			in:   doc(`<plist version="1.0">`, `<dict/>`, `</plist>`, ``),
			edit: add("UIBackgroundModes", "fetch"),
			want: doc(`<plist version="1.0">`, `<dict>`, `→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→</array>`, `</dict>`, `</plist>`, ``),
		},
		{
			name: "one-line file stays on one line",
			in:   `<plist version="1.0"><dict><key>A</key><string>a</string><key>UIBackgroundModes</key><array><string>audio</string></array></dict></plist>`,
			edit: add("UIBackgroundModes", "fetch"),
			want: `<plist version="1.0"><dict><key>A</key><string>a</string><key>UIBackgroundModes</key><array><string>audio</string><string>fetch</string></array></dict></plist>`,
		},
		{
			name: "one-line file with a new key",
			in:   `<plist version="1.0"><dict><key>A</key><string>a</string></dict></plist>` + "\n",
			edit: add("UIBackgroundModes", "fetch"),
			want: `<plist version="1.0"><dict><key>A</key><string>a</string><key>UIBackgroundModes</key><array><string>fetch</string></array></dict></plist>` + "\n",
		},
		{
			name: "one-line file keeps its spaces between elements",
			in:   `<plist><dict> <key>B</key> <array> <string>x</string> </array> </dict></plist>`,
			edit: add("B", "y"),
			want: `<plist><dict> <key>B</key> <array> <string>x</string> <string>y</string> </array> </dict></plist>`,
		},
		{
			name: "a dict on one line inside a multi-line file stays on one line",
			in:   doc(xmlDecl, `<plist version="1.0">`, `<dict><key>UIBackgroundModes</key><array/></dict>`, `</plist>`, ``),
			edit: add("UIBackgroundModes", "fetch"),
			want: doc(xmlDecl, `<plist version="1.0">`, `<dict><key>UIBackgroundModes</key><array><string>fetch</string></array></dict>`, `</plist>`, ``),
		},
		{
			name: "one-line file with an empty array",
			in:   `<plist><dict><key>UIBackgroundModes</key><array/></dict></plist>`,
			edit: add("UIBackgroundModes", "fetch"),
			want: `<plist><dict><key>UIBackgroundModes</key><array><string>fetch</string></array></dict></plist>`,
		},
		{
			name: "CRLF line endings, BOM and no final newline stay",
			in:   "\xEF\xBB\xBF" + crlfNoEOL(tabbed(`→<key>A</key>`, `→<string>a</string>`)),
			edit: add("UIBackgroundModes", "fetch"),
			want: "\xEF\xBB\xBF" + crlfNoEOL(tabbed(`→<key>A</key>`, `→<string>a</string>`, `→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→</array>`)),
		},
		{
			name: "key and value written on one line",
			in:   tabbed(`→<key>A</key> <string>a</string>`, `→<key>B</key> <true/>`),
			edit: add("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>A</key> <string>a</string>`, `→<key>B</key> <true/>`, `→<key>UIBackgroundModes</key> <array>`, `→→<string>fetch</string>`, `→</array>`),
		},
		{
			name: "a nested key, a comment or CDATA of the same name is not the top-level key",
			in: tabbed(`→<!-- <key>UIBackgroundModes</key><array><string>x</string></array> -->`, `→<key>Nested</key>`, `→<dict>`, `→→<key>UIBackgroundModes</key>`, `→→<array>`, `→→→<string>audio</string>`, `→→</array>`, `→</dict>`,
				`→<key>Note</key>`, `→<string><![CDATA[<key>UIBackgroundModes</key>]]></string>`),
			edit: add("UIBackgroundModes", "fetch"),
			want: tabbed(`→<!-- <key>UIBackgroundModes</key><array><string>x</string></array> -->`, `→<key>Nested</key>`, `→<dict>`, `→→<key>UIBackgroundModes</key>`, `→→<array>`, `→→→<string>audio</string>`, `→→</array>`, `→</dict>`,
				`→<key>Note</key>`, `→<string><![CDATA[<key>UIBackgroundModes</key>]]></string>`, `→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→</array>`),
		},
		{
			name: "a comment after the last element stays on its line",
			in:   tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>audio</string> <!-- for the player -->`, `→</array>`),
			edit: add("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>audio</string> <!-- for the player -->`, `→→<string>fetch</string>`, `→</array>`),
		},
		{
			name: "a multi-line comment after the last element is stepped over",
			in:   tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>audio</string> <!-- for`, `→→the player -->`, `→</array>`),
			edit: add("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>audio</string> <!-- for`, `→→the player -->`, `→→<string>fetch</string>`, `→</array>`),
		},
		{
			name: "closing tag on the last element's line: added inline",
			in:   tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>audio</string></array>`),
			edit: add("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>audio</string><string>fetch</string></array>`),
		},
		{
			name: "values are escaped",
			in:   tabbed(`→<key>K</key>`, `→<array/>`),
			edit: add("K", "a&b<c>"),
			want: tabbed(`→<key>K</key>`, `→<array>`, `→→<string>a&amp;b&lt;c&gt;</string>`, `→</array>`),
		},
		{
			name: "entity references, comments, CDATA and value types elsewhere stay",
			in:   tabbed(`→<key>A</key>`, `→<string>Tom &amp; Jerry&#x21;</string>`, `→<key>R</key>`, `→<real>1.0</real>`, `→<key>I</key>`, `→<integer>007</integer>`, `→<key>D</key>`, `→<data>`, `→AAEC`, `→</data>`),
			edit: add("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>A</key>`, `→<string>Tom &amp; Jerry&#x21;</string>`, `→<key>R</key>`, `→<real>1.0</real>`, `→<key>I</key>`, `→<integer>007</integer>`, `→<key>D</key>`, `→<data>`, `→AAEC`, `→</data>`, `→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→</array>`),
		},
		{
			name: "nested lines follow the step used at that indentation in a mixed file",
			in:   tabbed(`→<key>A</key>`, `→<array>`, `→→<string>x</string>`, `→</array>`, `    <key>B</key>`, `    <array>`, `        <string>y</string>`, `    </array>`, `    <key>C</key>`, `    <true/>`, `    <key>D</key>`, `    <true/>`),
			edit: add("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>A</key>`, `→<array>`, `→→<string>x</string>`, `→</array>`, `    <key>B</key>`, `    <array>`, `        <string>y</string>`, `    </array>`, `    <key>C</key>`, `    <true/>`, `    <key>D</key>`, `    <true/>`, `    <key>UIBackgroundModes</key>`, `    <array>`, `        <string>fetch</string>`, `    </array>`),
		},
	})
}

// crlfNoEOL turns line feeds into CRLF and drops the final line break.
func crlfNoEOL(s string) string {
	return strings.TrimSuffix(strings.ReplaceAll(s, "\n", "\r\n"), "\r\n")
}

func TestAddStringsUnchangedReturnsInput(t *testing.T) {
	in := []byte(doc(`<plist><dict>`, `→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→</array>`, `</dict></plist>`))
	out, err := AddStrings("Info.plist", in, "UIBackgroundModes", "fetch")
	if err != nil {
		t.Fatal(err)
	}
	if &out[0] != &in[0] {
		t.Error("no change must return the input itself")
	}
}

func TestRemoveStrings(t *testing.T) {
	tabbed := func(body ...string) string {
		return doc(append(append([]string{`<plist version="1.0">`, `<dict>`}, body...), `</dict>`, `</plist>`, ``)...)
	}
	runEditCases(t, []editCase{
		{
			name: "whole lines go",
			in:   tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>audio</string>`, `→→<string>fetch</string>`, `→→<string>processing</string>`, `→</array>`),
			edit: remove("UIBackgroundModes", "fetch", "processing"),
			want: tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>audio</string>`, `→</array>`),
		},
		{
			name: "an array left empty stays",
			in:   tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→</array>`),
			edit: remove("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→</array>`),
		},
		{
			name: "a trailing comment goes with its line",
			in:   tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>audio</string> <!-- old player -->`, `→→<string>fetch</string>`, `→</array>`),
			edit: remove("UIBackgroundModes", "audio"),
			want: tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→</array>`),
		},
		{
			name: "duplicates all go",
			in:   tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>fetch</string>`, `→→<string>audio</string>`, `→→<string>fetch</string>`, `→</array>`),
			edit: remove("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>audio</string>`, `→</array>`),
		},
		{
			name: "inline elements",
			in:   `<plist><dict><key>M</key><array><string>a</string> <string>b</string> <string>c</string></array></dict></plist>`,
			edit: remove("M", "a", "b"),
			want: `<plist><dict><key>M</key><array><string>c</string></array></dict></plist>`,
		},
		{
			name: "inline trailing elements",
			in:   `<plist><dict><key>M</key><array><string>a</string> <string>b</string> <string>c</string></array></dict></plist>`,
			edit: remove("M", "b", "c"),
			want: `<plist><dict><key>M</key><array><string>a</string></array></dict></plist>`,
		},
		{
			name: "inline all elements",
			in:   `<plist><dict><key>M</key><array> <string>a</string> <string>b</string> </array></dict></plist>`,
			edit: remove("M", "a", "b"),
			want: `<plist><dict><key>M</key><array>  </array></dict></plist>`,
		},
		{
			name: "inline last element",
			in:   tabbed(`→<key>M</key>`, `→<array><string>a</string> <string>b</string></array>`),
			edit: remove("M", "b"),
			want: tabbed(`→<key>M</key>`, `→<array><string>a</string></array>`),
		},
		{
			name: "absent key or value: nothing changes",
			in:   tabbed(`→<key>M</key>`, `→<array><string>a</string></array>`),
			edit: remove("UIBackgroundModes", "fetch"),
			want: tabbed(`→<key>M</key>`, `→<array><string>a</string></array>`),
		},
		{
			name: "CRLF",
			in:   strings.ReplaceAll(tabbed(`→<key>M</key>`, `→<array>`, `→→<string>a</string>`, `→→<string>b</string>`, `→</array>`), "\n", "\r\n"),
			edit: remove("M", "a"),
			want: strings.ReplaceAll(tabbed(`→<key>M</key>`, `→<array>`, `→→<string>b</string>`, `→</array>`), "\n", "\r\n"),
		},
	})
}

func TestSetString(t *testing.T) {
	tabbed := func(body ...string) string {
		return doc(append(append([]string{xmlDecl, doctype, `<plist version="1.0">`, `<dict>`}, body...), `</dict>`, `</plist>`)...)
	}
	runEditCases(t, []editCase{
		{
			name: "replace a value",
			in:   tabbed(`→<key>aps-environment</key>`, `→<string>development</string>`),
			edit: set("aps-environment", "production"),
			want: tabbed(`→<key>aps-environment</key>`, `→<string>production</string>`),
		},
		{
			name: "add a missing key to an empty dict",
			in:   tabbed(),
			edit: set("aps-environment", "development"),
			want: tabbed(`→<key>aps-environment</key>`, `→<string>development</string>`),
		},
		{
			name: "add in sorted place",
			in:   tabbed(`→<key>com.apple.developer.associated-domains</key>`, `→<array/>`, `→<key>com.apple.security.application-groups</key>`, `→<array/>`),
			edit: set("aps-environment", "development"),
			want: tabbed(`→<key>aps-environment</key>`, `→<string>development</string>`, `→<key>com.apple.developer.associated-domains</key>`, `→<array/>`, `→<key>com.apple.security.application-groups</key>`, `→<array/>`),
		},
		{
			name: "self-closing string",
			in:   tabbed(`→<key>aps-environment</key>`, `→<string/>`),
			edit: set("aps-environment", "development"),
			want: tabbed(`→<key>aps-environment</key>`, `→<string>development</string>`),
		},
		{
			name: "same value: unchanged",
			in:   tabbed(`→<key>aps-environment</key>`, `→<string>development</string>`),
			edit: set("aps-environment", "development"),
			want: tabbed(`→<key>aps-environment</key>`, `→<string>development</string>`),
		},
	})
}

func TestSameValue(t *testing.T) {
	nan := math.NaN()
	t1 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		a, b any
		want bool
	}{
		{map[string]any{"r": nan}, map[string]any{"r": nan}, true},
		{[]any{float32(nan)}, []any{float32(nan)}, true},
		{t1, t1.In(time.FixedZone("X", 3600)), true},
		{map[string]any{"a": "x"}, map[string]any{"a": "y"}, false},
		{map[string]any{"a": "x"}, map[string]any{"b": "x"}, false},
		{[]any{"a"}, []any{"a", "b"}, false},
		{1.0, float32(1.0), false},
		{[]byte("a"), []byte("a"), true},
	}
	for _, tt := range tests {
		if got := sameValue(tt.a, tt.b); got != tt.want {
			t.Errorf("sameValue(%v, %v) = %v", tt.a, tt.b, got)
		}
	}
}

func TestEditKeepsNaNAndDates(t *testing.T) {
	in := doc(`<plist><dict>`, `→<key>R</key>`, `→<real>nan</real>`, `→<key>D</key>`, `→<date>2024-01-02T03:04:05Z</date>`, `</dict></plist>`, ``)
	if _, err := AddStrings("Info.plist", []byte(in), KeyBackgroundModes, "fetch"); err != nil {
		t.Fatal(err)
	}
}

func TestEditErrors(t *testing.T) {
	body := func(s ...string) []byte {
		return []byte(doc(append(append([]string{`<plist version="1.0">`, `<dict>`}, s...), `</dict>`, `</plist>`, ``)...))
	}
	tests := []struct {
		name string
		data []byte
		edit func([]byte) ([]byte, error)
		line int
		msg  string
	}{
		{"modes is a string", body(`→<key>UIBackgroundModes</key>`, `→<string>fetch</string>`), add("UIBackgroundModes", "fetch"), 3, "not an array"},
		{"modes is a dict (remove)", body(`→<key>UIBackgroundModes</key>`, `→<dict/>`), remove("UIBackgroundModes", "fetch"), 3, "not an array"},
		{"set on an array", body(`→<key>aps-environment</key>`, `→<array/>`), set("aps-environment", "development"), 3, "not a string"},
		{"duplicate key", body(`→<key>A</key>`, `→<true/>`, `→<key>A</key>`, `→<true/>`), add("UIBackgroundModes", "fetch"), 5, "appears twice"},
		{"malformed", body(`→<key>A</key>`, `→<string>x</string`), add("UIBackgroundModes", "fetch"), 4, "malformed end tag"},
		{"conflict", body("<<<<<<< HEAD", `→<key>A</key>`, `→<true/>`, "=======", ">>>>>>> x"), add("UIBackgroundModes", "fetch"), 3, "merge-conflict"},
		{"empty", nil, add("UIBackgroundModes", "fetch"), 0, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := tt.edit(tt.data)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %q, %v; want a *ParseError", out, err)
			}
			if pe.Line != tt.line || !strings.Contains(pe.Msg, tt.msg) || pe.File != "Info.plist" {
				t.Errorf("error %q (line %d); want line %d and %q", err, pe.Line, tt.line, tt.msg)
			}
		})
	}
	// Values a plist cannot hold are refused before anything is planned.
	if _, err := AddStrings("Info.plist", body(), "K", "a\x00b"); err == nil {
		t.Error("a NUL in a value must be refused")
	}
}

func TestEditOtherFormats(t *testing.T) {
	root := map[string]any{"CFBundleName": "App", "UIBackgroundModes": []any{"audio"}, "N": uint64(3)}
	for _, f := range []int{plist.BinaryFormat, plist.OpenStepFormat, plist.GNUStepFormat} {
		data, err := plist.MarshalIndent(root, f, "\t")
		if err != nil {
			t.Fatal(err)
		}
		out, err := AddStrings("Info.plist", data, "UIBackgroundModes", "fetch")
		if err != nil {
			t.Fatalf("%s: %v", plist.FormatNames[f], err)
		}
		var got map[string]any
		gf, err := plist.Unmarshal(out, &got)
		if err != nil || gf != f {
			t.Fatalf("%s: result format %s, %v", plist.FormatNames[f], plist.FormatNames[gf], err)
		}
		if modes := got["UIBackgroundModes"]; !reflect.DeepEqual(modes, []any{"audio", "fetch"}) {
			t.Errorf("%s: modes = %v", plist.FormatNames[f], modes)
		}
		if got["CFBundleName"] != "App" {
			t.Errorf("%s: CFBundleName = %v", plist.FormatNames[f], got["CFBundleName"])
		}
		again, err := AddStrings("Info.plist", out, "UIBackgroundModes", "fetch")
		if err != nil || !bytes.Equal(again, out) {
			t.Errorf("%s: second run changed the file (%v)", plist.FormatNames[f], err)
		}
		removed, err := RemoveStrings("Info.plist", out, "UIBackgroundModes", "audio", "fetch")
		if err != nil {
			t.Fatal(err)
		}
		plist.Unmarshal(removed, &got)
		if modes := got["UIBackgroundModes"]; !reflect.DeepEqual(modes, []any{}) {
			t.Errorf("%s: after remove, modes = %#v", plist.FormatNames[f], modes)
		}
		set, err := SetString("x.entitlements", data, "aps-environment", "production")
		if err != nil {
			t.Fatal(err)
		}
		plist.Unmarshal(set, &got)
		if got["aps-environment"] != "production" {
			t.Errorf("%s: aps-environment = %v", plist.FormatNames[f], got["aps-environment"])
		}
	}
}

// TestEditOpenStepLayout: an old-style plist is re-encoded, but in the
// file's own indentation and line endings, with or without its final
// newline, so that keys sorted the way the encoder writes them give the
// diff a human would write.
func TestEditOpenStepLayout(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{
			"two spaces, no final newline",
			"{\n  CFBundleName = App;\n  UIBackgroundModes = (\n    audio,\n  );\n}",
			"{\n  CFBundleName = App;\n  UIBackgroundModes = (\n    audio,\n    fetch,\n  );\n}",
		},
		{
			"four spaces and CRLF",
			"{\r\n    CFBundleName = App;\r\n    UIBackgroundModes = (\r\n        audio,\r\n    );\r\n}\r\n",
			"{\r\n    CFBundleName = App;\r\n    UIBackgroundModes = (\r\n        audio,\r\n        fetch,\r\n    );\r\n}\r\n",
		},
		{
			"tabs",
			"{\n\tCFBundleName = App;\n\tUIBackgroundModes = (\n\t\taudio,\n\t);\n}\n",
			"{\n\tCFBundleName = App;\n\tUIBackgroundModes = (\n\t\taudio,\n\t\tfetch,\n\t);\n}\n",
		},
		{
			"one line gets Xcode's tabs",
			"{ CFBundleName = App; UIBackgroundModes = (audio); }\n",
			"{\n\tCFBundleName = App;\n\tUIBackgroundModes = (\n\t\taudio,\n\t\tfetch,\n\t);\n}\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := AddStrings("Info.plist", []byte(tt.in), KeyBackgroundModes, "fetch")
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", out, tt.want)
			}
		})
	}
}
