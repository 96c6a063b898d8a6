package ios

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bgkit/bgkit/trigger"
)

func TestValidateTaskID(t *testing.T) {
	for id, ok := range map[string]bool{
		"com.transistorsoft.fetch":                   true,
		"com.expo.modules.backgroundtask.processing": true,
		"com.example.my-task_2":                      true,
		"iOSPerformFetch":                            false, // no dot: not reverse-DNS
		"":                                           false,
		"com.example.":                               false,
		".com.example":                               false,
		"-com.example":                               false,
		`com.example"]; (void)exit(0); @"`:           false,
		"com.example.a b":                            false,
		`com.example.\x`:                             false,
		"com.example.a]":                             false,
		"com.example.@x":                             false,
		"com.example.'x'":                            false,
		"com.example.task\n":                         false,
		"com.example.*":                              false,
		strings.Repeat("a.", 200) + "b":              false,
	} {
		if err := ValidateTaskID(id); (err == nil) != ok {
			t.Errorf("ValidateTaskID(%q) = %v, want ok=%v", id, err, ok)
		}
	}
}

func TestTaskExpression(t *testing.T) {
	if got, want := TaskExpression("com.example.refresh", false), `e -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateLaunchForTaskWithIdentifier:@"com.example.refresh"]`; got != want {
		t.Errorf("launch:\n got %s\nwant %s", got, want)
	}
	if got, want := TaskExpression("com.example.refresh", true), `e -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateExpirationForTaskWithIdentifier:@"com.example.refresh"]`; got != want {
		t.Errorf("expire:\n got %s\nwant %s", got, want)
	}
}

func TestLLDBTaskCmd(t *testing.T) {
	c := LLDBTaskCmd(41502, "com.example.refresh", false)
	want := []string{"lldb", "--batch", "--no-lldbinit", "-p", "41502",
		"-o", `e -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateLaunchForTaskWithIdentifier:@"com.example.refresh"]`,
		"-o", "process detach"}
	if c.Name != "xcrun" || strings.Join(c.Args, "\x00") != strings.Join(want, "\x00") {
		t.Fatalf("argv = %q", c.Args)
	}
	if got := LLDBTaskCmd(0, "com.example.refresh", false).Args[4]; got != "PID" {
		t.Fatalf("placeholder pid = %q", got)
	}
}

func TestParseLLDBTaskOutput(t *testing.T) {
	tests := []struct {
		file    string
		id      string
		want    TaskOutcome
		wantErr any
		errText string
	}{
		{file: "lldb-launch-ok.txt", id: "com.example.fieldnotes.refresh", want: TaskSent},
		{file: "lldb-launch-logged.txt", id: "com.example.fieldnotes.refresh", want: TaskLaunchLogged},
		{file: "lldb-not-scheduled.txt", id: "com.transistorsoft.fetch", wantErr: new(*TaskNotScheduledError), errText: "triggerTaskWorkerForTestingAsync"},
		{file: "lldb-undeclared.txt", id: "com.example.fieldnotes.refresh", wantErr: new(*BGTaskUnavailableError), errText: "iOS 13"},
		{file: "lldb-attach-failed.txt", id: "com.example.fieldnotes.refresh", wantErr: new(*AttachFailedError), errText: "DevToolsSecurity"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseLLDBTaskOutput(string(readIOSFixture(t, tt.file)), 41502, tt.id, false)
			if tt.wantErr == nil {
				if err != nil || got != tt.want {
					t.Fatalf("got %v, %v; want %v", got, err, tt.want)
				}
				return
			}
			if !errors.As(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errText) {
				t.Fatalf("err = %T %v; want %T mentioning %q", err, err, tt.wantErr, tt.errText)
			}
		})
	}
}

func TestParseLLDBTaskOutputOtherError(t *testing.T) {
	out := "(lldb) e -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateLaunchForTaskWithIdentifier:@\"com.x.y\"]\nerror: Execution was interrupted, reason: signal SIGABRT.\n"
	_, err := ParseLLDBTaskOutput(out, 1, "com.x.y", false)
	var le *LLDBError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "SIGABRT") {
		t.Fatalf("err = %v", err)
	}
}

func TestTaskNotScheduledExpire(t *testing.T) {
	err := &TaskNotScheduledError{ID: "com.x.y", Expire: true}
	if !strings.Contains(err.Error(), "nothing to expire") || !strings.Contains(err.Error(), "_simulateExpirationForTaskWithIdentifier") {
		t.Fatal(err)
	}
}

func TestXcrunSimulateTask(t *testing.T) {
	r := stubOnce(t, trigger.Result{Stdout: readIOSFixture(t, "lldb-launch-ok.txt")}, nil)
	got, err := (&Xcrun{Runner: r}).SimulateTask(context.Background(), 41502, "com.example.fieldnotes.refresh", true)
	if err != nil || got != TaskSent {
		t.Fatalf("got %v, %v", got, err)
	}
	c := r.Calls[0]
	if !strings.Contains(c.String(), "_simulateExpirationForTaskWithIdentifier") || c.Timeout < 60*time.Second {
		t.Fatalf("call = %s (timeout %v)", c, c.Timeout)
	}
	// An invalid id never reaches lldb.
	r = trigger.NewStub(t)
	if _, err := (&Xcrun{Runner: r}).SimulateTask(context.Background(), 1, `x"]`, false); err == nil || len(r.Calls) != 0 {
		t.Fatalf("err = %v, calls = %v", err, r.Calls)
	}
	// A failed exit with no recognisable text is still a failure.
	r = stubOnce(t, trigger.Result{ExitCode: 1, Stderr: []byte("Segmentation fault")}, nil)
	if _, err := (&Xcrun{Runner: r}).SimulateTask(context.Background(), 1, "com.x.y", false); err == nil {
		t.Fatal("lldb's failure was taken for success")
	}
}

func FuzzParseLLDBTaskOutput(f *testing.F) {
	for _, name := range []string{"lldb-launch-ok.txt", "lldb-launch-logged.txt", "lldb-not-scheduled.txt", "lldb-undeclared.txt", "lldb-attach-failed.txt"} {
		f.Add(string(readIOSFixture(f, name)))
	}
	f.Fuzz(func(t *testing.T, out string) {
		_, err := ParseLLDBTaskOutput(out, 1, "com.x.y", false)
		if err != nil {
			_ = err.Error()
		}
	})
}

func FuzzValidateTaskID(f *testing.F) {
	f.Add("com.example.refresh")
	f.Add(`com.example"]`)
	f.Fuzz(func(t *testing.T, id string) {
		if ValidateTaskID(id) != nil {
			return
		}
		// Whatever passes must be inert inside @"..." and inside the
		// single-quoted word Cmd.String prints.
		if strings.ContainsAny(id, "\"\\]@' \t\n\r[;$`") {
			t.Fatalf("ValidateTaskID accepted %q", id)
		}
	})
}
