package trigger

import (
	"context"
	"strings"
	"sync"
)

// Stub is the Runner of bgkit's tests: each command a test expects is
// registered with its answer, a command nothing answers fails the test,
// and so does, when the test ends, an answer never used. (It is modelled on
// cli/cli's run.Stub; it lives beside Runner so the tests of this
// package, of trigger/android, trigger/ios and cmd use the one fake.)
//
// Commands are matched by their shell form (Cmd.String) without the
// exit-status echo MarkShell appends (android.ADB.Shell does); like the
// device's shell, Stub prints that status line after the answer of such a
// command.
type Stub struct {
	t     StubT
	mu    sync.Mutex
	stubs []*StubCall
	// Calls are the commands run, in order.
	Calls []Cmd
}

// StubT is the part of testing.TB that Stub uses.
type StubT interface {
	Helper()
	Errorf(format string, args ...any)
	Cleanup(func())
}

// StubCall is one registered answer.
type StubCall struct {
	line   string
	prefix bool
	res    Result
	err    error
	stream string
	cut    bool
	once   bool
	used   int
}

// NewStub returns a Stub that checks, when t ends, that every registered
// answer was used.
func NewStub(t StubT) *Stub {
	s := &Stub{t: t}
	t.Cleanup(func() {
		t.Helper()
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, c := range s.stubs {
			if c.used == 0 {
				pat := c.line
				if c.prefix {
					pat += "*"
				}
				t.Errorf("stub: no command ran for %q", pat)
			}
		}
	})
	return s
}

// Register answers the command whose shell form is line (a final "*"
// matches any rest) with res. The first answer that matches, and is not a
// used Once answer, is given.
func (s *Stub) Register(line string, res Result) *StubCall {
	c := &StubCall{res: res}
	c.line, c.prefix = strings.CutSuffix(line, "*")
	s.mu.Lock()
	s.stubs = append(s.stubs, c)
	s.mu.Unlock()
	return c
}

// Fail makes the call return err (a program that could not run).
func (c *StubCall) Fail(err error) *StubCall { c.err = err; return c }

// Once makes the answer good for one call.
func (c *StubCall) Once() *StubCall { c.once = true; return c }

// Stream writes out to the command's Stdout, as a streamed log would.
func (c *StubCall) Stream(out string) *StubCall { c.stream = out; return c }

// Cut leaves out the exit-status line, as a device that disconnects does.
func (c *StubCall) Cut() *StubCall { c.cut = true; return c }

// Run implements Runner.
func (s *Stub) Run(_ context.Context, cmd Cmd) (Result, error) {
	line := UnmarkShell(cmd).String()
	s.mu.Lock()
	s.Calls = append(s.Calls, cmd)
	var c *StubCall
	for _, st := range s.stubs {
		if st.once && st.used > 0 {
			continue
		}
		if line == st.line || st.prefix && strings.HasPrefix(line, st.line) {
			c = st
			break
		}
	}
	if c != nil {
		c.used++
	}
	s.mu.Unlock()
	if c == nil {
		s.t.Helper()
		s.t.Errorf("stub: no answer for %s", line)
		return Result{ExitCode: 97, Stderr: []byte("stub: no answer for " + line)}, nil
	}
	if cmd.Stdout != nil {
		out := c.stream
		if out == "" {
			out = string(c.res.Stdout)
		}
		cmd.Stdout.Write([]byte(out))
	}
	if c.err != nil || c.cut {
		return c.res, c.err
	}
	return withShellExit(cmd, c.res), nil
}

// Lines returns the commands run, as Register matches them.
func (s *Stub) Lines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, len(s.Calls))
	for i, c := range s.Calls {
		out[i] = UnmarkShell(c).String()
	}
	return out
}
