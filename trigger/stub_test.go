package trigger

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// stubT records what a Stub reports instead of failing the test.
type stubT struct {
	errs     []string
	cleanups []func()
}

func (t *stubT) Helper() {}
func (t *stubT) Errorf(format string, args ...any) {
	t.errs = append(t.errs, fmt.Sprintf(format, args...))
}
func (t *stubT) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }
func (t *stubT) end() {
	for _, f := range t.cleanups {
		f()
	}
}

func TestStub(t *testing.T) {
	st := &stubT{}
	s := NewStub(st)
	s.Register("xcrun simctl list devices --json", Result{Stdout: []byte("{}")})
	s.Register("adb -s e shell date +%s", Result{Stdout: []byte("1\n")}).Once()
	s.Register("adb -s e shell date *", Result{ExitCode: 1})
	s.Register("adb devices -l", Result{}).Fail(&ToolNotFoundError{Name: "adb"})
	s.Register("never run", Result{})
	ctx := context.Background()
	date := Cmd{Name: "adb", Args: MarkShell([]string{"-s", "e", "shell", "date", "+%s"})}

	if res, _ := s.Run(ctx, Cmd{Name: "xcrun", Args: []string{"simctl", "list", "devices", "--json"}}); string(res.Stdout) != "{}" {
		t.Errorf("list = %q", res.Stdout)
	}
	if res, _ := s.Run(ctx, date); string(res.Stdout) != "1\n"+ShellExitMarker+"0\n" {
		t.Errorf("first date = %q", res.Stdout)
	}
	if res, _ := s.Run(ctx, date); string(res.Stdout) != ShellExitMarker+"1\n" || res.ExitCode != 1 {
		t.Errorf("second date = %+v", res)
	}
	var nf *ToolNotFoundError
	if _, err := s.Run(ctx, Cmd{Name: "adb", Args: []string{"devices", "-l"}}); !errors.As(err, &nf) {
		t.Errorf("devices: err = %v", err)
	}
	if res, _ := s.Run(ctx, Cmd{Name: "lldb"}); res.ExitCode != 97 {
		t.Errorf("unanswered: %+v", res)
	}
	st.end()
	want := []string{"stub: no answer for lldb", `stub: no command ran for "never run"`}
	if strings.Join(st.errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("reported:\n%s\nwant:\n%s", strings.Join(st.errs, "\n"), strings.Join(want, "\n"))
	}
	if got := strings.Join(s.Lines(), "|"); got != "xcrun simctl list devices --json|adb -s e shell date +%s|adb -s e shell date +%s|adb devices -l|lldb" {
		t.Errorf("lines = %s", got)
	}
}
