//go:build unix

package fakeadbd

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	if name := StubName(); name != "" {
		os.Exit(StubMain(name))
	}
	os.Exit(m.Run())
}

func TestShellThroughRealADB(t *testing.T) {
	adb := Tools(t)
	srv := StartServer(t, adb)
	if runtime.GOOS == "linux" {
		pids := srv.serverPIDs()
		if len(pids) != 1 || !processAlive(pids[0]) {
			t.Errorf("the private server's process: %v", pids)
		}
	}
	d := StartDevice(t, Config{})
	srv.Connect(t, d, "device")
	if err := d.Respond("dumpsys", "jobscheduler com.example.app", "JOB #u0a1/1\n", "warn\n", 3, 0); err != nil {
		t.Fatal(err)
	}
	c := exec.Command(adb, "-s", d.Serial, "shell", "dumpsys", "jobscheduler", "com.example.app")
	c.Env = srv.Env
	var out, errOut strings.Builder
	c.Stdout, c.Stderr = &out, &errOut
	err := c.Run()
	ee, _ := err.(*exec.ExitError)
	if ee == nil || ee.ExitCode() != 3 || out.String() != "JOB #u0a1/1\n" || errOut.String() != "warn\n" {
		t.Errorf("err %v, stdout %q, stderr %q", err, out.String(), errOut.String())
	}
	if got := d.Log(); got != "dumpsys jobscheduler com.example.app\n" {
		t.Errorf("device log %q", got)
	}
	_ = time.Second
}

func runADB(t *testing.T, srv *Server, args ...string) (string, string, int) {
	c := exec.Command(srv.ADB, args...)
	c.Env = srv.Env
	var out, errOut strings.Builder
	c.Stdout, c.Stderr = &out, &errOut
	c.WaitDelay = time.Second
	err := c.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return out.String(), errOut.String(), code
}

// The device's faults as the real adb sees them: a cut stream and a
// disconnect both end with adb exiting 0 (which is why bgkit marks the end
// of every command), a missing command is mksh's exit 127, and root is
// refused or granted.
func TestFaultsThroughRealADB(t *testing.T) {
	adb := Tools(t)
	srv := StartServer(t, adb)
	d := StartDevice(t, Config{})
	srv.Connect(t, d, "device")
	d.Respond("dumpsys", "x", "0123456789abcdef\n", "", 0, 0)

	d.CutNextCommand(5, false)
	if o, e, c := runADB(t, srv, "-s", d.Serial, "shell", "dumpsys", "x"); o != "01234" || e != "" || c != 0 {
		t.Errorf("cut stream: %q %q %d", o, e, c)
	}
	if o, e, c := runADB(t, srv, "-s", d.Serial, "shell", "nosuch"); o != "" || !strings.Contains(e, "/system/bin/sh: nosuch: inaccessible or not found") || c != 127 {
		t.Errorf("missing command: %q %q %d", o, e, c)
	}
	if o, _, _ := runADB(t, srv, "-s", d.Serial, "root"); o != "adbd cannot run as root in production builds\n" || d.IsRoot() {
		t.Errorf("root denied: %q", o)
	}
	d.AllowRoot(true)
	if o, _, c := runADB(t, srv, "-s", d.Serial, "root"); o != "restarting adbd as root\n" || c != 0 || !d.IsRoot() {
		t.Errorf("root allowed: %q %d", o, c)
	}
	if err := srv.WaitState(d.Serial, "device", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if o, _, _ := runADB(t, srv, "-s", d.Serial, "root"); o != "adbd is already running as root\n" {
		t.Errorf("root again: %q", o)
	}

	d.CutNextCommand(5, true)
	if o, e, c := runADB(t, srv, "-s", d.Serial, "shell", "dumpsys", "x"); o != "01234" || e != "" || c != 0 {
		t.Errorf("disconnect: %q %q %d", o, e, c)
	}
	if st := srv.State(d.Serial); st == "device" {
		t.Errorf("after a disconnect, get-state says %q", st)
	}
	want := "dumpsys x\ndumpsys x\n"
	if got := d.Log(); got != want {
		t.Errorf("device log %q, want %q", got, want)
	}
}

func TestStatesThroughRealADB(t *testing.T) {
	adb := Tools(t)
	srv := StartServer(t, adb)
	for _, st := range []string{"unauthorized", "offline", "recovery"} {
		d := StartDevice(t, Config{})
		d.SetState(st)
		srv.Connect(t, d, st)
	}
}

// exec: (adb exec-out) runs the command with raw stdout, no shell protocol.
func TestExecOutThroughRealADB(t *testing.T) {
	adb := Tools(t)
	srv := StartServer(t, adb)
	d := StartDevice(t, Config{})
	srv.Connect(t, d, "device")
	d.Respond("getprop", "ro.build.version.sdk", "34\n", "", 0, 0)
	if o, e, c := runADB(t, srv, "-s", d.Serial, "exec-out", "getprop", "ro.build.version.sdk"); o != "34\n" || e != "" || c != 0 {
		t.Errorf("exec-out: %q %q %d", o, e, c)
	}
	// A device without shell v2 (Android 6 and older): stderr mixes into
	// stdout and adb exits 0 whatever the command's status.
	old := StartDevice(t, Config{Features: "cmd"})
	srv.Connect(t, old, "device")
	old.Respond("dumpsys", "x", "out\n", "err\n", 5, 0)
	if o, _, c := runADB(t, srv, "-s", old.Serial, "shell", "dumpsys", "x"); !strings.Contains(o, "out\n") || !strings.Contains(o, "err\n") || c != 0 {
		t.Errorf("old shell: %q %d", o, c)
	}
}

func FuzzReadMessage(f *testing.F) {
	f.Add(encode(message{cmd: cmdCNXN, arg0: adbVersion, arg1: maxPayload, data: []byte("host::features=shell_v2")}))
	f.Add(encode(message{cmd: cmdOKAY, arg0: 1, arg1: 2}))
	f.Add([]byte("CNXN"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := readMessage(bytes.NewReader(b))
		if err != nil {
			return
		}
		again := encode(m)
		if !bytes.Equal(again[:12], b[:12]) || !bytes.Equal(again[24:], b[24:24+len(m.data)]) {
			t.Fatalf("%v does not encode back to its input", m)
		}
	})
}

// orphanEnv makes TestNoServerOutlivesItsTest's child start a private server
// and die without running its cleanups, as go test -timeout ends a test.
const orphanEnv = "BGKIT_FAKEADBD_ORPHAN"

func TestOrphanedServerChild(t *testing.T) {
	if os.Getenv(orphanEnv) != "1" {
		t.Skip("run by TestNoServerOutlivesItsTest")
	}
	srv := StartServer(t, Tools(t))
	fmt.Println("port", srv.Port)
	os.Exit(3) // no cleanup runs, as when go test -timeout fires
}

// A test process that dies before its cleanup (go test -timeout, a crash)
// leaves no adb server behind: the watchdog ends it.
func TestNoServerOutlivesItsTest(t *testing.T) {
	adb := Tools(t)
	c := exec.Command(os.Args[0], "-test.run=^TestOrphanedServerChild$")
	c.Env = append(os.Environ(), orphanEnv+"=1")
	out, _ := c.Output()
	var port int
	if _, err := fmt.Sscanf(string(out), "port %d", &port); err != nil {
		t.Fatalf("the child printed %q: %v", out, err)
	}
	srv := &Server{ADB: adb, Port: port}
	deadline := time.Now().Add(20 * time.Second)
	for srv.Up() && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if srv.Up() {
		t.Errorf("the adb server on port %d still runs after its test process died", port)
		exec.Command(adb, "-P", strconv.Itoa(port), "kill-server").Run()
	}
}
