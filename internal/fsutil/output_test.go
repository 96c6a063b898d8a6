package fsutil

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteOutput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()

	// A new file, then replaced: whole content each time, 0644.
	p := filepath.Join(dir, "r.json")
	for _, want := range []string{"first\n", "second\n"} {
		if err := WriteOutput(p, []byte(want)); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(p)
		if string(got) != want {
			t.Fatalf("file holds %q, want %q", got, want)
		}
	}
	if info, _ := os.Stat(p); info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", info.Mode().Perm())
	}

	// A link to a report not written yet: the link stays, its target is made.
	link := filepath.Join(dir, "latest.json")
	os.Symlink("reports/today.json", link)
	os.Mkdir(filepath.Join(dir, "reports"), 0o755)
	if err := WriteOutput(link, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", info, err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "reports", "today.json")); string(got) != "x" {
		t.Errorf("link target holds %q", got)
	}

	// A device is written to, not replaced; a folder is refused.
	if err := WriteOutput(os.DevNull, []byte("x")); err != nil {
		t.Errorf("%s: %v", os.DevNull, err)
	}
	if err := WriteOutput(dir, []byte("x")); err == nil || err.Error() != "is a folder" {
		t.Errorf("a folder: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name()[0] == '.' {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}
