package cmd

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/bgkit/bgkit/internal/iostreams"
)

func TestFactoryPath(t *testing.T) {
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
		f := &Factory{Dir: tc.dir}
		if got := f.path(tc.p); got != tc.want {
			t.Errorf("Dir %q: path(%q) = %q, want %q", tc.dir, tc.p, got, tc.want)
		}
	}
	if got := (&Factory{}).workDir(); got != "." {
		t.Errorf("workDir() without Dir = %q, want .", got)
	}
}

// A file read from Dir is named as the user would name it from there, in
// the file and in errors, and the error still says what failed.
func TestFactoryReadNamesFromDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("a\n"), 0o644)
	ios, _, _, _ := iostreams.Test()
	f := &Factory{IO: ios, Dir: dir}
	file, err := f.read(nil, "a.txt")
	if err != nil {
		t.Fatal(err)
	}
	if file.Path != "a.txt" || string(file.Data) != "a\n" || file.Target != filepath.Join(dir, "a.txt") {
		t.Errorf("file = %q %q %q", file.Path, file.Data, file.Target)
	}
	_, err = f.read(nil, "missing.txt")
	if err == nil || err.Error() != "missing.txt: no such file" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want \"missing.txt: no such file\" that is fs.ErrNotExist", err)
	}
}

func TestCheckDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	os.WriteFile(file, nil, 0o644)
	for _, tc := range []struct {
		dir, want string
	}{
		{"", ""},
		{dir, ""},
		{filepath.Join(dir, "missing"), "-C " + filepath.Join(dir, "missing") + ": no such file or directory"},
		{file, "-C " + file + ": not a directory"},
	} {
		err := checkDir(tc.dir)
		got := ""
		if err != nil {
			got = err.Error()
			var ue *UsageError
			if !errors.As(err, &ue) {
				t.Errorf("checkDir(%q): %v is no usage error", tc.dir, err)
			}
		}
		if got != tc.want {
			t.Errorf("checkDir(%q) = %q, want %q", tc.dir, got, tc.want)
		}
	}
}
