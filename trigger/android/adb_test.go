package android

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/trigger"
)

// adbAnswer is an answer to one adb call: argv is the exact argv after
// "adb" ("" matches any call).
type adbAnswer struct {
	argv   string
	res    trigger.Result
	err    error
	once   bool
	stream string // written to trigger.Cmd.Stdout when set
	cut    bool   // the answer ends without the exit-status line
}

// adbFake is a trigger.Stub answering adb calls.
type adbFake struct{ *trigger.Stub }

func newADBFake(t *testing.T, answers []adbAnswer) *adbFake {
	s := trigger.NewStub(t)
	for _, a := range answers {
		line := "adb " + a.argv
		if a.argv == "" {
			line = "adb *"
		}
		c := s.Register(line, a.res).Fail(a.err)
		if a.once {
			c.Once()
		}
		if a.stream != "" {
			c.Stream(a.stream)
		}
		if a.cut {
			c.Cut()
		}
	}
	return &adbFake{s}
}

// calls are the argv of each call after "adb".
func (f *adbFake) calls() []string {
	var out []string
	for _, l := range f.Lines() {
		out = append(out, strings.TrimPrefix(l, "adb "))
	}
	return out
}

func out(s string) trigger.Result { return trigger.Result{Stdout: []byte(s)} }
func errOut(s string, code int) trigger.Result {
	return trigger.Result{Stderr: []byte(s), ExitCode: code}
}

func readAndroidFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseDevices(t *testing.T) {
	devs, err := ParseDevices(readAndroidFixture(t, "devices_multi.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Device{
		{Serial: "0B171FDD4002TZ", State: "unauthorized", USB: "1-1.2", TransportID: "3"},
		{Serial: "R5CW31ABCDE", State: "device", USB: "2-1", Product: "b0qxxx", Model: "SM_S901B", Device: "b0q", TransportID: "1"},
		{Serial: "emulator-5554", State: "device", Product: "sdk_gphone64_x86_64", Model: "sdk_gphone64_x86_64", Device: "emu64xa", TransportID: "5", Emulator: true},
		{Serial: "emulator-5556", State: "offline", TransportID: "7", Emulator: true},
		{Serial: "192.168.1.40:5555", State: "device", Product: "lynx", Model: "Pixel_7a", Device: "lynx", TransportID: "9"},
	}
	if !reflect.DeepEqual(devs, want) {
		t.Fatalf("got  %+v\nwant %+v", devs, want)
	}

	devs, err = ParseDevices(readAndroidFixture(t, "devices_nopermissions.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(devs) != 1 || devs[0].Serial != "8A4X1GQQZ" || devs[0].USB != "3-2.1" || devs[0].TransportID != "2" ||
		devs[0].State != "no permissions (user dana is not in the plugdev group); see [http://developer.android.com/tools/device.html]" {
		t.Fatalf("no permissions row: %+v", devs)
	}
	if !strings.Contains(devs[0].Hint(), "plugdev") {
		t.Errorf("hint %q does not mention plugdev", devs[0].Hint())
	}

	devs, err = ParseDevices(readAndroidFixture(t, "devices_short_daemon.txt"))
	if err != nil || len(devs) != 1 || devs[0].Serial != "emulator-5554" || devs[0].State != "device" {
		t.Fatalf("short form with daemon chatter: %+v, %v", devs, err)
	}

	devs, err = ParseDevices(readAndroidFixture(t, "devices_none.txt"))
	if err != nil || devs == nil || len(devs) != 0 {
		t.Fatalf("no devices: %#v, %v (want an empty, non-nil list)", devs, err)
	}

	var pe *ADBParseError
	if _, err := ParseDevices([]byte("Segmentation fault\n")); !errors.As(err, &pe) {
		t.Fatalf("garbage: err = %v, want ADBParseError", err)
	}
}

func FuzzParseDevices(f *testing.F) {
	for _, name := range []string{"devices_multi.txt", "devices_nopermissions.txt", "devices_none.txt", "devices_short_daemon.txt"} {
		f.Add(readAndroidFixture(f, name))
	}
	f.Add([]byte("List of devices attached\nx\n y z:1\n\t\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		devs, err := ParseDevices(b)
		if err != nil {
			return
		}
		for _, d := range devs {
			if d.Serial == "" || d.State == "" {
				t.Fatalf("empty serial or state in %+v", d)
			}
		}
	})
}

func TestSelectDevice(t *testing.T) {
	emu := Device{Serial: "emulator-5554", State: "device"}
	phone := Device{Serial: "R5CW31ABCDE", State: "device", Model: "SM_S901B"}
	off := Device{Serial: "emulator-5556", State: "offline"}
	unauth := Device{Serial: "0B171FDD4002TZ", State: "unauthorized"}
	tests := []struct {
		name    string
		devs    []Device
		want    string
		serial  string
		errType any
		errText string
	}{
		{name: "only ready device", devs: []Device{off, emu}, serial: "emulator-5554"},
		{name: "chosen", devs: []Device{emu, phone}, want: "R5CW31ABCDE", serial: "R5CW31ABCDE"},
		{name: "several", devs: []Device{emu, phone, off}, errType: new(*SeveralDevicesError), errText: "R5CW31ABCDE (SM_S901B)"},
		{name: "none", devs: nil, errType: new(*NoDeviceError), errText: "emulator -avd NAME"},
		{name: "only unauthorized", devs: []Device{unauth}, errType: new(*DeviceStateError), errText: "Allow USB debugging"},
		{name: "two not ready", devs: []Device{unauth, off}, errType: new(*NoDeviceError), errText: "adb reconnect offline"},
		{name: "chosen offline", devs: []Device{emu, off}, want: "emulator-5556", errType: new(*DeviceStateError), errText: "adb reconnect offline"},
		{name: "chosen missing", devs: []Device{emu}, want: "emulator-5580", errType: new(*DeviceNotFoundError), errText: "connected devices:\n  emulator-5554"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := SelectDevice(tt.devs, tt.want)
			if tt.errType == nil {
				if err != nil || d.Serial != tt.serial {
					t.Fatalf("got %v, %v; want %s", d, err, tt.serial)
				}
				return
			}
			if err == nil || !errors.As(err, tt.errType) {
				t.Fatalf("err = %v (%T), want %T", err, err, tt.errType)
			}
			if !strings.Contains(err.Error(), tt.errText) {
				t.Fatalf("error %q does not contain %q", err, tt.errText)
			}
		})
	}
}

func TestADBClientErrors(t *testing.T) {
	tests := []struct {
		stderr string
		check  func(error) bool
	}{
		{"error: device 'emulator-5554' not found\n", func(e error) bool {
			var x *DeviceNotFoundError
			return errors.As(e, &x) && x.Serial == "emulator-5554"
		}},
		{"adb: device 'emulator-5554' not found\n", func(e error) bool { var x *DeviceNotFoundError; return errors.As(e, &x) }},
		{"error: no devices/emulators found\n", func(e error) bool { var x *NoDeviceError; return errors.As(e, &x) }},
		{"error: device offline\n", func(e error) bool {
			var x *DeviceStateError
			return errors.As(e, &x) && x.Device.State == "offline" && x.Device.Serial == "emulator-5554"
		}},
		{"error: device unauthorized.\nThis adb server's $ADB_VENDOR_KEYS is not set\nTry 'adb kill-server' if that seems wrong.\n", func(e error) bool {
			var x *DeviceStateError
			return errors.As(e, &x) && x.Device.State == "unauthorized"
		}},
		{"adb: error: device still authorizing\n", func(e error) bool {
			var x *DeviceStateError
			return errors.As(e, &x) && x.Device.State == "authorizing"
		}},
	}
	for _, tt := range tests {
		fake := newADBFake(t, []adbAnswer{{res: errOut(tt.stderr, 1)}})
		a := &ADB{Runner: fake, Serial: "emulator-5554"}
		_, err := a.Run(context.Background(), a.Shell("echo", "hi"))
		if err == nil || !tt.check(err) {
			t.Errorf("stderr %q: err = %v (%T)", tt.stderr, err, err)
		}
	}

	// A device command that fails on its own is the caller's to judge.
	fake := newADBFake(t, []adbAnswer{{res: errOut("Could not find job 4 in package com.acme.tides / user 0\n", 23)}})
	a := &ADB{Runner: fake, Serial: "emulator-5554"}
	res, err := a.Run(context.Background(), a.Shell("true"))
	if err != nil || res.ExitCode != 23 {
		t.Fatalf("device error became %v, %+v", err, res)
	}

	// adb missing says how to install it.
	fake = newADBFake(t, []adbAnswer{{err: &trigger.ToolNotFoundError{Name: "adb"}}})
	a = &ADB{Runner: fake, Serial: "x"}
	_, err = a.Run(context.Background(), a.Shell("true"))
	var me *ADBMissingError
	var nf *trigger.ToolNotFoundError
	if !errors.As(err, &me) || !errors.As(err, &nf) || !strings.Contains(err.Error(), "brew install android-platform-tools") || !strings.Contains(err.Error(), "apt-get install adb") {
		t.Fatalf("err = %v", err)
	}
}

func TestShellQuotesEveryWord(t *testing.T) {
	a := &ADB{Serial: "emulator-5554"}
	c := a.Shell("am", "broadcast", "-p", "it's;reboot")
	want := []string{"-s", "emulator-5554", "shell", "am", "broadcast", "-p", `'it'\''s;reboot'`, ";", "echo", "__bgkit_exit:$?"}
	if !reflect.DeepEqual(c.Args, want) {
		t.Fatalf("args = %q, want %q", c.Args, want)
	}
}

func TestValidators(t *testing.T) {
	tests := []struct {
		fn   func(string) error
		good []string
		bad  []string
	}{
		{ValidatePackage, []string{"com.acme.tides", "a.b", "A1_.b2"[:2] + ".c"}, []string{"", "com", "com.acme;reboot", "com.acme tides", "$(id).x", "com..x", "-p.x", "com.1x"}},
		{ValidateJobID, []string{"999", "-359368280", "0", "2147483647", "-2147483648"}, []string{"", "9a", "1;reboot", "--1", "12345678901", " 1", "2147483648", "-2147483649", "9999999999"}},
		{ValidateNamespace, []string{"androidx.work.systemjobscheduler", "my_ns"}, []string{"", "a b", "a;b", "a/b", "$x"}},
		{ValidateUser, []string{"0", "10"}, []string{"", "-1", "0;x", "all"}},
		{ValidateSerial, []string{"emulator-5554", "192.168.1.5:5555", "adb-R5CW31-x1Y2._adb-tls-connect._tcp", "0B171FDD4002TZ"}, []string{"", "-d", "a b", "x;y"}},
	}
	for _, tt := range tests {
		for _, g := range tt.good {
			if err := tt.fn(g); err != nil {
				t.Errorf("%q refused: %v", g, err)
			}
		}
		for _, b := range tt.bad {
			var ie *InvalidArgError
			if err := tt.fn(b); !errors.As(err, &ie) {
				t.Errorf("%q accepted (err %v)", b, err)
			}
		}
	}
}

// A shell command whose answer ends without the exit-status line is an
// error even though adb exited 0; get-state tells a disconnect from a
// dropped stream.
func TestCutAnswer(t *testing.T) {
	for _, tt := range []struct {
		state  trigger.Result
		inErr  string
		notErr string
	}{
		{errOut("error: device offline\n", 1), "device emulator-5554 disconnected while running adb -s emulator-5554 shell input keyevent KEYCODE_HOME (adb get-state: gone)", "__bgkit"},
		{out("device\n"), "ended before the command finished", "disconnected"},
	} {
		fake := newADBFake(t, []adbAnswer{
			{argv: "-s emulator-5554 shell input keyevent KEYCODE_HOME", cut: true},
			{argv: "-s emulator-5554 get-state", res: tt.state},
		})
		a := &ADB{Runner: fake, Serial: "emulator-5554"}
		err := a.Background(context.Background())
		var ce *CutError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), tt.inErr) || strings.Contains(err.Error(), tt.notErr) {
			t.Errorf("err = %v", err)
		}
		if want := []string{"-s emulator-5554 shell input keyevent KEYCODE_HOME", "-s emulator-5554 get-state"}; !reflect.DeepEqual(fake.calls(), want) {
			t.Errorf("calls = %q", fake.calls())
		}
	}
}

// A device without `cmd` (Android 6) says so with exit 127; bgkit names the
// Android version needed.
func TestJobWithoutCmd(t *testing.T) {
	for _, msg := range []string{"/system/bin/sh: cmd: inaccessible or not found\n", "/system/bin/sh: cmd: not found\n"} {
		fake := newADBFake(t, []adbAnswer{{res: errOut(msg, 127)}})
		a := &ADB{Runner: fake, Serial: "S"}
		_, err := a.RunJob(context.Background(), "com.acme.tides", JobRef{ID: "1"})
		if err == nil || !strings.Contains(err.Error(), "needs Android 7.0 (API 24)") {
			t.Errorf("%q: err = %v", msg, err)
		}
	}
	fake := newADBFake(t, []adbAnswer{{res: errOut("/system/bin/sh: input: inaccessible or not found\n", 127)}})
	a := &ADB{Runner: fake, Serial: "S"}
	if err := a.Background(context.Background()); err == nil || !strings.Contains(err.Error(), "The device has no `input` command.") || strings.Contains(err.Error(), "__bgkit") {
		t.Fatalf("background: %v", err)
	}
}
