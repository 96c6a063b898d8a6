//go:build unix

package fsutil

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The undo of a commit whose later rename fails needs the unix write path
// (other systems cannot undo: see fsutil_other.go).

func TestCommitUndoesWhenALateRenameFails(t *testing.T) {
	dir := t.TempDir()
	paths := []string{filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")}
	var changes []Change
	for _, p := range paths {
		os.WriteFile(p, []byte("old "+p), 0o640)
		f, err := Read(p)
		if err != nil {
			t.Fatal(err)
		}
		changes = append(changes, Change{f, []byte("new " + p)})
	}
	calls := 0
	renameFile = func(from, to string) error {
		calls++
		if calls == 3 {
			return errors.New("injected failure")
		}
		return os.Rename(from, to)
	}
	defer func() { renameFile = os.Rename }()
	err := Commit(changes)
	if err == nil || !strings.Contains(err.Error(), "injected failure") || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("err = %v", err)
	}
	for _, p := range paths {
		if got, _ := os.ReadFile(p); string(got) != "old "+p {
			t.Errorf("%s holds %q after a failed commit", p, got)
		}
		if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o640 {
			t.Errorf("%s: mode %v", p, fi.Mode())
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*bgkit*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}
