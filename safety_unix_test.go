//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bgkit/bgkit/internal/testutil"
)

func mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }

// maxRSS is the peak resident memory of an ended process, in bytes.
func maxRSS(ps *os.ProcessState) (int64, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, false
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss), true // bytes there
	}
	return int64(ru.Maxrss) << 10, true // KiB on Linux and the BSDs
}

// runAs makes c run as the user and group uid and gid.
func runAs(_ *testing.T, c *exec.Cmd, uid, gid uint32) {
	c.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: gid}}
}

// alive reports whether pid is a live process (a zombie is not).
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true // no /proc: the signal said it exists
	}
	// pid (comm) S ...: the state follows the last ')'.
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || i+2 >= len(stat) || stat[i+2] != 'Z'
}

const fakeDevices = "List of devices attached\nemulator-5554          device product:sdk model:sdk device:emu64xa transport_id:1\n\n"

// TestSignalsEndChildren sends SIGINT, SIGTERM and SIGHUP to bgkit while an
// adb it started hangs (ignoring SIGTERM): bgkit exits 130, 143 or 129
// within a second or two, and the adb is gone from the process table. The
// same for the logcat of --watch.
func TestSignalsEndChildren(t *testing.T) {
	bin := bgkitBin(t)
	cases := []struct {
		name  string
		args  []string
		files map[string]string
	}{
		{"adb call", []string{"trigger", "android", "background", "--timeout", "60s"}, map[string]string{
			"adb/00.args": "devices -l", "adb/00.sleep": "60s", "adb/00.hang": "",
		}},
		{"watch", []string{"trigger", "android", "boot", "-p", "com.acme.tides", "--watch=60s"}, map[string]string{
			"adb/00.args":   "devices -l",
			"adb/00.stdout": fakeDevices,
			"adb/01.args":   "-s emulator-5554 shell date +%s",
			"adb/01.stdout": "1709376252\n",
			"adb/10.args":   "-s emulator-5554 shell am broadcast -a android.intent.action.BOOT_COMPLETED -p com.acme.tides",
			"adb/10.stdout": "Broadcasting: Intent { act=android.intent.action.BOOT_COMPLETED flg=0x400000 pkg=com.acme.tides }\nBroadcast completed: result=0\n",
			"adb/20.args":   "-s emulator-5554 shell pidof -s com.acme.tides",
			"adb/20.stdout": "4711\n",
			"adb/30.args":   "-s emulator-5554 logcat *",
			"adb/30.sleep":  "60s",
			"adb/30.hang":   "",
		}},
	}
	for _, tc := range cases {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
			t.Run(tc.name+"/"+sig.String(), func(t *testing.T) {
				fake := t.TempDir()
				testutil.WriteTree(t, fake, tc.files)
				c := exec.Command(bin, tc.args...)
				c.Dir = fake
				c.Env = append(os.Environ(), "FAKE_DIR="+fake, "ANDROID_SERIAL=emulator-5554", "NO_COLOR=1")
				var out bytes.Buffer
				c.Stdout, c.Stderr = &out, &out
				if err := c.Start(); err != nil {
					t.Fatal(err)
				}
				defer c.Process.Kill()
				pidFile := filepath.Join(fake, "adb.pid")
				var pid int
				for start := time.Now(); pid == 0; time.Sleep(10 * time.Millisecond) {
					if time.Since(start) > 10*time.Second {
						t.Fatalf("the fake adb never started hanging; output:\n%s", out.String())
					}
					if b, err := os.ReadFile(pidFile); err == nil && bytes.HasSuffix(b, []byte("\n")) {
						pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
					}
				}
				sent := time.Now()
				c.Process.Signal(sig)
				done := make(chan error, 1)
				go func() { done <- c.Wait() }()
				select {
				case <-done:
				case <-time.After(5 * time.Second):
					t.Fatalf("bgkit still runs 5s after %v", sig)
				}
				if d := time.Since(sent); d > 3*time.Second {
					t.Errorf("bgkit took %v to end after %v", d, sig)
				}
				if got, want := c.ProcessState.ExitCode(), 128+int(sig); got != want {
					t.Errorf("exit %d, want %d; output:\n%s", got, want, out.String())
				}
				for start := time.Now(); alive(pid) && time.Since(start) < time.Second; time.Sleep(10 * time.Millisecond) {
				}
				if alive(pid) {
					syscall.Kill(pid, syscall.SIGKILL)
					t.Fatalf("adb (pid %d) outlived bgkit", pid)
				}
				if left := processesIn(fake); len(left) > 0 {
					t.Fatalf("processes left behind: %v", left)
				}
			})
		}
	}
}
