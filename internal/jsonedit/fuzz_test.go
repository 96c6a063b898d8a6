package jsonedit

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzEdit runs every edit on arbitrary documents: no panic; invalid input
// is a *SyntaxError; the input slice survives; the result is valid JSON
// (the edit itself checks it decodes to the intended document, and an
// *EditError here is a bug); a second run changes nothing.
func FuzzEdit(f *testing.F) {
	seeds := []string{
		"{}",
		"{\n  \"expo\": {\n    \"ios\": {\n      \"a\": 1\n    }\n  }\n}\n",
		"{\n\t\"expo\": {\n\t\t\"plugins\": [\"x\", [\"y\", {}]]\n\t}\n}",
		"\uFEFF{\r\n  \"a\": [\r\n    \"x\",\r\n    \"y\"\r\n  ]\r\n}",
		`{"expo":{"ios":{"infoPlist":{"UIBackgroundModes":[]}}}}`,
		`{"a": [1, "x", null, {"b": []}], "a": {"c": "d"}}`,
		`{"a": "x", "b" : { } }`,
	}
	for _, s := range seeds {
		for k := range 3 {
			f.Add([]byte(s), uint8(k), "expo/ios/infoPlist/UIBackgroundModes", "fetch")
			f.Add([]byte(s), uint8(k), "a", "x")
			f.Add([]byte(s), uint8(k), "a/0/b", "é\"\\")
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8, path, value string) {
		if path == "" || !utf8.ValidString(path) || !utf8.ValidString(value) {
			return
		}
		segs := strings.Split(path, "/")
		orig := string(data)
		do := func(in []byte) ([]byte, error) {
			switch kind % 3 {
			case 0:
				return AddStrings(in, segs, value, value+"2")
			case 1:
				return RemoveStrings(in, segs, value)
			default:
				return SetString(in, segs, value)
			}
		}
		out, err := do(data)
		if string(data) != orig {
			t.Fatal("the edit changed its input slice")
		}
		if err != nil {
			var se *SyntaxError
			var pe *PathError
			var ee *EditError
			switch {
			case errors.As(err, &ee):
				t.Fatalf("edit bug: %v\ninput: %q", err, data)
			case errors.As(err, &se):
				if Validate(data) == nil {
					t.Fatalf("SyntaxError on valid input: %v", err)
				}
			case errors.As(err, &pe):
			default:
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		if err := Validate(out); err != nil {
			t.Fatalf("the result is not valid JSON: %v\n%q", err, out)
		}
		if utf8.Valid(out) && !hasBOM(out) && !json.Valid(out) {
			t.Fatalf("encoding/json refuses the result: %q", out)
		}
		if hasBOM(data) != hasBOM(out) {
			t.Fatal("the byte order mark was not kept")
		}
		again, err := do(out)
		if err != nil {
			t.Fatalf("second run: %v", err)
		}
		if string(again) != string(out) {
			t.Fatalf("second run changed the result:\n%q\n%q", out, again)
		}
	})
}
