package ios

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bgkit/bgkit/trigger"
)

// stubOnce is a Stub that answers one command, whichever it is.
func stubOnce(t *testing.T, res trigger.Result, err error) *trigger.Stub {
	s := trigger.NewStub(t)
	s.Register("*", res).Once().Fail(err)
	return s
}

var testSim = Simulator{UDID: "3F2504E0-4F89-41D3-9A0C-0305E82C3301", Name: "iPhone 15", State: "Booted", Runtime: "iOS 17.0", Platform: "iOS", Available: true}

func TestXcrunSimulatorsMissingXcrun(t *testing.T) {
	r := stubOnce(t, trigger.Result{ExitCode: -1}, &trigger.ToolNotFoundError{Name: "xcrun"})
	_, err := (&Xcrun{Runner: r}).Simulator(context.Background(), "")
	var xe *XcodeRequiredError
	if !errors.As(err, &xe) || xe.Tool != "xcrun" || !strings.Contains(err.Error(), "macOS with Xcode") {
		t.Fatalf("err = %v", err)
	}
}

func TestXcrunSimulatorsArgvAndTimeout(t *testing.T) {
	r := stubOnce(t, trigger.Result{Stdout: readIOSFixture(t, "list-new.json")}, nil)
	sim, err := (&Xcrun{Runner: r}).Simulator(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if sim.Name != "iPhone 15" {
		t.Fatalf("selected %v", sim)
	}
	if got := r.Calls[0].String(); got != "xcrun simctl list devices --json" {
		t.Fatalf("argv = %s", got)
	}
	if r.Calls[0].Timeout != trigger.DefaultTimeout {
		t.Fatalf("timeout = %v", r.Calls[0].Timeout)
	}
}

func TestXcrunPush(t *testing.T) {
	payload := []byte(`{"aps":{"content-available":1}}`)
	tests := []struct {
		name    string
		res     trigger.Result
		wantErr string
		want    PushResult
	}{
		{name: "sent", res: trigger.Result{Stdout: []byte("Notification sent to 'com.example.fieldnotes'\n")},
			want: PushResult{Message: "Notification sent to 'com.example.fieldnotes'"}},
		{name: "sent with an advisory", res: trigger.Result{Stdout: []byte("Notification sent to 'com.example.fieldnotes'\n"), Stderr: []byte("Warning: the payload has no alert\n")},
			want: PushResult{Message: "Notification sent to 'com.example.fieldnotes'", Advisory: "Warning: the payload has no alert"}},
		{name: "shut down", res: trigger.Result{Stderr: readIOSFixture(t, "push-shutdown.txt"), ExitCode: 149}, wantErr: "Unable to lookup in current state: Shutdown"},
		{name: "no devices", res: trigger.Result{Stderr: readIOSFixture(t, "push-no-devices.txt"), ExitCode: 1}, wantErr: "No devices are booted."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := stubOnce(t, tt.res, nil)
			got, err := (&Xcrun{Runner: r}).Push(context.Background(), testSim, "com.example.fieldnotes", payload)
			c := r.Calls[0]
			if c.String() != "xcrun simctl push 3F2504E0-4F89-41D3-9A0C-0305E82C3301 com.example.fieldnotes -" || !bytes.Equal(c.Stdin, payload) {
				t.Fatalf("call = %s with stdin %q", c, c.Stdin)
			}
			if c.Timeout < 60*time.Second {
				t.Fatalf("push timeout %v is shorter than a minute", c.Timeout)
			}
			if tt.wantErr != "" {
				var se *SimctlError
				if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want SimctlError with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v, %v", got, err)
			}
		})
	}
}

func TestXcrunTimeoutOverride(t *testing.T) {
	r := stubOnce(t, trigger.Result{}, nil)
	(&Xcrun{Runner: r, Timeout: 5 * time.Second}).Push(context.Background(), testSim, "com.example.app", nil)
	if r.Calls[0].Timeout != 5*time.Second {
		t.Fatalf("timeout = %v, want --timeout's 5s", r.Calls[0].Timeout)
	}
}

func TestXcrunAppContainer(t *testing.T) {
	tests := []struct {
		name     string
		res      trigger.Result
		wantPath string
		wantErr  any
	}{
		{name: "installed", res: trigger.Result{Stdout: []byte("/Users/dev/Library/Developer/CoreSimulator/Devices/X/data/Containers/Bundle/Application/Y/FieldNotes.app\n")},
			wantPath: "/Users/dev/Library/Developer/CoreSimulator/Devices/X/data/Containers/Bundle/Application/Y/FieldNotes.app"},
		{name: "not installed", res: trigger.Result{ExitCode: 2, Stderr: []byte("An error was encountered processing the command (domain=NSPOSIXErrorDomain, code=2):\nFailed to get the data container\n")},
			wantErr: new(*AppNotInstalledError)},
		{name: "shut down", res: trigger.Result{ExitCode: 149, Stderr: readIOSFixture(t, "push-shutdown.txt")}, wantErr: new(*SimctlError)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := stubOnce(t, tt.res, nil)
			got, err := (&Xcrun{Runner: r}).AppContainer(context.Background(), testSim, "com.example.fieldnotes")
			if want := "xcrun simctl get_app_container 3F2504E0-4F89-41D3-9A0C-0305E82C3301 com.example.fieldnotes"; r.Calls[0].String() != want {
				t.Fatalf("argv = %s", r.Calls[0])
			}
			if tt.wantErr != nil {
				if !errors.As(err, tt.wantErr) {
					t.Fatalf("err = %T %v, want %T", err, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.wantPath {
				t.Fatalf("got %q, %v", got, err)
			}
		})
	}
}

func TestProcessName(t *testing.T) {
	for in, want := range map[string]string{
		"/x/FieldNotes.app":         "FieldNotes",
		"/x/trigger.Runner.app/":    "trigger.Runner",
		"/x/My Field Notes.app":     "My Field Notes",
		"/x/App-Dev+Beta_2.app":     "App-Dev+Beta_2",
		"/x/Evil\".app":             "",
		"/x/a\\b.app":               "",
		"/x/notanapp":               "",
		"/x/.app":                   "",
		"/x/\"; rm -rf ~ #.app":     "",
		"/x/name\nwith newline.app": "",
	} {
		got, err := ProcessName(in)
		if want == "" {
			if err == nil {
				t.Errorf("ProcessName(%q) = %q, want an error", in, got)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("ProcessName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestValidateBundleID(t *testing.T) {
	for id, ok := range map[string]bool{
		"com.example.app":          true,
		"com.example.my-app":       true,
		"org.reactjs.native.my_ex": true,
		"com.apple.Preferences":    true,
		"app":                      false,
		"":                         false,
		"com..app":                 false,
		"com.example.app ":         false,
		"com.example.app;reboot":   false,
		`com.example."x"`:          false,
		"com.example.$(PRODUCT)":   false,
		"-com.example":             false, // simctl would take it for an option
	} {
		if err := ValidateBundleID(id); (err == nil) != ok {
			t.Errorf("ValidateBundleID(%q) = %v, want ok=%v", id, err, ok)
		}
	}
}

func TestParseLaunchctlList(t *testing.T) {
	jobs := ParseLaunchctlList(readIOSFixture(t, "launchctl-list.txt"))
	if len(jobs) != 9 {
		t.Fatalf("got %d jobs: %+v", len(jobs), jobs)
	}
	if jobs[0] != (LaunchdJob{PID: 0, Status: "0", Label: "com.apple.progressd"}) {
		t.Fatalf("first job = %+v", jobs[0])
	}
	tests := []struct {
		bundle string
		pid    int
		ok     bool
	}{
		// The stale row with "-" comes first; the running one wins.
		{"com.example.fieldnotes", 41502, true},
		{"com.example.fieldnotes.widget", 41377, true},
		{"com.example", 0, false},
		{"com.apple.mobilesafari", 41230, true},
		{"com.apple.InCallService", 402, true},
		{"com.apple.homed", 0, false}, // a daemon, not an app
	}
	for _, tt := range tests {
		pid, ok := FindAppPID(jobs, tt.bundle)
		if pid != tt.pid || ok != tt.ok {
			t.Errorf("FindAppPID(%q) = %d, %v; want %d, %v", tt.bundle, pid, ok, tt.pid, tt.ok)
		}
	}
}

func TestXcrunAppPIDNotRunning(t *testing.T) {
	r := stubOnce(t, trigger.Result{Stdout: readIOSFixture(t, "launchctl-list.txt")}, nil)
	_, err := (&Xcrun{Runner: r}).AppPID(context.Background(), testSim, "com.example.other")
	var nr *AppNotRunningError
	if !errors.As(err, &nr) || !strings.Contains(err.Error(), "xcrun simctl launch 3F2504E0-4F89-41D3-9A0C-0305E82C3301 com.example.other") {
		t.Fatalf("err = %v", err)
	}
	if got := r.Calls[0].String(); got != "xcrun simctl spawn 3F2504E0-4F89-41D3-9A0C-0305E82C3301 launchctl list" {
		t.Fatalf("argv = %s", got)
	}
}

func TestBackgroundCmd(t *testing.T) {
	if got := BackgroundCmd("U-1").String(); got != "xcrun simctl launch U-1 com.apple.Preferences" {
		t.Fatal(got)
	}
}

func TestLogStreamCmd(t *testing.T) {
	c := LogStreamCmd("U-1", "My App")
	if got := c.String(); got != `xcrun simctl spawn U-1 log stream --style compact --predicate 'process == "My App"'` {
		t.Fatal(got)
	}
	if c.Timeout >= 0 {
		t.Fatal("a log stream must not have a timeout of its own")
	}
}

func TestXcrunStreamLog(t *testing.T) {
	r := stubOnce(t, trigger.Result{Stdout: []byte("2026-10-02 09:15:40.021 Df FieldNotes[41502:8e21f0] refreshed\n")}, nil)
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := (&Xcrun{Runner: r}).StreamLog(ctx, testSim, "FieldNotes", &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "refreshed") {
		t.Fatalf("stream output = %q", out.String())
	}
	if err := (&Xcrun{Runner: r}).StreamLog(ctx, testSim, `x" OR 1==1 OR "`, &out); err == nil {
		t.Fatal("an unsafe process name reached the predicate")
	}
}

func TestTaskLogScanner(t *testing.T) {
	tests := []struct {
		chunks                 []string
		launched, notScheduled bool
	}{
		{[]string{"a\nSimulating launch for task with ", "identifier com.x.y\n"}, true, false},
		{[]string{"Simulating launch for task with identifier com.x.y\nNo task request with identifier com.x.y has been scheduled\n"}, true, true},
		{[]string{"nothing\n", "to see"}, false, false},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		s := NewTaskLogScanner(&out)
		for _, c := range tt.chunks {
			s.Write([]byte(c))
		}
		if l, n := s.Seen(); l != tt.launched || n != tt.notScheduled {
			t.Errorf("%q: launched=%v notScheduled=%v", tt.chunks, l, n)
		}
		if out.String() != strings.Join(tt.chunks, "") {
			t.Errorf("the scanner changed the stream: %q", out.String())
		}
	}
}

func FuzzParseLaunchctlList(f *testing.F) {
	f.Add(readIOSFixture(f, "launchctl-list.txt"), "com.example.fieldnotes")
	f.Add([]byte("1\t0\tUIKitApplication:[\n"), "")
	f.Fuzz(func(t *testing.T, b []byte, bundle string) {
		jobs := ParseLaunchctlList(b)
		pid, ok := FindAppPID(jobs, bundle)
		if ok && pid <= 0 {
			t.Fatalf("found pid %d", pid)
		}
		for _, j := range jobs {
			if j.PID < 0 {
				t.Fatalf("negative pid in %+v", j)
			}
		}
	})
}

func TestXcrunTaskLog(t *testing.T) {
	since := time.Date(2026, 10, 2, 9, 15, 30, 0, time.Local)
	r := stubOnce(t, trigger.Result{Stdout: []byte("Timestamp               Ty Process[PID:TID]\n" +
		"2026-10-02 09:15:40.020 Df FieldNotes[41502:8e21f0] [com.apple.BackgroundTasks:Scheduler] Simulating launch for task with identifier com.transistorsoft.fetch\n" +
		"2026-10-02 09:15:40.021 E  FieldNotes[41502:8e21f0] [com.apple.BackgroundTasks:Scheduler] No task request with identifier com.transistorsoft.fetch has been scheduled")}, nil)
	s, err := (&Xcrun{Runner: r}).TaskLog(context.Background(), testSim, "FieldNotes", since)
	if err != nil {
		t.Fatal(err)
	}
	if l, n := s.Seen(); !l || !n {
		t.Fatalf("launched=%v notScheduled=%v", l, n)
	}
	want := `xcrun simctl spawn 3F2504E0-4F89-41D3-9A0C-0305E82C3301 log show --style compact --start '2026-10-02 09:15:30' --predicate 'process == "FieldNotes" AND eventMessage CONTAINS "task with identifier"'`
	if got := r.Calls[0].String(); got != want {
		t.Fatalf("argv:\n got %s\nwant %s", got, want)
	}
}

func BenchmarkFindAppPID(b *testing.B) {
	in := readIOSFixture(b, "launchctl-list.txt")
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, ok := FindAppPID(ParseLaunchctlList(in), "com.example.fieldnotes"); !ok {
			b.Fatal("not found")
		}
	}
}
