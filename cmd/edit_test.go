package cmd

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"howett.net/plist"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/internal/textdiff"
)

func TestApplyChanges(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		flags      editFlags
		newContent string
		wantCode   int
		wantFile   string
		wantStdout string
		wantStderr string
	}{
		{"write", editFlags{}, "a\nb\n", 0, "a\nb\n", "", "x.txt: updated (+1 -0 lines)\n"},
		{"dry-run", editFlags{DryRun: true}, "a\nb\n", 0, "a\n", "+b\n", ""},
		{"check pending", editFlags{Check: true}, "a\nb\n", 1, "a\n", "+b\n", ""},
		{"check clean", editFlags{Check: true}, "a\n", 0, "a\n", "", "x.txt: already up to date\n"},
		{"nothing to do", editFlags{}, "a\n", 0, "a\n", "", "x.txt: already up to date\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Parallel()
			os.WriteFile(filepath.Join(dir, "x.txt"), []byte("a\n"), 0o644)
			ios, _, out, errOut := iostreams.Test()
			f := &Factory{IO: ios, Dir: dir}
			file, err := f.read(nil, "x.txt")
			if err != nil {
				t.Fatal(err)
			}
			err = applyChanges(f, tc.flags, []fsutil.Change{{File: file, New: []byte(tc.newContent)}})
			if got := exitCode(err); got != tc.wantCode {
				t.Fatalf("exit code %d (%v), want %d", got, err, tc.wantCode)
			}
			if got, _ := os.ReadFile(filepath.Join(dir, "x.txt")); string(got) != tc.wantFile {
				t.Fatalf("file holds %q, want %q", got, tc.wantFile)
			}
			if !strings.Contains(out.String(), tc.wantStdout) || (tc.wantStdout == "" && out.Len() != 0) {
				t.Fatalf("stdout %q, want it to contain %q", out, tc.wantStdout)
			}
			if errOut.String() != tc.wantStderr {
				t.Fatalf("stderr %q, want %q", errOut, tc.wantStderr)
			}
		})
	}
}

func TestExitCodeMapping(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, ExitOK},
		{errNo, ExitNo},
		{usageErrorf("bad flag"), ExitFailed},
		{errors.New("anything else"), ExitFailed},
		{&ExitError{Code: ExitNo, Err: errors.New("wrapped")}, ExitNo},
	} {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

func TestRunPrintsErrorsAndHints(t *testing.T) {
	t.Parallel()
	ios, _, _, errOut := iostreams.Test()
	code := Run(&Factory{IO: ios}, []string{"--no-such-flag"})
	if code != ExitFailed {
		t.Fatalf("code %d, want %d", code, ExitFailed)
	}
	if !strings.Contains(errOut.String(), "unknown flag --no-such-flag for \"bgkit\"") || !strings.Contains(errOut.String(), "Run 'bgkit --help' for usage.") {
		t.Fatalf("stderr: %q", errOut)
	}
}

func TestChangeDiffShowsBinaryPlistsAsXML(t *testing.T) {
	t.Parallel()
	enc := func(modes ...string) []byte {
		b, err := plist.Marshal(map[string]any{"CFBundleIdentifier": "com.example.app", "UIBackgroundModes": modes}, plist.BinaryFormat)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	c := fsutil.Change{File: &fsutil.File{Path: "Info.plist", Data: enc("audio")}, New: enc("audio", "fetch")}
	d := changeDiff("Info.plist", c)
	if !strings.Contains(d, "+\t\t\t<string>fetch</string>\n") || strings.Contains(d, "bplist") {
		t.Fatalf("diff of a binary plist:\n%s", d)
	}
	if a, r := textdiff.Stat(d); a != 1 || r != 0 {
		t.Fatalf("diff adds %d and removes %d lines, want +1 -0:\n%s", a, r, d)
	}
}

// TestOpenForEdit: a file bgkit finds on its own is edited only when it
// lies inside the project; one named with --file is the user's choice.
func TestOpenForEdit(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dir := filepath.Join(base, "app")
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(base, "Info.plist"), []byte("x"), 0o644)
	if err := os.Symlink("../Info.plist", filepath.Join(dir, "Info.plist")); err != nil {
		t.Skip(err)
	}
	ios, _, _, _ := iostreams.Test()
	f := &Factory{IO: ios, Dir: dir}
	found := func(*Factory) (string, error) { return "Info.plist", nil }
	if _, _, err := openForEdit(f, editFlags{DryRun: true}, "", found); !errors.Is(err, fsutil.ErrOutsideRoot) {
		t.Errorf("a found file outside the project: err = %v, want ErrOutsideRoot", err)
	}
	path, ed, err := openForEdit(f, editFlags{DryRun: true}, "Info.plist", found)
	ed.Release()
	if err != nil || path != "Info.plist" {
		t.Errorf("a file named with --file: %q, %v", path, err)
	}
	failed := errors.New("no Info.plist")
	if _, _, err := openForEdit(f, editFlags{}, "", func(*Factory) (string, error) { return "", failed }); err != failed {
		t.Errorf("resolve's error: %v", err)
	}
}
