package cmdutil

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/safetext"
)

// Exit codes. They are part of bgkit's interface: scripts and CI depend on
// them, so they never change meaning.
const (
	ExitOK     = 0 // done, or nothing to do
	ExitNo     = 1 // the answer is "no": --check found a pending change, the doctor found errors
	ExitFailed = 2 // the job could not be done: usage, unreadable or invalid input, missing tool, device error
)

const ExitCodesHelp = `Exit codes:
  0  done, or nothing to do
  1  the answer is "no": --check found a pending change, or the doctor found errors
  2  the job could not be done: usage error, unreadable or invalid file,
     missing tool (adb, xcrun), device error`

// ExitError carries an exit code. A nil Err means the command already said
// all it had to say (for example --check printed the pending diff).
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// ErrNo is the silent "the answer is no" result.
var ErrNo = &ExitError{Code: ExitNo}

// UsageError is a mistake in how bgkit was called.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func UsageErrorf(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// exitCode maps an error to bgkit's exit code: every error that is not an
// explicit ExitError means the job could not be done.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return ExitFailed
}

// Finish ends a run of root with args that returned err: it says what went
// wrong on w (escaped: errors quote paths and values from files and
// devices), in bgkit's words, points a usage error at the command's help,
// and returns the exit code.
func Finish(root *cobra.Command, args []string, err error, w io.Writer) int {
	if err != nil && IsCobraUsageError(err) {
		err = RewordCobra(err)
	}
	if err != nil {
		var ee *ExitError
		if !errors.As(err, &ee) || ee.Err != nil {
			fmt.Fprintf(w, "bgkit: %s\n", safetext.EscapeLines(err.Error()))
		}
		var ue *UsageError
		if errors.As(err, &ue) {
			c, _, ferr := root.Find(args)
			if ferr != nil || c == nil {
				c = root
			}
			fmt.Fprintf(w, "Run '%s --help' for usage.\n", c.CommandPath())
		}
	}
	return ExitCode(err)
}
