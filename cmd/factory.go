package cmd

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/android"
)

// Factory holds what commands depend on, so tests can replace it.
type Factory struct {
	IO *iostreams.IOStreams
	// Getenv reads the environment (ANDROID_SERIAL and friends).
	Getenv func(string) string
	// Runner runs adb and xcrun. Nil means the real one.
	Runner trigger.Runner
	// Dir is the folder bgkit works in, set by -C DIR when the root
	// command parses its flags (completion included): every relative path a
	// command reads or writes is taken from it, and the paths it prints
	// are shown from it, as if bgkit had been started there. Empty means
	// the process's working directory. bgkit never changes that directory,
	// so tests run side by side.
	Dir string
}

func (f *Factory) runner() trigger.Runner {
	if f.Runner == nil {
		f.Runner = trigger.ExecRunner{LookPath: android.LookPath}
	}
	return f.Runner
}

func (f *Factory) getenv(key string) string {
	if f.Getenv == nil {
		return os.Getenv(key)
	}
	return f.Getenv(key)
}

// workDir is the folder relative paths are taken from: Dir, or ".".
func (f *Factory) workDir() string {
	if f.Dir == "" {
		return "."
	}
	return f.Dir
}

// path is where the file a user named (or a path shown from Dir) lies:
// p taken from Dir.
func (f *Factory) path(p string) string {
	if f.Dir == "" || p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(f.Dir, p)
}

// getwd is the absolute path of workDir().
func (f *Factory) getwd() (string, error) {
	return filepath.Abs(f.workDir())
}

// read reads the file shown as name (from Dir), under ed's lock when ed is
// not nil. The file and its errors carry name, as if bgkit had been
// started in Dir.
func (f *Factory) read(ed *fsutil.Edit, name string) (*fsutil.File, error) {
	file, err := ed.Read(f.path(name))
	if err != nil {
		return nil, f.named(err, name)
	}
	file.Path = name
	return file, nil
}

// named puts name in err's message where it says the path name has from
// the process's working directory.
func (f *Factory) named(err error, name string) error {
	at := f.path(name)
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
