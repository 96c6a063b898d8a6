package android

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bgkit/bgkit/trigger"
)

func TestMatchWatchLine(t *testing.T) {
	tests := []struct {
		line     string
		ok       bool
		lib      string
		finished bool
		result   string
	}{
		{"I/WM-WorkerWrapper( 5120): Worker result SUCCESS for Work [ id=c3a8e2d1-7f4b-4a6c-b5e9-0a1d2f3e4c5b, tags={ com.acme.tides.SyncTidesWorker } ]", true, LibWorkManager, true, "SUCCESS"},
		{"03-02 10:44:12.118  5120  5160 I WM-WorkerWrapper: Worker result FAILURE for Work [ id=c3a8e2d1, tags={ x } ]", true, LibWorkManager, true, "FAILURE"},
		{"I/WM-WorkerWrapper( 5120): Worker result RETRY for Work [ id=c3a8e2d1, tags={ x } ]", true, LibWorkManager, true, "RETRY"},
		{"D/WM-SystemJobService( 5120): onStartJob for WorkGenerationalId(workSpecId=c3a8e2d1, generation=0)", true, LibWorkManager, false, ""},
		{"D/TSBackgroundFetch( 4711): - Background Fetch event received: react-native-background-fetch", true, LibBackgroundFetch, false, ""},
		{"D/TSBackgroundFetch( 4711): - finish: react-native-background-fetch", true, LibBackgroundFetch, true, ""},
		{"D/TSBackgroundFetch( 4711): - jobFinished", true, LibBackgroundFetch, true, ""},
		{"I/ReactNativeJS( 4711): '[BackgroundFetch] finish'", false, "", false, ""},
		{"I/MyApp( 1): Worker result SUCCESS for Work [ id=1 ]", false, "", false, ""},
		{"", false, "", false, ""},
	}
	for _, tt := range tests {
		ev, ok := MatchWatchLine(tt.line)
		if ok != tt.ok || ev.Library != tt.lib || ev.Finished != tt.finished || ev.Result != tt.result {
			t.Errorf("%q: got %+v, %v", tt.line, ev, ok)
		}
	}
}

func TestLogWatcherVerdict(t *testing.T) {
	var buf bytes.Buffer
	w := NewLogWatcher(&buf)
	stream := "--------- beginning of main\n" +
		"D/WM-SystemJobService( 5120): onStartJob for WorkGenerationalId(workSpecId=c3a8e2d1, generation=0)\n" +
		"I/WM-WorkerWrapper( 5120): Worker result SUCCESS for Work [ id=c3a8e2d1-7f4b, tags={ com.acme.tides.SyncTidesWorker } ]\n"
	// Split mid-line, as pipes do.
	w.Write([]byte(stream[:70]))
	w.Write([]byte(stream[70:]))
	if buf.String() != stream {
		t.Fatalf("stream not passed through: %q", buf.String())
	}
	v := w.Verdict(time.Minute)
	if !v.Seen || !v.OK() || v.String() != "verdict: WorkManager finished the work with SUCCESS (Work [ id=c3a8e2d1-7f4b ])" {
		t.Fatalf("verdict = %q (%+v)", v, v)
	}

	w = NewLogWatcher(nil)
	w.Write([]byte("D/TSBackgroundFetch( 4711): - Background Fetch event received: flutter_background_fetch\nI/flutter ( 4711): [BackgroundFetch] Event received"))
	v = w.Verdict(30 * time.Second)
	if v.Seen || !v.StartSeen || !strings.Contains(v.String(), "started but no finished-job line was seen within 30s") {
		t.Fatalf("started-only verdict = %q", v)
	}
	if v.Lines != 2 {
		t.Fatalf("lines = %d, want 2 (the unterminated last line counts)", v.Lines)
	}

	w = NewLogWatcher(nil)
	v = w.Verdict(2 * time.Minute)
	if v.String() != "verdict: no finished-job line seen within 2m0s (0 log lines)" || v.OK() {
		t.Fatalf("empty verdict = %q", v)
	}

	w = NewLogWatcher(nil)
	w.Write([]byte("I/WM-WorkerWrapper( 1): Worker result FAILURE for Work [ id=x, tags={ y } ]\n"))
	if v := w.Verdict(time.Second); !v.Seen || v.OK() {
		t.Fatalf("FAILURE verdict = %+v", v)
	}
}

func TestLogcatCmd(t *testing.T) {
	a := &ADB{Serial: "emulator-5554"}
	if got := a.LogcatCmd(4711, "1709376252.0").String(); got != "adb -s emulator-5554 logcat -v brief -T 1709376252.0 --pid=4711" {
		t.Errorf("pid: %s", got)
	}
	got := a.LogcatCmd(0, "").String()
	if got != "adb -s emulator-5554 logcat -v brief -T 1 WM-WorkerWrapper:V WM-SystemJobService:V TSBackgroundFetch:V ReactNativeJS:V flutter:V Capacitor:V '*:S'" {
		t.Errorf("tags: %s", got)
	}
	if c := a.LogcatCmd(1, "1;reboot"); strings.Contains(strings.Join(c.Args, " "), "reboot") {
		t.Errorf("since not validated: %q", c.Args)
	}
	if c := a.LogcatCmd(1, ""); c.Timeout >= 0 {
		t.Errorf("a stream must have no timeout, got %v", c.Timeout)
	}
}

func TestAppPIDAndDeviceTime(t *testing.T) {
	fake := newADBFake(t, []adbAnswer{
		{argv: "-s S shell pidof -s com.acme.tides", once: true, res: out("4711\n")},
		{argv: "-s S shell pidof -s com.acme.tides", once: true, res: trigger.Result{ExitCode: 1}},
		{argv: "-s S shell pidof -s com.acme.tides", res: out("/system/bin/sh: pidof: not found\n")},
		{argv: "-s S shell date +%s", once: true, res: out("1709376252\n")},
		{argv: "-s S shell date +%s", res: out("date: bad format\n")},
	})
	a := &ADB{Runner: fake, Serial: "S"}
	ctx := context.Background()
	for _, want := range []int{4711, 0, 0} {
		if pid, err := a.AppPID(ctx, "com.acme.tides"); err != nil || pid != want {
			t.Errorf("pid = %d, %v; want %d", pid, err, want)
		}
	}
	if s, err := a.DeviceTime(ctx); err != nil || s != "1709376252.0" {
		t.Errorf("time = %q, %v", s, err)
	}
	if s, err := a.DeviceTime(ctx); err != nil || s != "" {
		t.Errorf("bad time = %q, %v", s, err)
	}
}

func TestStreamLogEndsWithContext(t *testing.T) {
	fake := newADBFake(t, []adbAnswer{{stream: "I/WM-WorkerWrapper( 1): Worker result SUCCESS for Work [ id=abc, tags={ t } ]\n"}})
	a := &ADB{Runner: fake, Serial: "S"}
	w := NewLogWatcher(nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.StreamLog(ctx, a.LogcatCmd(0, ""), w); err != nil {
		t.Fatal(err)
	}
	if !w.Verdict(time.Second).Seen {
		t.Fatal("streamed line not seen")
	}
}
