//go:build unix

package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A settings.gradle(.kts) bgkit cannot read lists modules bgkit did not
// see: it is a problem of the project, not passed over in silence, and the
// app module is still found where it usually is.
func TestDetectUnreadableGradleSettings(t *testing.T) {
	for _, tc := range []struct {
		name, file, want string
		setup            func(t *testing.T, path string) error
	}{
		{"fifo", "settings.gradle.kts", "not a regular file (a FIFO)", func(_ *testing.T, p string) error { return mkfifo(p) }},
		{"no permission", "settings.gradle", "permission denied", func(t *testing.T, path string) error {
			if os.Geteuid() == 0 {
				t.Skip("root reads any file")
			}
			if err := os.WriteFile(path, []byte("include ':app'\n"), 0o644); err != nil {
				return err
			}
			return os.Chmod(path, 0)
		}},
		{"too large", "settings.gradle", "larger than 32 MiB", func(t *testing.T, path string) error {
			f, err := os.Create(path)
			if err != nil {
				return err
			}
			defer f.Close()
			return f.Truncate(32<<20 + 1) // sparse: no 32 MiB written
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			for name, content := range map[string]string{
				"package.json":                             `{"dependencies": {"react-native": "0.79.2"}}`,
				"android/app/build.gradle":                 "apply plugin: 'com.android.application'\n",
				"android/app/src/main/AndroidManifest.xml": "<manifest/>\n",
			} {
				os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755)
				os.WriteFile(filepath.Join(root, name), []byte(content), 0o644)
			}
			if err := tc.setup(t, filepath.Join(root, "android", tc.file)); err != nil {
				t.Skip(err)
			}
			p, err := Detect(root)
			if err != nil {
				t.Fatal(err)
			}
			rel := filepath.Join("android", tc.file)
			var found *FileProblem
			for i, pr := range p.Problems {
				if pr.File == rel {
					found = &p.Problems[i]
				}
			}
			if found == nil || !found.Unreadable || !strings.Contains(found.Msg, tc.want) || strings.Contains(found.Msg, "cannot read") {
				t.Fatalf("problems: %+v; want %s unreadable: %s", p.Problems, rel, tc.want)
			}
			if p.AndroidManifest != filepath.Join("android", "app", "src", "main", "AndroidManifest.xml") {
				t.Errorf("manifest %q", p.AndroidManifest)
			}
		})
	}
}
