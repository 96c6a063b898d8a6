package cmd

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/appfile"
	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/iostreams"
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
			f := &cmdutil.Factory{IO: ios, Dir: fsutil.Dir(dir)}
			file, err := f.Dir.Read(nil, "x.txt")
			if err != nil {
				t.Fatal(err)
			}
			err = applyPlan(f, tc.flags, &appfile.Plan{Changes: []appfile.Change{appfile.NewChange(file, []byte(tc.newContent))}})
			if got := cmdutil.ExitCode(err); got != tc.wantCode {
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
		{nil, cmdutil.ExitOK},
		{cmdutil.ErrNo, cmdutil.ExitNo},
		{cmdutil.UsageErrorf("bad flag"), cmdutil.ExitFailed},
		{errors.New("anything else"), cmdutil.ExitFailed},
		{&cmdutil.ExitError{Code: cmdutil.ExitNo, Err: errors.New("wrapped")}, cmdutil.ExitNo},
	} {
		if got := cmdutil.ExitCode(tc.err); got != tc.want {
			t.Errorf("cmdutil.ExitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

func TestRunPrintsErrorsAndHints(t *testing.T) {
	t.Parallel()
	ios, _, _, errOut := iostreams.Test()
	code := Run(&cmdutil.Factory{IO: ios}, []string{"--no-such-flag"})
	if code != cmdutil.ExitFailed {
		t.Fatalf("code %d, want %d", code, cmdutil.ExitFailed)
	}
	if !strings.Contains(errOut.String(), "unknown flag --no-such-flag for \"bgkit\"") || !strings.Contains(errOut.String(), "Run 'bgkit --help' for usage.") {
		t.Fatalf("stderr: %q", errOut)
	}
}
