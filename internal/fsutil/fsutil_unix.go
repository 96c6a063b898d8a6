//go:build unix

package fsutil

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

type fileID struct{ dev, ino uint64 }

func idOf(info fs.FileInfo) fileID {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return fileID{uint64(st.Dev), uint64(st.Ino)}
	}
	return fileID{}
}

// openNoBlock opens path for reading without ever blocking: a FIFO opened
// with O_NONBLOCK returns at once instead of waiting for a writer.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|unix.O_NONBLOCK, 0)
}

// renameFile is os.Rename; tests make it fail to check the undo.
var renameFile = os.Rename

// lockWait bounds how long bgkit waits for another bgkit run's lock.
var lockWait = 10 * time.Second

// lock is an advisory flock on a file. Locks go with the inode: a run that
// waited on a file another run then replaced finds a new inode at the path
// and locks that one instead. A run that renames a new file into place
// locks it first (lockNew; write.apply hands the lock over), so whoever
// holds the lock of the file the path names is the one run that may write
// it.
type lock struct {
	f    *os.File    // the file the path names, locked; nil once released
	info fs.FileInfo // f's identity
	prev []*os.File  // files this run replaced, still locked until release
}

func lockFile(target string) (*lock, error) { return lockAs(target, unix.LOCK_EX) }

// afterOpen, when set, runs in lockAs between opening the file and locking
// it: tests replace the file there, as another run's rename can, without
// relying on timing. bgkit itself never sets it.
var afterOpen func(target string)

func lockAs(target string, how int) (*lock, error) {
	deadline := time.Now().Add(lockWait)
	for {
		info, err := os.Stat(target)
		if err != nil {
			return nil, err
		}
		if err := checkRegular(info, MaxEditSize); err != nil {
			return nil, err
		}
		f, err := openNoBlock(target)
		if err != nil {
			return nil, err
		}
		if afterOpen != nil {
			afterOpen(target)
		}
		for {
			err = unix.Flock(int(f.Fd()), how|unix.LOCK_NB)
			if err != unix.EINTR {
				break
			}
		}
		if errors.Is(err, unix.EWOULDBLOCK) {
			f.Close()
			if time.Now().After(deadline) {
				return nil, &lockBusyError{wait: lockWait.String()}
			}
			time.Sleep(5 * time.Millisecond)
			continue
		}
		if err != nil {
			// No flock on this file system: go on without the lock; the
			// content check before writing still applies.
			if !errors.Is(err, unix.ENOLCK) && !errors.Is(err, unix.EOPNOTSUPP) && !errors.Is(err, unix.ENOSYS) {
				f.Close()
				return nil, err
			}
		}
		held, err1 := f.Stat()
		now, err2 := os.Stat(target)
		if err1 != nil || err2 != nil || !os.SameFile(held, now) {
			f.Close() // replaced while we waited: lock the new one
			if err2 != nil {
				return nil, err2
			}
			continue
		}
		if err := checkRegular(held, MaxEditSize); err != nil {
			f.Close()
			return nil, err
		}
		return &lock{f: f, info: held}, nil
	}
}

// release drops the locks: closing a file drops its flock.
func (l *lock) release() {
	if l.f != nil {
		l.f.Close()
		l.f = nil
	}
	for _, f := range l.prev {
		f.Close()
	}
	l.prev = nil
}

// lockNew locks a file bgkit just created (a replacement not yet renamed
// into place): nobody else knows it, so the lock is free. Where the file
// system has no flock, the file is returned unlocked.
func lockNew(name string) (*os.File, fs.FileInfo, error) {
	f, err := openNoBlock(name)
	if err != nil {
		return nil, nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil && !errors.Is(err, unix.ENOLCK) && !errors.Is(err, unix.EOPNOTSUPP) && !errors.Is(err, unix.ENOSYS) {
		f.Close()
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// readLocked reads target under a shared lock, so it never sees half of an
// in-place write by another bgkit run. lockAs refuses what is not a regular
// file before opening it.
func readLocked(target string, max int64) ([]byte, fs.FileInfo, error) {
	l, err := lockAs(target, unix.LOCK_SH)
	if err != nil {
		return nil, nil, err
	}
	defer l.release()
	data, err := readAllMax(l.f, max)
	if err != nil {
		return nil, nil, err
	}
	return data, l.info, nil
}

// canWrite says whether the user running bgkit could write target directly
// (access(2) with the real ids; bgkit is never setuid).
func canWrite(target string) error {
	if err := unix.Access(target, unix.W_OK); err != nil {
		if errors.Is(err, unix.EROFS) {
			return fmt.Errorf("on a read-only file system; nothing was written")
		}
		return ErrNotWritable
	}
	return nil
}

// write is one prepared replacement: either a temporary file carrying the
// new bytes and the target's identity, renamed over the target, or (where a
// new file could not carry the owner, group, xattrs or hard links) a write in
// place.
type write struct {
	c       Change
	lock    *lock
	info    fs.FileInfo
	inPlace bool
	why     string      // why in place (for messages)
	tmp     string      // new content, for a rename
	tmpF    *os.File    // tmp, locked before it replaces the target
	tmpInfo fs.FileInfo // tmpF's identity
	backup  string      // the old file (a hard link or a copy), to undo a rename
	applied bool
}

func prepare(c Change, l *lock, keepBackup bool) (*write, error) {
	w := &write{c: c, lock: l, info: l.info}
	st, _ := l.info.Sys().(*syscall.Stat_t)
	attrs, err := listXattrs(int(l.f.Fd()))
	if err != nil {
		return nil, fmt.Errorf("cannot read its extended attributes (%v)", err)
	}
	if st != nil && st.Nlink > 1 {
		w.inPlace, w.why = true, "it has other hard links"
	} else {
		tmp, why, err := newTemp(c.File.Target, c.New, l.info, attrs)
		if err != nil {
			return nil, fmt.Errorf("cannot write beside it (%v)", UnwrapPath(err))
		}
		if why != "" {
			w.inPlace, w.why = true, why
		} else {
			w.tmp = tmp
			if w.tmpF, w.tmpInfo, err = lockNew(tmp); err != nil {
				w.cleanup()
				return nil, fmt.Errorf("cannot lock its new content (%v)", UnwrapPath(err))
			}
		}
	}
	if w.inPlace {
		if err := inPlaceOK(l.info); err != nil {
			return nil, fmt.Errorf("%s and %v", w.why, err)
		}
		return w, nil
	}
	if keepBackup {
		if err := w.makeBackup(attrs); err != nil {
			w.cleanup()
			return nil, fmt.Errorf("cannot keep a copy to undo a failed write (%v)", UnwrapPath(err))
		}
	}
	return w, nil
}

// inPlaceOK refuses an in-place write that would silently drop setuid or
// setgid: the kernel clears them on a write, and only the owner (or root)
// can set them again.
func inPlaceOK(info fs.FileInfo) error {
	if info.Mode()&(fs.ModeSetuid|fs.ModeSetgid) == 0 {
		return nil
	}
	if st, ok := info.Sys().(*syscall.Stat_t); ok && (os.Geteuid() == 0 || int(st.Uid) == os.Geteuid()) {
		return nil
	}
	return errors.New("writing it in place would clear its setuid/setgid bit, which only its owner can set again")
}

// newTemp writes data to a temporary file beside target with target's owner,
// group, mode and extended attributes. When the file system or the user's
// rights cannot give a new file one of those, it returns why (and no file):
// the caller writes in place instead.
func newTemp(target string, data []byte, info fs.FileInfo, attrs map[string][]byte) (name, why string, err error) {
	dir, pattern := tempPattern(target)
	tmp, err := os.CreateTemp(dir, pattern)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return "", "its folder is not writable", nil
		}
		return "", "", err
	}
	tmpName := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmpName) // not name: a return has set that to ""
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return "", "", err
	}
	if st, isUnix := info.Sys().(*syscall.Stat_t); isUnix {
		if mine, _ := tmp.Stat(); mine != nil {
			ms := mine.Sys().(*syscall.Stat_t)
			if ms.Uid != st.Uid || ms.Gid != st.Gid {
				if err := tmp.Chown(int(st.Uid), int(st.Gid)); err != nil {
					return "", fmt.Sprintf("a new file cannot keep its owner and group (%d:%d)", st.Uid, st.Gid), nil
				}
			}
		}
	}
	// After chown: chown clears setuid and setgid.
	if err := tmp.Chmod(info.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)); err != nil {
		return "", "", err
	}
	for k, v := range attrs {
		if err := unix.Fsetxattr(int(tmp.Fd()), k, v, 0); err != nil {
			return "", fmt.Sprintf("a new file cannot keep its extended attribute %s (%v)", k, err), nil
		}
	}
	if err := tmp.Sync(); err != nil {
		return "", "", err
	}
	if err := tmp.Close(); err != nil {
		return "", "", err
	}
	ok = true
	return tmpName, "", nil
}

// makeBackup keeps the old file beside the target so a rename can be undone:
// a hard link (the very same file), or else a copy with the same identity.
func (w *write) makeBackup(attrs map[string][]byte) error {
	dir, pattern := tempPattern(w.c.File.Target)
	for range 100 {
		f, err := os.CreateTemp(dir, pattern)
		if err != nil {
			return err
		}
		name := f.Name()
		f.Close()
		os.Remove(name)
		if err := os.Link(w.c.File.Target, name); err == nil {
			w.backup = name
			return nil
		} else if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	name, why, err := newTemp(w.c.File.Target, w.c.File.Data, w.info, attrs)
	if err != nil {
		return err
	}
	if why != "" {
		return errors.New(why)
	}
	w.backup = name
	return nil
}

func (w *write) apply() error {
	if w.inPlace {
		if err := writeInPlace(w.c.File.Target, w.c.New, w.info); err != nil {
			return err
		}
		w.applied = true
		return nil
	}
	if err := renameFile(w.tmp, w.c.File.Target); err != nil {
		return err
	}
	w.tmp = ""
	w.applied = true
	// The path names the new file now, locked since before the rename;
	// the old one stays locked too until the Edit ends.
	held.Lock()
	w.lock.prev = append(w.lock.prev, w.lock.f)
	w.lock.f, w.lock.info = w.tmpF, w.tmpInfo
	held.Unlock()
	w.tmpF = nil
	syncDir(filepath.Dir(w.c.File.Target))
	return nil
}

func (w *write) undo() error {
	if !w.applied {
		return nil
	}
	if w.inPlace {
		return writeInPlace(w.c.File.Target, w.c.File.Data, w.info)
	}
	if w.backup == "" {
		return errors.New("no copy of the old file")
	}
	if err := os.Rename(w.backup, w.c.File.Target); err != nil {
		return err
	}
	w.backup = ""
	if n := len(w.lock.prev); n > 0 && os.SameFile(w.info, statOf(w.lock.prev[n-1])) {
		// The old file is back at the path, and still locked.
		held.Lock()
		w.lock.prev[n-1], w.lock.f = w.lock.f, w.lock.prev[n-1]
		w.lock.info = w.info
		held.Unlock()
	}
	syncDir(filepath.Dir(w.c.File.Target))
	return nil
}

func statOf(f *os.File) fs.FileInfo {
	info, _ := f.Stat()
	return info
}

func (w *write) cleanup() {
	if w.tmpF != nil {
		w.tmpF.Close()
		w.tmpF = nil
	}
	if w.tmp != "" {
		os.Remove(w.tmp)
		w.tmp = ""
	}
	if w.backup != "" {
		os.Remove(w.backup)
		w.backup = ""
	}
}

// writeInPlace overwrites target's bytes through the file itself, so its
// inode, owner, group, xattrs and hard links stay; the mode is set again in
// case the write cleared setuid or setgid.
func writeInPlace(target string, data []byte, info fs.FileInfo) error {
	f, err := os.OpenFile(target, os.O_WRONLY|unix.O_NONBLOCK, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		f.Close()
		return err
	}
	if err := f.Truncate(int64(len(data))); err != nil {
		f.Close()
		return err
	}
	if info.Mode()&(fs.ModeSetuid|fs.ModeSetgid) != 0 {
		if now, err := f.Stat(); err == nil && now.Mode() != info.Mode() {
			f.Chmod(info.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky))
		}
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// listXattrs returns a file's extended attributes; none where the file
// system has none.
func listXattrs(fd int) (map[string][]byte, error) {
	size, err := unix.Flistxattr(fd, nil)
	if err != nil {
		if errors.Is(err, unix.ENOTSUP) || errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.ENOSYS) {
			return nil, nil
		}
		return nil, err
	}
	if size == 0 {
		return nil, nil
	}
	buf := make([]byte, size)
	n, err := unix.Flistxattr(fd, buf)
	if err != nil {
		return nil, err
	}
	attrs := map[string][]byte{}
	for _, name := range splitNames(buf[:n]) {
		vs, err := unix.Fgetxattr(fd, name, nil)
		if err != nil {
			return nil, err
		}
		v := make([]byte, vs)
		vn, err := unix.Fgetxattr(fd, name, v)
		if err != nil {
			return nil, err
		}
		attrs[name] = v[:vn]
	}
	return attrs, nil
}

func splitNames(buf []byte) []string {
	var names []string
	start := 0
	for i, b := range buf {
		if b == 0 {
			if i > start {
				names = append(names, string(buf[start:i]))
			}
			start = i + 1
		}
	}
	return names
}
