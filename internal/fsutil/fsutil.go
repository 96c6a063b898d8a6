// Package fsutil reads and writes the files bgkit edits. An edit is a pure
// function from old bytes to new bytes; this package makes sure the new bytes
// land safely: through a symlink onto its target, under an advisory lock that
// other bgkit runs honour, atomically (a temporary file in the same folder,
// then a rename) or in place when a rename could not keep the file's owner,
// group, mode or extended attributes, only when the bytes differ, and never
// over a file that changed on disk since it was read.
//
// An edit is one critical section: Lock takes the locks before the files
// are read (Edit.Read), Commit checks and writes, Edit.Release lets the next
// bgkit run in. The lock is a flock on the file itself, not a lock file
// beside it: see Lock for why.
//
// It is also the one place that reads files with bounds: only regular files
// (a FIFO, device or socket is refused at once, without blocking), and never
// more than a size cap.
package fsutil

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Size caps. bgkit never reads more than this of a file it is given or finds.
const (
	// MaxEditSize bounds a file bgkit edits or reads whole (Info.plist,
	// AndroidManifest.xml, project.pbxproj, entitlements, Gradle files).
	MaxEditSize = 32 << 20
)

// File is a file as it was read, with what is needed to write it back safely.
type File struct {
	Path   string      // the path as given (used in messages)
	Target string      // the path after resolving symlinks (where bytes live)
	Data   []byte      // the content as read
	Mode   fs.FileMode // permission bits (and setuid, setgid, sticky) to keep

	id   fileID // device and inode when read: two Files with one id are one file
	lock *lock  // the Edit lock it was read under, if any
}

// Locked reports whether f was read under a lock its Edit still holds.
func (f *File) Locked() bool { return f.lock != nil && f.lock.f != nil }

// keepMode is what of a file's mode an edit keeps.
const keepMode = fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

// ErrNotRegular is returned for a path that names a FIFO, device, socket or
// anything else that is not a regular file: bgkit does not read those.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is returned for a file over a size cap.
var ErrTooLarge = errors.New("file too large")

// Read reads a file (at most MaxEditSize bytes) and remembers its target,
// mode and identity. It waits for an edit by another bgkit run to finish, so
// it never sees half of an in-place write. A file read to be edited is read
// with Edit.Read instead, under the lock the write needs; a file an Edit of
// this process holds is read through that lock (never waiting on itself).
func Read(path string) (*File, error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, readError(path, err)
	}
	if l := heldLock(target); l != nil {
		// This process holds the file's lock (doctor --fix checking the
		// project it is fixing): a shared lock would wait on it forever.
		data, err := l.content()
		if err != nil {
			return nil, readError(path, err)
		}
		return &File{Path: path, Target: target, Data: data, Mode: l.info.Mode() & keepMode, id: idOf(l.info), lock: l}, nil
	}
	data, info, err := readLocked(target, MaxEditSize)
	if err != nil {
		return nil, readError(path, err)
	}
	return &File{Path: path, Target: target, Data: data, Mode: info.Mode() & keepMode, id: idOf(info)}, nil
}

// ReadFile reads a regular file of at most max bytes. A FIFO, device or
// socket fails at once with ErrNotRegular (it is never opened for a blocking
// read), a larger file with ErrTooLarge. Errors are *fs.PathError, as
// os.ReadFile's, so it can stand in for it.
func ReadFile(path string, max int64) ([]byte, error) {
	data, err := readBounded(path, max)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return data, nil
}

// ReadHead reads at most the first max bytes of a regular file (for a scan
// that needs only the start). Like ReadFile, it never opens a FIFO, device
// or socket for a blocking read.
func ReadHead(path string, max int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err == nil {
		err = checkRegular(info, 1<<62)
	}
	var f *os.File
	if err == nil {
		f, err = openNoBlock(path)
	}
	if err == nil {
		defer f.Close()
		if info, err = f.Stat(); err == nil {
			err = checkRegular(info, 1<<62)
		}
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return io.ReadAll(io.LimitReader(f, max))
}

// readBounded is ReadFile without the path in its errors.
func readBounded(path string, max int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(info, max); err != nil {
		return nil, err
	}
	f, err := openNoBlock(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err = f.Stat() // the path may have been swapped since the Stat
	if err != nil {
		return nil, err
	}
	if err := checkRegular(info, max); err != nil {
		return nil, err
	}
	return readAllMax(f, max)
}

func checkRegular(info fs.FileInfo, max int64) error {
	if info.IsDir() {
		return errors.New("is a directory, not a file")
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%w (%s); bgkit reads only regular files", ErrNotRegular, kindOf(info.Mode()))
	}
	if info.Size() > max {
		return tooLarge(max)
	}
	return nil
}

func tooLarge(max int64) error {
	return fmt.Errorf("%w: larger than %s, the most bgkit reads", ErrTooLarge, sizeText(max))
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// readAllMax reads r to its end, failing once it passes max bytes (a file
// can grow after its size was checked).
func readAllMax(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, tooLarge(max)
	}
	return data, nil
}

// content reads the locked file again, from its start (every system's lock
// holds the open file in f).
func (l *lock) content() ([]byte, error) {
	if _, err := l.f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return readAllMax(l.f, MaxEditSize)
}

// readError names the path the user gave, not the system call that failed
// ("lstat x: no such file or directory" reads like a bug in bgkit).
func readError(path string, err error) error {
	err = UnwrapPath(err)
	if errors.Is(err, fs.ErrNotExist) {
		return &notExistError{path}
	}
	return fmt.Errorf("%s: %w", path, err)
}

// UnwrapPath drops the *fs.PathError (or *os.LinkError) around err, for a
// message that names the path itself, or whose path is a temporary file's
// name that means nothing to the user. Every package unwraps with it.
func UnwrapPath(err error) error {
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
var ErrChangedOnDisk = errors.New("changed while editing; nothing was written (another program wrote it after bgkit read it; run the command again)")

// ErrReadOnly is returned for a file without write permission: someone made
// it read-only on purpose, and replacing it by a rename would go around that.
var ErrReadOnly = errors.New("file is read-only; nothing was written (make it writable, for example chmod u+w, and run the command again)")

// ErrNotWritable is returned for a file the user running bgkit could not
// write directly; a writable folder would let bgkit replace it, and bgkit
// does not go around a file's own permissions.
var ErrNotWritable = errors.New("you cannot write this file; nothing was written (bgkit does not replace a file through its folder's permissions)")

// ErrSameFile is returned when two different edits resolve to one file (a
// symlink and its target): applying both would lose one of them.
var ErrSameFile = errors.New("two different edits resolve to this one file (through a symlink); nothing was written")

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

// Merge drops changes that resolve to the same file as an earlier one with
// the same new bytes, and refuses (ErrSameFile) two that differ.
func Merge(changes []Change) ([]Change, error) {
	var out []Change
	seen := map[string]int{}
	for _, c := range changes {
		key := c.File.identity()
		if i, ok := seen[key]; ok {
			if bytes.Equal(out[i].New, c.New) {
				continue
			}
			return nil, fmt.Errorf("%s and %s: %w", out[i].File.Path, c.File.Path, ErrSameFile)
		}
		seen[key] = len(out)
		out = append(out, c)
	}
	return out, nil
}

func (f *File) identity() string {
	if f.id != (fileID{}) {
		return fmt.Sprintf("id:%d:%d", f.id.dev, f.id.ino)
	}
	return "path:" + f.Target
}

// Commit applies a set of changes all together or not at all:
//
//  1. every file is locked (an advisory lock other bgkit runs honour) and
//     checked to still hold the bytes that were read, and to be one the user
//     could write directly;
//  2. every new content is written and synced to a temporary file beside its
//     target, with the target's owner, group, mode and extended attributes
//     (or, where a new file cannot carry those, the target is marked to be
//     written in place);
//  3. only then are the targets replaced; if one replacement fails, the ones
//     already made are undone from a copy of the old file.
//
// Changes whose bytes are unchanged are skipped: no write, no new mtime. Two
// changes of one file (through a symlink) are merged when equal and refused
// otherwise. Temporary files a killed bgkit run left beside a target are
// removed.
func Commit(changes []Change) (err error) {
	var todo []Change
	for _, c := range changes {
		if c.Changed() {
			todo = append(todo, c)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	todo, err = Merge(todo)
	if err != nil {
		return err
	}
	for _, c := range todo {
		if c.File.Mode&0o222 == 0 {
			return fmt.Errorf("%s: %w", c.File.Path, ErrReadOnly)
		}
	}
	// Lock in one order (by target) so two runs locking the same files
	// cannot wait on each other forever. A file read under an Edit is
	// locked already (since before it was read); the Edit releases it.
	sort.SliceStable(todo, func(i, j int) bool { return todo[i].File.Target < todo[j].File.Target })
	locks := make([]*lock, len(todo))
	var own []*lock
	defer func() {
		for _, l := range own {
			l.release()
		}
	}()
	for i, c := range todo {
		if c.File.Locked() {
			locks[i] = c.File.lock
			continue
		}
		l, err := lockFile(c.File.Target)
		if err != nil {
			return fmt.Errorf("%s: %v; nothing was written", c.File.Path, UnwrapPath(err))
		}
		locks[i] = l
		own = append(own, l)
	}
	writes := make([]*write, len(todo))
	defer func() {
		for _, w := range writes {
			if w != nil {
				w.cleanup()
			}
		}
	}()
	for i, c := range todo {
		if BeforeRecheck != nil {
			BeforeRecheck(c.File.Target)
		}
		removeStaleTemps(c.File.Target)
		if err := recheck(c, locks[i]); err != nil {
			return err
		}
		if err := canWrite(c.File.Target); err != nil {
			return fmt.Errorf("%s: %w", c.File.Path, err)
		}
		w, err := prepare(c, locks[i], len(todo) > 1)
		if err != nil {
			return fmt.Errorf("%s: %v; nothing was written", c.File.Path, err)
		}
		writes[i] = w
	}
	for i, w := range writes {
		// Once more right before the rename: writing the new content out
		// took time an editor could have saved in.
		err := recheck(w.c, w.lock)
		if err == nil {
			err = w.apply()
		}
		if err != nil {
			if errors.Is(err, ErrChangedOnDisk) {
				err = ErrChangedOnDisk // the path is added below
			}
			var undone, stuck []string
			for _, d := range writes[:i] {
				if uerr := d.undo(); uerr != nil {
					stuck = append(stuck, d.c.File.Path)
				} else {
					undone = append(undone, d.c.File.Path)
				}
			}
			if len(stuck) > 0 {
				return fmt.Errorf("%s: %v; already written and could not be restored: %s", w.c.File.Path, UnwrapPath(err), strings.Join(stuck, ", "))
			}
			if err == ErrChangedOnDisk {
				return fmt.Errorf("%s: %w", w.c.File.Path, err)
			}
			return fmt.Errorf("%s: %v; nothing was written", w.c.File.Path, UnwrapPath(err))
		}
	}
	for _, w := range writes {
		w.c.File.Data = w.c.New
		w.c.File.id = idOf(w.lock.info)
	}
	return nil
}

// BeforeRecheck, when set, runs in Commit once a file is locked, just
// before bgkit checks that the file is as it read it. Tests put an outside
// writer's change there (an editor saving mid-edit) without relying on
// timing; bgkit itself never sets it.
var BeforeRecheck func(target string)

// recheck makes sure the path still names the file that was read (an
// editor that saves by renaming puts a new file there) and that the file
// still holds the bytes that were read (one that saves in place).
func recheck(c Change, l *lock) error {
	now, err := os.Stat(c.File.Target)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: %w", c.File.Path, ErrChangedOnDisk)
		}
		return fmt.Errorf("%s: cannot read it again (%v); nothing was written", c.File.Path, UnwrapPath(err))
	}
	if !os.SameFile(now, l.info) {
		return fmt.Errorf("%s: %w", c.File.Path, ErrChangedOnDisk)
	}
	cur, err := l.content()
	if err != nil {
		return fmt.Errorf("%s: cannot read it again (%v); nothing was written", c.File.Path, UnwrapPath(err))
	}
	if !bytes.Equal(cur, c.File.Data) {
		return fmt.Errorf("%s: %w", c.File.Path, ErrChangedOnDisk)
	}
	return nil
}

// Edit is one critical section over the files an edit changes: it holds an
// exclusive lock on each from before it is read (Edit.Read) until after it
// is written (Commit) and Release is called. bgkit runs editing one file
// therefore queue up, each reading what the one before it wrote, instead
// of refusing each other's changes.
type Edit struct {
	locks []*lock
}

// Lock takes exclusive locks on the files at paths (after resolving
// symlinks; two paths to one file take one lock), in the order of their
// resolved paths, so two runs locking the same files cannot wait on each
// other forever. It waits at most 10 seconds for another bgkit run.
//
// The lock is a flock on the file itself. A lock file beside it
// (.NAME.bgkit-lock) would stay in the user's folder, show up in git
// status, need a writable folder (bgkit writes some files in place without
// one), and could only be removed racily. A flock needs none of that, but
// it belongs to the inode a rename replaces: so a run that wins the lock
// checks that the path still names the file it locked and otherwise locks
// the new one, and Commit locks a new file before renaming it into place,
// so the lock passes from the old file to the new one without a gap.
func Lock(paths ...string) (*Edit, error) {
	type item struct {
		path, target string
		info         fs.FileInfo
	}
	var items []item
	for _, p := range paths {
		target, err := filepath.EvalSymlinks(p)
		if err != nil {
			return nil, readError(p, err)
		}
		if abs, err := filepath.Abs(target); err == nil {
			target = abs
		}
		info, err := os.Stat(target)
		if err != nil {
			return nil, readError(p, err)
		}
		dup := false
		for _, it := range items {
			if it.target == target || os.SameFile(it.info, info) {
				dup = true
				break
			}
		}
		if !dup {
			items = append(items, item{p, target, info})
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].target < items[j].target })
	e := &Edit{}
	for _, it := range items {
		l, err := lockFile(it.target)
		if err != nil {
			e.Release()
			var busy *lockBusyError
			if errors.As(err, &busy) {
				return nil, fmt.Errorf("%s: %v; nothing was written", it.path, err)
			}
			return nil, readError(it.path, err)
		}
		e.locks = append(e.locks, l)
		held.Lock()
		held.locks[l] = true
		held.Unlock()
	}
	return e, nil
}

// held are the locks the Edits of this process hold. flock locks of one
// process conflict too (they belong to open files, not processes), so a
// Read of a file this process has locked reads through the lock instead of
// waiting on itself. bgkit edits from one goroutine.
var held = struct {
	sync.Mutex
	locks map[*lock]bool
}{locks: map[*lock]bool{}}

// heldLock returns the lock an Edit of this process holds on the file at
// target, or nil.
func heldLock(target string) *lock {
	held.Lock()
	defer held.Unlock()
	if len(held.locks) == 0 {
		return nil
	}
	info, err := os.Stat(target)
	if err != nil {
		return nil
	}
	for l := range held.locks {
		if l.f != nil && os.SameFile(l.info, info) {
			return l
		}
	}
	return nil
}

// Read reads a file to edit. A file the Edit has locked is read through its
// lock (Read finds the locks this process holds), and Commit writes it under
// that same lock; any other file is read as Read reads it. A nil Edit reads
// every file as Read does.
func (e *Edit) Read(path string) (*File, error) {
	return Read(path)
}

// Release ends the critical section: other bgkit runs may lock the files
// again. It may be called more than once, and on a nil Edit.
func (e *Edit) Release() {
	if e == nil {
		return
	}
	held.Lock()
	for _, l := range e.locks {
		delete(held.locks, l)
		l.release()
	}
	held.Unlock()
}

// lockBusyError is a lock another bgkit run held for longer than bgkit waits.
type lockBusyError struct{ wait string }

func (e *lockBusyError) Error() string {
	return "another bgkit run has held a lock on it for " + e.wait
}

// staleTemp reports whether name is one of bgkit's temporary files for base:
// "." + base + ".bgkit-" + digits.
func staleTemp(name, base string) bool {
	rest, ok := strings.CutPrefix(name, "."+base+".bgkit-")
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// removeStaleTemps deletes temporary files a killed run left beside target.
// It runs under target's lock: only the lock holder creates them, so any
// found now belong to a run that is gone.
func removeStaleTemps(target string) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Type().IsRegular() && staleTemp(e.Name(), base) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// syncDir makes a rename durable: the new directory entry reaches the disk
// with the file. Failure is not an error (some file systems cannot).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// tempPattern is "." + base + ".bgkit-*", the pattern removeStaleTemps knows.
func tempPattern(target string) (dir, pattern string) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	return dir, "." + base + ".bgkit-*"
}

// ErrOutsideRoot is returned by Within for a path that resolves (through
// symlinks or "..") to a place outside the root.
var ErrOutsideRoot = errors.New("outside the project")

// Within returns path with symlinks and ".." resolved, and fails with
// ErrOutsideRoot when that is not inside root (itself resolved). bgkit
// writes only inside the project for files it finds on its own.
func Within(root, path string) (string, error) {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", readError(root, err)
	}
	realRoot, err = filepath.Abs(realRoot)
	if err != nil {
		return "", err
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", readError(path, err)
	}
	target, err = filepath.Abs(target)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(realRoot, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return target, fmt.Errorf("%s: resolves to %s, %w %s; bgkit does not edit files outside the project it was given", path, target, ErrOutsideRoot, realRoot)
	}
	return target, nil
}
