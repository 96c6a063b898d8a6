//go:build unix

package main

import (
	"context"
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bgkit/bgkit/cmd"
	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/fakeadbd"
	"github.com/bgkit/bgkit/internal/fakecmd"
	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/android"
)

// These tests run bgkit through the real adb client and server to a fake
// device on 127.0.0.1 (internal/fakeadbd) whose shell is a real mksh: the
// quoting, exit statuses, stderr, timeouts and disconnects are the real
// ones. They skip without adb and mksh, and fail then when
// BGKIT_REQUIRE_REAL_ADB=1 (as in CI).

// adbWorld is a private adb server with one fake device connected, and
// this process pointed at it.
type adbWorld struct {
	srv *fakeadbd.Server
	dev *fakeadbd.Device
}

func newADBWorld(t *testing.T) *adbWorld {
	t.Helper()
	adb := fakeadbd.Tools(t)
	srv := fakeadbd.StartServer(t, adb)
	srv.Setenv(t)
	// The real adb, and no fake one, on PATH.
	t.Setenv("PATH", filepath.Dir(adb)+string(filepath.ListSeparator)+"/usr/bin:/bin")
	dev := fakeadbd.StartDevice(t, fakeadbd.Config{})
	srv.Connect(t, dev, "device")
	return &adbWorld{srv: srv, dev: dev}
}

func runBgkit(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	io, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IO: io}
	code = cmd.Run(f, args)
	return code, out.String(), errOut.String()
}

func respond(t *testing.T, d *fakeadbd.Device, name, args, stdout, stderr string, exit int) {
	t.Helper()
	if err := d.Respond(name, args, stdout, stderr, exit, 0); err != nil {
		t.Fatal(err)
	}
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("trigger", "android", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type e2eCase struct {
	name    string
	setup   func(t *testing.T, d *fakeadbd.Device)
	args    []string
	code    int
	stdout  string   // exact, unless "" and inStdout is set
	inOut   []string // substrings of stdout
	inErr   []string // substrings of stderr
	device  string   // what the device's stubs ran, exactly
	after   func(t *testing.T, w *adbWorld)
	noDelay bool
}

func TestAndroidThroughRealADB(t *testing.T) {
	w := newADBWorld(t)
	S := w.dev.Serial
	pkg := "com.acme.tides"
	cases := []e2eCase{
		{
			name:  "devices",
			args:  []string{"devices"},
			inOut: []string{S, "device", "sdk_gphone64_x86_64"},
		},
		{
			name: "jobs",
			setup: func(t *testing.T, d *fakeadbd.Device) {
				respond(t, d, "dumpsys", "jobscheduler "+pkg, fixture(t, "dumpsys_api34_workmanager.txt"), "", 0)
			},
			args:   []string{"trigger", "android", "jobs", "-p", pkg},
			inOut:  []string{"ID", "workmanager"},
			inErr:  []string{"Run one now with: bgkit trigger android job ID"},
			device: "dumpsys jobscheduler com.acme.tides\n",
		},
		{
			name: "job by id",
			setup: func(t *testing.T, d *fakeadbd.Device) {
				respond(t, d, "cmd", "jobscheduler run -f com.acme.tides 999", "Running job [FORCED]\n", "", 0)
			},
			args:   []string{"trigger", "android", "job", "999", "-p", pkg},
			stdout: "ran job 999 of com.acme.tides on " + S + " [forced]\n",
			device: "cmd jobscheduler run -f com.acme.tides 999\n",
		},
		{
			name: "job not found exits with the device's status",
			setup: func(t *testing.T, d *fakeadbd.Device) {
				respond(t, d, "cmd", "jobscheduler run -f com.acme.tides 7", "", "Could not find job 7 in package com.acme.tides / user 0\n", 23)
				respond(t, d, "dumpsys", "jobscheduler "+pkg, fixture(t, "dumpsys_api30_nojobs.txt"), "", 0)
			},
			args:   []string{"trigger", "android", "job", "7", "-p", pkg},
			code:   cmdutil.ExitFailed,
			inErr:  []string{"JobScheduler has no job 7 for com.acme.tides"},
			device: "cmd jobscheduler run -f com.acme.tides 7\ndumpsys jobscheduler com.acme.tides\n",
		},
		{
			name: "boot",
			setup: func(t *testing.T, d *fakeadbd.Device) {
				respond(t, d, "am", "broadcast -a android.intent.action.BOOT_COMPLETED -p "+pkg,
					"Broadcasting: Intent { act=android.intent.action.BOOT_COMPLETED flg=0x400000 pkg=com.acme.tides }\nBroadcast completed: result=0\n", "", 0)
			},
			args:   []string{"trigger", "android", "boot", "-p", pkg},
			stdout: "sent BOOT_COMPLETED to com.acme.tides on " + S + " (result=0)\n",
			device: "am broadcast -a android.intent.action.BOOT_COMPLETED -p com.acme.tides\n",
		},
		{
			name:   "boot --root refused",
			setup:  func(t *testing.T, d *fakeadbd.Device) { d.AllowRoot(false) },
			args:   []string{"trigger", "android", "boot", "--root", "-p", pkg},
			code:   cmdutil.ExitFailed,
			inErr:  []string{"adb root failed: adbd cannot run as root in production builds"},
			device: "",
		},
		{
			name:    "doze on",
			setup:   func(t *testing.T, d *fakeadbd.Device) { dozeAnswers(t, d) },
			args:    []string{"trigger", "android", "doze", "on"},
			stdout:  S + " is in deep idle (Doze), battery unplugged\n",
			device:  "dumpsys battery unplug\ndumpsys deviceidle force-idle\n",
			noDelay: true,
		},
		{
			name:   "doze off",
			setup:  func(t *testing.T, d *fakeadbd.Device) { dozeAnswers(t, d) },
			args:   []string{"trigger", "android", "doze", "off"},
			stdout: S + " left forced idle (light: ACTIVE, deep: ACTIVE), battery reset\n",
			device: "dumpsys deviceidle unforce\ndumpsys battery reset\n",
		},
		{
			name:   "doze step",
			setup:  func(t *testing.T, d *fakeadbd.Device) { dozeAnswers(t, d) },
			args:   []string{"trigger", "android", "doze", "step"},
			stdout: S + " stepped to IDLE_PENDING, battery unplugged\n",
			device: "dumpsys battery unplug\ndumpsys deviceidle step\n",
		},
		{
			name: "standby set",
			setup: func(t *testing.T, d *fakeadbd.Device) {
				respond(t, d, "am", "set-standby-bucket com.acme.tides rare", "", "", 0)
				respond(t, d, "am", "get-standby-bucket com.acme.tides", "40\n", "", 0)
			},
			args:   []string{"trigger", "android", "standby", "rare", "-p", pkg},
			stdout: "com.acme.tides: rare (40)\n",
			inErr:  []string{"put it back with: bgkit trigger android standby active"},
			device: "am set-standby-bucket com.acme.tides rare\nam get-standby-bucket com.acme.tides\n",
		},
		{
			name: "background",
			setup: func(t *testing.T, d *fakeadbd.Device) {
				respond(t, d, "input", "keyevent KEYCODE_HOME", "", "", 0)
			},
			args:   []string{"trigger", "android", "background"},
			stdout: "pressed HOME on " + S + "\n",
			device: "input keyevent KEYCODE_HOME\n",
		},
		{
			name: "job --watch",
			setup: func(t *testing.T, d *fakeadbd.Device) {
				respond(t, d, "date", "+%s", "1709376252\n", "", 0)
				respond(t, d, "cmd", "jobscheduler run -f -n androidx.work.systemjobscheduler com.acme.tides 7", "Running job [FORCED]\n", "", 0)
				respond(t, d, "pidof", "-s com.acme.tides", "4711\n", "", 0)
				respond(t, d, "logcat", "-v brief -T 1709376252.0 --pid=4711",
					"--------- beginning of main\nD/WM-SystemJobService( 4711): onStartJob for WorkGenerationalId(workSpecId=c3a8e2d1-7f4b-4a6c-b5e9-0a1d2f3e4c5b, generation=0)\n"+
						"I/WM-WorkerWrapper( 4711): Worker result SUCCESS for Work [ id=c3a8e2d1-7f4b-4a6c-b5e9-0a1d2f3e4c5b, tags={ com.acme.tides.SyncTidesWorker } ]\n", "", 0)
			},
			args: []string{"trigger", "android", "job", "7", "-n", "androidx.work.systemjobscheduler", "-p", pkg, "--watch=5s"},
			inOut: []string{"ran job 7 (namespace androidx.work.systemjobscheduler) of com.acme.tides on " + S + " [forced]\n",
				"verdict: WorkManager finished the work with SUCCESS (Work [ id=c3a8e2d1-7f4b-4a6c-b5e9-0a1d2f3e4c5b ])\n"},
			inErr: []string{"watching the log of com.acme.tides (pid 4711) for 5s"},
			device: "date +%s\ncmd jobscheduler run -f -n androidx.work.systemjobscheduler com.acme.tides 7\npidof -s com.acme.tides\n" +
				"logcat -v brief -T 1709376252.0 --pid=4711\n",
		},
		{
			name: "diagnostics",
			setup: func(t *testing.T, d *fakeadbd.Device) {
				logcatArgs := "-d -v brief -s WM-DiagnosticsWrkr:V"
				respond(t, d, "logcat", logcatArgs, fixture(t, "wm_diagnostics_before.txt"), "", 0)
				os.WriteFile(filepath.Join(d.Dir, "logcat", "10.once"), nil, 0o644)
				respond(t, d, "logcat", logcatArgs, fixture(t, "wm_diagnostics_after.txt"), "", 0)
				respond(t, d, "am", "broadcast -a androidx.work.diagnostics.REQUEST_DIAGNOSTICS -p "+pkg,
					"Broadcasting: Intent { act=androidx.work.diagnostics.REQUEST_DIAGNOSTICS flg=0x400000 pkg=com.acme.tides }\nBroadcast completed: result=0\n", "", 0)
			},
			args:  []string{"trigger", "android", "diagnostics", "-p", pkg, "--wait", "5s"},
			inOut: []string{"SECTION", "com.acme.tides.SyncTidesWorker"},
			device: "logcat -d -v brief -s WM-DiagnosticsWrkr:V\n" +
				"am broadcast -a androidx.work.diagnostics.REQUEST_DIAGNOSTICS -p com.acme.tides\n" +
				"logcat -d -v brief -s WM-DiagnosticsWrkr:V\n",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runE2E(t, w, tc) })
	}
}

// watchAnswers are a --watch on a device without a readable clock, the app
// not running, and a worker that finishes well.
func watchAnswers(t *testing.T, d *fakeadbd.Device) {
	respond(t, d, "date", "+%s", "", "date: unknown option\n", 1)
	respond(t, d, "pidof", "-s com.acme.tides", "", "", 1)
	respond(t, d, "logcat", "-v brief -T 1 *",
		"I/WM-WorkerWrapper( 4711): Worker result SUCCESS for Work [ id=c3a8e2d1-7f4b-4a6c-b5e9-0a1d2f3e4c5b, tags={ com.acme.tides.SyncTidesWorker } ]\n", "", 0)
}

func dozeAnswers(t *testing.T, d *fakeadbd.Device) {
	respond(t, d, "dumpsys", "battery unplug", "", "", 0)
	respond(t, d, "dumpsys", "battery reset", "", "", 0)
	respond(t, d, "dumpsys", "deviceidle force-idle", "Now forced in to deep idle mode\n", "", 0)
	respond(t, d, "dumpsys", "deviceidle unforce", "Light state: ACTIVE, deep state: ACTIVE\n", "", 0)
	respond(t, d, "dumpsys", "deviceidle step", "Stepped to deep: IDLE_PENDING\n", "", 0)
}

func runE2E(t *testing.T, w *adbWorld, tc e2eCase) {
	t.Helper()
	w.dev.Reset()
	if tc.setup != nil {
		tc.setup(t, w.dev)
	}
	code, stdout, stderr := runBgkit(t, tc.args...)
	if code != tc.code {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
	}
	if tc.stdout != "" && stdout != tc.stdout {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, tc.stdout)
	}
	for _, s := range tc.inOut {
		if !strings.Contains(stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, stdout)
		}
	}
	for _, s := range tc.inErr {
		if !strings.Contains(stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, stderr)
		}
	}
	if strings.Contains(stdout+stderr, trigger.ShellExitMarker) {
		t.Errorf("the exit-status marker leaked into the output:\n%s%s", stdout, stderr)
	}
	if tc.device != "-" {
		if got := w.dev.Log(); got != tc.device {
			t.Errorf("the device ran:\n%s\nwant:\n%s", got, tc.device)
		}
	}
	if tc.after != nil {
		tc.after(t, w)
	}
}

// Words bgkit sends to the device's shell arrive there as they were,
// whatever they hold: ShellQuote, adb's joining of the words into one
// command line, and mksh's parsing of it undo each other.
func TestShellQuoteThroughRealADB(t *testing.T) {
	w := newADBWorld(t)
	pieces := []string{"", " ", "'", "\"", "\\", "$(reboot)", "`id`", "$HOME", "${x:-y}", "\n", "\t", ";", "&&", "|", ">", "<", "*", "?", "[a]",
		"~", "#", "!", "%", "é", "日本", "🙂", "a b", "--", "-n", "=", "{}", "(", ")", "''", "\\'", "\r"}
	r := rand.New(rand.NewSource(13))
	adb := &android.ADB{Runner: trigger.ExecRunner{}, Serial: w.dev.Serial, Timeout: 20 * time.Second}
	for round := 0; round < 12; round++ {
		words := []string{}
		for i := 0; i < 8; i++ {
			n := r.Intn(4)
			var b strings.Builder
			for j := 0; j < n; j++ {
				b.WriteString(pieces[r.Intn(len(pieces))])
			}
			words = append(words, b.String())
		}
		w.dev.Reset()
		res, err := adb.Run(context.Background(), adb.Shell(append([]string{"am"}, words...)...))
		if err != nil {
			t.Fatalf("%q: %v", words, err)
		}
		if res.ExitCode != 97 { // the stub has no answer scripted: it says so and exits 97
			t.Errorf("%q: exit %d, stderr %q", words, res.ExitCode, res.Stderr)
		}
		if got, want := w.dev.Log(), "am "+fakecmd.Join(words)+"\n"; got != want {
			t.Errorf("sent %q\nthe device got: %s\nwant:           %s", words, got, want)
		}
	}
}

// What goes wrong on the way: timeouts, disconnects, cut answers, devices
// adb cannot use, and root.
func TestAndroidFaultsThroughRealADB(t *testing.T) {
	w := newADBWorld(t)
	S := w.dev.Serial
	pkg := "com.acme.tides"
	cases := []e2eCase{
		{
			name: "timeout kills the device command",
			setup: func(t *testing.T, d *fakeadbd.Device) {
				d.Respond("cmd", "jobscheduler run -f com.acme.tides 999", "Running job [FORCED]\n", "", 0, 30*time.Second)
			},
			args:   []string{"trigger", "android", "job", "999", "-p", pkg, "--timeout", "1s"},
			code:   cmdutil.ExitFailed,
			inErr:  []string{"did not finish within 1s and was stopped"},
			device: "cmd jobscheduler run -f com.acme.tides 999\n",
			after: func(t *testing.T, w *adbWorld) {
				deadline := time.Now().Add(10 * time.Second)
				for w.dev.Running() > 0 && time.Now().Before(deadline) {
					time.Sleep(20 * time.Millisecond)
				}
				if w.dev.Running() != 0 || w.dev.Killed() == 0 {
					t.Errorf("after the timeout, %d device commands run and %d were killed", w.dev.Running(), w.dev.Killed())
				}
			},
		},
		{
			name: "background on a stream that drops",
			setup: func(t *testing.T, d *fakeadbd.Device) {
				respond(t, d, "input", "keyevent KEYCODE_HOME", "", "", 0)
				d.CutNextCommand(0, false)
			},
			args:   []string{"trigger", "android", "background"},
			code:   cmdutil.ExitFailed,
			inErr:  []string{"ended before the command finished"},
			device: "input keyevent KEYCODE_HOME\n",
		},
		{
			name: "rooted boot",
			setup: func(t *testing.T, d *fakeadbd.Device) {
				d.AllowRoot(true)
				respond(t, d, "am", "broadcast -a android.intent.action.BOOT_COMPLETED -p "+pkg,
					"Broadcasting: Intent { act=android.intent.action.BOOT_COMPLETED flg=0x400000 pkg=com.acme.tides }\nBroadcast completed: result=0\n", "", 0)
			},
			args:   []string{"trigger", "android", "boot", "--root", "-p", pkg},
			stdout: "sent BOOT_COMPLETED to com.acme.tides on " + S + " (result=0)\n",
			inErr:  []string{"restarting adbd as root on " + S},
			device: "am broadcast -a android.intent.action.BOOT_COMPLETED -p com.acme.tides\n",
			after: func(t *testing.T, w *adbWorld) {
				if !w.dev.IsRoot() {
					t.Error("the device is not root after boot --root")
				}
			},
		},
		// Last: the device is gone afterwards.
		{
			name: "jobs on a device that disconnects mid-answer",
			setup: func(t *testing.T, d *fakeadbd.Device) {
				respond(t, d, "dumpsys", "jobscheduler "+pkg, fixture(t, "dumpsys_api34_workmanager.txt"), "", 0)
				d.CutNextCommand(900, true)
			},
			args:   []string{"trigger", "android", "jobs", "-p", pkg},
			code:   cmdutil.ExitFailed,
			inErr:  []string{"device " + S + " disconnected while running adb -s " + S + " shell dumpsys jobscheduler com.acme.tides (adb get-state: "},
			device: "dumpsys jobscheduler com.acme.tides\n",
			after: func(t *testing.T, w *adbWorld) {
				if st := w.srv.State(S); st == "device" {
					t.Errorf("adb get-state says %q after the disconnect", st)
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runE2E(t, w, tc) })
	}
}

func TestAndroidDeviceStatesThroughRealADB(t *testing.T) {
	w := newADBWorld(t)
	noCmd := fakeadbd.StartDevice(t, fakeadbd.Config{Stubs: []string{"dumpsys", "am", "input"}})
	w.srv.Connect(t, noCmd, "device")
	code, _, stderr := runBgkit(t, "trigger", "android", "job", "999", "-p", "com.acme.tides", "-s", noCmd.Serial)
	if code != cmdutil.ExitFailed || !strings.Contains(stderr, "needs Android 7.0 (API 24)") || !strings.Contains(stderr, "inaccessible or not found") {
		t.Errorf("job on a device without cmd: exit %d, stderr:\n%s", code, stderr)
	}

	for _, tt := range []struct{ state, inErr string }{
		{"unauthorized", "accept the \"Allow USB debugging?\" prompt"},
		{"offline", "adb reconnect offline"},
		{"recovery", "the device is in recovery mode; boot it into Android first"},
	} {
		d := fakeadbd.StartDevice(t, fakeadbd.Config{})
		d.SetState(tt.state)
		w.srv.Connect(t, d, tt.state)
		code, _, stderr := runBgkit(t, "trigger", "android", "background", "-s", d.Serial)
		if code != cmdutil.ExitFailed || !strings.Contains(stderr, "("+tt.state+")") || !strings.Contains(stderr, tt.inErr) {
			t.Errorf("%s: exit %d, stderr:\n%s", tt.state, code, stderr)
		}
		if d.Log() != "" {
			t.Errorf("%s: the device ran %q", tt.state, d.Log())
		}
	}
	// The device goes away before the key press runs: adb says nothing
	// useful (exit 0 or "error: closed"), bgkit says it disconnected.
	gone := fakeadbd.StartDevice(t, fakeadbd.Config{})
	w.srv.Connect(t, gone, "device")
	gone.Respond("input", "keyevent KEYCODE_HOME", "", "", 0, 0)
	gone.CutNextCommand(-1, true)
	code, stdout, stderr := runBgkit(t, "trigger", "android", "background", "-s", gone.Serial)
	if code != cmdutil.ExitFailed || stdout != "" || !strings.Contains(stderr, "device "+gone.Serial+" disconnected while running adb -s "+gone.Serial+" shell input keyevent KEYCODE_HOME") {
		t.Errorf("background on a device that disconnects: exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	if gone.Log() != "" {
		t.Errorf("the key press ran: %q", gone.Log())
	}

	code, stdout, stderr = runBgkit(t, "devices", "--json")
	var report struct {
		Android []android.Device `json:"android"`
	}
	if err := json.Unmarshal([]byte(stdout), &report); code != 0 || err != nil || len(report.Android) != 6 {
		t.Fatalf("devices --json: exit %d, %v, stdout %s, stderr %s", code, err, stdout, stderr)
	}
}

// adb where Android Studio puts it, off PATH: bgkit finds it in the SDK
// and says which adb it runs.
func TestADBFromTheSDKThroughRealADB(t *testing.T) {
	w := newADBWorld(t)
	real, err := filepath.EvalSymlinks(w.srv.ADB)
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runBgkit(t, "devices", "-v")
	if code != 0 || !strings.Contains(stderr, "using adb on PATH: "+filepath.Join(filepath.Dir(w.srv.ADB), "adb")) {
		t.Errorf("devices -v: exit %d, stderr %q", code, stderr)
	}
	sdk := t.TempDir()
	os.MkdirAll(filepath.Join(sdk, "platform-tools"), 0o755)
	if err := os.Symlink(real, filepath.Join(sdk, "platform-tools", "adb")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", "/nonexistent")
	t.Setenv("ANDROID_SDK_ROOT", "")
	t.Setenv("ANDROID_HOME", sdk)
	code, stdout, stderr := runBgkit(t, "devices")
	want := "using adb from $ANDROID_HOME/platform-tools (it is not on PATH): " + filepath.Join(sdk, "platform-tools", "adb") + "\n"
	if code != 0 || stderr != want || !strings.Contains(stdout, w.dev.Serial) {
		t.Errorf("devices with adb in $ANDROID_HOME: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	w.dev.Reset()
	respond(t, w.dev, "input", "keyevent KEYCODE_HOME", "", "", 0)
	code, stdout, stderr = runBgkit(t, "trigger", "android", "background")
	if code != 0 || stdout != "pressed HOME on "+w.dev.Serial+"\n" || stderr != want {
		t.Errorf("background with adb in $ANDROID_HOME: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// recordingRunner runs commands for real and keeps each one's shell form.
type recordingRunner struct {
	ran []string
}

func (r *recordingRunner) Run(ctx context.Context, c trigger.Cmd) (trigger.Result, error) {
	r.ran = append(r.ran, c.String())
	return trigger.ExecRunner{}.Run(ctx, c)
}

// The commands --dry-run prints are the ones a real run runs, for every
// Android trigger, --watch included: both run the same steps, the dry run
// against trigger.DryRunner. (Device selection,
// adb devices -l, is the only call a dry run leaves out: it names no
// device.)
func TestAndroidDryRunIsWhatRuns(t *testing.T) {
	w := newADBWorld(t)
	S := w.dev.Serial
	pkg := "com.acme.tides"
	broadcast := func(action string) string {
		return "Broadcasting: Intent { act=" + action + " flg=0x400000 pkg=com.acme.tides }\nBroadcast completed: result=0\n"
	}
	w.dev.AllowRoot(true)
	for _, tc := range []struct {
		args  []string
		setup func(t *testing.T, d *fakeadbd.Device)
	}{
		{[]string{"jobs"}, func(t *testing.T, d *fakeadbd.Device) {
			respond(t, d, "dumpsys", "jobscheduler "+pkg, fixture(t, "dumpsys_api34_workmanager.txt"), "", 0)
		}},
		{[]string{"job", "999", "7", "-n", "androidx.work.systemjobscheduler", "-u", "0"}, func(t *testing.T, d *fakeadbd.Device) {
			respond(t, d, "cmd", "jobscheduler run -f *", "Running job [FORCED]\n", "", 0)
		}},
		{[]string{"boot", "--root"}, func(t *testing.T, d *fakeadbd.Device) {
			respond(t, d, "am", "broadcast *", broadcast("android.intent.action.BOOT_COMPLETED"), "", 0)
		}},
		// --watch: on a device whose clock cannot be read and where the app
		// is not running, the real run follows the tags from the last line,
		// which is what --dry-run prints.
		{[]string{"job", "999", "--watch=5s"}, func(t *testing.T, d *fakeadbd.Device) {
			respond(t, d, "cmd", "jobscheduler run -f *", "Running job [FORCED]\n", "", 0)
			watchAnswers(t, d)
		}},
		{[]string{"boot", "--watch=5s"}, func(t *testing.T, d *fakeadbd.Device) {
			respond(t, d, "am", "broadcast *", broadcast("android.intent.action.BOOT_COMPLETED"), "", 0)
			watchAnswers(t, d)
		}},
		{[]string{"doze", "on"}, dozeAnswers},
		{[]string{"doze", "off"}, dozeAnswers},
		{[]string{"doze", "step"}, dozeAnswers},
		{[]string{"standby"}, func(t *testing.T, d *fakeadbd.Device) {
			respond(t, d, "am", "get-standby-bucket "+pkg, "10\n", "", 0)
		}},
		{[]string{"standby", "frequent"}, func(t *testing.T, d *fakeadbd.Device) {
			respond(t, d, "am", "set-standby-bucket "+pkg+" frequent", "", "", 0)
			respond(t, d, "am", "get-standby-bucket "+pkg, "30\n", "", 0)
		}},
		{[]string{"background"}, func(t *testing.T, d *fakeadbd.Device) {
			respond(t, d, "input", "keyevent KEYCODE_HOME", "", "", 0)
		}},
		{[]string{"diagnostics", "--wait", "5s"}, func(t *testing.T, d *fakeadbd.Device) {
			logcatArgs := "-d -v brief -s WM-DiagnosticsWrkr:V"
			respond(t, d, "logcat", logcatArgs, fixture(t, "wm_diagnostics_before.txt"), "", 0)
			os.WriteFile(filepath.Join(d.Dir, "logcat", "10.once"), nil, 0o644)
			respond(t, d, "logcat", logcatArgs, fixture(t, "wm_diagnostics_after.txt"), "", 0)
			respond(t, d, "am", "broadcast *", broadcast("androidx.work.diagnostics.REQUEST_DIAGNOSTICS"), "", 0)
		}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			w.dev.Reset()
			tc.setup(t, w.dev)
			args := append([]string{"trigger", "android"}, tc.args...)
			args = append(args, "--serial", S, "--package", pkg)

			io, _, out, errOut := iostreams.Test()
			dry := &recordingRunner{}
			if code := cmd.Run(&cmdutil.Factory{IO: io, Runner: dry}, append(args, "--dry-run")); code != 0 || len(dry.ran) != 0 {
				t.Fatalf("--dry-run: exit %d, ran %q; stderr:\n%s", code, dry.ran, errOut)
			}
			printed := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")

			io, _, out, errOut = iostreams.Test()
			real := &recordingRunner{}
			if code := cmd.Run(&cmdutil.Factory{IO: io, Runner: real}, args); code != 0 {
				t.Fatalf("exit %d; stdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			var ran []string
			for _, c := range real.ran {
				if c != "adb devices -l" {
					ran = append(ran, c)
				}
			}
			if strings.Join(printed, "\n") != strings.Join(ran, "\n") {
				t.Errorf("--dry-run printed:\n%s\nbut the real run ran:\n%s", strings.Join(printed, "\n"), strings.Join(ran, "\n"))
			}
			if w.dev.Log() == "" {
				t.Error("the device ran nothing")
			}
		})
	}
}
