//go:build unix

package doctor

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/testutil"
	"github.com/bgkit/bgkit/project"
)

// doctor --fix reads, checks and plans the files it writes under their
// locks: the checks that the written plan rests on run while app.json is
// locked, and it is free again afterwards. A dry run locks nothing.
func TestDoctorFixPlansUnderTheLock(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"dependencies": {"expo": "~54.0.0", "expo-background-task": "~1.0.0"}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "app.json"), []byte(fixTestAppJSON), 0o644)
	var lockedAtCheck []bool
	check := func(p *project.Project, run int) *Report {
		lockedAtCheck = append(lockedAtCheck, testutil.LockedByOther(t, filepath.Join(dir, "app.json")))
		return backgroundTaskFindings(p, run)
	}
	if _, err := fixApp(dir, ".", true, nil, unifiedDiff, check); err != nil {
		t.Fatal(err)
	}
	if len(lockedAtCheck) != 1 || lockedAtCheck[0] {
		t.Fatalf("--dry-run: checks ran %d times, locked: %v", len(lockedAtCheck), lockedAtCheck)
	}
	lockedAtCheck = nil
	if _, err := fixApp(dir, ".", false, nil, unifiedDiff, check); err != nil {
		t.Fatal(err)
	}
	if len(lockedAtCheck) != 2 || lockedAtCheck[0] || !lockedAtCheck[1] {
		t.Fatalf("checks ran %d times, app.json locked at each: %v; want a first plan unlocked and the written one locked", len(lockedAtCheck), lockedAtCheck)
	}
	if testutil.LockedByOther(t, filepath.Join(dir, "app.json")) {
		t.Fatal("app.json is still locked after doctor --fix")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "app.json")); !strings.Contains(string(b), `"expo-background-task"`) {
		t.Fatalf("not fixed:\n%s", b)
	}
}

// An editor that saves a file while doctor --fix holds it (it does not
// know of bgkit's lock) makes the fix refuse, all files untouched.
// Not parallel: it sets fsutil.BeforeRecheck, which every Commit reads.
func TestDoctorFixRefusesAnOutsideWriter(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"dependencies": {"expo": "~54.0.0", "expo-background-task": "~1.0.0"}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "app.json"), []byte(fixTestAppJSON), 0o644)
	saved := strings.Replace(fixTestAppJSON, `"name": "x"`, `"name": "saved by an editor"`, 1)
	fsutil.BeforeRecheck = func(target string) { os.WriteFile(target, []byte(saved), 0o644) }
	defer func() { fsutil.BeforeRecheck = nil }()
	_, err := fixApp(dir, ".", false, nil, unifiedDiff, backgroundTaskFindings)
	if !errors.Is(err, fsutil.ErrChangedOnDisk) || !strings.Contains(err.Error(), "app.json: changed while editing; nothing was written") {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "app.json")); string(b) != saved {
		t.Fatalf("the editor's save was overwritten:\n%s", b)
	}
}
