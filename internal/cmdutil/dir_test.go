package cmdutil

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

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
		err := CheckDir(tc.dir)
		got := ""
		if err != nil {
			got = err.Error()
			var ue *UsageError
			if !errors.As(err, &ue) {
				t.Errorf("CheckDir(%q): %v is no usage error", tc.dir, err)
			}
		}
		if got != tc.want {
			t.Errorf("CheckDir(%q) = %q, want %q", tc.dir, got, tc.want)
		}
	}
}
