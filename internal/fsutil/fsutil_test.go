package fsutil

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
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
