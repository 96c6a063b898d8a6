package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/ios"
)

const testUDID = "3F2504E0-4F89-41D3-9A0C-0305E82C3301"

// iosTestRunner answers the commands named (list, container, push,
// launchctl, lldb, logshow) as a simulator with FieldNotes running does.
func iosTestRunner(t *testing.T, names ...string) *trigger.Stub {
	t.Helper()
	list, err := os.ReadFile(filepath.Join("..", "trigger", "ios", "testdata", "ios", "list-new.json"))
	if err != nil {
		t.Fatal(err)
	}
	launchctl, err := os.ReadFile(filepath.Join("..", "trigger", "ios", "testdata", "ios", "launchctl-list.txt"))
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]struct {
		line string
		res  trigger.Result
	}{
		"list":      {"xcrun simctl list devices --json", trigger.Result{Stdout: list}},
		"container": {"xcrun simctl get_app_container " + testUDID + " *", trigger.Result{Stdout: []byte("/x/Containers/Bundle/Application/Y/FieldNotes.app\n")}},
		"push":      {"xcrun simctl push " + testUDID + " *", trigger.Result{Stdout: []byte("Notification sent to 'com.example.fieldnotes'\n")}},
		"launchctl": {"xcrun simctl spawn " + testUDID + " launchctl list", trigger.Result{Stdout: launchctl}},
		"lldb":      {"xcrun lldb *", trigger.Result{Stdout: []byte("(lldb) process detach\nProcess 41502 detached\n")}},
		"logshow":   {"xcrun simctl spawn " + testUDID + " log show *", trigger.Result{Stdout: []byte("Simulating launch for task with identifier com.example.fieldnotes.refresh\n")}},
	}
	s := trigger.NewStub(t)
	for _, n := range names {
		a, ok := answers[n]
		if !ok {
			t.Fatalf("no answer named %q", n)
		}
		s.Register(a.line, a.res)
	}
	return s
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
			c := newTriggerIOSPushCmd(&cmdutil.Factory{IO: ios}, func(o *iosPushOptions) error { got = o; return nil })
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
	c := newTriggerIOSTaskCmd(&cmdutil.Factory{IO: ios}, func(o *iosTaskOptions) error { got = o; return nil })
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
			streams, _, out, errOut := iostreams.Test()
			streams.SetTTY(tty)
			r := iosTestRunner(t, "list", "container", "push")
			o := &iosPushOptions{iosOptions: iosOptions{IO: streams, Config: ios.Config{Runner: r, Bundle: "com.example.fieldnotes", Now: time.Now}}, Data: []string{"sync=inbox"}}
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
			calls := r.Lines()
			if len(calls) != 3 || calls[2] != "xcrun simctl push "+testUDID+" com.example.fieldnotes -" {
				t.Fatalf("calls = %q", calls)
			}
			if got := string(r.Calls[2].Stdin); got != "{\"aps\":{\"content-available\":1},\"sync\":\"inbox\"}" {
				t.Fatalf("stdin = %q", got)
			}
		})
	}
}

func TestIOSTaskRunReadsTheLogSinceTheTrigger(t *testing.T) {
	t.Parallel()
	streams, _, out, _ := iostreams.Test()
	r := iosTestRunner(t, "list", "launchctl", "container", "lldb", "logshow")
	at := time.Date(2026, 10, 2, 9, 15, 30, 0, time.Local)
	o := &iosTaskOptions{iosOptions: iosOptions{IO: streams, Config: ios.Config{Runner: r, Bundle: "com.example.fieldnotes", Now: func() time.Time { return at }}},
		ID: "com.example.fieldnotes.refresh"}
	if err := runIOSTask(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "BGTaskScheduler simulated the launch of com.example.fieldnotes.refresh") {
		t.Fatalf("stdout = %q", out.String())
	}
	calls := r.Lines()
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
		missing bool // xcrun is not installed
		code    int
		errText string
	}{
		{"xcrun missing", []string{"trigger", "ios", "push", "--bundle", "com.x.y"},
			true, cmdutil.ExitFailed, "need macOS with Xcode installed"},
		{"bad task id", []string{"trigger", "ios", "task", `a"b`}, false, cmdutil.ExitFailed, "Run 'bgkit trigger ios task --help' for usage"},
		{"print needs no xcrun", []string{"trigger", "ios", "task", "com.x.y", "--print"},
			false, cmdutil.ExitOK, ""},
		{"negative timeout", []string{"trigger", "ios", "background", "--timeout", "-1s"}, false, cmdutil.ExitFailed, "--timeout must not be negative"},
		{"unknown subcommand", []string{"trigger", "ios", "fetch"}, false, cmdutil.ExitFailed, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, errOut := iostreams.Test()
			r := trigger.NewStub(t)
			if tt.missing {
				notInstalled(r, "xcrun simctl list devices --json")
			}
			code := Run(&cmdutil.Factory{IO: ios, Runner: r, Getenv: func(string) string { return "" }}, tt.args)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, errOut)
			}
			if !strings.Contains(errOut.String(), tt.errText) {
				t.Fatalf("stderr %q lacks %q", errOut, tt.errText)
			}
		})
	}
}

// The errors of trigger/ios name a value; cmd names the flag behind it.
func TestIOSErrorNamesTheFlag(t *testing.T) {
	t.Parallel()
	plain := errors.New("bad")
	tests := []struct {
		err   error
		text  string
		usage bool
	}{
		{&ios.OptionError{Option: ios.OptionTimeout, Err: ios.ErrNegative}, "--timeout must not be negative", true},
		{&ios.OptionError{Option: ios.OptionWatch, Err: ios.ErrNegative}, "--watch must not be negative", true},
		{&ios.OptionError{Option: ios.OptionBundle, Err: plain}, "--bundle: bad", true},
		{&ios.OptionError{Option: ios.OptionData, Err: plain}, "--data: bad", true},
		{&ios.OptionError{Option: ios.OptionPayload, Err: plain}, "--payload: bad", false},
		{&ios.OptionError{Option: ios.OptionTaskID, Err: plain}, "bad", true},
		{plain, "bad", false},
	}
	for _, tt := range tests {
		err := iosError(tt.err)
		var ue *cmdutil.UsageError
		if err.Error() != tt.text || errors.As(err, &ue) != tt.usage {
			t.Errorf("%v: got %q (usage %v), want %q (usage %v)", tt.err, err, errors.As(err, &ue), tt.text, tt.usage)
		}
	}
}

func TestFetchFlags(t *testing.T) {
	t.Parallel()
	streams, _, _, _ := iostreams.Test()
	var got *fetchOptions
	c := newTriggerFetchCmd(&cmdutil.Factory{IO: streams}, func(o *fetchOptions) error { got = o; return nil })
	c.SetArgs([]string{"--platform", "ios", "--device", "iPhone 15", "--bundle", "com.x.y", "--serial", "emulator-5554", "--package", "com.x.z", "--all", "--dry-run", "--timeout", "1m", "--watch"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Platform != "ios" || got.Device != "iPhone 15" || got.Bundle != "com.x.y" || got.Serial != "emulator-5554" || got.Package != "com.x.z" ||
		!got.All || !got.DryRun || got.Timeout != time.Minute || got.Watch != trigger.DefaultWatch {
		t.Fatalf("got %+v", got)
	}
}
