package plistcfg

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"howett.net/plist"
)

// fuzzSeeds are small documents with the shapes the editor handles.
var fuzzSeeds = []string{
	doc(xmlDecl, doctype, `<plist version="1.0">`, `<dict>`, `→<key>CFBundleName</key>`, `→<string>App</string>`, `→<key>UIBackgroundModes</key>`, `→<array>`, `→→<string>audio</string>`, `→</array>`, `</dict>`, `</plist>`, ``),
	doc(`<plist version="1.0">`, `  <dict>`, `    <key>A</key>`, `    <array/>`, `    <!-- c -->`, `    <key>B</key>`, `    <string>&amp;<![CDATA[x]]></string>`, `  </dict>`, `</plist>`),
	`<plist><dict><key>UIBackgroundModes</key><array><string>fetch</string></array></dict></plist>`,
	"\xEF\xBB\xBF<plist>\r\n<dict>\r\n\t<key>a</key>\r\n\t<true/>\r\n</dict>\r\n</plist>",
	"<dict><key>BGTaskSchedulerPermittedIdentifiers</key><array></array></dict>",
	`{ UIBackgroundModes = (audio); CFBundleName = App; }`,
	"bplist00\xd1\x01\x02QaQb\x08\x0b\x0d\x00\x00\x00\x00\x00\x00\x01\x01\x00\x00\x00\x00\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0f",
}

// selfClosing matches the empty containers an edit may expand.
var selfClosing = regexp.MustCompile(`<(array|dict)(\s[^>]*?)?\s*/>`)

// FuzzEdit checks the patch contract on arbitrary input: no panic; a
// refused input is a ParseError or InvalidValueError (an XML edit never
// fails its own read-back check);
// an accepted edit reads back, is idempotent, and keeps the input inside
// the output (adds) or the output inside the input (removes).
func FuzzEdit(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add([]byte(s), "fetch", uint8(i))
	}
	for i, data := range corpusSeeds() {
		f.Add(data, "com.example.app.refresh", uint8(i))
	}
	f.Add([]byte(fuzzSeeds[0]), "com.example.a&b", uint8(1))
	f.Add([]byte(fuzzSeeds[2]), "fetch", uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, value string, which uint8) {
		keys := []string{KeyBackgroundModes, KeyTaskIDs, "CFBundleName", "a"}
		key := keys[int(which>>2)%len(keys)]
		var out []byte
		var err error
		switch which % 3 {
		case 0:
			out, err = AddStrings("f.plist", data, key, value)
		case 1:
			out, err = RemoveStrings("f.plist", data, key, value)
		case 2:
			out, err = SetString("f.plist", data, key, value)
		}
		if err != nil {
			var pe *ParseError
			var ve *InvalidValueError
			var ue *UnsafeEditError
			format, _ := sniff("f.plist", data)
			switch {
			case errors.As(err, &pe), errors.As(err, &ve):
			case errors.As(err, &ue) && format != XML:
				// howett.net/plist's text encoder has corners its
				// parser reads differently; the check caught it.
			default:
				t.Fatalf("unexpected error: %v\n%q", err, data)
			}
			return
		}
		if bytes.Equal(out, data) {
			return
		}
		var v any
		if _, err := plist.Unmarshal(out, &v); err != nil {
			t.Fatalf("output does not parse: %v\n%q", err, out)
		}
		if _, err := Parse("f.plist", out); err != nil {
			t.Fatalf("output does not parse with bgkit's reader: %v\n%q", err, out)
		}
		format, _ := sniff("f.plist", data)
		if format == XML {
			switch which % 3 {
			case 0:
				if norm := selfClosing.ReplaceAll(data, []byte("<$1$2>")); !isSubsequence(norm, out) {
					t.Fatalf("the input does not survive inside the output:\n%q\n%q", data, out)
				}
			case 1:
				if !isSubsequence(out, data) {
					t.Fatalf("a removal added bytes:\n%q\n%q", data, out)
				}
			}
		}
		var again []byte
		switch which % 3 {
		case 0:
			again, err = AddStrings("f.plist", out, key, value)
		case 1:
			again, err = RemoveStrings("f.plist", out, key, value)
		case 2:
			again, err = SetString("f.plist", out, key, value)
		}
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("second run: %v\n%q\n%q", err, out, again)
		}
	})
}

// FuzzParse checks that the reader never panics and that what it accepts
// the reference decoder reads as the same top-level keys.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("f.plist", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("not a ParseError: %v", err)
			}
			return
		}
		if d.Format() != XML {
			return
		}
		var ref map[string]any
		if _, err := plist.Unmarshal(data, &ref); err != nil {
			return // bgkit's reader is not stricter everywhere; edits check with both
		}
		if len(ref) != len(d.Keys()) {
			t.Fatalf("keys: bgkit %q, reference %d", d.Keys(), len(ref))
		}
		for _, k := range d.Keys() {
			if _, ok := ref[k]; !ok {
				t.Fatalf("key %q not seen by the reference decoder", k)
			}
		}
	})
}

// corpusSeeds returns the shared corpus's plists when it is present (it is
// optional here: the seeds above already exercise every shape).
func corpusSeeds() [][]byte {
	dir := os.Getenv("BGKIT_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus")
	}
	var out [][]byte
	for _, pattern := range []string{"infoplist/*.plist", "infoplist/*/*.plist", "entitlements/*.entitlements"} {
		files, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, f := range files {
			if data, err := os.ReadFile(f); err == nil {
				out = append(out, data)
			}
		}
	}
	return out
}

func isSubsequence(small, big []byte) bool {
	j := 0
	for i := 0; i < len(big) && j < len(small); i++ {
		if big[i] == small[j] {
			j++
		}
	}
	return j == len(small)
}
