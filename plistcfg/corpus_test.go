package plistcfg

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"howett.net/plist"

	"github.com/bgkit/bgkit/internal/testutil"
	"github.com/bgkit/bgkit/internal/textdiff"
	"github.com/bgkit/bgkit/internal/xmltok"
)

// corpusEdit is one edit run over real files.
type corpusEdit struct {
	key    string
	values []string
	set    bool // SetString(key, values[0]) instead of AddStrings
}

func (c corpusEdit) run(name string, data []byte) ([]byte, error) {
	if c.set {
		return SetString(name, data, c.key, c.values[0])
	}
	return AddStrings(name, data, c.key, c.values...)
}

// expect is what the edit must turn the decoded old value into.
func (c corpusEdit) expect(old any, present bool) any {
	if c.set {
		return c.values[0]
	}
	var arr []any
	if present {
		arr = old.([]any)
	}
	out := append([]any(nil), arr...)
	if out == nil {
		out = []any{}
	}
	for _, v := range c.values {
		found := false
		for _, x := range out {
			if x == v {
				found = true
			}
		}
		if !found {
			out = append(out, v)
		}
	}
	return out
}

// TestCorpus runs the edits bgkit makes over every real Info.plist and
// entitlements file in the shared corpus, and checks the patch contract:
// the result parses, holds the new values and every old one unchanged, the
// diff only adds lines, a second run is a no-op, and removing what was
// added to an existing array gives back the original bytes.
func TestCorpus(t *testing.T) {
	plists := append(testutil.CorpusFiles(t, "infoplist"), testutil.CorpusFiles(t, "infoplist/other-plists")...)
	entitlements := testutil.CorpusFiles(t, "entitlements")
	edits := []struct {
		files []string
		edit  corpusEdit
	}{
		{plists, corpusEdit{key: KeyBackgroundModes, values: []string{"fetch", "processing"}}},
		{plists, corpusEdit{key: KeyTaskIDs, values: []string{"com.example.app.refresh", "com.example.app.export.*"}}},
		{entitlements, corpusEdit{key: "aps-environment", values: []string{"production"}, set: true}},
		{entitlements, corpusEdit{key: "aps-environment", values: []string{"development"}, set: true}},
	}
	for _, e := range edits {
		for _, file := range e.files {
			t.Run(e.edit.key+"="+e.edit.values[0]+"/"+filepath.Base(file), func(t *testing.T) {
				checkCorpusEdit(t, file, e.edit)
			})
		}
	}
}

func checkCorpusEdit(t *testing.T, file string, e corpusEdit) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	checkCorpusData(t, file, data, e)
}

// checkCorpusData checks the patch contract for one edit of data and
// returns the edited bytes.
func checkCorpusData(t *testing.T, file string, data []byte, e corpusEdit) []byte {
	t.Helper()
	orig := bytes.Clone(data)
	out, err := e.run(file, data)
	if err != nil {
		t.Fatalf("edit: %v", err)
	}
	if !bytes.Equal(data, orig) {
		t.Fatal("the edit modified its input slice")
	}
	var oldRoot, newRoot map[string]any
	if _, err := plist.Unmarshal(data, &oldRoot); err != nil {
		t.Fatal(err)
	}
	if _, err := plist.Unmarshal(out, &newRoot); err != nil {
		t.Fatalf("result does not parse: %v", err)
	}
	if _, err := Parse(file, out); err != nil {
		t.Fatalf("result does not parse with bgkit's reader: %v", err)
	}
	old, present := oldRoot[e.key]
	want := make(map[string]any, len(oldRoot)+1)
	for k, v := range oldRoot {
		want[k] = v
	}
	want[e.key] = e.expect(old, present)
	if !reflect.DeepEqual(newRoot, want) {
		for k := range want {
			if !reflect.DeepEqual(newRoot[k], want[k]) {
				t.Errorf("key %s: got %#v, want %#v", k, newRoot[k], want[k])
			}
		}
		t.Fatal("values differ")
	}
	diff := textdiff.Unified("x", data, out)
	added, removed := textdiff.Stat(diff)
	replacesValue := e.set && present && old != e.values[0]
	switch {
	case replacesValue && (added != 1 || removed != 1):
		t.Errorf("replacing a value changed +%d -%d lines:\n%s", added, removed, diff)
	case !replacesValue && removed != 0:
		t.Errorf("the diff removes lines:\n%s", diff)
	}
	if !bytes.Equal(out, data) && added == 0 {
		t.Errorf("bytes changed but no line was added")
	}
	// The file's conventions survive: BOM, final newline, line endings.
	if bytes.HasPrefix(data, xmltok.BOM) != bytes.HasPrefix(out, xmltok.BOM) {
		t.Error("BOM changed")
	}
	if bytes.HasSuffix(data, []byte("\n")) != bytes.HasSuffix(out, []byte("\n")) {
		t.Error("final newline changed")
	}
	if crlf := bytes.Count(data, []byte("\r\n")); crlf > 0 && bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
		t.Error("a CRLF file got LF line endings")
	}
	if bytes.Count(data, []byte("\r\n")) == 0 && bytes.Contains(out, []byte("\r")) {
		t.Error("an LF file got CR line endings")
	}
	again, err := e.run(file, out)
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	if !bytes.Equal(again, out) {
		t.Fatalf("second run changed the file:\n%s", textdiff.Unified("x", out, again))
	}
	if !e.set && present {
		back, err := RemoveStrings(file, out, e.key, e.values...)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(back, data) && !containsAny(old.([]any), e.values) {
			t.Errorf("removing what was added does not give the original back:\n%s", textdiff.Unified("x", data, back))
		}
	}
	return out
}

// corpusVariants rewrite a real file the ways files differ in the wild.
var corpusVariants = []struct {
	name string
	// apply returns the variant, or nil when it does not apply to data.
	apply func(data []byte) []byte
	// check looks at the new lines of a variant's diff.
	check func(t *testing.T, added []string)
}{
	{"crlf", func(b []byte) []byte {
		return bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
	}, nil},
	{"no-final-newline", func(b []byte) []byte { return bytes.TrimRight(b, "\r\n") }, nil},
	{"bom", func(b []byte) []byte { return append(bytes.Clone(xmltok.BOM), b...) }, nil},
	{"two-spaces", func(b []byte) []byte {
		if !bytes.Contains(b, []byte("\n\t")) || bytes.Contains(b, []byte("\n ")) {
			return nil
		}
		return bytes.ReplaceAll(b, []byte("\t"), []byte("  "))
	}, func(t *testing.T, added []string) {
		for _, l := range added {
			if strings.Contains(l, "\t") || !strings.HasPrefix(l, "  <") && !strings.HasPrefix(l, "    <") {
				t.Errorf("added line %q is not indented with two spaces", l)
			}
		}
	}},
	{"indented-dict", func(b []byte) []byte {
		// Tab-indented files only: indent everything inside <plist>.
		if !bytes.Contains(b, []byte("\n<dict>")) || bytes.Contains(b, []byte("\n ")) {
			return nil
		}
		b = bytes.ReplaceAll(b, []byte("\n\t"), []byte("\n\t\t"))
		b = bytes.ReplaceAll(b, []byte("\n<dict>"), []byte("\n\t<dict>"))
		return bytes.ReplaceAll(b, []byte("\n</dict>"), []byte("\n\t</dict>"))
	}, func(t *testing.T, added []string) {
		for _, l := range added {
			if !strings.HasPrefix(l, "\t\t<") && !strings.HasPrefix(l, "\t\t\t<") {
				t.Errorf("added line %q is not indented under the indented <dict>", l)
			}
		}
	}},
}

// TestCorpusVariants runs the same edits over every corpus Info.plist
// rewritten with CRLF line endings, without its final newline, with a BOM,
// with two-space indentation and with its top-level dict indented.
func TestCorpusVariants(t *testing.T) {
	edits := []corpusEdit{
		{key: KeyBackgroundModes, values: []string{"fetch", "processing"}},
		{key: KeyTaskIDs, values: []string{"com.example.app.refresh"}},
	}
	for _, file := range testutil.CorpusFiles(t, "infoplist") {
		orig, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range corpusVariants {
			data := v.apply(orig)
			if data == nil {
				continue
			}
			for _, e := range edits {
				t.Run(v.name+"/"+e.key+"/"+filepath.Base(file), func(t *testing.T) {
					out := checkCorpusData(t, file, data, e)
					if v.check == nil {
						return
					}
					var added []string
					for _, l := range strings.Split(textdiff.Unified("x", data, out), "\n") {
						if strings.HasPrefix(l, "+") && !strings.HasPrefix(l, "+++") {
							added = append(added, l[1:])
						}
					}
					v.check(t, added)
				})
			}
		}
	}
}

func containsAny(arr []any, values []string) bool {
	for _, v := range values {
		for _, x := range arr {
			if x == v {
				return true
			}
		}
	}
	return false
}

// TestCorpusInvalid checks that every broken file is refused, by every
// edit and by Parse, with a ParseError that names the file and its line.
func TestCorpusInvalid(t *testing.T) {
	var files []string
	for _, sub := range []string{"infoplist/invalid", "entitlements/invalid"} {
		files = append(files, testutil.CorpusFiles(t, sub)...)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			orig := bytes.Clone(data)
			checks := map[string]func() error{
				"Parse":         func() error { _, err := Parse(file, data); return err },
				"AddStrings":    func() error { _, err := AddStrings(file, data, KeyBackgroundModes, "fetch"); return err },
				"RemoveStrings": func() error { _, err := RemoveStrings(file, data, KeyBackgroundModes, "fetch"); return err },
				"SetString":     func() error { _, err := SetString(file, data, "aps-environment", "production"); return err },
			}
			for name, check := range checks {
				err := check()
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Errorf("%s: err = %v, want a *ParseError", name, err)
					continue
				}
				if pe.File != file || pe.Line == 0 || !strings.HasPrefix(err.Error(), file+":") {
					t.Errorf("%s: error %q does not name the file and line", name, err)
				}
			}
			if !bytes.Equal(data, orig) {
				t.Error("input modified")
			}
		})
	}
}
