// Package trigger is what the background triggers of trigger/android (adb)
// and trigger/ios (xcrun simctl and lldb) share: the one Runner every
// external program runs through (ExecRunner), DryRunner for --dry-run,
// Stub for the tests, shell quoting, the device shell's exit-status marker
// and the choice of platforms. Everything runs through a Runner, so tests
// replay recorded outputs and assert the exact argv.
package trigger

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// DefaultTimeout bounds every adb and xcrun call unless --timeout says otherwise.
const DefaultTimeout = 30 * time.Second

// DefaultWatch is how long --watch streams the log when no duration is given.
const DefaultWatch = 2 * time.Minute

// Cmd is one external program to run. Nothing goes through a shell on this
// machine: Name and Args are passed to the program as they are.
type Cmd struct {
	Name    string
	Args    []string
	Stdin   []byte
	Timeout time.Duration // 0 means DefaultTimeout; negative means none (streams ended by ctx)
	// Stdout, when set, receives standard output as it arrives instead of
	// Result.Stdout (used to stream logs for --watch).
	Stdout io.Writer
}

// String renders the command the way a POSIX shell would need it typed.
func (c Cmd) String() string {
	words := make([]string, 0, len(c.Args)+1)
	words = append(words, ShellQuote(c.Name))
	for _, a := range c.Args {
		words = append(words, ShellQuote(a))
	}
	return strings.Join(words, " ")
}

// Result is what a finished program printed and its exit status.
type Result struct {
	Stdout   []byte
	Stderr   []byte
	ExitCode int
}

// Output returns stdout and stderr together, for matching messages that
// different tool versions print on either stream.
func (r Result) Output() string { return string(r.Stdout) + string(r.Stderr) }

// Runner runs external programs. Run returns an error only when the program
// could not be run to completion (missing, timed out, cancelled); a non-zero
// exit status is reported in Result.ExitCode, not as an error.
type Runner interface {
	Run(ctx context.Context, c Cmd) (Result, error)
}

// ToolNotFoundError means the program is not installed or not on PATH.
type ToolNotFoundError struct{ Name string }

func (e *ToolNotFoundError) Error() string { return e.Name + ": not found on PATH" }

// TimeoutError means the program did not finish in time and was killed.
type TimeoutError struct {
	Cmd     string
	Timeout time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("%s did not finish within %s and was stopped (raise it with --timeout)", e.Cmd, e.Timeout)
}

// ExecRunner runs programs with os/exec.
type ExecRunner struct {
	// LookPath finds the program a Cmd names; nil is exec.LookPath.
	LookPath func(name string) (string, error)
}

// Run implements Runner.
func (r ExecRunner) Run(ctx context.Context, c Cmd) (Result, error) {
	timeout := c.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	look := r.LookPath
	if look == nil {
		look = exec.LookPath
	}
	path, err := look(c.Name)
	if err != nil {
		return Result{ExitCode: -1}, &ToolNotFoundError{Name: c.Name}
	}
	ctx, stopOutput := context.WithCancelCause(ctx)
	defer stopOutput(nil)
	cmd := exec.CommandContext(ctx, path, c.Args...)
	// Output is bounded: standard output up to MaxOutput (more ends the
	// program: bgkit would not parse it anyway), standard error's last
	// maxErrTail bytes (its end says what went wrong).
	stdout := &capBuffer{max: MaxOutput, full: func() { stopOutput(errOutputTooLarge) }}
	stderr := &tailBuffer{max: maxErrTail}
	cmd.Stdout = stdout
	if c.Stdout != nil {
		cmd.Stdout = c.Stdout
	}
	cmd.Stderr = stderr
	if c.Stdin != nil {
		cmd.Stdin = bytes.NewReader(c.Stdin)
	}
	setProcessGroup(cmd)
	// adb's first call starts a server that inherits and keeps our pipes
	// open after the client exits; WaitDelay stops Wait from waiting on it.
	cmd.WaitDelay = 500 * time.Millisecond
	err = startTracked(cmd)
	if err == nil {
		err = cmd.Wait()
		untrack(cmd)
	}
	res := Result{Stdout: stdout.Bytes(), Stderr: stderr.Bytes(), ExitCode: -1}
	if cmd.ProcessState != nil {
		res.ExitCode = cmd.ProcessState.ExitCode()
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		// Ended by a timeout, a signal or too much output: whatever the
		// program started in its group goes too.
		endProcessGroup(cmd)
		if context.Cause(ctx) == errOutputTooLarge {
			return res, fmt.Errorf("%s printed more than %d MiB; bgkit stopped it", c.String(), MaxOutput>>20)
		}
		if errors.Is(ctxErr, context.DeadlineExceeded) && timeout > 0 {
			return res, &TimeoutError{Cmd: c.String(), Timeout: timeout}
		}
		if c.Stdout != nil {
			// A stream ended by its caller (duration over, Ctrl-C) is not a failure.
			return res, nil
		}
		return res, ctxErr
	}
	var exitErr *exec.ExitError
	switch {
	case err == nil, errors.As(err, &exitErr), errors.Is(err, exec.ErrWaitDelay):
		return res, nil
	default:
		return res, fmt.Errorf("running %s: %w", c.String(), err)
	}
}

// MaxOutput bounds what bgkit reads of one program's standard output.
const MaxOutput = 32 << 20

// maxErrTail is how much of standard error bgkit keeps (the end).
const maxErrTail = 64 << 10

var errOutputTooLarge = errors.New("output too large")

// capBuffer holds up to max bytes; past that it calls full once and fails
// the write, so the copy from the program's pipe stops.
type capBuffer struct {
	buf  bytes.Buffer // a field, not embedded: its ReadFrom would bypass Write
	max  int
	full func()
	over bool
}

func (b *capBuffer) Write(p []byte) (int, error) {
	if b.over || b.buf.Len()+len(p) > b.max {
		if !b.over {
			b.over = true
			b.full()
		}
		return 0, errOutputTooLarge
	}
	return b.buf.Write(p)
}

func (b *capBuffer) Bytes() []byte { return b.buf.Bytes() }

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	buf     []byte
	max     int
	dropped bool
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if len(p) >= b.max {
		if len(p) > b.max || len(b.buf) > 0 {
			b.dropped = true
		}
		b.buf = append(b.buf[:0], p[len(p)-b.max:]...)
		return n, nil
	}
	if over := len(b.buf) + len(p) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
		b.dropped = true
	}
	b.buf = append(b.buf, p...)
	return n, nil
}

// Bytes returns what was kept, marked when the start was dropped.
func (b *tailBuffer) Bytes() []byte {
	if b.dropped {
		return append([]byte("[...] "), b.buf...)
	}
	return b.buf
}

// ErrorTail shortens a program's output for an error message: its last
// lines, at most 4 KiB.
func ErrorTail(out string) string {
	const max = 4 << 10
	if len(out) <= max {
		return out
	}
	out = out[len(out)-max:]
	if i := strings.IndexByte(out, '\n'); i >= 0 && i < len(out)-1 {
		out = out[i+1:]
	}
	return "[...]\n" + out
}

// ShellQuote quotes s for a POSIX shell: words made only of safe characters
// stay as they are, anything else is single-quoted with ' written as '\”.
// adb joins the words after "shell" into one command line for the device's
// /system/bin/sh, so every word bgkit sends there goes through ShellQuote.
func ShellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@%+,", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// OrDash shows an empty value as "-" in a table.
func OrDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
