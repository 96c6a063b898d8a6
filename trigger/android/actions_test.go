package android

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bgkit/bgkit/trigger"
)

func TestBoot(t *testing.T) {
	ok := "Broadcasting: Intent { act=android.intent.action.BOOT_COMPLETED flg=0x400000 pkg=com.acme.tides }\nBroadcast completed: result=0\n"
	denied := "Broadcasting: Intent { act=android.intent.action.BOOT_COMPLETED flg=0x400000 pkg=com.acme.tides }\n\nException occurred while executing 'broadcast':\njava.lang.SecurityException: Permission Denial: not allowed to send broadcast android.intent.action.BOOT_COMPLETED from pid=5120, uid=2000\n"
	a := &ADB{Runner: newADBFake(t, []adbAnswer{{res: out(ok)}}), Serial: "S"}
	b, err := a.Boot(context.Background(), "com.acme.tides")
	if err != nil || b.Result != 0 || b.Intent != "act=android.intent.action.BOOT_COMPLETED flg=0x400000 pkg=com.acme.tides" {
		t.Fatalf("boot = %+v, %v", b, err)
	}
	for _, res := range []trigger.Result{errOut(denied, 255), out(denied)} {
		a = &ADB{Runner: newADBFake(t, []adbAnswer{{res: res}}), Serial: "S"}
		_, err = a.Boot(context.Background(), "com.acme.tides")
		var de *BootDeniedError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), "--root") || !strings.Contains(err.Error(), "without Google Play") {
			t.Fatalf("denied: %v", err)
		}
	}
}

func TestRoot(t *testing.T) {
	fake := newADBFake(t, []adbAnswer{{argv: "-s S root", res: out("restarting adbd as root\n")}, {argv: "-s S wait-for-device"}})
	a := &ADB{Runner: fake, Serial: "S"}
	if err := a.Root(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fake.calls(), []string{"-s S root", "-s S wait-for-device"}) {
		t.Fatalf("calls = %q", fake.calls())
	}
	fake = newADBFake(t, []adbAnswer{{argv: "-s S root", res: out("adbd cannot run as root in production builds\n")}})
	a = &ADB{Runner: fake, Serial: "S"}
	var re *RootError
	if err := a.Root(context.Background()); !errors.As(err, &re) || len(fake.calls()) != 1 {
		t.Fatalf("production build: %v, calls %q", err, fake.calls())
	}
}

func TestDoze(t *testing.T) {
	fake := newADBFake(t, []adbAnswer{
		{argv: "-s S shell dumpsys battery unplug"},
		{argv: "-s S shell dumpsys deviceidle force-idle", res: out("Now forced in to deep idle mode\n")},
	})
	a := &ADB{Runner: fake, Serial: "S"}
	st, err := a.Doze(context.Background(), "on")
	if err != nil || st.Deep != "IDLE" {
		t.Fatalf("on: %+v, %v", st, err)
	}

	fake = newADBFake(t, []adbAnswer{
		{argv: "-s S shell dumpsys deviceidle unforce", res: out("Light state: ACTIVE, deep state: ACTIVE\n")},
		{argv: "-s S shell dumpsys battery reset"},
	})
	a = &ADB{Runner: fake, Serial: "S"}
	st, err = a.Doze(context.Background(), "off")
	if err != nil || st.Deep != "ACTIVE" || st.Light != "ACTIVE" || len(fake.calls()) != 2 {
		t.Fatalf("off: %+v, %v, %q", st, err, fake.calls())
	}

	fake = newADBFake(t, []adbAnswer{
		{argv: "-s S shell dumpsys battery unplug"},
		{argv: "-s S shell dumpsys deviceidle step", res: out("Stepped to deep: IDLE_PENDING\n")},
	})
	a = &ADB{Runner: fake, Serial: "S"}
	if st, err = a.Doze(context.Background(), "step"); err != nil || st.Deep != "IDLE_PENDING" {
		t.Fatalf("step: %+v, %v", st, err)
	}

	// A failed force-idle puts the battery back.
	fake = newADBFake(t, []adbAnswer{
		{argv: "-s S shell dumpsys battery unplug"},
		{argv: "-s S shell dumpsys deviceidle force-idle", res: out("Unable to go deep idle; not enabled\n")},
		{argv: "-s S shell dumpsys battery reset"},
	})
	a = &ADB{Runner: fake, Serial: "S"}
	_, err = a.Doze(context.Background(), "on")
	if err == nil || !strings.Contains(err.Error(), "deviceidle enable") || fake.calls()[len(fake.calls())-1] != "-s S shell dumpsys battery reset" {
		t.Fatalf("failed on: %v, calls %q", err, fake.calls())
	}

	if _, err := a.DozeCmds("deep"); err == nil {
		t.Fatal("unknown doze action accepted")
	}
}

func TestStandby(t *testing.T) {
	for in, want := range map[string]StandbyBucket{
		"40\n":        {Value: 40, Name: "rare"},
		"10":          {Value: 10, Name: "active"},
		"45\r\n":      {Value: 45, Name: "restricted"},
		"5":           {Value: 5, Name: "exempted"},
		"WORKING_SET": {Value: 20, Name: "working_set"},
		"77":          {Value: 77, Name: "unknown"},
	} {
		got, ok := ParseStandbyBucket(in)
		if !ok || got != want {
			t.Errorf("ParseStandbyBucket(%q) = %+v, %v; want %+v", in, got, ok, want)
		}
	}
	if _, ok := ParseStandbyBucket("Exception: java.lang.IllegalArgumentException"); ok {
		t.Error("an exception parsed as a bucket")
	}

	a := &ADB{Serial: "S"}
	if _, err := a.SetStandbyCmd("com.acme.tides", "rare;reboot"); err == nil {
		t.Error("bad bucket accepted")
	}
	if _, err := a.SetStandbyCmd("com.acme.tides", "never"); err == nil {
		t.Error("never accepted: it is not settable from the shell")
	}

	fake := newADBFake(t, []adbAnswer{
		{argv: "-s S shell am set-standby-bucket com.acme.tides rare"},
		{argv: "-s S shell am get-standby-bucket com.acme.tides", res: out("40\n")},
	})
	a = &ADB{Runner: fake, Serial: "S"}
	if err := a.SetStandbyBucket(context.Background(), "com.acme.tides", "rare"); err != nil {
		t.Fatal(err)
	}
	b, err := a.StandbyBucket(context.Background(), "com.acme.tides")
	if err != nil || b != (StandbyBucket{Package: "com.acme.tides", Value: 40, Name: "rare"}) {
		t.Fatalf("bucket = %+v, %v", b, err)
	}

	fake = newADBFake(t, []adbAnswer{{res: out("Error: Unknown bucket: restricted\n")}})
	a = &ADB{Runner: fake, Serial: "S"}
	if err := a.SetStandbyBucket(context.Background(), "com.acme.tides", "restricted"); err == nil || !strings.Contains(err.Error(), "Android 11") {
		t.Fatalf("old Android restricted: %v", err)
	}
}

func TestParseWorkDiagnostics(t *testing.T) {
	before := ParseWorkDiagnostics(readAndroidFixture(t, "wm_diagnostics_before.txt"))
	after := ParseWorkDiagnostics(readAndroidFixture(t, "wm_diagnostics_after.txt"))
	if len(before) != 1 || len(after) != 2 {
		t.Fatalf("reports: before %d, after %d; want 1 and 2", len(before), len(after))
	}
	last := after[1]
	if len(last) != 5 {
		t.Fatalf("last report has %d rows: %+v", len(last), last)
	}
	seven := 7
	want := WorkInfo{Section: "completed", ID: "c3a8e2d1-7f4b-4a6c-b5e9-0a1d2f3e4c5b", Class: "com.acme.tides.SyncTidesWorker", JobID: &seven,
		State: "FAILED", UniqueNames: []string{"tides-sync"}, Tags: []string{"com.acme.tides.SyncTidesWorker", "sync"}}
	if !reflect.DeepEqual(last[1], want) {
		t.Fatalf("row = %+v, want %+v", last[1], want)
	}
	if last[0].JobID != nil || last[0].State != "SUCCEEDED" || len(last[0].UniqueNames) != 0 {
		t.Fatalf("null job id row = %+v", last[0])
	}
	if last[3].Section != "enqueued" || *last[3].JobID != 6 || last[3].UniqueNames[0] != "EXPO_BACKGROUND_WORKER" {
		t.Fatalf("enqueued row = %+v", last[3])
	}

	tt := ParseWorkDiagnostics(readAndroidFixture(t, "wm_diagnostics_threadtime.txt"))
	if len(tt) != 1 || len(tt[0]) != 1 || tt[0][0].State != "BLOCKED" || *tt[0][0].JobID != 21 || !reflect.DeepEqual(tt[0][0].Tags, []string{"a", "b"}) {
		t.Fatalf("threadtime: %+v", tt)
	}
	if got := ParseWorkDiagnostics([]byte("--------- beginning of main\n")); len(got) != 0 {
		t.Fatalf("empty log: %+v", got)
	}
}

func FuzzParseWorkDiagnostics(f *testing.F) {
	for _, name := range []string{"wm_diagnostics_after.txt", "wm_diagnostics_threadtime.txt"} {
		f.Add(readAndroidFixture(f, name))
	}
	f.Add([]byte("I/WM-DiagnosticsWrkr(: x\nI/WM-DiagnosticsWrkr( 1): Running work:\nI/WM-DiagnosticsWrkr( 1): a\tb\tc\td\te\tf\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, r := range ParseWorkDiagnostics(b) {
			for _, w := range r {
				if w.Section == "" || w.UniqueNames == nil || w.Tags == nil {
					t.Fatalf("incomplete row %+v", w)
				}
			}
		}
	})
}

func TestWorkDiagnostics(t *testing.T) {
	fake := newADBFake(t, []adbAnswer{
		{argv: "-s S logcat -d -v brief -s WM-DiagnosticsWrkr:V", once: true, res: out(string(readAndroidFixture(t, "wm_diagnostics_before.txt")))},
		{argv: "-s S shell am broadcast -a androidx.work.diagnostics.REQUEST_DIAGNOSTICS -p com.acme.tides", res: out("Broadcasting: Intent { act=androidx.work.diagnostics.REQUEST_DIAGNOSTICS flg=0x400000 pkg=com.acme.tides }\nBroadcast completed: result=0\n")},
		{argv: "-s S logcat -d -v brief -s WM-DiagnosticsWrkr:V", once: true, res: out(string(readAndroidFixture(t, "wm_diagnostics_before.txt")))},
		{argv: "-s S logcat -d -v brief -s WM-DiagnosticsWrkr:V", res: out(string(readAndroidFixture(t, "wm_diagnostics_after.txt")))},
	})
	a := &ADB{Runner: fake, Serial: "S"}
	rows, err := a.WorkDiagnostics(context.Background(), "com.acme.tides", DiagnosticsOptions{Wait: time.Second, Poll: time.Millisecond})
	if err != nil || len(rows) != 5 {
		t.Fatalf("rows = %+v, %v", rows, err)
	}
	if len(fake.calls()) != 4 {
		t.Fatalf("calls = %q (the log is read before the request, then until a new report appears)", fake.calls())
	}

	fake = newADBFake(t, []adbAnswer{
		{argv: "-s S logcat -d -v brief -s WM-DiagnosticsWrkr:V", res: out("--------- beginning of main\n")},
		{argv: "-s S shell am broadcast -a androidx.work.diagnostics.REQUEST_DIAGNOSTICS -p com.acme.tides", res: out("Broadcasting: Intent { act=androidx.work.diagnostics.REQUEST_DIAGNOSTICS pkg=com.acme.tides }\nBroadcast completed: result=0\n")},
	})
	a = &ADB{Runner: fake, Serial: "S"}
	_, err = a.WorkDiagnostics(context.Background(), "com.acme.tides", DiagnosticsOptions{Wait: 20 * time.Millisecond, Poll: 5 * time.Millisecond})
	var te *WorkDiagnosticsTimeoutError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "WorkManager 2.4") {
		t.Fatalf("err = %v", err)
	}
}

func TestBackground(t *testing.T) {
	fake := newADBFake(t, []adbAnswer{{argv: "-s S shell input keyevent KEYCODE_HOME"}})
	a := &ADB{Runner: fake, Serial: "S"}
	if err := a.Background(context.Background()); err != nil || len(fake.calls()) != 1 {
		t.Fatalf("%v %q", err, fake.calls())
	}
}

func TestDozeReadsTheAnswer(t *testing.T) {
	// Android 5 has no deviceidle service; dumpsys says so and exits 0.
	fake := newADBFake(t, []adbAnswer{
		{argv: "-s S shell dumpsys battery unplug"},
		{argv: "-s S shell dumpsys deviceidle force-idle", res: out("Can't find service: deviceidle\n")},
		{argv: "-s S shell dumpsys battery reset"},
	})
	a := &ADB{Runner: fake, Serial: "S"}
	_, err := a.Doze(context.Background(), "on")
	if err == nil || !strings.Contains(err.Error(), "Android 6.0") || fake.calls()[len(fake.calls())-1] != "-s S shell dumpsys battery reset" {
		t.Fatalf("on without deviceidle: %v, calls %q", err, fake.calls())
	}

	// An answer that is not "Now forced in to deep idle mode" is no success.
	fake = newADBFake(t, []adbAnswer{
		{argv: "-s S shell dumpsys battery unplug"},
		{argv: "-s S shell dumpsys deviceidle force-idle", res: out("Unknown command: force-idle\n")},
		{argv: "-s S shell dumpsys battery reset"},
	})
	a = &ADB{Runner: fake, Serial: "S"}
	if _, err = a.Doze(context.Background(), "on"); err == nil || !strings.Contains(err.Error(), "Unknown command: force-idle") {
		t.Fatalf("on with an odd answer: %v", err)
	}

	// off gives the battery back even when unforce fails.
	fake = newADBFake(t, []adbAnswer{
		{argv: "-s S shell dumpsys deviceidle unforce", res: errOut("Exception: java.lang.SecurityException\n", 255)},
		{argv: "-s S shell dumpsys battery reset"},
	})
	a = &ADB{Runner: fake, Serial: "S"}
	if _, err = a.Doze(context.Background(), "off"); err == nil || len(fake.calls()) != 2 || fake.calls()[1] != "-s S shell dumpsys battery reset" {
		t.Fatalf("off with a failing unforce: %v, calls %q", err, fake.calls())
	}
}
