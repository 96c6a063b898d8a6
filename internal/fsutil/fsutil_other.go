//go:build !unix

package fsutil

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Without flock, owners or xattrs, other systems get the plain path: a
// content check, a temporary file with the mode, and a rename.

type fileID struct{ dev, ino uint64 }

func idOf(fs.FileInfo) fileID { return fileID{} }

func openNoBlock(path string) (*os.File, error) { return os.Open(path) }

type lock struct {
	target string
	f      *os.File
	info   fs.FileInfo
}

func lockFile(target string) (*lock, error) {
	f, err := openNoBlock(target)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &lock{f: f, info: info}, nil
}

func (l *lock) release() {
	if l.f != nil {
		l.f.Close()
		l.f = nil
	}
}

func readLocked(target string, max int64) ([]byte, fs.FileInfo, error) {
	data, err := readBounded(target, max)
	if err != nil {
		return nil, nil, err
	}
	info, err := os.Stat(target)
	return data, info, err
}

func canWrite(string) error { return nil }

type write struct {
	c    Change
	lock *lock
	tmp  string
}

func prepare(c Change, l *lock, _ bool) (*write, error) {
	dir, pattern := tempPattern(c.File.Target)
	tmp, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, errors.New("cannot write beside it")
	}
	name := tmp.Name()
	_, err = tmp.Write(c.New)
	if err == nil {
		err = tmp.Chmod(c.File.Mode)
	}
	if err == nil {
		err = tmp.Close()
	} else {
		tmp.Close()
	}
	if err != nil {
		os.Remove(name)
		return nil, err
	}
	return &write{c: c, lock: l, tmp: name}, nil
}

func (w *write) apply() error {
	if err := os.Rename(w.tmp, w.c.File.Target); err != nil {
		return err
	}
	w.tmp = ""
	if info, err := os.Stat(w.c.File.Target); err == nil {
		w.lock.info = info
	}
	syncDir(filepath.Dir(w.c.File.Target))
	return nil
}

func (w *write) undo() error { return errors.New("cannot undo on this system") }

func (w *write) cleanup() {
	if w.tmp != "" {
		os.Remove(w.tmp)
	}
}
