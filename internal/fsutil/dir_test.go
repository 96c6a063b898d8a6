package fsutil

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// A file read from a Dir is named as the user would name it from there, in
// the file and in errors, and the error still says what failed.
func TestDirNamesFromDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("a\n"), 0o644)
	d := Dir(dir)
	file, err := d.Read(nil, "a.txt")
	if err != nil {
		t.Fatal(err)
	}
	if file.Path != "a.txt" || string(file.Data) != "a\n" || file.Target != filepath.Join(dir, "a.txt") {
		t.Errorf("file = %q %q %q", file.Path, file.Data, file.Target)
	}
	_, err = d.Read(nil, "missing.txt")
	if err == nil || err.Error() != "missing.txt: no such file" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want \"missing.txt: no such file\" that is fs.ErrNotExist", err)
	}
	if got := Dir("").Root(); got != "." {
		t.Errorf("Dir(\"\").Root() = %q, want .", got)
	}
	if got := Dir("").Path("x/a.txt"); got != "x/a.txt" {
		t.Errorf("Dir(\"\").Path = %q", got)
	}
	if got := d.Path("/abs"); got != "/abs" {
		t.Errorf("an absolute path from a Dir: %q", got)
	}
}

func TestDirPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		dir, p, want string
	}{
		{"", "ios/Info.plist", "ios/Info.plist"},
		{"app", "ios/Info.plist", filepath.Join("app", "ios", "Info.plist")},
		{"app", "/abs/Info.plist", "/abs/Info.plist"},
		{"app", "", ""},
		{"/work/app", "../x.json", "/work/x.json"},
	} {
		if got := Dir(tc.dir).Path(tc.p); got != tc.want {
			t.Errorf("Dir(%q).Path(%q) = %q, want %q", tc.dir, tc.p, got, tc.want)
		}
	}
}

// A symlink out of the folder is outside it; a file in it is not.
func TestDirWithin(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dir := filepath.Join(base, "app")
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(base, "out.txt"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "in.txt"), []byte("x"), 0o644)
	if err := os.Symlink("../out.txt", filepath.Join(dir, "link.txt")); err != nil {
		t.Skip(err)
	}
	if err := Dir(dir).Within("link.txt"); !errors.Is(err, ErrOutsideRoot) {
		t.Errorf("a link out of the folder: %v, want ErrOutsideRoot", err)
	}
	if err := Dir(dir).Within("in.txt"); err != nil {
		t.Errorf("a file in the folder: %v", err)
	}
}
