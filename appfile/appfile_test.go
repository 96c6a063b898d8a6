package appfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"howett.net/plist"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/textdiff"
)

func TestDiffShowsBinaryPlistsAsXML(t *testing.T) {
	t.Parallel()
	enc := func(modes ...string) []byte {
		b, err := plist.Marshal(map[string]any{"CFBundleIdentifier": "com.example.app", "UIBackgroundModes": modes}, plist.BinaryFormat)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	c := fsutil.Change{File: &fsutil.File{Path: "Info.plist", Data: enc("audio")}, New: enc("audio", "fetch")}
	d := Diff("Info.plist", c)
	if !strings.Contains(d, "+\t\t\t<string>fetch</string>\n") || strings.Contains(d, "bplist") {
		t.Fatalf("diff of a binary plist:\n%s", d)
	}
	if a, r := textdiff.Stat(d); a != 1 || r != 0 {
		t.Fatalf("diff adds %d and removes %d lines, want +1 -0:\n%s", a, r, d)
	}
}

// TestOpen: a file bgkit finds on its own is edited only when it
// lies inside the project; one named with --file is the user's choice.
func TestOpen(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dir := filepath.Join(base, "app")
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(base, "Info.plist"), []byte("x"), 0o644)
	if err := os.Symlink("../Info.plist", filepath.Join(dir, "Info.plist")); err != nil {
		t.Skip(err)
	}
	d := fsutil.Dir(dir)
	found := func() (string, error) { return "Info.plist", nil }
	if _, _, err := open(d, false, "", found); !errors.Is(err, fsutil.ErrOutsideRoot) {
		t.Errorf("a found file outside the project: err = %v, want ErrOutsideRoot", err)
	}
	path, ed, err := open(d, false, "Info.plist", found)
	ed.Release()
	if err != nil || path != "Info.plist" {
		t.Errorf("a file named with --file: %q, %v", path, err)
	}
	failed := errors.New("no Info.plist")
	if _, _, err := open(d, true, "", func() (string, error) { return "", failed }); err != failed {
		t.Errorf("resolve's error: %v", err)
	}
}
