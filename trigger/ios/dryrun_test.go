package ios

import (
	"context"
	"testing"
	"time"
)

// A dry run of a task goes through the real steps: the look-ups parse the
// placeholders, and the record shows them by name.
func TestDryRunTask(t *testing.T) {
	dry := NewDryRunner("", "com.example.app")
	at := time.Date(2026, 10, 2, 9, 15, 30, 0, time.Local)
	tr := &Trigger{X: &Xcrun{Runner: dry}, Now: func() time.Time { return at }}
	task, err := tr.Task(context.Background(), "com.example.app", "com.example.app.refresh", false)
	if err != nil || task.Launched {
		t.Fatalf("task = %+v, err = %v", task, err)
	}
	want := `xcrun simctl list devices --json
xcrun simctl spawn UDID launchctl list
xcrun simctl get_app_container UDID com.example.app
xcrun lldb --batch --no-lldbinit -p PID -o 'e -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateLaunchForTaskWithIdentifier:@"com.example.app.refresh"]' -o 'process detach'
xcrun simctl spawn UDID log show --style compact --start '2026-10-02 09:15:28' --predicate 'process == "PROCESS" AND eventMessage CONTAINS "task with identifier"'
`
	if got := dry.Script(); got != want {
		t.Fatalf("script:\n%s\nwant:\n%s", got, want)
	}
}

// A named simulator is found by its name; a UDID is kept (upper case);
// a push's payload follows as a here-document.
func TestDryRunPush(t *testing.T) {
	for device, udid := range map[string]string{"iPhone 15": "UDID", "3f2504e0-4f89-41d3-9a0c-0305e82c3301": "3F2504E0-4F89-41D3-9A0C-0305E82C3301"} {
		dry := NewDryRunner(device, "com.example.app")
		tr := &Trigger{X: &Xcrun{Runner: dry}, Device: device}
		if _, err := tr.Push(context.Background(), "com.example.app", []byte(`{"aps":{}}`)); err != nil {
			t.Fatal(err)
		}
		want := "xcrun simctl list devices --json\nxcrun simctl get_app_container " + udid + " com.example.app\n" +
			"xcrun simctl push " + udid + " com.example.app - <<'EOF'\n{\"aps\":{}}\nEOF\n"
		if got := dry.Script(); got != want {
			t.Errorf("%s: script:\n%s\nwant:\n%s", device, got, want)
		}
	}
}

// The steps of one trigger act on the simulator its first step chose: the
// simulators are listed once.
func TestTriggerLooksUpSimulatorOnce(t *testing.T) {
	ctx := context.Background()
	dry := NewDryRunner("", "com.example.app")
	tr := &Trigger{X: &Xcrun{Runner: dry}}
	if _, err := tr.Background(ctx, "com.example.app"); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Push(ctx, "com.example.app", []byte(`{"aps":{}}`)); err != nil {
		t.Fatal(err)
	}
	want := `xcrun simctl list devices --json
xcrun simctl spawn UDID launchctl list
xcrun simctl launch UDID com.apple.Preferences
xcrun simctl get_app_container UDID com.example.app
xcrun simctl push UDID com.example.app - <<'EOF'
{"aps":{}}
EOF
`
	if got := dry.Script(); got != want {
		t.Fatalf("script:\n%s\nwant:\n%s", got, want)
	}
}
