package jsonedit

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bgkit/bgkit/internal/testutil"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		line, col int    // 0 means valid
		msg       string // substring of the message
	}{
		{"object", `{"a": [1, 2.5e-3, "x", true, false, null, {}]}`, 0, 0, ""},
		{"scalar root", `"x"`, 0, 0, ""},
		{"bom", "\uFEFF{\"a\": 1}\n", 0, 0, ""},
		{"crlf", "{\r\n  \"a\": 1\r\n}\r\n", 0, 0, ""},
		{"escapes", `{"a": "\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}`, 0, 0, ""},
		{"empty", "", 1, 1, "empty document"},
		{"only space", "  \n ", 2, 2, "empty document"},
		{"trailing comma object", "{\n  \"a\": 1,\n}", 2, 9, "trailing comma"},
		{"trailing comma array", "[1,\n 2,\n]", 2, 3, "trailing comma"},
		{"extra brace", "{\n  \"a\": 1\n}\n}\n", 4, 1, "after the end of the top-level value"},
		{"unclosed", "{\n  \"a\": [1,\n", 3, 1, "not closed"},
		{"single quotes", `{'a': 1}`, 1, 2, "single-quoted"},
		{"unquoted key", `{a: 1}`, 1, 2, "unquoted key"},
		{"comment", "{\n  // no\n  \"a\": 1}", 2, 3, "unexpected comment (JSON has no comments): expected a double-quoted key"},
		{"comment for a value", "{\"a\": /* no */ 1}", 1, 7, "unexpected comment (JSON has no comments): expected a value"},
		{"leading zero", `[01]`, 1, 2, "leading zero"},
		{"bad fraction", `[1.]`, 1, 4, "after '.'"},
		{"bad exponent", `[1e]`, 1, 4, "exponent"},
		{"plus", `[+1]`, 1, 2, "expected a value"},
		{"nan", `[NaN]`, 1, 2, `"NaN"`},
		{"truthy", `[tru]`, 1, 2, `"tru"`},
		{"truex", `[truex]`, 1, 2, `"truex"`},
		{"missing colon", `{"a" 1}`, 1, 6, "expected ':'"},
		{"missing comma", "{\"a\": 1\n \"b\": 2}", 2, 2, "expected ',' or '}'"},
		{"raw newline in string", "{\"a\": \"x\ny\"}", 1, 9, "end of the line"},
		{"raw tab in string", "[\"a\tb\"]", 1, 4, "control character"},
		{"bad escape", `["\x"]`, 1, 3, `'\x'`},
		{"bad unicode escape", `["\u12g4"]`, 1, 3, `\u escape`},
		{"invalid utf8", "[\"\xff\"]", 1, 3, "invalid UTF-8"},
		{"unicode column", "{\"é\": 1,}", 1, 8, "trailing comma"},
		{"two values", `1 2`, 1, 3, "after the end"},
		{"empty element", `[1,,2]`, 1, 4, "empty array element"},
		{"leading comma", `[,1]`, 1, 2, "empty array element"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate([]byte(tt.in))
			if tt.line == 0 {
				if err != nil {
					t.Fatalf("Validate: %v, want nil", err)
				}
				return
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Validate: %v, want a *SyntaxError", err)
			}
			if se.Line != tt.line || se.Col != tt.col || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("Validate = %d:%d %q, want %d:%d containing %q", se.Line, se.Col, se.Msg, tt.line, tt.col, tt.msg)
			}
		})
	}
}

func TestSyntaxErrorMessage(t *testing.T) {
	err := Validate([]byte("{\n  \"a\": 1,\n}"))
	want := "line 2, column 9: trailing comma before '}': JSON does not allow a comma after the last member"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestValidateDeepNesting(t *testing.T) {
	deep := strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1)
	if err := Validate([]byte(deep)); err == nil || !strings.Contains(err.Error(), "nesting") {
		t.Errorf("Validate(deep) = %v, want a nesting error", err)
	}
	ok := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	if err := Validate([]byte(ok)); err != nil {
		t.Errorf("Validate(100 levels) = %v", err)
	}
}

func TestLocate(t *testing.T) {
	doc := "\uFEFF{\n  \"expo\": {\n    \"ios\": {\"infoPlist\": {\"UIBackgroundModes\": [\"fetch\", \"é\", \"processing\"]}},\n    \"name\": 1,\n    \"name\": 2\n  }\n}\n"
	tests := []struct {
		path      []string
		line, col int
		ok        bool
	}{
		{nil, 1, 1, true},
		{[]string{"expo"}, 2, 11, true},
		{[]string{"expo", "ios"}, 3, 12, true},
		{[]string{"expo", "ios", "infoPlist", "UIBackgroundModes"}, 3, 48, true},
		{[]string{"expo", "ios", "infoPlist", "UIBackgroundModes", "0"}, 3, 49, true},
		{[]string{"expo", "ios", "infoPlist", "UIBackgroundModes", "2"}, 3, 63, true},
		{[]string{"expo", "ios", "infoPlist", "UIBackgroundModes", "3"}, 0, 0, false},
		{[]string{"expo", "ios", "infoPlist", "UIBackgroundModes", "01"}, 0, 0, false},
		{[]string{"expo", "ios", "infoPlist", "UIBackgroundModes", "-1"}, 0, 0, false},
		{[]string{"expo", "name"}, 5, 13, true}, // the last duplicate, as JSON.parse
		{[]string{"expo", "android"}, 0, 0, false},
		{[]string{"expo", "name", "x"}, 0, 0, false},
	}
	for _, tt := range tests {
		line, col, ok := Locate([]byte(doc), tt.path...)
		if line != tt.line || col != tt.col || ok != tt.ok {
			t.Errorf("Locate(%q) = %d, %d, %v; want %d, %d, %v", tt.path, line, col, ok, tt.line, tt.col, tt.ok)
		}
	}
	if _, _, ok := Locate([]byte(`{"a": 1,}`), "a"); ok {
		t.Error("Locate on invalid JSON reported ok")
	}
}

// TestCorpusValidate checks every real Expo config: the valid ones parse
// and agree with encoding/json; the broken ones are refused with a line.
func TestCorpusValidate(t *testing.T) {
	for _, file := range testutil.CorpusFiles(t, "expo") {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := Validate(data); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if !json.Valid(data) {
				t.Fatal("encoding/json disagrees: invalid")
			}
		})
	}
	want := map[string]int{
		"expo__examples__stickersmash_app.json":   11, // trailing comma after "supportsTablet": true
		"expo__examples__with-router-tv_app.json": 35, // one closing brace too many
	}
	for _, file := range testutil.CorpusFiles(t, "expo/invalid") {
		t.Run("invalid/"+filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var se *SyntaxError
			if err := Validate(data); !errors.As(err, &se) {
				t.Fatalf("Validate = %v, want a *SyntaxError", err)
			}
			if line, ok := want[filepath.Base(file)]; ok && se.Line != line {
				t.Errorf("error on line %d, want %d: %v", se.Line, line, se)
			}
			if se.Line < 1 || se.Col < 1 {
				t.Errorf("error without a position: %v", se)
			}
			// Every edit refuses the file with the same error.
			edits := []func() ([]byte, error){
				func() ([]byte, error) { return AddStrings(data, []string{"expo", "plugins"}, "x") },
				func() ([]byte, error) { return RemoveStrings(data, []string{"expo", "plugins"}, "x") },
				func() ([]byte, error) { return SetString(data, []string{"expo", "name"}, "x") },
			}
			for _, edit := range edits {
				out, err := edit()
				var ee *SyntaxError
				if out != nil || !errors.As(err, &ee) || *ee != *se {
					t.Errorf("edit of an invalid file = %q, %v; want nil, %v", out, err, se)
				}
			}
		})
	}
}

// FuzzValidate checks Validate against encoding/json, which is strict
// RFC 8259 except that it accepts invalid UTF-8 and refuses a BOM.
func FuzzValidate(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `{"a": [1, "x", null]}`, `{"a",}`, `[1,]`, "\"\\ud83d\\ude00\"", `-0.5e+7`, `{"a":{"b":[{}]}}`, `{"big": 1e400, "tiny": -1e-400}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		orig := string(data)
		err := Validate(data)
		if string(data) != orig {
			t.Fatal("Validate changed its input")
		}
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Line < 1 || se.Col < 1 {
				t.Fatalf("error %v is not a positioned *SyntaxError", err)
			}
		}
		if !utf8.Valid(data) || hasBOM(data) {
			return
		}
		if got, want := err == nil, json.Valid(data); got != want {
			t.Fatalf("Validate ok=%v, encoding/json ok=%v (err %v)", got, want, err)
		}
	})
}

func benchDoc(b *testing.B) []byte {
	files := testutil.CorpusFiles(b, "expo")
	data, err := os.ReadFile(files[0])
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func BenchmarkValidate(b *testing.B) {
	data := benchDoc(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := Validate(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAddStrings(b *testing.B) {
	data := benchDoc(b)
	path := []string{"expo", "ios", "infoPlist", "UIBackgroundModes"}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := AddStrings(data, path, "processing"); err != nil {
			b.Fatal(err)
		}
	}
}

// A number beyond a float64's range is still valid JSON.
func TestValidateHugeNumbers(t *testing.T) {
	for _, s := range []string{`{"a": 1e400}`, `[-1E+999, 1e-999]`, `123456789012345678901234567890`} {
		if err := Validate([]byte(s)); err != nil {
			t.Errorf("Validate(%s) = %v", s, err)
		}
	}
}
