package fsutil

import (
	"path/filepath"
	"strings"
)

// Dir is the folder a command works in (bgkit -C DIR); "" is the process's
// working directory. The paths it takes and shows are names as seen from
// it, as if bgkit had been started there: errors say name, not the path
// from the process's working directory.
type Dir string

// Root is the folder itself: d, or ".".
func (d Dir) Root() string {
	if d == "" {
		return "."
	}
	return string(d)
}

// Path is where name lies from the process's working directory.
func (d Dir) Path(name string) string {
	if d == "" || name == "" || filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(string(d), name)
}

// Named puts name in err's message where it says d.Path(name).
func (d Dir) Named(err error, name string) error {
	at := d.Path(name)
	if err == nil || at == name || !strings.Contains(err.Error(), at) {
		return err
	}
	return &namedError{msg: strings.ReplaceAll(err.Error(), at, name), err: err}
}

type namedError struct {
	msg string
	err error
}

func (e *namedError) Error() string { return e.msg }
func (e *namedError) Unwrap() error { return e.err }

// Read reads the file name under ed's lock (Edit.Read; a nil ed reads
// without one). The file and its errors carry name.
func (d Dir) Read(ed *Edit, name string) (*File, error) {
	file, err := ed.Read(d.Path(name))
	if err != nil {
		return nil, d.Named(err, name)
	}
	file.Path = name
	return file, nil
}

// Lock takes the lock of an edit of the file name (Lock).
func (d Dir) Lock(name string) (*Edit, error) {
	ed, err := Lock(d.Path(name))
	return ed, d.Named(err, name)
}

// Within fails with ErrOutsideRoot when name resolves (through symlinks
// or "..") to a place outside the folder (Within).
func (d Dir) Within(name string) error {
	_, err := Within(d.Root(), d.Path(name))
	return d.Named(err, name)
}
