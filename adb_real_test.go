package main

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bgkit/bgkit/cmd"
	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/trigger"
)

// realADBDir finds the folder of a real adb client on PATH, skipping the
// fake one testscript puts first (a copy of this test binary in a
// testscript-main*/bin folder). BGKIT_REAL_ADB names one explicitly.
func realADBDir(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("BGKIT_REAL_ADB"); p != "" {
		return filepath.Dir(p)
	}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" || filepath.Base(dir) == "bin" && strings.HasPrefix(filepath.Base(filepath.Dir(dir)), "testscript-main") {
			continue
		}
		if st, err := os.Stat(filepath.Join(dir, "adb")); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return dir
		}
	}
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestRealADB runs bgkit against Debian's real adb client (.ci/run installs
// it) with no device attached: `devices` reports none, triggers fail with a
// clear error and exit 2, and nothing hangs although adb's first call
// starts a server that keeps the pipes it inherited. The server runs on a
// throwaway port with a throwaway HOME, so a developer's own adb server and
// keys are left alone, and it is killed at the end.
func TestRealADB(t *testing.T) {
	dir := realADBDir(t)
	if dir == "" && os.Getenv("BGKIT_REQUIRE_REAL_ADB") == "1" {
		t.Fatal("BGKIT_REQUIRE_REAL_ADB=1 but no real adb is on PATH")
	}
	if dir == "" {
		t.Skip("no real adb on PATH (install it with `apt-get install adb` or Android SDK Platform-Tools; .ci/run does); skipping the tests against the real client")
	}
	adbPath := filepath.Join(dir, "adb")
	t.Setenv("PATH", dir+string(filepath.ListSeparator)+"/usr/bin:/bin")
	port := freePort(t)
	t.Setenv("ANDROID_ADB_SERVER_PORT", strconv.Itoa(port))
	t.Setenv("HOME", t.TempDir())
	t.Setenv("ANDROID_USER_HOME", filepath.Join(os.Getenv("HOME"), ".android"))
	// Its own server must not attach to the developer's emulators, USB
	// phones or mDNS devices (adb 29 reads ADB_EMU, ADB_USB and ADB_MDNS;
	// older clients scan emulator ports up to ADB_LOCAL_TRANSPORT_MAX_PORT).
	for _, kv := range [][2]string{{"ADB_EMU", "0"}, {"ADB_USB", "0"}, {"ADB_MDNS", "0"}, {"ADB_LOCAL_TRANSPORT_MAX_PORT", "5553"}} {
		t.Setenv(kv[0], kv[1])
	}
	for _, k := range []string{"ANDROID_SERIAL", "ANDROID_ADB_SERVER_ADDRESS", "ADB_SERVER_SOCKET", "ADB_VENDOR_KEYS"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	killServer := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		c := exec.CommandContext(ctx, adbPath, "kill-server")
		c.WaitDelay = time.Second
		if out, err := c.CombinedOutput(); err != nil {
			t.Logf("adb kill-server: %v: %s", err, out)
		}
	}
	t.Cleanup(killServer)
	serverUp := func() bool {
		conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
		if err != nil {
			return false
		}
		conn.Close()
		return true
	}

	run := func(t *testing.T, args ...string) (code int, stdout, stderr string) {
		t.Helper()
		io, _, out, errOut := iostreams.Test()
		f := &cmd.Factory{IO: io, Getenv: func(string) string { return "" }}
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
	if code != cmd.ExitOK {
		t.Fatalf("devices exited %d; stderr:\n%s", code, stderr)
	}
	var report struct {
		Android []trigger.AndroidDevice `json:"android"`
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("devices --json printed %q: %v", stdout, err)
	}
	// The server bgkit's adb started listens on the throwaway port, not on
	// the developer's (5037 unless ANDROID_ADB_SERVER_PORT says otherwise).
	if !serverUp() {
		t.Errorf("no adb server listens on the test's port %d after bgkit devices: adb did not honour ANDROID_ADB_SERVER_PORT, so a developer's server may have been used", port)
	}
	if len(report.Android) > 0 {
		t.Skipf("a device or emulator is attached (%s): the no-device checks cannot run here", report.Android[0].Serial)
	}

	code, stdout, stderr = run(t, "devices")
	if code != cmd.ExitOK || stdout != "" || !strings.Contains(stderr, "No Android device or emulator") || !strings.Contains(stderr, "emulator -avd NAME") {
		t.Errorf("devices: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}

	code, _, stderr = run(t, "trigger", "android", "job", "999", "--package", "com.example.app")
	if code != cmd.ExitFailed || !strings.Contains(stderr, "no Android device or emulator is connected") || !strings.Contains(stderr, "emulator -avd NAME") {
		t.Errorf("job without a device: exit %d, stderr %q", code, stderr)
	}

	code, _, stderr = run(t, "trigger", "android", "boot", "--serial", "emulator-5554", "--package", "com.example.app")
	if code != cmd.ExitFailed || !strings.Contains(stderr, `device "emulator-5554" not found`) {
		t.Errorf("boot on a missing serial: exit %d, stderr %q", code, stderr)
	}

	// Straight to the device, past the listing: adb's own "error: device
	// 'emulator-5554' not found" (exit 1) becomes a typed error.
	adb := &trigger.ADB{Runner: trigger.ExecRunner{}, Serial: "emulator-5554", Timeout: 40 * time.Second}
	_, err := adb.Jobs(context.Background(), "com.example.app")
	var nf *trigger.AndroidDeviceNotFoundError
	var none *trigger.NoAndroidDeviceError
	if !errors.As(err, &nf) && !errors.As(err, &none) {
		t.Errorf("dumpsys on a missing device: err = %v (%T)", err, err)
	}

	// The server the test started is gone once it is killed.
	killServer()
	deadline := time.Now().Add(10 * time.Second)
	for serverUp() && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if serverUp() {
		t.Errorf("the adb server on port %d still runs after adb kill-server", port)
	}
}
