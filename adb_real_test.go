//go:build unix

package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bgkit/bgkit/cmd"
	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/fakeadbd"
	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/android"
)

// TestRealADB runs bgkit against Debian's real adb client (.ci/run installs
// it) with no device attached: `devices` reports none, triggers fail with a
// clear error and exit 2, and nothing hangs although adb's first call
// starts a server that keeps the pipes it inherited. The server runs on a
// throwaway port with a throwaway HOME, so a developer's own adb server and
// keys are left alone, and it is killed at the end.
func TestRealADB(t *testing.T) {
	adbPath := fakeadbd.FindADB()
	if adbPath == "" && os.Getenv(fakeadbd.RequireEnv) == "1" {
		t.Fatal("BGKIT_REQUIRE_REAL_ADB=1 but no real adb is on PATH")
	}
	if adbPath == "" {
		t.Skip("no real adb on PATH (install it with `apt-get install adb` or Android SDK Platform-Tools; .ci/run does); skipping the tests against the real client")
	}
	// Not started: bgkit's first adb call starts it. Killed at the end,
	// with a check that its port is closed.
	srv := fakeadbd.NewServer(t, adbPath)
	srv.Setenv(t)
	t.Setenv("PATH", filepath.Dir(adbPath)+string(filepath.ListSeparator)+"/usr/bin:/bin")

	run := func(t *testing.T, args ...string) (code int, stdout, stderr string) {
		t.Helper()
		io, _, out, errOut := iostreams.Test()
		f := &cmdutil.Factory{IO: io, Getenv: func(string) string { return "" }}
		start := time.Now()
		code = cmd.Run(f, args)
		if d := time.Since(start); d > 45*time.Second {
			t.Errorf("bgkit %s took %v: something waited on adb's server", strings.Join(args, " "), d)
		}
		return code, out.String(), errOut.String()
	}

	// The first call starts the server (and says so on stderr); bgkit must
	// neither hang on the server's inherited pipes nor mistake the chatter
	// for a device.
	code, stdout, stderr := run(t, "devices", "--json", "--timeout", "40s")
	if code != cmdutil.ExitOK {
		t.Fatalf("devices exited %d; stderr:\n%s", code, stderr)
	}
	var report struct {
		Android []android.Device `json:"android"`
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("devices --json printed %q: %v", stdout, err)
	}
	// The server bgkit's adb started listens on the throwaway port, not on
	// the developer's (5037 unless ANDROID_ADB_SERVER_PORT says otherwise).
	if !srv.Up() {
		t.Errorf("no adb server listens on the test's port %d after bgkit devices: adb did not honour ANDROID_ADB_SERVER_PORT, so a developer's server may have been used", srv.Port)
	}
	if len(report.Android) > 0 {
		t.Skipf("a device or emulator is attached (%s): the no-device checks cannot run here", report.Android[0].Serial)
	}

	code, stdout, stderr = run(t, "devices")
	if code != cmdutil.ExitOK || stdout != "" || !strings.Contains(stderr, "No Android device or emulator") || !strings.Contains(stderr, "emulator -avd NAME") {
		t.Errorf("devices: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}

	code, _, stderr = run(t, "trigger", "android", "job", "999", "--package", "com.example.app")
	if code != cmdutil.ExitFailed || !strings.Contains(stderr, "no Android device or emulator is connected") || !strings.Contains(stderr, "emulator -avd NAME") {
		t.Errorf("job without a device: exit %d, stderr %q", code, stderr)
	}

	code, _, stderr = run(t, "trigger", "android", "boot", "--serial", "emulator-5554", "--package", "com.example.app")
	if code != cmdutil.ExitFailed || !strings.Contains(stderr, `device "emulator-5554" not found`) {
		t.Errorf("boot on a missing serial: exit %d, stderr %q", code, stderr)
	}

	// Straight to the device, past the listing: adb's own "error: device
	// 'emulator-5554' not found" (exit 1) becomes a typed error.
	adb := &android.ADB{Runner: trigger.ExecRunner{}, Serial: "emulator-5554", Timeout: 40 * time.Second}
	_, err := adb.Jobs(context.Background(), "com.example.app")
	var nf *android.DeviceNotFoundError
	var none *android.NoDeviceError
	if !errors.As(err, &nf) && !errors.As(err, &none) {
		t.Errorf("dumpsys on a missing device: err = %v (%T)", err, err)
	}
}
