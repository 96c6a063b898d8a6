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
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			t.Logf("%s is a regular file on this machine; not a device to test with", p)
			continue
		}
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

// Edits of one file from many places at once queue up under the lock: each
// reads what the one before it wrote, so all of them succeed and none is lost.
func TestConcurrentEditsAllLand(t *testing.T) {
	p := filepath.Join(t.TempDir(), "list")
	os.WriteFile(p, nil, 0o644)
	const n = 20
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, err := Lock(p)
			if err != nil {
				t.Error(err)
				return
			}
			defer e.Release()
			f, err := e.Read(p)
			if err != nil {
				t.Error(err)
				return
			}
			if err := Write(f, append(f.Data, fmt.Sprintf("<%d>", i)...)); err != nil {
				t.Errorf("edit %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	got, _ := os.ReadFile(p)
	for i := range n {
		if !strings.Contains(string(got), fmt.Sprintf("<%d>", i)) {
			t.Errorf("edit %d is not in %q", i, got)
		}
	}
	// <0>..<9> are 3 bytes, <10>..<19> 4 bytes: nothing twice, nothing torn.
	if len(got) != 30+40 {
		t.Errorf("the file holds %d bytes, want 70: %q", len(got), got)
	}
}

// Without an Edit (a Read long before the write), a concurrent edit is
// still never lost: it is refused.
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

// An editor that saves while bgkit holds the lock does not know of it: its
// change, in place or by a rename, makes bgkit refuse, not overwrite it.
func TestEditRefusesAnOutsideWriter(t *testing.T) {
	for _, how := range []string{"in place", "by rename", "removed"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "Info.plist")
			os.WriteFile(p, []byte("v1"), 0o644)
			e, err := Lock(p)
			if err != nil {
				t.Fatal(err)
			}
			defer e.Release()
			f, err := e.Read(p)
			if err != nil {
				t.Fatal(err)
			}
			want := "v1 saved by an editor"
			BeforeRecheck = func(target string) {
				switch how {
				case "in place":
					os.WriteFile(target, []byte(want), 0o644)
				case "by rename":
					tmp := filepath.Join(dir, "Info.plist~")
					os.WriteFile(tmp, []byte(want), 0o644)
					os.Rename(tmp, target)
				case "removed":
					os.Remove(target)
				}
			}
			defer func() { BeforeRecheck = nil }()
			err = Write(f, []byte("v2 by bgkit"))
			if !errors.Is(err, ErrChangedOnDisk) || !strings.Contains(err.Error(), "changed while editing; nothing was written") {
				t.Fatalf("err = %v, want ErrChangedOnDisk", err)
			}
			got, err := os.ReadFile(p)
			if how == "removed" {
				if !errors.Is(err, os.ErrNotExist) {
					t.Fatalf("bgkit wrote a removed file back: %q, %v", got, err)
				}
				return
			}
			if string(got) != want {
				t.Fatalf("the editor's save was overwritten: %q", got)
			}
		})
	}
}

// The same file through a symlink and its target takes one lock, not two
// that wait on each other.
func TestLockTakesOneLockPerFile(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "app.entitlements")
	os.WriteFile(real, []byte("v1"), 0o644)
	link := filepath.Join(dir, "link.entitlements")
	os.Symlink("app.entitlements", link)
	other := filepath.Join(dir, "other")
	os.WriteFile(other, []byte("o1"), 0o644)
	e, err := Lock(link, other, real)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Release()
	if len(e.locks) != 2 {
		t.Fatalf("%d locks, want 2", len(e.locks))
	}
	fl, err := e.Read(link)
	if err != nil {
		t.Fatal(err)
	}
	fr, err := e.Read(real)
	if err != nil {
		t.Fatal(err)
	}
	if !fl.Locked() || !fr.Locked() || fl.lock != fr.lock {
		t.Fatal("the symlink and its target are not read under one lock")
	}
	if err := Commit([]Change{{fl, []byte("v2")}, {fr, []byte("v2")}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(real); string(got) != "v2" {
		t.Fatalf("holds %q", got)
	}
	// A file the Edit did not lock is read as Read reads it.
	unlocked := filepath.Join(dir, "unlocked")
	os.WriteFile(unlocked, []byte("u"), 0o644)
	if f, err := e.Read(unlocked); err != nil || f.Locked() || string(f.Data) != "u" {
		t.Fatalf("Read of an unlocked file = %v, %v", f, err)
	}
}

func TestLockErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Lock(filepath.Join(dir, "missing.plist")); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "missing.plist: no such file") {
		t.Fatalf("Lock of a missing file = %v", err)
	}
	fifo := filepath.Join(dir, "fifo")
	if mkfifo(fifo) == nil {
		if _, err := Lock(fifo); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), fifo) {
			t.Fatalf("Lock of a FIFO = %v", err)
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
