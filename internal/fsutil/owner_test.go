//go:build unix

package fsutil

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// xattrDir returns a folder on a file system that keeps user.* extended
// attributes, or skips the test.
func xattrDir(t *testing.T) string {
	dir := t.TempDir()
	probe := filepath.Join(dir, "probe")
	os.WriteFile(probe, nil, 0o644)
	if err := unix.Setxattr(probe, "user.bgkit.probe", []byte("1"), 0); err != nil {
		t.Skipf("the file system under %s does not keep user.* extended attributes (%v)", dir, err)
	}
	os.Remove(probe)
	return dir
}

func TestWriteKeepsExtendedAttributes(t *testing.T) {
	dir := xattrDir(t)
	p := filepath.Join(dir, "Info.plist")
	os.WriteFile(p, []byte("v1"), 0o644)
	if err := unix.Setxattr(p, "user.com.apple.FinderInfo", []byte{0, 1, 2, 3}, 0); err != nil {
		t.Fatal(err)
	}
	f, _ := Read(p)
	if err := Write(f, []byte("v2")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	n, err := unix.Getxattr(p, "user.com.apple.FinderInfo", buf)
	if err != nil || string(buf[:n]) != "\x00\x01\x02\x03" {
		t.Fatalf("xattr after the write: %q, %v", buf[:n], err)
	}
}

// TestWriteKeepsOwnerGroupModeXattrsAsRoot is the CI case: bgkit run as root
// on a file that belongs to someone else keeps it theirs.
func TestWriteKeepsOwnerGroupModeXattrsAsRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file to another user (CI runs as root)")
	}
	dir := t.TempDir()
	xattrs := true
	probe := filepath.Join(dir, "probe")
	os.WriteFile(probe, nil, 0o644)
	if err := unix.Setxattr(probe, "user.bgkit.probe", []byte("1"), 0); err != nil {
		t.Logf("no user.* extended attributes under %s (%v): checking owner, group and mode only", dir, err)
		xattrs = false
	}
	p := filepath.Join(dir, "Info.plist")
	os.WriteFile(p, []byte("v1"), 0o600)
	if err := os.Chown(p, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o640|os.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	if xattrs {
		if err := unix.Setxattr(p, "user.kept", []byte("yes"), 0); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := os.Stat(p)
	f, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(f, []byte("v2")); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(p)
	st := after.Sys().(*syscall.Stat_t)
	if st.Uid != 65534 || st.Gid != 65534 {
		t.Errorf("owner %d:%d, want 65534:65534", st.Uid, st.Gid)
	}
	if after.Mode() != before.Mode() {
		t.Errorf("mode %v, want %v", after.Mode(), before.Mode())
	}
	if xattrs {
		buf := make([]byte, 8)
		n, err := unix.Getxattr(p, "user.kept", buf)
		if err != nil || string(buf[:n]) != "yes" {
			t.Errorf("xattr: %q, %v", buf[:n], err)
		}
	}
	if got, _ := os.ReadFile(p); string(got) != "v2" {
		t.Errorf("content %q", got)
	}
}

// TestNotWritableFileIsNotReplaced checks that a user who cannot write a file
// cannot have bgkit replace it through a folder they can write. It runs the
// write as user nobody, so it needs root (CI); elsewhere it runs as the
// current user against a file of root's when there is one to make.
func TestNotWritableFileIsNotReplaced(t *testing.T) {
	if os.Getenv("BGKIT_FSUTIL_HELPER") != "" {
		f, err := Read(os.Getenv("BGKIT_FSUTIL_HELPER"))
		if err == nil {
			err = Write(f, []byte(os.Getenv("BGKIT_FSUTIL_CONTENT")))
		}
		if err != nil {
			os.Stdout.WriteString(err.Error())
			os.Exit(3)
		}
		os.Exit(0)
	}
	dir, bin := nobodysFolder(t)
	p := filepath.Join(dir, "Info.plist")
	os.WriteFile(p, []byte("root's"), 0o644) // nobody may read, not write
	out, err := writeAsNobody(bin, p, "replaced")
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 {
		t.Fatalf("the write as nobody: %v, %s", err, out)
	}
	if !strings.Contains(string(out), "you cannot write this file") {
		t.Fatalf("message %q", out)
	}
	if got, _ := os.ReadFile(p); string(got) != "root's" {
		t.Fatalf("replaced: %q", got)
	}
	if st, _ := os.Stat(p); st.Sys().(*syscall.Stat_t).Uid != 0 {
		t.Fatal("the file changed owner")
	}
}

// nobodysFolder makes a folder user nobody can write (and its parents),
// holding a copy of the test binary nobody can run (see writeAsNobody). It
// needs root to act as two users and skips elsewhere (CI runs as root).
func nobodysFolder(t *testing.T) (dir, bin string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to run a write as another user (CI runs as root)")
	}
	dir = t.TempDir()
	for d := dir; d != "/" && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o777) // the folder is writable by all
	}
	self, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	bin = filepath.Join(dir, "fsutil.test")
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir, bin
}

// writeAsNobody runs Read and Write of path as user nobody (65534), through
// the test binary copied to bin.
func writeAsNobody(bin, path, content string) ([]byte, error) {
	cmd := exec.Command(bin, "-test.run=^TestNotWritableFileIsNotReplaced$")
	cmd.Env = append(os.Environ(), "BGKIT_FSUTIL_HELPER="+path, "BGKIT_FSUTIL_CONTENT="+content)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	return cmd.Output()
}

// TestWriteInPlaceWhenNotOwner: a user who may write a file but does not own
// it (a group-writable file) gets it written in place: owner, group, mode
// and xattrs stay, as no new file of theirs could keep them. Needs root to
// act as two users (CI runs as root).
func TestWriteInPlaceWhenNotOwner(t *testing.T) {
	dir, bin := nobodysFolder(t)
	p := filepath.Join(dir, "Info.plist")
	os.WriteFile(p, []byte("root's, to be edited by nobody"), 0o666)
	os.Chmod(p, 0o666)
	xattrs := unix.Setxattr(p, "user.kept", []byte("yes"), 0) == nil
	if !xattrs {
		t.Logf("no user.* extended attributes under %s: checking owner, group and mode only", dir)
	}
	out, err := writeAsNobody(bin, p, "edited")
	if err != nil {
		t.Fatalf("the write as nobody: %v, %s", err, out)
	}
	if got, _ := os.ReadFile(p); string(got) != "edited" {
		t.Fatalf("content %q", got)
	}
	st, _ := os.Stat(p)
	if sys := st.Sys().(*syscall.Stat_t); sys.Uid != 0 || sys.Gid != 0 || st.Mode().Perm() != 0o666 {
		t.Fatalf("owner %d:%d mode %v, want 0:0 0666", sys.Uid, sys.Gid, st.Mode())
	}
	if xattrs {
		buf := make([]byte, 8)
		if n, err := unix.Getxattr(p, "user.kept", buf); err != nil || string(buf[:n]) != "yes" {
			t.Fatalf("xattr: %q, %v", buf[:n], err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*bgkit*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}
