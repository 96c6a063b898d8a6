package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestIOSBundleID runs testdata/bundleid/*.txtar: each archive holds a
// project and a "want" file with either "id:" and "source:" lines or an
// "error:" line of |-separated fragments the error must contain.
func TestIOSBundleID(t *testing.T) {
	files, _ := filepath.Glob("testdata/bundleid/*.txtar")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			root := t.TempDir()
			want := map[string]string{}
			for _, f := range a.Files {
				if f.Name == "want" {
					for line := range strings.SplitSeq(strings.TrimSpace(string(f.Data)), "\n") {
						k, v, _ := strings.Cut(line, ": ")
						want[k] = v
					}
					continue
				}
				p := filepath.Join(root, f.Name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			id, source, err := IOSBundleID(root)
			if frags, ok := want["error"]; ok {
				if err == nil {
					t.Fatalf("got %q from %s, want an error", id, source)
				}
				for _, frag := range strings.Split(frags, "|") {
					if !strings.Contains(err.Error(), frag) {
						t.Errorf("error %q\ndoes not contain %q", err, frag)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if id != want["id"] || source != want["source"] {
				t.Fatalf("got %q from %q, want %q from %q", id, source, want["id"], want["source"])
			}
		})
	}
}
