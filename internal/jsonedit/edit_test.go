package jsonedit

import (
	"errors"
	"strings"
	"testing"
)

var (
	modes   = []string{"expo", "ios", "infoPlist", "UIBackgroundModes"}
	plugins = []string{"expo", "plugins"}
	aps     = []string{"expo", "ios", "entitlements", "aps-environment"}
)

type editCase struct {
	name string
	in   string
	do   func([]byte) ([]byte, error)
	want string // "" with err: an error containing err
	err  string
}

func add(path []string, v ...string) func([]byte) ([]byte, error) {
	return func(b []byte) ([]byte, error) { return AddStrings(b, path, v...) }
}

func remove(path []string, v ...string) func([]byte) ([]byte, error) {
	return func(b []byte) ([]byte, error) { return RemoveStrings(b, path, v...) }
}

func set(path []string, v string) func([]byte) ([]byte, error) {
	return func(b []byte) ([]byte, error) { return SetString(b, path, v) }
}

func runEditCases(t *testing.T, tests []editCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.in)
			got, err := tt.do(in)
			if string(in) != tt.in {
				t.Fatal("the edit changed its input slice")
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if string(got) != tt.want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			again, err := tt.do(got)
			if err != nil {
				t.Fatalf("second run: %v", err)
			}
			if string(again) != string(got) {
				t.Fatalf("second run changed the file again:\n%s", again)
			}
		})
	}
}

func TestAddStrings(t *testing.T) {
	runEditCases(t, []editCase{
		{
			// The byte order mark is not indentation: the root's two
			// spaces are, and the unit inside it is two more.
			name: "indented root after a byte order mark",
			in:   "\uFEFF  {\n    \"expo\": {}\n  }\n",
			do:   add(modes, "fetch"),
			want: "\uFEFF  {\n    \"expo\": {\n      \"ios\": {\n        \"infoPlist\": {\n          \"UIBackgroundModes\": [\n            \"fetch\"\n          ]\n        }\n      }\n    }\n  }\n",
		},
		{
			// The root is indented by four, everything inside it by two:
			// new levels take the file's usual step.
			name: "the most common step, not the first",
			in:   "{\n    \"expo\": {\n      \"name\": \"x\",\n      \"android\": {\n        \"package\": \"a.b\"\n      }\n    }\n}\n",
			do:   add(modes, "fetch"),
			want: "{\n    \"expo\": {\n      \"name\": \"x\",\n      \"android\": {\n        \"package\": \"a.b\"\n      },\n      \"ios\": {\n        \"infoPlist\": {\n          \"UIBackgroundModes\": [\n            \"fetch\"\n          ]\n        }\n      }\n    }\n}\n",
		},
		{
			name: "append to a multi-line array",
			in:   "{\n  \"expo\": {\n    \"ios\": {\n      \"infoPlist\": {\n        \"UIBackgroundModes\": [\n          \"audio\"\n        ]\n      }\n    }\n  }\n}\n",
			do:   add(modes, "fetch", "processing"),
			want: "{\n  \"expo\": {\n    \"ios\": {\n      \"infoPlist\": {\n        \"UIBackgroundModes\": [\n          \"audio\",\n          \"fetch\",\n          \"processing\"\n        ]\n      }\n    }\n  }\n}\n",
		},
		{
			name: "append to a one-line array",
			in:   "{\n  \"expo\": {\n    \"ios\": {\"infoPlist\": {\"UIBackgroundModes\": [\"audio\",\"fetch\"]}}\n  }\n}\n",
			do:   add(modes, "processing"),
			want: "{\n  \"expo\": {\n    \"ios\": {\"infoPlist\": {\"UIBackgroundModes\": [\"audio\",\"fetch\",\"processing\"]}}\n  }\n}\n",
		},
		{
			name: "present values are skipped",
			in:   `{"expo": {"ios": {"infoPlist": {"UIBackgroundModes": ["fetch", 1]}}}}`,
			do:   add(modes, "fetch", "fetch", "processing", "processing"),
			want: `{"expo": {"ios": {"infoPlist": {"UIBackgroundModes": ["fetch", 1, "processing"]}}}}`,
		},
		{
			name: "create the path in a two-space file",
			in:   "{\n  \"expo\": {\n    \"name\": \"x\",\n    \"ios\": {\n      \"supportsTablet\": true\n    }\n  }\n}\n",
			do:   add(modes, "processing"),
			want: "{\n  \"expo\": {\n    \"name\": \"x\",\n    \"ios\": {\n      \"supportsTablet\": true,\n      \"infoPlist\": {\n        \"UIBackgroundModes\": [\n          \"processing\"\n        ]\n      }\n    }\n  }\n}\n",
		},
		{
			name: "create the path in a tab file with one-line arrays",
			in:   "{\n\t\"expo\": {\n\t\t\"assetBundlePatterns\": [\"**/*\"],\n\t\t\"ios\": {\n\t\t\t\"supportsTablet\": true\n\t\t}\n\t}\n}\n",
			do:   add(modes, "fetch", "processing"),
			want: "{\n\t\"expo\": {\n\t\t\"assetBundlePatterns\": [\"**/*\"],\n\t\t\"ios\": {\n\t\t\t\"supportsTablet\": true,\n\t\t\t\"infoPlist\": {\n\t\t\t\t\"UIBackgroundModes\": [\"fetch\", \"processing\"]\n\t\t\t}\n\t\t}\n\t}\n}\n",
		},
		{
			name: "four spaces, CRLF, BOM, no final newline",
			in:   "\uFEFF{\r\n    \"expo\": {\r\n        \"name\": \"x\"\r\n    }\r\n}",
			do:   add(plugins, "expo-background-task"),
			want: "\uFEFF{\r\n    \"expo\": {\r\n        \"name\": \"x\",\r\n        \"plugins\": [\r\n            \"expo-background-task\"\r\n        ]\r\n    }\r\n}",
		},
		{
			name: "empty object expands",
			in:   "{\n  \"expo\": {\n    \"ios\": {}\n  }\n}\n",
			do:   add(modes, "fetch"),
			want: "{\n  \"expo\": {\n    \"ios\": {\n      \"infoPlist\": {\n        \"UIBackgroundModes\": [\n          \"fetch\"\n        ]\n      }\n    }\n  }\n}\n",
		},
		{
			name: "empty array fills in the file's array style",
			in:   "{\n  \"expo\": {\n    \"plugins\": [],\n    \"a\": [\n      \"x\"\n    ]\n  }\n}\n",
			do:   add(plugins, "expo-background-task"),
			want: "{\n  \"expo\": {\n    \"plugins\": [\n      \"expo-background-task\"\n    ],\n    \"a\": [\n      \"x\"\n    ]\n  }\n}\n",
		},
		{
			name: "empty array in a one-line-array file",
			in:   "{\n  \"expo\": {\n    \"plugins\": [ ],\n    \"a\": [\"x\"]\n  }\n}\n",
			do:   add(plugins, "expo-background-task"),
			want: "{\n  \"expo\": {\n    \"plugins\": [\"expo-background-task\"],\n    \"a\": [\"x\"]\n  }\n}\n",
		},
		{
			name: "empty root object",
			in:   "{}\n",
			do:   add([]string{"plugins"}, "expo-background-task"),
			want: "{\"plugins\": [\"expo-background-task\"]}\n",
		},
		{
			name: "minified file stays on one line",
			in:   `{"expo":{"name":"x","ios":{"a":1}}}`,
			do:   add(modes, "fetch"),
			want: `{"expo":{"name":"x","ios":{"a":1,"infoPlist":{"UIBackgroundModes":["fetch"]}}}}`,
		},
		{
			name: "one-line object in a multi-line file",
			in:   "{\n  \"expo\": {\n    \"ios\": { \"a\": 1, \"b\": 2 }\n  }\n}\n",
			do:   add(modes, "fetch"),
			want: "{\n  \"expo\": {\n    \"ios\": { \"a\": 1, \"b\": 2, \"infoPlist\": { \"UIBackgroundModes\": [ \"fetch\" ] } }\n  }\n}\n",
		},
		{
			name: "the file's colon spacing",
			in:   "{\n  \"expo\" : {\n    \"name\" : \"x\"\n  }\n}\n",
			do:   add(plugins, "p"),
			want: "{\n  \"expo\" : {\n    \"name\" : \"x\",\n    \"plugins\" : [\n      \"p\"\n    ]\n  }\n}\n",
		},
		{
			name: "packed multi-line array continues on the last line",
			in:   "{\"a\": [\n  \"x\", \"y\",\n  \"z\", \"w\"\n]}",
			do:   add([]string{"a"}, "v"),
			want: "{\"a\": [\n  \"x\", \"y\",\n  \"z\", \"w\", \"v\"\n]}",
		},
		{
			name: "escapes only what JSON needs",
			in:   "{}",
			do:   add([]string{"a"}, "é \"q\" \\ </> \n \x01"),
			want: `{"a": ["é \"q\" \\ </> \n \u0001"]}`,
		},
		{
			name: "untouched strings keep their escapes",
			in:   "{\n  \"\\u0061\": [\"\\u00e9\"],\n  \"b\": \"\\/\"\n}",
			do:   add([]string{"a"}, "x"),
			want: "{\n  \"\\u0061\": [\"\\u00e9\", \"x\"],\n  \"b\": \"\\/\"\n}",
		},
		{
			name: "no expo wrapper",
			in:   "{\n  \"name\": \"x\",\n  \"plugins\": [\n    \"expo-font\"\n  ]\n}\n",
			do:   add([]string{"plugins"}, "expo-background-task"),
			want: "{\n  \"name\": \"x\",\n  \"plugins\": [\n    \"expo-font\",\n    \"expo-background-task\"\n  ]\n}\n",
		},
		{
			name: "duplicate key: the last one counts",
			in:   `{"a": ["x"], "a": ["y"]}`,
			do:   add([]string{"a"}, "z"),
			want: `{"a": ["x"], "a": ["y", "z"]}`,
		},
		{
			name: "through an array index",
			in:   `{"plugins": [["a", {"modes": []}]]}`,
			do:   add([]string{"plugins", "0", "1", "modes"}, "z"),
			want: `{"plugins": [["a", {"modes": ["z"]}]]}`,
		},
		{name: "not an array", in: "{\"expo\": {\"ios\": {\"infoPlist\": {\n\"UIBackgroundModes\": \"fetch\"}}}}", do: add(modes, "x"), err: `line 2, column 22: expo.ios.infoPlist.UIBackgroundModes is a string, not an array`},
		{name: "parent not an object", in: `{"expo": {"ios": null}}`, do: add(modes, "x"), err: `expo.ios is null, not an object`},
		{name: "root not an object", in: `[]`, do: add(modes, "x"), err: `the top-level value is an array, not an object`},
		{name: "invalid JSON", in: "{\n  \"expo\": {},\n}", do: add(modes, "x"), err: `line 2, column 13: trailing comma`},
		{name: "bad index", in: `{"a": [1]}`, do: add([]string{"a", "3", "b"}, "x"), err: `has no element "3"`},
		{name: "invalid UTF-8 value", in: `{}`, do: add([]string{"a"}, "\xff"), err: `not valid UTF-8`},
		{name: "empty path", in: `{}`, do: add(nil, "x"), err: `empty path`},
	})
}

func TestRemoveStrings(t *testing.T) {
	blocked := []string{"expo", "android", "blockedPermissions"}
	runEditCases(t, []editCase{
		{
			name: "a line of its own",
			in:   "{\"expo\": {\"android\": {\n  \"blockedPermissions\": [\n    \"WAKE_LOCK\",\n    \"android.permission.CAMERA\"\n  ]\n}}}\n",
			do:   remove(blocked, "WAKE_LOCK"),
			want: "{\"expo\": {\"android\": {\n  \"blockedPermissions\": [\n    \"android.permission.CAMERA\"\n  ]\n}}}\n",
		},
		{
			name: "the last element loses the comma before it",
			in:   "{\"a\": [\n  \"x\",\n  \"y\",\n  \"z\"\n]}",
			do:   remove([]string{"a"}, "y", "z"),
			want: "{\"a\": [\n  \"x\"\n]}",
		},
		{
			name: "middle run",
			in:   "{\"a\": [\"w\", \"x\", \"y\", \"z\"]}",
			do:   remove([]string{"a"}, "x", "y"),
			want: "{\"a\": [\"w\", \"z\"]}",
		},
		{
			name: "first and last",
			in:   "{\r\n  \"a\": [\r\n    \"w\",\r\n    \"x\",\r\n    \"y\"\r\n  ]\r\n}",
			do:   remove([]string{"a"}, "w", "y"),
			want: "{\r\n  \"a\": [\r\n    \"x\"\r\n  ]\r\n}",
		},
		{
			name: "all: the array stays, empty",
			in:   "{\"a\": [\n  \"x\",\n  \"x\"\n], \"b\": 1}",
			do:   remove([]string{"a"}, "x"),
			want: "{\"a\": [], \"b\": 1}",
		},
		{
			name: "non-strings stay",
			in:   `{"a": [1, "1", null]}`,
			do:   remove([]string{"a"}, "1"),
			want: `{"a": [1, null]}`,
		},
		{name: "absent path", in: `{"a": {}}`, do: remove([]string{"a", "b", "c"}, "x"), want: `{"a": {}}`},
		{name: "absent value", in: `{"a": ["y"]}`, do: remove([]string{"a"}, "x"), want: `{"a": ["y"]}`},
		{name: "not an array", in: `{"a": {}}`, do: remove([]string{"a"}, "x"), err: "a is an object, not an array"},
	})
}

func TestSetString(t *testing.T) {
	runEditCases(t, []editCase{
		{
			name: "create the entitlements object",
			in:   "{\n  \"expo\": {\n    \"ios\": {\n      \"bundleIdentifier\": \"com.x\"\n    }\n  }\n}\n",
			do:   set(aps, "development"),
			want: "{\n  \"expo\": {\n    \"ios\": {\n      \"bundleIdentifier\": \"com.x\",\n      \"entitlements\": {\n        \"aps-environment\": \"development\"\n      }\n    }\n  }\n}\n",
		},
		{
			name: "change a value in place",
			in:   "{\"expo\": {\"ios\": {\"entitlements\": {\"aps-environment\": \"production\", \"b\": 1}}}}",
			do:   set(aps, "development"),
			want: "{\"expo\": {\"ios\": {\"entitlements\": {\"aps-environment\": \"development\", \"b\": 1}}}}",
		},
		{
			name: "equal value with other escapes is left alone",
			in:   `{"expo": {"ios": {"entitlements": {"aps-environment": "d\u0065velopment"}}}}`,
			do:   set(aps, "development"),
			want: `{"expo": {"ios": {"entitlements": {"aps-environment": "d\u0065velopment"}}}}`,
		},
		{name: "not a string", in: `{"expo": {"ios": {"entitlements": {"aps-environment": true}}}}`, do: set(aps, "development"), err: "is a boolean, not a string"},
	})
}

func TestUnchangedReturnsInput(t *testing.T) {
	in := []byte(`{"a": ["x"], "b": ""}`)
	for _, f := range []func([]byte) ([]byte, error){add([]string{"a"}, "x"), remove([]string{"a"}, "y"), set([]string{"b"}, "")} {
		out, err := f(in)
		if err != nil {
			t.Fatal(err)
		}
		if &out[0] != &in[0] {
			t.Error("an edit with no change returned a copy instead of the input")
		}
	}
}

func TestErrorTypes(t *testing.T) {
	_, err := AddStrings([]byte(`{"a": 1}`), []string{"a"}, "x")
	var pe *PathError
	if !errors.As(err, &pe) || pe.Line != 1 || pe.Col != 7 || pe.Path != "a" {
		t.Errorf("err = %#v, want a *PathError at 1:7 for a", err)
	}
	_, err = SetString([]byte(`{"a": 1,}`), []string{"a"}, "x")
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Errorf("err = %v, want a *SyntaxError", err)
	}
}
