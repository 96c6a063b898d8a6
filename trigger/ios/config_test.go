package ios

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/trigger"
)

const runUDID = "3F2504E0-4F89-41D3-9A0C-0305E82C3301"

// simStub answers the simulator list (FieldNotes on iPhone 15) and the
// commands of the lines given, in order of registration.
func simStub(t *testing.T, answers map[string]trigger.Result) *trigger.Stub {
	t.Helper()
	s := trigger.NewStub(t)
	s.Register("xcrun simctl list devices --json", trigger.Result{Stdout: readIOSFixture(t, "list-new.json")})
	for line, res := range answers {
		s.Register(line, res)
	}
	return s
}

// said collects what a Config says for stderr.
func said(c *Config) *[]string {
	var lines []string
	c.Say = func(s string) { lines = append(lines, s) }
	return &lines
}

func optionOf(err error) Option {
	var oe *OptionError
	if errors.As(err, &oe) {
		return oe.Option
	}
	return 0
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		c    Config
		want Option
		neg  bool
	}{
		{Config{}, 0, false},
		{Config{Bundle: "com.example.app", Timeout: time.Second, Watch: time.Second}, 0, false},
		{Config{Bundle: "-rf"}, OptionBundle, false},
		{Config{Timeout: -time.Second}, OptionTimeout, true},
		{Config{Watch: -time.Second}, OptionWatch, true},
	}
	for _, tt := range tests {
		err := tt.c.Validate()
		if got := optionOf(err); got != tt.want {
			t.Errorf("%+v: option %v, want %v (err %v)", tt.c, got, tt.want, err)
		}
		if errors.Is(err, ErrNegative) != tt.neg {
			t.Errorf("%+v: err %v, negative %v", tt.c, err, tt.neg)
		}
	}
	var ie *InvalidIDError
	if err := (&Config{Bundle: "a b"}).Validate(); !errors.As(err, &ie) || ie.What != "bundle id" {
		t.Errorf("bad bundle: %v", err)
	}
}

func TestPushSilent(t *testing.T) {
	r := simStub(t, map[string]trigger.Result{
		"xcrun simctl get_app_container " + runUDID + " com.example.fieldnotes": {Stdout: []byte("/x/FieldNotes.app\n")},
		"xcrun simctl push " + runUDID + " com.example.fieldnotes -":            {Stdout: []byte("Notification sent to 'com.example.fieldnotes'\n"), Stderr: []byte("Warning: beware\n")},
	})
	c := &Config{Runner: r, Bundle: "com.example.fieldnotes"}
	sent, err := c.Push(context.Background(), PushRequest{Data: []string{"n:=1"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "Sent a silent push to com.example.fieldnotes on iPhone 15, iOS 17.0 (" + runUDID + "): {\"aps\":{\"content-available\":1},\"n\":1}\n"
	if got := sent.Report(); got != want {
		t.Fatalf("report:\n got %q\nwant %q", got, want)
	}
	notes := sent.Notes()
	if len(notes) != 2 || notes[0] != "simctl: Warning: beware" || !strings.Contains(notes[1], "remote-notification in UIBackgroundModes") {
		t.Fatalf("notes = %q", notes)
	}
	if err := sent.Wait(); err != nil {
		t.Fatal(err)
	}
}

func TestPushVisibleHasNoSilentNote(t *testing.T) {
	r := simStub(t, map[string]trigger.Result{
		"xcrun simctl get_app_container " + runUDID + " com.example.fieldnotes": {Stdout: []byte("/x/FieldNotes.app\n")},
		"xcrun simctl push " + runUDID + " com.example.fieldnotes -":            {},
	})
	sent, err := (&Config{Runner: r, Bundle: "com.example.fieldnotes"}).Push(context.Background(), PushRequest{Alert: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sent.Report(), "Sent a visible push") || len(sent.Notes()) != 0 {
		t.Fatalf("report %q, notes %q", sent.Report(), sent.Notes())
	}
}

// The errors of values the user gave say which value: the caller names
// it as its user gave it.
func TestPushOptionErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "list.json"), []byte(`[1]`), 0o644); err != nil {
		t.Fatal(err)
	}
	big := strings.NewReader(strings.Repeat(" ", MaxPayloadFile+1))
	tests := []struct {
		name string
		r    PushRequest
		want Option
		text string
	}{
		{"bad data", PushRequest{Data: []string{"nokey"}}, OptionData, `"nokey" is not KEY=VALUE`},
		{"missing file", PushRequest{Payload: "nope.json"}, OptionPayload, "nope.json: no such file or directory"},
		{"stdin too large", PushRequest{Payload: "-", Stdin: big}, OptionPayload, "standard input: "},
		{"not an object", PushRequest{Payload: "list.json"}, 0, "list.json: the payload must be a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Config{Runner: trigger.NewStub(t), Dir: fsutil.Dir(dir), Bundle: "com.example.app"}
			_, err := c.Push(context.Background(), tt.r)
			if optionOf(err) != tt.want || err == nil || !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("err = %v (option %v), want option %v and %q", err, optionOf(err), tt.want, tt.text)
			}
		})
	}
	if _, err := (&Config{Runner: trigger.NewStub(t), Bundle: "com.example.app"}).Push(context.Background(), PushRequest{Payload: "-", Stdin: strings.NewReader(strings.Repeat(" ", MaxPayloadFile+1))}); !errors.Is(err, fsutil.ErrTooLarge) {
		t.Fatalf("large stdin: %v", err)
	}
}

// A relative payload file is read from the project's folder, and named in
// errors as the user gave it.
func TestPushPayloadFromDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "push.json"), []byte(`{"aps":{"content-available":1},"k":"v"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	c := &Config{Dir: fsutil.Dir(dir), Bundle: "com.example.app", DryRun: true}
	sent, err := c.Push(context.Background(), PushRequest{Payload: "push.json"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sent.Report(), `{"aps":{"content-available":1},"k":"v"}`) || sent.Notes() != nil {
		t.Fatalf("report %q, notes %q", sent.Report(), sent.Notes())
	}
	sent, err = c.Push(context.Background(), PushRequest{Payload: "-", Stdin: strings.NewReader(`{"aps":{"content-available":1},"s":1}`)})
	if err != nil || !strings.Contains(sent.Report(), `"s":1`) {
		t.Fatalf("stdin: %q, %v", sent.Report(), err)
	}
}

// A dry run reports its commands and says what UDID stands for, once.
func TestBackgroundDryRun(t *testing.T) {
	c := &Config{Bundle: "com.example.app", DryRun: true}
	lines := said(c)
	res, err := c.Background(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := "xcrun simctl list devices --json\nxcrun simctl spawn UDID launchctl list\nxcrun simctl launch UDID com.apple.Preferences\n"
	if res.Report() != want {
		t.Fatalf("report:\n%s\nwant:\n%s", res.Report(), want)
	}
	if len(*lines) != 1 || !strings.Contains((*lines)[0], "UDID stands for") {
		t.Fatalf("said %q", *lines)
	}
	c = &Config{Device: strings.ToLower(runUDID), DryRun: true}
	lines = said(c)
	if res, err := c.Background(context.Background()); err != nil || !strings.Contains(res.Report(), "launch "+runUDID+" com.apple.Preferences") || len(*lines) != 0 {
		t.Fatalf("named UDID: %q, %v, said %q", res.Report(), err, *lines)
	}
}

// Without a bundle id anywhere, background still runs, on the app in front.
func TestBackgroundWithoutBundle(t *testing.T) {
	r := simStub(t, map[string]trigger.Result{"xcrun simctl launch " + runUDID + " com.apple.Preferences": {}})
	res, err := (&Config{Runner: r, Dir: fsutil.Dir(t.TempDir())}).Background(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := "Opened Settings on iPhone 15, iOS 17.0 (" + runUDID + "): the app in front is now in the background.\n"
	if res.Report() != want {
		t.Fatalf("report %q", res.Report())
	}
}

func TestTaskRunReport(t *testing.T) {
	sim := Simulator{UDID: runUDID, Name: "iPhone 15"}
	launched := TaskRun{TaskResult: TaskResult{Simulator: sim, PID: 7, Launched: true}, Bundle: "com.x.y", ID: "com.x.y.t", done: true}
	if !strings.HasPrefix(launched.Report(), "BGTaskScheduler simulated the launch of com.x.y.t in com.x.y on iPhone 15") || launched.Notes() != nil {
		t.Fatalf("launched: %q %q", launched.Report(), launched.Notes())
	}
	unknown := TaskRun{TaskResult: TaskResult{Simulator: sim, PID: 7}, Bundle: "com.x.y", ID: "com.x.y.t", Expire: true, done: true}
	if !strings.HasPrefix(unknown.Report(), "lldb asked BGTaskScheduler to simulate the expiration of com.x.y.t in com.x.y (pid 7)") || len(unknown.Notes()) != 1 {
		t.Fatalf("unknown: %q %q", unknown.Report(), unknown.Notes())
	}
	if (TaskRun{Script: "x\n"}).Report() != "x\n" || (TaskRun{}).Notes() != nil {
		t.Fatal("a dry run reports its script alone")
	}
}

func TestTaskChecksTheIDFirst(t *testing.T) {
	_, err := (&Config{Runner: trigger.NewStub(t), Timeout: -1}).Task(context.Background(), `a"b`, false)
	var ie *InvalidIDError
	if optionOf(err) != OptionTaskID || !errors.As(err, &ie) || ie.What != "task id" {
		t.Fatalf("err = %v", err)
	}
}

// Fetch backgrounds the app, then pushes, on one simulator; only the push
// is watched.
func TestFetchDryRun(t *testing.T) {
	// A dry run's stream ends at once; Settle only bounds the wait for it.
	c := &Config{Bundle: "com.example.app", DryRun: true, Watch: time.Minute, Settle: time.Minute}
	lines := said(c)
	res, err := c.Fetch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Background.Report(); got != "xcrun simctl list devices --json\nxcrun simctl spawn UDID launchctl list\nxcrun simctl launch UDID com.apple.Preferences\n" {
		t.Fatalf("background:\n%s", got)
	}
	want := "xcrun simctl get_app_container UDID com.example.app\n" +
		"xcrun simctl spawn UDID log stream --style compact --predicate 'process == \"PROCESS\"'\n" +
		"xcrun simctl push UDID com.example.app - <<'EOF'\n{\"aps\":{\"content-available\":1}}\nEOF\n"
	if got := res.Push.Report(); got != want {
		t.Fatalf("push:\n%s\nwant:\n%s", got, want)
	}
	if len(*lines) != 1 {
		t.Fatalf("said %q", *lines)
	}
	if c.Bundle != "com.example.app" || c.Watch != time.Minute {
		t.Fatalf("Fetch changed its config: %+v", c)
	}
}

// Booted lists the booted simulators of every platform; without Xcode,
// none, and no error.
func TestBooted(t *testing.T) {
	r := stubOnce(t, trigger.Result{ExitCode: -1}, &trigger.ToolNotFoundError{Name: "xcrun"})
	sims, xcode, err := Booted(context.Background(), r, 0)
	if sims != nil || xcode || err != nil {
		t.Fatalf("got %v, %v, %v", sims, xcode, err)
	}
	r = stubOnce(t, trigger.Result{Stdout: readIOSFixture(t, "list-new.json")}, nil)
	sims, xcode, err = Booted(context.Background(), r, 0)
	if err != nil || !xcode || len(sims) != 2 || sims[0].UDID != runUDID || sims[0].State != "Booted" {
		t.Fatalf("got %+v, %v, %v", sims, xcode, err)
	}
}
