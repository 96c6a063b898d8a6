//go:build unix

package testutil

import (
	"errors"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// LockedByOther reports whether another open file description would find
// the file at path locked (as another bgkit run would). Where the file
// system has no flock, it skips the test.
func LockedByOther(t testing.TB, path string) bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if err != nil && !errors.Is(err, unix.EWOULDBLOCK) {
		t.Skipf("no flock here: %v", err)
	}
	return err != nil
}
