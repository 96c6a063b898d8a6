package cmd

import (
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/trigger"
)

// notInstalled makes the stub's program missing from PATH for the command line.
func notInstalled(s *trigger.Stub, line string) {
	name, _, _ := strings.Cut(line, " ")
	s.Register(line, trigger.Result{ExitCode: -1}).Fail(&trigger.ToolNotFoundError{Name: name})
}

func runWith(t *testing.T, r trigger.Runner, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	io, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IO: io, Runner: r, Getenv: func(k string) string { return env[k] }}
	code := Run(f, args)
	return code, out.String(), errOut.String()
}

const oneEmulator = "List of devices attached\nemulator-5554          device product:sdk_gphone64_x86_64 model:sdk_gphone64_x86_64 device:emu64xa transport_id:1\n\n"

func TestDevicesToolsMissing(t *testing.T) {
	t.Parallel()
	noXcode := trigger.Result{ExitCode: 72, Stderr: []byte(`xcrun: error: unable to find utility "simctl", not a developer tool or in PATH`)}
	tests := []struct {
		name     string
		setup    func(*trigger.Stub)
		code     int
		stdout   string
		inStderr []string
	}{
		{
			name: "neither adb nor xcrun",
			setup: func(s *trigger.Stub) {
				notInstalled(s, "adb devices -l")
				notInstalled(s, "xcrun simctl list devices --json")
			},
			code:     cmdutil.ExitFailed,
			inStderr: []string{"neither adb nor xcrun is installed", "brew install android-platform-tools", "apt-get install adb", "Xcode"},
		},
		{
			name: "adb missing, xcrun without Xcode",
			setup: func(s *trigger.Stub) {
				notInstalled(s, "adb devices -l")
				s.Register("xcrun simctl list devices --json", noXcode)
			},
			code:     cmdutil.ExitFailed,
			inStderr: []string{"neither adb nor xcrun is installed"},
		},
		{
			name: "adb missing, Xcode present",
			setup: func(s *trigger.Stub) {
				notInstalled(s, "adb devices -l")
				s.Register("xcrun simctl list devices --json", trigger.Result{Stdout: []byte(`{"devices":{"com.apple.CoreSimulator.SimRuntime.iOS-17-0":[]}}`)})
			},
			code:     cmdutil.ExitOK,
			inStderr: []string{"note: adb not found, so no Android device is listed", "android-platform-tools"},
		},
		{
			name: "adb present, no xcrun (Linux)",
			setup: func(s *trigger.Stub) {
				s.Register("adb devices -l", trigger.Result{Stdout: []byte(oneEmulator)})
				notInstalled(s, "xcrun simctl list devices --json")
			},
			code:     cmdutil.ExitOK,
			stdout:   "emulator-5554",
			inStderr: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := trigger.NewStub(t)
			tt.setup(r)
			code, stdout, stderr := runWith(t, r, nil, "devices")
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if !strings.Contains(stdout, tt.stdout) {
				t.Errorf("stdout %q does not contain %q", stdout, tt.stdout)
			}
			for _, s := range tt.inStderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr does not contain %q:\n%s", s, stderr)
				}
			}
		})
	}
}

func TestAndroidTriggerADBMissing(t *testing.T) {
	t.Parallel()
	r := trigger.NewStub(t)
	notInstalled(r, "adb devices -l")
	for _, args := range [][]string{
		{"trigger", "android", "background"},
		{"trigger", "android", "job", "999", "-p", "com.example.app"},
		{"trigger", "android", "doze", "on", "--serial", "emulator-5554"},
	} {
		code, _, stderr := runWith(t, r, nil, args...)
		if code != cmdutil.ExitFailed || !strings.Contains(stderr, "adb not found on PATH") || !strings.Contains(stderr, "Android SDK Platform-Tools") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

func TestAndroidSerialFromEnvironment(t *testing.T) {
	t.Parallel()
	r := trigger.NewStub(t)
	r.Register("adb devices -l", trigger.Result{Stdout: []byte("List of devices attached\nemulator-5554\tdevice\nemulator-5556\tdevice\n\n")})
	r.Register("adb -s emulator-5556 shell input keyevent KEYCODE_HOME", trigger.Result{})
	code, stdout, stderr := runWith(t, r, map[string]string{"ANDROID_SERIAL": "emulator-5556"}, "trigger", "android", "background")
	if code != cmdutil.ExitOK || stdout != "pressed HOME on emulator-5556\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if got := strings.Join(r.Lines(), "\n"); got != "adb devices -l\nadb -s emulator-5556 shell input keyevent KEYCODE_HOME" {
		t.Fatalf("calls:\n%s", got)
	}
}

func TestAndroidUsageErrors(t *testing.T) {
	t.Parallel()
	r := trigger.NewStub(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"trigger", "android", "job", "1e3", "-p", "com.example.app"}, `invalid job id "1e3"`},
		{[]string{"trigger", "android", "job", "999", "-p", "com.example.app", "--json", "--watch"}, "--json and --watch cannot be used together"},
		{[]string{"trigger", "android", "jobs", "-p", "com.example.app", "extra"}, `takes no arguments, but got "extra"`},
		{[]string{"trigger", "android", "standby", "sometimes", "-p", "com.example.app"}, `unknown standby bucket "sometimes"`},
		{[]string{"trigger", "android", "boot", "-p", "Com"}, `invalid package name "Com"`},
		{[]string{"trigger", "android", "boot", "-p", "com.example.app", "--watch=-1s"}, "--watch must be a positive duration"},
		{[]string{"trigger", "android", "background", "-s", "--help"}, "invalid device serial"},
	}
	for _, tt := range tests {
		code, _, stderr := runWith(t, r, nil, tt.args...)
		if code != cmdutil.ExitFailed || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tt.args, code, stderr, tt.want)
		}
		if len(r.Calls) != 0 {
			t.Fatalf("%v ran %q before validating", tt.args, r.Lines())
		}
	}
}

func TestAndroidHelpHasExamples(t *testing.T) {
	t.Parallel()
	root := NewRootCmd(&cmdutil.Factory{IO: func() *iostreams.IOStreams { io, _, _, _ := iostreams.Test(); return io }()})
	android, _, err := root.Find([]string{"trigger", "android"})
	if err != nil {
		t.Fatal(err)
	}
	devices, _, _ := root.Find([]string{"devices"})
	cmds := append(android.Commands(), android, devices)
	for _, c := range cmds {
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		if strings.TrimSpace(c.Example) == "" || c.Short == "" || c.Long == "" {
			t.Errorf("%s lacks a Short, Long or Example", c.CommandPath())
		}
	}
}
