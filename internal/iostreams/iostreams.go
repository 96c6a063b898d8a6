// Package iostreams holds the three standard streams of a bgkit process and
// the decisions that depend on them: whether a stream is a terminal and
// whether colour may be used. Every command writes through one IOStreams, so
// tests can swap in buffers and pretend to be (or not be) a terminal.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams is the process's standard input, output and error.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	outTTY  bool
	errTTY  bool
	noColor bool
}

// System returns the real streams. Terminal checks are a single ioctl per
// stream, so they are done here once rather than on every write.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	s.outTTY = isTerminal(os.Stdout)
	s.errTTY = isTerminal(os.Stderr)
	// NO_COLOR: any value, even empty, disables colour (https://no-color.org
	// says "present and not an empty string"; bgkit is stricter on purpose,
	// because CI systems export it empty). TERM=dumb disables it as well.
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		s.noColor = true
	}
	if os.Getenv("TERM") == "dumb" {
		s.noColor = true
	}
	return s
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// Test returns streams backed by buffers: input, output and error output.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

// SetTTY makes tests see both output streams as terminals (or not).
func (s *IOStreams) SetTTY(tty bool) { s.outTTY, s.errTTY = tty, tty }

// SetNoColor disables colour, as NO_COLOR or --no-color do.
func (s *IOStreams) SetNoColor(v bool) { s.noColor = v }

// IsStdoutTTY reports whether standard output is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.outTTY }

// IsStderrTTY reports whether standard error is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.errTTY }

// ColorEnabled reports whether colour may be written to standard output.
func (s *IOStreams) ColorEnabled() bool { return s.outTTY && !s.noColor }

// ColorEnabledStderr reports whether colour may be written to standard error.
func (s *IOStreams) ColorEnabledStderr() bool { return s.errTTY && !s.noColor }
