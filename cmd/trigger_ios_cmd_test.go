package cmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/trigger"
)

// iosCmdRunner answers by the command line's prefix and records calls.
type iosCmdRunner struct {
	answers map[string]trigger.Result // key: a prefix of Cmd.String() without "xcrun "
	err     error
	calls   []trigger.Cmd
}

func (r *iosCmdRunner) Run(ctx context.Context, c trigger.Cmd) (trigger.Result, error) {
	r.calls = append(r.calls, c)
	if r.err != nil {
		return trigger.Result{ExitCode: -1}, r.err
	}
	line := strings.TrimPrefix(c.String(), "xcrun ")
	best := ""
	for k := range r.answers {
		if strings.HasPrefix(line, k) && len(k) > len(best) {
			best = k
		}
	}
	if best == "" {
		return trigger.Result{ExitCode: 97, Stderr: []byte("no answer for " + line)}, nil
	}
	res := r.answers[best]
	if c.Stdout != nil {
		c.Stdout.Write(res.Stdout)
	}
	return res, nil
}

func (r *iosCmdRunner) lines() []string {
	var out []string
	for _, c := range r.calls {
		out = append(out, c.String())
	}
	return out
}

const testUDID = "3F2504E0-4F89-41D3-9A0C-0305E82C3301"

func iosTestRunner(t *testing.T) *iosCmdRunner {
	t.Helper()
	list, err := os.ReadFile(filepath.Join("..", "trigger", "testdata", "ios", "list-new.json"))
	if err != nil {
		t.Fatal(err)
	}
	launchctl, err := os.ReadFile(filepath.Join("..", "trigger", "testdata", "ios", "launchctl-list.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return &iosCmdRunner{answers: map[string]trigger.Result{
		"simctl list devices --json":                      {Stdout: list},
		"simctl get_app_container " + testUDID:            {Stdout: []byte("/x/Containers/Bundle/Application/Y/FieldNotes.app\n")},
		"simctl push " + testUDID:                         {Stdout: []byte("Notification sent to 'com.example.fieldnotes'\n")},
		"simctl spawn " + testUDID + " launchctl list":    {Stdout: launchctl},
		"simctl launch " + testUDID + " com.apple.Prefer": {Stdout: []byte("com.apple.Preferences: 5\n")},
		"lldb ":                                  {Stdout: []byte("(lldb) process detach\nProcess 41502 detached\n")},
		"simctl spawn " + testUDID + " log show": {Stdout: []byte("Simulating launch for task with identifier com.example.fieldnotes.refresh\n")},
	}}
}

func TestIOSPushFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args  []string
		check func(*iosPushOptions) error
	}{
		{[]string{"--data", "a=b", "--data", "n:=1", "--device", "iPhone 15"}, func(o *iosPushOptions) error {
			if strings.Join(o.Data, ",") != "a=b,n:=1" || o.Device != "iPhone 15" || o.Watch != 0 {
				return fmt.Errorf("got %+v", o)
			}
			return nil
		}},
		{[]string{"--watch"}, func(o *iosPushOptions) error {
			if o.Watch != trigger.DefaultWatch {
				return fmt.Errorf("--watch alone = %v", o.Watch)
			}
			return nil
		}},
		{[]string{"--watch=30s", "--timeout", "2m", "--dry-run", "--alert", "hi", "--payload", "p.json", "--bundle", "com.x.y"}, func(o *iosPushOptions) error {
			if o.Watch != 30*time.Second || o.Timeout != 2*time.Minute || !o.DryRun || o.Alert != "hi" || o.Payload != "p.json" || o.Bundle != "com.x.y" {
				return fmt.Errorf("got %+v", o)
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			var got *iosPushOptions
			c := newTriggerIOSPushCmd(&Factory{IO: ios}, func(o *iosPushOptions) error { got = o; return nil })
			c.SetArgs(tt.args)
			if err := c.Execute(); err != nil {
				t.Fatal(err)
			}
			if err := tt.check(got); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestIOSTaskFlags(t *testing.T) {
	t.Parallel()
	ios, _, _, _ := iostreams.Test()
	var got *iosTaskOptions
	c := newTriggerIOSTaskCmd(&Factory{IO: ios}, func(o *iosTaskOptions) error { got = o; return nil })
	c.SetArgs([]string{"com.example.refresh", "--expire", "--print"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.ID != "com.example.refresh" || !got.Expire || !got.Print {
		t.Fatalf("got %+v", got)
	}
}

// The output is plain text whether or not the streams are terminals.
func TestIOSPushRun(t *testing.T) {
	t.Parallel()
	for _, tty := range []bool{false, true} {
		t.Run(fmt.Sprintf("tty=%v", tty), func(t *testing.T) {
			ios, _, out, errOut := iostreams.Test()
			ios.SetTTY(tty)
			r := iosTestRunner(t)
			o := &iosPushOptions{iosOptions: iosOptions{IO: ios, Runner: r, Bundle: "com.example.fieldnotes", now: time.Now}, Data: []string{"sync=inbox"}}
			if err := runIOSPush(context.Background(), o); err != nil {
				t.Fatal(err)
			}
			want := "Sent a silent push to com.example.fieldnotes on iPhone 15, iOS 17.0 (" + testUDID + "): {\"aps\":{\"content-available\":1},\"sync\":\"inbox\"}\n"
			if out.String() != want {
				t.Fatalf("stdout:\n got %q\nwant %q", out.String(), want)
			}
			if strings.Contains(out.String()+errOut.String(), "\x1b[") {
				t.Fatal("escape sequences in the output")
			}
			calls := r.lines()
			if len(calls) != 3 || calls[2] != "xcrun simctl push "+testUDID+" com.example.fieldnotes -" {
				t.Fatalf("calls = %q", calls)
			}
			if got := string(r.calls[2].Stdin); got != "{\"aps\":{\"content-available\":1},\"sync\":\"inbox\"}" {
				t.Fatalf("stdin = %q", got)
			}
		})
	}
}

func TestIOSTaskRunReadsTheLogSinceTheTrigger(t *testing.T) {
	t.Parallel()
	ios, _, out, _ := iostreams.Test()
	r := iosTestRunner(t)
	at := time.Date(2026, 10, 2, 9, 15, 30, 0, time.Local)
	o := &iosTaskOptions{iosOptions: iosOptions{IO: ios, Runner: r, Bundle: "com.example.fieldnotes", now: func() time.Time { return at }},
		ID: "com.example.fieldnotes.refresh"}
	if err := runIOSTask(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "BGTaskScheduler simulated the launch of com.example.fieldnotes.refresh") {
		t.Fatalf("stdout = %q", out.String())
	}
	calls := r.lines()
	want := `xcrun simctl spawn ` + testUDID + ` log show --style compact --start '2026-10-02 09:15:28' --predicate 'process == "FieldNotes" AND eventMessage CONTAINS "task with identifier"'`
	if calls[len(calls)-1] != want {
		t.Fatalf("last call:\n got %s\nwant %s", calls[len(calls)-1], want)
	}
}

func TestIOSExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		runner  trigger.Runner
		code    int
		errText string
	}{
		{"xcrun missing", []string{"trigger", "ios", "push", "--bundle", "com.x.y"},
			&iosCmdRunner{err: &trigger.ToolNotFoundError{Name: "xcrun"}}, ExitFailed, "need macOS with Xcode installed"},
		{"bad task id", []string{"trigger", "ios", "task", `a"b`}, &iosCmdRunner{}, ExitFailed, "Run 'bgkit trigger ios task --help' for usage"},
		{"print needs no xcrun", []string{"trigger", "ios", "task", "com.x.y", "--print"},
			&iosCmdRunner{err: &trigger.ToolNotFoundError{Name: "xcrun"}}, ExitOK, ""},
		{"negative timeout", []string{"trigger", "ios", "background", "--timeout", "-1s"}, &iosCmdRunner{}, ExitFailed, "--timeout must not be negative"},
		{"unknown subcommand", []string{"trigger", "ios", "fetch"}, &iosCmdRunner{}, ExitFailed, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, errOut := iostreams.Test()
			code := Run(&Factory{IO: ios, Runner: tt.runner, Getenv: func(string) string { return "" }}, tt.args)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, errOut)
			}
			if !strings.Contains(errOut.String(), tt.errText) {
				t.Fatalf("stderr %q lacks %q", errOut, tt.errText)
			}
		})
	}
}
