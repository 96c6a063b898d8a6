//go:build unix

package doctor

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A file bgkit cannot read at all is a file-invalid finding that says once
// what failed and a remedy that fits why, not a merge conflict.
func TestFileInvalidSaysWhyAFileCannotBeRead(t *testing.T) {
	rn := map[string]string{
		"package.json":                             `{"dependencies": {"react-native": "0.79.2"}}`,
		"android/app/build.gradle":                 "apply plugin: 'com.android.application'\n",
		"android/app/src/main/AndroidManifest.xml": "<manifest/>\n",
	}
	for _, tc := range []struct {
		name, file string
		setup      func(t *testing.T, path string) error
		want       []string
	}{
		{"fifo settings.gradle.kts", "android/settings.gradle.kts", func(t *testing.T, p string) error { return syscall.Mkfifo(p, 0o644) },
			[]string{"android/settings.gradle.kts cannot be read: not a regular file (a FIFO); bgkit reads only regular files. bgkit skipped the checks that depend on it; put the file itself in its place"}},
		{"fifo .gitignore", ".gitignore", func(t *testing.T, p string) error { return syscall.Mkfifo(p, 0o644) },
			[]string{".gitignore cannot be read: not a regular file (a FIFO)", "put the file itself in its place"}},
		{"too large", ".gitignore", func(t *testing.T, p string) error {
			f, err := os.Create(p)
			if err != nil {
				return err
			}
			defer f.Close()
			return f.Truncate(4<<20 + 1)
		}, []string{".gitignore cannot be read: file too large: larger than 4 MiB, the most bgkit reads.", "check that the file at this path is the one you meant"}},
		{"no permission", "android/app/src/main/AndroidManifest.xml", func(t *testing.T, p string) error {
			if os.Geteuid() == 0 {
				t.Skip("root reads any file")
			}
			return os.Chmod(p, 0)
		}, []string{"android/app/src/main/AndroidManifest.xml cannot be read: permission denied.", "give your user read permission on it and its folders"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			for name, content := range rn {
				os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755)
				os.WriteFile(filepath.Join(root, name), []byte(content), 0o644)
			}
			if err := tc.setup(t, filepath.Join(root, tc.file)); err != nil {
				t.Skip(err)
			}
			var msgs []string
			for _, f := range drOf(drRun(t, root, Options{}).Findings, "file-invalid") {
				if f.File == tc.file {
					msgs = append(msgs, f.Message)
				}
			}
			if len(msgs) != 1 {
				t.Fatalf("file-invalid findings on %s: %q", tc.file, msgs)
			}
			msg := msgs[0]
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message lacks %q:\n%s", w, msg)
				}
			}
			if strings.Count(msg, "cannot") != 1 || strings.Contains(msg, "merge conflict") {
				t.Errorf("message says what failed more than once, or blames a merge conflict:\n%s", msg)
			}
		})
	}
}
