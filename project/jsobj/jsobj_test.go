package jsobj

import (
	"errors"
	"testing"
)

const capacitorTS = `import type { CapacitorConfig } from '@capacitor/cli';

// The app's config.
const config: CapacitorConfig = {
  appId: 'com.example.app',
  appName: "Example",
  webDir: 'dist',
  /* block
     comment */
  plugins: {
    BackgroundRunner: {
      label: 'com.example.background.task',
      src: 'runners/background.js',
      event: ` + "`myCustomEvent`" + `,
      repeat: true,
      interval: 60 / 4,
      autoStart: true,
    },
    SplashScreen: { launchShowDuration: process.env.CI ? 0 : 2000 },
  },
  server: { ...base.server, url: ` + "`http://${host}:8100`" + ` },
} as CapacitorConfig;

export default config;
`

func TestParseModuleCapacitor(t *testing.T) {
	n, ok, err := ParseModule([]byte(capacitorTS))
	if err != nil || !ok {
		t.Fatalf("ParseModule: ok=%v err=%v", ok, err)
	}
	tests := []struct {
		path []string
		kind Kind
		str  string
		num  float64
		line int
	}{
		{[]string{"appId"}, String, "com.example.app", 0, 5},
		{[]string{"appName"}, String, "Example", 0, 6},
		{[]string{"plugins", "BackgroundRunner", "label"}, String, "com.example.background.task", 0, 12},
		{[]string{"plugins", "BackgroundRunner", "event"}, String, "myCustomEvent", 0, 14},
		{[]string{"plugins", "BackgroundRunner", "repeat"}, Bool, "", 0, 15},
		{[]string{"plugins", "BackgroundRunner", "interval"}, Number, "", 15, 16},
		{[]string{"plugins", "SplashScreen", "launchShowDuration"}, Expr, "", 0, 19},
		{[]string{"server", "url"}, Expr, "", 0, 21},
	}
	for _, tt := range tests {
		v := n.Get(tt.path...)
		if v == nil {
			t.Errorf("%v: missing", tt.path)
			continue
		}
		if v.Kind != tt.kind || v.Str != tt.str || (tt.kind == Number && v.Num != tt.num) || v.Line != tt.line {
			t.Errorf("%v = %+v, want kind %v str %q num %v line %d", tt.path, *v, tt.kind, tt.str, tt.num, tt.line)
		}
	}
	if got := n.Get("plugins", "SplashScreen", "launchShowDuration").Text; got != "process.env.CI ? 0 : 2000" {
		t.Errorf("expression text = %q", got)
	}
	if m, ok := n.Get("plugins", "BackgroundRunner").Member("autoStart"); !ok || m.Line != 17 || m.Col != 7 {
		t.Errorf("autoStart member = %+v %v", m, ok)
	}
}

func TestParseModuleForms(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // value of key a, "" when no export is expected
	}{
		{"export default object", `export default { a: 'x' }`, "x"},
		{"defineConfig call", `import { defineConfig } from 'x'; export default defineConfig({ a: "y" });`, "y"},
		{"generic call", `export default define<Config>({ a: "g" })`, "g"},
		{"module.exports", `module.exports = { a: 'z', };`, "z"},
		{"exports.default", `exports.default = { a: 'w' }`, "w"},
		{"named const", "const cfg = {a: 'v'}\nexport default cfg", "v"},
		{"let with type", "let c: Foo<Bar> = { a: 'u' };\nexport default c;", "u"},
		{"satisfies", "export default { a: 't' } satisfies CapacitorConfig", "t"},
		{"bare const config", "const config = { a: 's' }", "s"},
		{"no object", "export default makeConfig()", ""},
		{"nothing", "// just a comment", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, ok, err := ParseModule([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if ok {
					t.Fatalf("found %+v, want none", n)
				}
				return
			}
			if !ok {
				t.Fatal("no export found")
			}
			if s, _ := n.Get("a").StringValue(); s != tt.want {
				t.Errorf("a = %q, want %q", s, tt.want)
			}
		})
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		name, src string
		path      []string
		want      string
		wantErr   string
		line, col int
	}{
		{name: "json", src: `{"expo": {"plugins": ["a", ["b", {}]]}}`, path: []string{"expo", "plugins", "1", "0"}, want: "b"},
		{name: "json5 trailing comma", src: "{\n  \"a\": [\"x\",],\n}", path: []string{"a", "0"}, want: "x"},
		{name: "escapes", src: `{"a": "\u00e9\t\"q\" \x41 \u{1F600}"}`, path: []string{"a"}, want: "é\t\"q\" A 😀"},
		{name: "bom", src: "\uFEFF{\"a\": \"b\"}", path: []string{"a"}, want: "b"},
		{name: "repeated key: last wins", src: `{"a": "1", "a": "2"}`, path: []string{"a"}, want: "2"},
		{name: "extra brace", src: "{\n \"a\": 1\n}\n}", wantErr: `unexpected "}" after the end of the value`, line: 4, col: 1},
		{name: "unclosed", src: "{\n \"a\": [1, 2", wantErr: "unclosed array (opened at line 2)", line: 2, col: 12},
		{name: "unterminated string", src: "{\"a\": \"b\n}", wantErr: "unterminated string", line: 1, col: 7},
		{name: "missing colon", src: `{"a" 1}`, wantErr: `expected : after key "a", found number 1`, line: 1, col: 6},
		{name: "empty", src: "  // nothing\n", wantErr: "empty document", line: 2, col: 1},
		{name: "unclosed comment", src: "{ /* x", wantErr: "unclosed /* comment", line: 1, col: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ParseValue([]byte(tt.src))
			if tt.wantErr != "" {
				var se *SyntaxError
				if !errors.As(err, &se) {
					t.Fatalf("err = %v, want a SyntaxError", err)
				}
				if se.Msg != tt.wantErr || se.Line != tt.line || se.Col != tt.col {
					t.Fatalf("err = %d:%d %q, want %d:%d %q", se.Line, se.Col, se.Msg, tt.line, tt.col, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s, ok := n.Get(tt.path...).StringValue(); !ok || s != tt.want {
				t.Errorf("%v = %q (%v), want %q", tt.path, s, ok, tt.want)
			}
		})
	}
}

func TestNumbersAndArithmetic(t *testing.T) {
	n, err := ParseValue([]byte(`{a: 60 * 15, b: -3, c: 0x10, d: 1_000, e: (2 + 3) * 4, f: 1e3, g: n * 2, h: 10 / 0}`))
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]float64{"a": 900, "b": -3, "c": 16, "d": 1000, "e": 20, "f": 1000} {
		if v := n.Get(key); v == nil || v.Kind != Number || v.Num != want {
			t.Errorf("%s = %+v, want %v", key, v, want)
		}
	}
	for _, key := range []string{"g", "h"} {
		if v := n.Get(key); v == nil || v.Kind != Expr {
			t.Errorf("%s = %+v, want an expression", key, v)
		}
	}
}

func TestObjectOddities(t *testing.T) {
	src := `{
  shorthand,
  method() { return { x: 1 } },
  get getter() { return 2 },
  [computed]: 3,
  ...spread,
  'quoted-key': 'q',
  42: 'num',
  list: [1, , ...rest, 'y'],
  neg: !flag,
  fn: () => ({ a: 1 }),
}`
	n, err := ParseValue([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if v := n.Get("shorthand"); v == nil || v.Kind != Expr || v.Text != "shorthand" {
		t.Errorf("shorthand = %+v", v)
	}
	if v := n.Get("method"); v == nil || v.Kind != Expr {
		t.Errorf("method = %+v", v)
	}
	if s, _ := n.Get("quoted-key").StringValue(); s != "q" {
		t.Errorf("quoted-key = %q", s)
	}
	if s, _ := n.Get("42").StringValue(); s != "num" {
		t.Errorf("42 = %q", s)
	}
	if got := len(n.Get("list").Elems); got != 2 {
		t.Errorf("list has %d elements, want 2", got)
	}
	if v := n.Get("neg"); v == nil || v.Kind != Expr || v.Text != "!flag" {
		t.Errorf("neg = %+v", v)
	}
	if v := n.Get("fn"); v == nil || v.Kind != Expr {
		t.Errorf("fn = %+v", v)
	}
	if len(n.Get("list").Strings()) != 1 {
		t.Errorf("Strings() = %v", n.Get("list").Strings())
	}
}

func TestDeepNestingIsAnError(t *testing.T) {
	src := make([]byte, 0, 4000)
	for range 1000 {
		src = append(src, '[')
	}
	if _, err := ParseValue(src); err == nil {
		t.Fatal("no error for 1000 nested arrays")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		capacitorTS,
		`{"expo": {"ios": {"infoPlist": {"UIBackgroundModes": ["fetch"]}}}}`,
		"export default defineConfig({ a: `x${y}`, b: [1,2,], c: 60*15 })",
		"{ a: '\\u{1F600}', b: \"\\x41\" }",
		"module.exports = { ...a, [b]: c, d() {} }",
		"{ a: (1 + (2 * 3)) }",
		"`${`${'}'}`}`",
		"const re = /[/*]/g;\nexport default { m: /a\\//, n: 4 / 2 / 1 }",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := ParseValue(data)
		if err == nil && n == nil {
			t.Fatal("nil node without an error")
		}
		var se *SyntaxError
		if err != nil && !errors.As(err, &se) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		m, ok, err := ParseModule(data)
		if ok && (err != nil || m == nil) {
			t.Fatalf("ok with err=%v node=%v", err, m)
		}
	})
}

// A regular expression literal is code, not a comment: "/*" or "/" inside
// its character class does not end it, and division still reads as one.
func TestRegexLiterals(t *testing.T) {
	for src, want := range map[string]string{
		"const re = /[/*]/;\nexport default { name: 'a' };":             "",
		"export default { m: /[/*]/g, name: 'a' };":                     "/[/*]/g",
		"export default { m: /a\\/b/, name: 'a' };":                     "/a\\/b/",
		"export default { name: 'a', m: (x) => x.split(/[/,]/) };":      "",
		"const x = 4 / 2 / 1;\nexport default { name: 'a', m: 4 / 2 };": "",
	} {
		n, ok, err := ParseModule([]byte(src))
		if err != nil || !ok {
			t.Errorf("%q: ok=%v err=%v", src, ok, err)
			continue
		}
		if name, _ := n.Get("name").StringValue(); name != "a" {
			t.Errorf("%q: name = %q", src, name)
		}
		if want != "" {
			if m := n.Get("m"); m == nil || m.Kind != Expr || m.Text != want {
				t.Errorf("%q: m = %+v, want the expression %s", src, m, want)
			}
		}
	}
}
