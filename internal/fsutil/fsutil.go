// Package fsutil reads and writes the files bgkit edits. An edit is a pure
// function from old bytes to new bytes; this package makes sure the new bytes
// land safely: through a symlink onto its target, atomically (a temporary file
// in the same folder, then a rename), with the old mode, only when the bytes
// differ, and never over a file that changed on disk since it was read.
package fsutil

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// File is a file as it was read, with what is needed to write it back safely.
type File struct {
	Path   string      // the path as given (used in messages)
	Target string      // the path after resolving symlinks (where bytes live)
	Data   []byte      // the content as read
	Mode   fs.FileMode // permission bits (and setuid, setgid, sticky) to keep
}

// Read reads a file and remembers its target and mode.
func Read(path string) (*File, error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, readError(path, err)
	}
	info, err := os.Stat(target)
	if err != nil {
		return nil, readError(path, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s: is a directory, not a file", path)
	}
	data, err := os.ReadFile(target)
	if err != nil {
		return nil, readError(path, err)
	}
	keep := fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky
	return &File{Path: path, Target: target, Data: data, Mode: info.Mode() & keep}, nil
}

// readError names the path the user gave, not the system call that failed
// ("lstat x: no such file or directory" reads like a bug in bgkit).
func readError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, fs.ErrNotExist) {
		return &notExistError{path}
	}
	return fmt.Errorf("%s: %w", path, err)
}

// unwrapPath drops the *fs.PathError around err: its path is a temporary
// file's name, which means nothing to the user.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

type notExistError struct{ path string }

func (e *notExistError) Error() string        { return e.path + ": no such file" }
func (e *notExistError) Is(target error) bool { return target == fs.ErrNotExist }

// ErrChangedOnDisk is returned when a file no longer holds the bytes it held
// when it was read: someone else wrote it in between, so bgkit will not.
var ErrChangedOnDisk = errors.New("file changed on disk since bgkit read it; nothing was written, run the command again")

// ErrReadOnly is returned for a file without write permission: someone made
// it read-only on purpose, and replacing it by a rename would go around that.
var ErrReadOnly = errors.New("file is read-only; nothing was written (make it writable, for example chmod u+w, and run the command again)")

// Change is one planned write: the file as read and its new content.
type Change struct {
	File *File
	New  []byte
}

// Changed reports whether the change would alter the file.
func (c Change) Changed() bool { return !bytes.Equal(c.File.Data, c.New) }

// Write writes one change. See Commit.
func Write(f *File, newData []byte) error {
	return Commit([]Change{{File: f, New: newData}})
}

// Commit applies a set of changes all together or not at all, as far as a
// file system allows: every new content is first written and synced to a
// temporary file beside its target, and every target is checked to still hold
// the bytes that were read; only then are the temporary files renamed over
// the targets. If anything fails before the renames, nothing is changed.
// Changes whose bytes are unchanged are skipped: no write, no new mtime.
func Commit(changes []Change) (err error) {
	type pending struct {
		tmp string
		c   Change
	}
	var todo []pending
	defer func() {
		if err != nil {
			for _, p := range todo {
				os.Remove(p.tmp)
			}
		}
	}()
	for _, c := range changes {
		if !c.Changed() {
			continue
		}
		if c.File.Mode&0o200 == 0 {
			return fmt.Errorf("%s: %w", c.File.Path, ErrReadOnly)
		}
	}
	for _, c := range changes {
		if !c.Changed() {
			continue
		}
		tmp, err := writeTemp(c.File, c.New)
		if err != nil {
			return fmt.Errorf("%s: cannot write beside it (%v); nothing was written", c.File.Path, unwrapPath(err))
		}
		todo = append(todo, pending{tmp, c})
	}
	for _, p := range todo {
		cur, err := os.ReadFile(p.c.File.Target)
		if err != nil {
			return fmt.Errorf("%s: cannot read it again (%v); nothing was written", p.c.File.Path, unwrapPath(err))
		}
		if !bytes.Equal(cur, p.c.File.Data) {
			return fmt.Errorf("%s: %w", p.c.File.Path, ErrChangedOnDisk)
		}
	}
	for i, p := range todo {
		if err := os.Rename(p.tmp, p.c.File.Target); err != nil {
			// Earlier renames are done and cannot be undone atomically;
			// say exactly which files were written.
			done := make([]string, 0, i)
			for _, q := range todo[:i] {
				done = append(done, q.c.File.Path)
			}
			todo = todo[i:]
			return fmt.Errorf("%s: %v; already written: %v", p.c.File.Path, unwrapPath(err), done)
		}
		p.c.File.Data = p.c.New
		syncDir(filepath.Dir(p.c.File.Target))
	}
	todo = nil
	return nil
}

// syncDir makes a rename durable: the new directory entry reaches the disk
// with the file. Failure is not an error (some file systems cannot).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

func writeTemp(f *File, data []byte) (string, error) {
	dir, base := filepath.Split(f.Target)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".bgkit-*")
	if err != nil {
		return "", err
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return "", err
	}
	if err := tmp.Chmod(f.Mode); err != nil {
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	ok = true
	return name, nil
}
