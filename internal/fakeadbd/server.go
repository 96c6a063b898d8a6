//go:build unix

package fakeadbd

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// RequireEnv makes a missing adb or mksh a test failure instead of a skip
// (.ci/run sets it, so CI cannot pass by skipping).
const RequireEnv = "BGKIT_REQUIRE_REAL_ADB"

// Tools finds the real adb (BGKIT_REAL_ADB, else on PATH outside
// testscript's folder of fakes) and mksh, or skips the test (fails it when
// BGKIT_REQUIRE_REAL_ADB=1).
func Tools(t testing.TB) (adb string) {
	t.Helper()
	adb = FindADB()
	mksh, mkshErr := exec.LookPath("mksh")
	if mkshErr == nil {
		// Tests may narrow PATH afterwards; devices keep this shell.
		defaultShell.Store(&mksh)
	}
	if adb == "" || mkshErr != nil {
		msg := "the real adb and mksh are needed (apt-get install adb mksh; .ci/run does)"
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("%s=1 but %s; adb=%q, mksh: %v", RequireEnv, msg, adb, mkshErr)
		}
		t.Skip(msg + "; skipping the tests through the real adb")
	}
	return adb
}

// FindADB returns the real adb client: BGKIT_REAL_ADB, else the first adb
// on PATH outside testscript's folder of fakes (a testscript-main*/bin
// folder holding a copy of the test binary); "" when there is none.
func FindADB() string {
	if adb := os.Getenv("BGKIT_REAL_ADB"); adb != "" {
		return adb
	}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" || filepath.Base(dir) == "bin" && strings.HasPrefix(filepath.Base(filepath.Dir(dir)), "testscript-main") {
			continue
		}
		p := filepath.Join(dir, "adb")
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// Server is a private adb server: its own port and HOME (so its own keys),
// with emulator scanning, USB and mDNS off, so it never attaches to a
// developer's emulators or phones nor touches their server on port 5037.
type Server struct {
	ADB  string
	Port int
	Home string
	// Env is the environment adb clients must run with to reach this server.
	Env []string
}

// adbEnvKeys are variables that would make adb reach another server or
// device; the private server's environment drops them.
var adbEnvKeys = []string{"ANDROID_ADB_SERVER_PORT", "ANDROID_ADB_SERVER_ADDRESS", "ADB_SERVER_SOCKET", "ANDROID_SERIAL",
	"ADB_VENDOR_KEYS", "ADB_TRACE", "ANDROID_USER_HOME", "ANDROID_SDK_HOME", "ADB_EMU", "ADB_USB", "ADB_MDNS", "HOME", "ADB_LOCAL_TRANSPORT_MAX_PORT"}

// StartServer starts a private adb server and kills it when the test ends
// (see NewServer).
func StartServer(t testing.TB, adb string) *Server {
	t.Helper()
	s := NewServer(t, adb)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c := exec.CommandContext(ctx, adb, "start-server")
	c.Env = s.Env
	// The server inherits the client's stdio; files, not pipes, so nothing
	// waits on a server that keeps them open.
	logf, err := os.Create(filepath.Join(s.Home, "start-server.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	c.Stdout, c.Stderr = logf, logf
	if err := c.Run(); err != nil {
		b, _ := os.ReadFile(logf.Name())
		t.Fatalf("adb start-server: %v\n%s", err, b)
	}
	return s
}

// NewServer picks a private adb server's port and HOME without starting
// it (the first adb client run with Env or after Setenv starts it), and
// kills it when the test ends: adb kill-server, then a check that its port
// is closed and, on Linux, that its process is gone.
func NewServer(t testing.TB, adb string) *Server {
	t.Helper()
	s := &Server{ADB: adb, Port: freePort(t), Home: t.TempDir()}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, a := range adbEnvKeys {
			drop = drop || k == a
		}
		if !drop {
			s.Env = append(s.Env, kv)
		}
	}
	s.Env = append(s.Env, s.Vars()...)
	t.Cleanup(func() { s.kill(t) })
	s.watch(t)
	return s
}

// watch starts a watchdog that ends the server if this test process dies
// before its cleanup runs (go test -timeout ends the process without
// running cleanups; so does a crash): a shell that waits for the process
// to go, then runs adb kill-server. The server itself cannot be tied to
// this process: adb's first client forks it as a daemon. The watchdog has
// no stdout or stderr of ours (go test would wait for them to close) and
// runs in its own process group, which the cleanup ends.
func (s *Server) watch(t testing.TB) {
	const script = `while kill -0 "$1" 2>/dev/null; do sleep 1; done; exec "$2" kill-server`
	c := exec.Command("/bin/sh", "-c", script, "sh", strconv.Itoa(os.Getpid()), s.ADB)
	c.Env = s.Env
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := c.Start(); err != nil {
		t.Fatalf("the private adb server's watchdog: %v", err)
	}
	t.Cleanup(func() {
		syscall.Kill(-c.Process.Pid, syscall.SIGKILL)
		c.Wait()
	})
}

// Vars are the variables that point adb at this server.
func (s *Server) Vars() []string {
	return []string{
		"ANDROID_ADB_SERVER_PORT=" + strconv.Itoa(s.Port),
		"HOME=" + s.Home,
		"ANDROID_USER_HOME=" + filepath.Join(s.Home, ".android"),
		"ADB_EMU=0", "ADB_USB=0", "ADB_MDNS=0",
		// adb before ADB_EMU scans 5555..MAX for emulators; nothing below 5555.
		"ADB_LOCAL_TRANSPORT_MAX_PORT=5553",
	}
}

// Setenv points this test process (and the adb it runs) at the server.
func (s *Server) Setenv(t *testing.T) {
	for _, kv := range s.Vars() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	// Unset, not empty: adb reads an empty ADB_SERVER_SOCKET as a socket.
	for _, k := range []string{"ANDROID_SERIAL", "ANDROID_ADB_SERVER_ADDRESS", "ADB_SERVER_SOCKET", "ADB_VENDOR_KEYS", "ADB_TRACE", "ANDROID_SDK_HOME"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
}

// Up reports whether something listens on the server's port.
func (s *Server) Up() bool {
	c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port)), time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

func (s *Server) kill(t testing.TB) {
	pids := s.serverPIDs()
	out, err := s.Run(20*time.Second, "kill-server")
	if err != nil {
		t.Logf("adb kill-server: %v: %s", err, out)
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.Up() && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if s.Up() {
		t.Errorf("the private adb server on port %d still runs after adb kill-server", s.Port)
	}
	// The process itself, where /proc tells (Linux): its command line names
	// the test's port, so it is this test's server and no one else's.
	for _, pid := range pids {
		deadline := time.Now().Add(5 * time.Second)
		for processAlive(pid) && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if processAlive(pid) {
			t.Errorf("the private adb server (pid %d) still runs after adb kill-server; killing it", pid)
			if p, err := os.FindProcess(pid); err == nil {
				p.Kill()
			}
		}
	}
}

// serverPIDs finds the processes of this server through /proc: adb runs
// its server as `adb -L tcp:PORT fork-server server ...`.
func (s *Server) serverPIDs() []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	want := "tcp:" + strconv.Itoa(s.Port) + "\x00fork-server\x00"
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && strings.Contains(string(b), want) {
			pids = append(pids, pid)
		}
	}
	return pids
}

func processAlive(pid int) bool {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	// A zombie (state Z) has exited.
	if i := strings.LastIndexByte(string(b), ')'); i >= 0 && i+2 < len(b) {
		return b[i+2] != 'Z'
	}
	return true
}

// Run runs the real adb against this server and returns its combined output.
func (s *Server) Run(timeout time.Duration, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	c := exec.CommandContext(ctx, s.ADB, args...)
	c.Env = s.Env
	c.WaitDelay = time.Second
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	err := c.Run()
	return out.String(), err
}

// State is `adb -s SERIAL get-state` (its output when it fails).
func (s *Server) State(serial string) string {
	out, _ := s.Run(10*time.Second, "-s", serial, "get-state")
	return strings.TrimSpace(out)
}

// Connect connects the server to d and waits until adb lists it in state
// want ("device", "unauthorized", "offline", "recovery", ...).
func (s *Server) Connect(t testing.TB, d *Device, want string) {
	t.Helper()
	if want == "device" {
		out, err := s.Run(10*time.Second, "connect", d.Serial)
		if err != nil {
			t.Fatalf("adb connect %s: %v: %s", d.Serial, err, out)
		}
	} else {
		// adb connect waits for a device that never says CNXN (offline,
		// unauthorized); the server keeps the transport when the client
		// stops waiting.
		s.Run(time.Second, "connect", d.Serial)
	}
	if err := s.WaitState(d.Serial, want, 10*time.Second); err != nil {
		t.Fatal(err)
	}
}

// WaitState waits until `adb devices` lists serial in state want.
func (s *Server) WaitState(serial, want string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	last := ""
	for time.Now().Before(deadline) {
		out, _ := s.Run(5*time.Second, "devices")
		last = out
		for _, line := range strings.Split(out, "\n") {
			f := strings.Fields(line)
			if len(f) >= 2 && f[0] == serial && strings.Join(f[1:], " ") == want {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("adb did not list %s as %q within %s; adb devices:\n%s", serial, want, timeout, last)
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
