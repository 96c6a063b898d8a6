// Package cmdutil is what bgkit's commands share: the Factory they are
// built from, the exit codes and the errors that carry them, usage errors
// in bgkit's words with "did you mean" suggestions, --json output,
// completion helpers and signal handling. It knows cobra but no command.
package cmdutil

import (
	"os"

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
	Dir fsutil.Dir
}

// CmdRunner is Runner, or the real one (which also finds adb in the
// Android SDK's folders when it is not on PATH).
func (f *Factory) CmdRunner() trigger.Runner {
	if f.Runner == nil {
		f.Runner = trigger.ExecRunner{LookPath: android.LookPath}
	}
	return f.Runner
}

// Env reads the environment variable key through Getenv.
func (f *Factory) Env(key string) string {
	if f.Getenv == nil {
		return os.Getenv(key)
	}
	return f.Getenv(key)
}
