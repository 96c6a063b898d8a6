package fsutil

import (
	"errors"
	"os"
	"path/filepath"
)

// WriteOutput writes data to a file a user named for output (a report, say).
// A regular file (or a new one) gets a temporary file beside it, renamed
// over it, so a reader (or a failed run) never sees half of it; a symbolic
// link is followed, so the file it names is replaced, not the link.
// Anything else that already exists (a device such as /dev/null or
// /dev/stderr, a pipe from the shell's process substitution) is written to
// as it is: renaming over it would put a regular file in its place. A new
// file is 0644: reports are for reading.
func WriteOutput(path string, data []byte) error {
	target := resolveLinks(path)
	if info, err := os.Stat(target); err == nil && !info.Mode().IsRegular() {
		if info.IsDir() {
			return errors.New("is a folder")
		}
		out, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = out.Write(data)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), target)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// resolveLinks follows symbolic links from path to what they name, even
// when that does not exist yet (a link to a report the first run creates).
func resolveLinks(path string) string {
	for range 40 {
		info, err := os.Lstat(path)
		if err != nil || info.Mode()&os.ModeSymlink == 0 {
			return path
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return path
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return path
}
