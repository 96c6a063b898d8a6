//go:build unix

package fsutil

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/bgkit/bgkit/internal/testutil"
)

// The lock passes from the replaced file to its replacement with no gap:
// right after the rename, before the Edit ends, the file the path names is
// locked, so no other run can read the file and plan against it yet.
func TestLockFollowsTheRename(t *testing.T) {
	p := filepath.Join(t.TempDir(), "Info.plist")
	os.WriteFile(p, []byte("v1"), 0o644)
	e, err := Lock(p)
	if err != nil {
		t.Fatal(err)
	}
	if !testutil.LockedByOther(t, p) {
		t.Fatal("the file is not locked after Lock")
	}
	before, _ := os.Stat(p)
	f, err := e.Read(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(f, []byte("v2")); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(p); os.SameFile(before, after) {
		t.Fatal("the file was written in place; this test needs a rename")
	}
	if !testutil.LockedByOther(t, p) {
		t.Fatal("the new file at the path is not locked before the Edit ends")
	}
	// A second edit in the same critical section sees the first one.
	f2, err := e.Read(p)
	if err != nil || string(f2.Data) != "v2" {
		t.Fatalf("Read after the write = %q, %v", f2.Data, err)
	}
	if err := Write(f2, []byte("v3")); err != nil {
		t.Fatal(err)
	}
	e.Release()
	if testutil.LockedByOther(t, p) {
		t.Fatal("the file is still locked after Release")
	}
	if got, _ := os.ReadFile(p); string(got) != "v3" {
		t.Fatalf("holds %q", got)
	}
}

// A run that waited for the lock on a file another run then replaced wins
// the lock of the replaced inode; it must notice and lock the new file,
// and read what the other run wrote.
func TestLockWaiterMovesToTheNewFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "list")
	os.WriteFile(p, []byte("a"), 0o644)
	first, err := Lock(p)
	if err != nil {
		t.Fatal(err)
	}
	old, err := os.Open(p) // the old inode, to check the first run let it go
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	f, _ := first.Read(p)
	if err := Write(f, []byte("ab")); err != nil {
		t.Fatal(err)
	}
	first.Release()
	if err := unix.Flock(int(old.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		t.Fatalf("the replaced file is still locked: %v", err)
	}
	unix.Flock(int(old.Fd()), unix.LOCK_UN)
	// The waiter opened the path before that rename and locks what it
	// opened, the replaced inode: the path names another file by then.
	replaced := false
	afterOpen = func(target string) {
		if !replaced {
			replaced = true
			tmp := target + ".new"
			os.WriteFile(tmp, []byte("abc"), 0o644)
			os.Rename(tmp, target)
		}
	}
	defer func() { afterOpen = nil }()
	second, err := Lock(p)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Release()
	if !replaced {
		t.Fatal("the file was not replaced between open and lock")
	}
	held := second.locks[0].info
	if now, _ := os.Stat(p); !os.SameFile(held, now) {
		t.Fatal("the waiter locked the replaced file, not the one the path names")
	}
	if f, _ := second.Read(p); string(f.Data) != "abc" {
		t.Fatalf("the waiter read %q", f.Data)
	}
}

// A run that holds the lock longer than bgkit waits makes the next one
// give up with a clear message, having written nothing.
func TestLockWaitIsBounded(t *testing.T) {
	p := filepath.Join(t.TempDir(), "Info.plist")
	os.WriteFile(p, []byte("v1"), 0o644)
	holder, err := Lock(p)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Release()
	if !testutil.LockedByOther(t, p) {
		t.Fatal("not locked")
	}
	saved := lockWait
	lockWait = 50 * time.Millisecond
	defer func() { lockWait = saved }()
	_, err = Lock(p)
	if err == nil || !strings.Contains(err.Error(), p+": another bgkit run has held a lock on it for 50ms; nothing was written") {
		t.Fatalf("err = %v", err)
	}
}

// When a late rename of a multi-file commit fails, the files already
// replaced are put back, and the Edit still holds the file at each path.
func TestEditUndoKeepsTheLock(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.WriteFile(a, []byte("a1"), 0o644)
	os.WriteFile(b, []byte("b1"), 0o644)
	e, err := Lock(b, a)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Release()
	fa, _ := e.Read(a)
	fb, _ := e.Read(b)
	calls := 0
	renameFile = func(from, to string) error {
		if calls++; calls == 2 {
			return errors.New("injected failure")
		}
		return os.Rename(from, to)
	}
	defer func() { renameFile = os.Rename }()
	if err := Commit([]Change{{fa, []byte("a2")}, {fb, []byte("b2")}}); err == nil || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("err = %v", err)
	}
	for p, want := range map[string]string{a: "a1", b: "b1"} {
		if got, _ := os.ReadFile(p); string(got) != want {
			t.Errorf("%s holds %q", p, got)
		}
		if !testutil.LockedByOther(t, p) {
			t.Errorf("%s is not locked after the undo", p)
		}
	}
	e.Release()
	if testutil.LockedByOther(t, a) {
		t.Error("still locked after Release")
	}
}

// A Read of a file this process holds locked (the doctor checking the
// project doctor --fix is fixing) reads through the lock: flock locks of
// one process conflict as well, so a shared lock would wait on itself.
func TestReadOfAFileThisProcessLocked(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "Info.plist")
	os.WriteFile(p, []byte("v1"), 0o644)
	link := filepath.Join(dir, "link.plist")
	os.Symlink("Info.plist", link)
	saved := lockWait
	lockWait = 50 * time.Millisecond // a wait on itself fails fast
	defer func() { lockWait = saved }()
	e, err := Lock(p)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Release()
	f, err := Read(link)
	if err != nil || string(f.Data) != "v1" || !f.Locked() {
		t.Fatalf("Read = %v, %v; want v1 through the held lock", f, err)
	}
	if err := Write(f, []byte("v2")); err != nil {
		t.Fatal(err)
	}
	if f, err := Read(p); err != nil || string(f.Data) != "v2" {
		t.Fatalf("Read after the write = %v, %v", f, err)
	}
	e.Release()
	if testutil.LockedByOther(t, p) {
		t.Fatal("still locked after Release")
	}
	if f, err := Read(p); err != nil || f.Locked() {
		t.Fatalf("Read after Release = %v, %v", f, err)
	}
}
