package fsutil

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWriteKeepsModeAndFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.plist")
	if err := os.WriteFile(real, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.plist")
	if err := os.Symlink("real.plist", link); err != nil {
		t.Fatal(err)
	}
	f, err := Read(link)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(f, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(real); string(got) != "new" {
		t.Fatalf("target holds %q, want new", got)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the symlink was replaced by a file")
	}
	if fi, _ := os.Stat(real); fi.Mode().Perm() != 0o640 {
		t.Fatalf("mode %v, want 0640", fi.Mode().Perm())
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*bgkit*"))
	if len(left) != 0 {
		t.Fatalf("temporary files left behind: %v", left)
	}
}

func TestUnchangedIsNotWritten(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a")
	os.WriteFile(p, []byte("same"), 0o644)
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	os.Chtimes(p, old, old)
	f, _ := Read(p)
	if err := Write(f, []byte("same")); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	if !fi.ModTime().Equal(old) {
		t.Fatalf("mtime changed from %v to %v: the file was rewritten", old, fi.ModTime())
	}
}

func TestRefusesFileChangedOnDisk(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a")
	os.WriteFile(p, []byte("v1"), 0o644)
	f, _ := Read(p)
	os.WriteFile(p, []byte("v2 by someone else"), 0o644)
	err := Write(f, []byte("v3"))
	if !errors.Is(err, ErrChangedOnDisk) {
		t.Fatalf("err = %v, want ErrChangedOnDisk", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "v2 by someone else" {
		t.Fatalf("file overwritten: %q", got)
	}
}

func TestCommitAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.WriteFile(a, []byte("a1"), 0o644)
	os.WriteFile(b, []byte("b1"), 0o644)
	fa, _ := Read(a)
	fb, _ := Read(b)
	os.WriteFile(b, []byte("b-changed"), 0o644) // b no longer as read
	err := Commit([]Change{{fa, []byte("a2")}, {fb, []byte("b2")}})
	if !errors.Is(err, ErrChangedOnDisk) {
		t.Fatalf("err = %v", err)
	}
	if got, _ := os.ReadFile(a); string(got) != "a1" {
		t.Fatalf("a was written although b could not be: %q", got)
	}
}

func TestReadErrorNamesThePath(t *testing.T) {
	_, err := Read(filepath.Join(t.TempDir(), "missing.plist"))
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want a not-exist error", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "missing.plist: no such file") || strings.Contains(msg, "lstat") {
		t.Fatalf("message %q should name the file and not the system call", msg)
	}
}

func TestRefusesReadOnlyFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.WriteFile(a, []byte("a1"), 0o644)
	os.WriteFile(b, []byte("b1"), 0o444)
	fa, _ := Read(a)
	fb, _ := Read(b)
	err := Commit([]Change{{fa, []byte("a2")}, {fb, []byte("b2")}})
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), b) {
		t.Fatalf("err = %v, want ErrReadOnly naming %s", err, b)
	}
	if got, _ := os.ReadFile(a); string(got) != "a1" {
		t.Fatalf("a was written although b is read-only: %q", got)
	}
	// An unchanged read-only file is fine: nothing is written to it.
	if err := Commit([]Change{{fb, []byte("b1")}}); err != nil {
		t.Fatal(err)
	}
}

func TestCommitErrorsDoNotNameTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a")
	os.WriteFile(p, []byte("v1"), 0o644)
	f, _ := Read(p)
	f.Target = filepath.Join(dir, "missing-dir", "a") // the temp file cannot be created there
	err := Write(f, []byte("v2"))
	if err == nil || strings.Contains(err.Error(), ".bgkit-") || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("err = %v", err)
	}
}

func TestWriteKeepsSpecialModeBits(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a")
	os.WriteFile(p, []byte("v1"), 0o644)
	if err := os.Chmod(p, 0o644|os.ModeSetgid); err != nil {
		t.Skip(err)
	}
	f, _ := Read(p)
	if err := Write(f, []byte("v2")); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	if fi.Mode()&os.ModeSetgid == 0 || fi.Mode().Perm() != 0o644 {
		t.Fatalf("mode %v, want setgid and 0644 kept", fi.Mode())
	}
}

func TestReadRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := mkfifo(fifo); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	link := filepath.Join(dir, "zero")
	os.Symlink("/dev/zero", link)
	for _, p := range []string{fifo, link, "/dev/zero", "/dev/null"} {
		done := make(chan error, 1)
		go func() {
			_, err := Read(p)
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), p) {
				t.Errorf("Read(%s) = %v, want ErrNotRegular naming it", p, err)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("Read(%s) hangs", p)
		}
		if _, err := ReadFile(p, 10); !errors.Is(err, ErrNotRegular) {
			t.Errorf("ReadFile(%s) = %v, want ErrNotRegular", p, err)
		}
	}
}

func TestReadFileCapsTheSize(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big")
	os.WriteFile(p, make([]byte, 2048), 0o644)
	if _, err := ReadFile(p, 1024); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "1 KiB") {
		t.Fatalf("err = %v, want ErrTooLarge naming 1 KiB", err)
	}
	if data, err := ReadFile(p, 2048); err != nil || len(data) != 2048 {
		t.Fatalf("ReadFile = %d bytes, %v", len(data), err)
	}
}

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

func TestCommitMergesOrRefusesEditsOfOneFile(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "app.entitlements")
	os.WriteFile(real, []byte("v1"), 0o644)
	link := filepath.Join(dir, "link.entitlements")
	os.Symlink("app.entitlements", link)
	fr, _ := Read(real)
	fl, _ := Read(link)
	err := Commit([]Change{{fr, []byte("v2")}, {fl, []byte("v3")}})
	if !errors.Is(err, ErrSameFile) {
		t.Fatalf("err = %v, want ErrSameFile", err)
	}
	if got, _ := os.ReadFile(real); string(got) != "v1" {
		t.Fatalf("written: %q", got)
	}
	if err := Commit([]Change{{fr, []byte("v2")}, {fl, []byte("v2")}}); err != nil {
		t.Fatalf("equal edits of one file: %v", err)
	}
	if got, _ := os.ReadFile(real); string(got) != "v2" {
		t.Fatalf("holds %q", got)
	}
}

func TestCommitRemovesStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "Info.plist")
	os.WriteFile(p, []byte("v1"), 0o644)
	stale := filepath.Join(dir, ".Info.plist.bgkit-12345")
	os.WriteFile(stale, []byte("left by a killed run"), 0o600)
	other := filepath.Join(dir, ".Info.plist.bgkit-notours")
	os.WriteFile(other, []byte("not bgkit's naming"), 0o600)
	f, _ := Read(p)
	if err := Write(f, []byte("v2")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("stale temporary file kept: %v", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Fatalf("a file not of bgkit's naming was removed: %v", err)
	}
}

func TestWriteKeepsHardLinks(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a")
	os.WriteFile(p, []byte("v1 long content"), 0o644)
	q := filepath.Join(dir, "b")
	if err := os.Link(p, q); err != nil {
		t.Skip(err)
	}
	f, _ := Read(p)
	if err := Write(f, []byte("v2")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(q); string(got) != "v2" {
		t.Fatalf("the other link holds %q: the file was replaced, not written in place", got)
	}
}

func TestConcurrentCommitsLoseNothing(t *testing.T) {
	p := filepath.Join(t.TempDir(), "list")
	os.WriteFile(p, nil, 0o644)
	const n = 20
	ok := make([]bool, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := Read(p)
			if err != nil {
				t.Error(err)
				return
			}
			err = Write(f, append(f.Data, fmt.Sprintf("<%d>", i)...))
			switch {
			case err == nil:
				ok[i] = true
			case !errors.Is(err, ErrChangedOnDisk):
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, _ := os.ReadFile(p)
	for i := range n {
		if ok[i] && !strings.Contains(string(got), fmt.Sprintf("<%d>", i)) {
			t.Errorf("write %d succeeded but is not in %q", i, got)
		}
	}
}

func TestWithin(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "app")
	os.MkdirAll(filepath.Join(root, "ios"), 0o755)
	os.WriteFile(filepath.Join(root, "ios", "Info.plist"), nil, 0o644)
	os.WriteFile(filepath.Join(base, "outside.plist"), nil, 0o644)
	os.Symlink("../outside.plist", filepath.Join(root, "link.plist"))
	os.Symlink("Info.plist", filepath.Join(root, "ios", "inside.plist"))
	os.Symlink(root, filepath.Join(base, "rootlink"))
	for _, tc := range []struct {
		root, path string
		ok         bool
	}{
		{root, filepath.Join(root, "ios", "Info.plist"), true},
		{root, filepath.Join(root, "ios", "inside.plist"), true},
		{filepath.Join(base, "rootlink"), filepath.Join(base, "rootlink", "ios", "Info.plist"), true},
		{root, filepath.Join(root, "link.plist"), false},
		{root, filepath.Join(root, "ios", "..", "..", "outside.plist"), false},
		{filepath.Join(root, "ios"), filepath.Join(root, "ios", "..", "iosx"), false},
	} {
		_, err := Within(tc.root, tc.path)
		if tc.ok && err != nil || !tc.ok && !errors.Is(err, ErrOutsideRoot) && !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Within(%s, %s) = %v", tc.root, tc.path, err)
		}
	}
}

func TestReadHead(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	os.WriteFile(p, []byte("0123456789"), 0o644)
	if got, err := ReadHead(p, 4); err != nil || string(got) != "0123" {
		t.Fatalf("ReadHead = %q, %v", got, err)
	}
	if _, err := ReadHead("/dev/zero", 4); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("ReadHead(/dev/zero) = %v", err)
	}
}
