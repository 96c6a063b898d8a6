//go:build unix

package fakeadbd

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/bgkit/bgkit/internal/fakecmd"
)

// Stubs are the device commands a fake device has unless Config.Stubs
// says otherwise.
var Stubs = []string{"cmd", "dumpsys", "am", "input", "logcat", "pidof", "date", "getprop", "settings", "pm"}

// defaultShell is the mksh Tools found.
var defaultShell atomic.Pointer[string]

// stubEnv marks a process as a device-side stub (see StubMain).
const stubEnv = "BGKIT_FAKEADBD_STUB"

// Config describes a fake device.
type Config struct {
	// Dir holds the stubs' scripted answers and argv logs, in
	// internal/fakecmd's layout: Dir/dumpsys/10.args, 10.stdout, ...;
	// Dir/dumpsys.log. Every stub also appends "NAME ARGV" to Dir/device.log.
	Dir string
	// Stubs are the commands on the device's PATH (default Stubs). Leave
	// out "cmd" to play an Android 6 device.
	Stubs   []string
	Model   string // ro.product.model (default sdk_gphone64_x86_64)
	Product string // ro.product.name (default sdk_gphone64_x86_64)
	Device  string // ro.product.device (default emu64xa)
	// Features is the banner's feature list (default: shell_v2,cmd and the
	// file-sync features of a current device). Without shell_v2 adb uses
	// the old shell service, which has no exit status and mixes stderr into
	// stdout, as on Android 6 and older.
	Features string
	// Shell is the device's shell (default: mksh from PATH).
	Shell string
}

// Device is a fake device listening on 127.0.0.1.
type Device struct {
	// Serial is how adb names the device once connected: 127.0.0.1:PORT.
	Serial string
	Dir    string

	cfg     Config
	stubDir string
	ln      net.Listener

	mu        sync.Mutex
	state     string // device, unauthorized, offline, recovery, bootloader
	rootOK    bool
	root      bool
	cut       *cutFault
	unplugged bool
	conns     map[*conn]bool
	running   map[int]bool // process group ids of running device commands
	killed    int
	closed    bool
	wg        sync.WaitGroup
}

type cutFault struct {
	after      int  // bytes of the command's stdout that still get through
	disconnect bool // drop the whole connection, and accept no new ones
}

// Start starts a fake device. Close stops it and every command it runs.
func Start(cfg Config) (*Device, error) {
	if p := defaultShell.Load(); cfg.Shell == "" && p != nil {
		cfg.Shell = *p
	}
	if cfg.Shell == "" {
		p, err := exec.LookPath("mksh")
		if err != nil {
			return nil, fmt.Errorf("fakeadbd: mksh (Android's shell) is not installed: %w", err)
		}
		cfg.Shell = p
	}
	if cfg.Stubs == nil {
		cfg.Stubs = Stubs
	}
	if cfg.Model == "" {
		cfg.Model = "sdk_gphone64_x86_64"
	}
	if cfg.Product == "" {
		cfg.Product = "sdk_gphone64_x86_64"
	}
	if cfg.Device == "" {
		cfg.Device = "emu64xa"
	}
	if cfg.Features == "" {
		cfg.Features = "shell_v2,cmd,stat_v2,ls_v2,fixed_push_mkdir,apex,fixed_push_symlink_timestamp,remount_shell,track_app,sendrecv_v2"
	}
	if cfg.Dir == "" {
		return nil, errors.New("fakeadbd: Config.Dir is empty")
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	stubDir := filepath.Join(cfg.Dir, ".bin")
	if err := os.MkdirAll(stubDir, 0o755); err != nil {
		return nil, err
	}
	for _, s := range cfg.Stubs {
		if err := os.Symlink(exe, filepath.Join(stubDir, s)); err != nil && !errors.Is(err, os.ErrExist) {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	d := &Device{
		Serial: ln.Addr().String(), Dir: cfg.Dir, cfg: cfg, stubDir: stubDir, ln: ln,
		state: "device", conns: map[*conn]bool{}, running: map[int]bool{},
	}
	d.wg.Add(1)
	go d.accept()
	return d, nil
}

// SetState sets what the device answers the host's CNXN with from the next
// connection on: "device" (the banner), "unauthorized" (an AUTH challenge
// it never accepts), "offline" (no answer at all), or another banner state
// such as "recovery" or "bootloader".
func (d *Device) SetState(state string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.state = state
}

// AllowRoot says whether `adb root` may restart adbd as root (as on
// emulator images without Google Play) or is refused (production builds).
func (d *Device) AllowRoot(ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.rootOK = ok
}

// IsRoot reports whether `adb root` succeeded.
func (d *Device) IsRoot() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.root
}

// CutNextCommand cuts the next shell command after `after` bytes of its
// standard output: it is killed and its stream closed with no exit status.
// A negative after cuts it before it starts: the command never runs.
// With disconnect, the whole connection drops as when a cable is pulled or
// an emulator dies, and the device accepts no connection afterwards.
func (d *Device) CutNextCommand(after int, disconnect bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.cut = &cutFault{after: after, disconnect: disconnect}
}

// Running is how many device commands still run.
func (d *Device) Running() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.running)
}

// Killed is how many device commands were killed because the host closed
// their stream or the connection ended.
func (d *Device) Killed() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.killed
}

// Close stops the device: connections end and device commands are killed.
func (d *Device) Close() error {
	d.mu.Lock()
	d.closed = true
	conns := make([]*conn, 0, len(d.conns))
	for c := range d.conns {
		conns = append(conns, c)
	}
	d.mu.Unlock()
	err := d.ln.Close()
	for _, c := range conns {
		c.close()
	}
	d.wg.Wait()
	return err
}

// DropConnections ends every connection as a restarting adbd does; the
// adb server reconnects by itself.
func (d *Device) DropConnections() {
	d.mu.Lock()
	conns := make([]*conn, 0, len(d.conns))
	for c := range d.conns {
		conns = append(conns, c)
	}
	d.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
}

func (d *Device) accept() {
	defer d.wg.Done()
	for {
		nc, err := d.ln.Accept()
		if err != nil {
			return
		}
		d.mu.Lock()
		if d.closed || d.unplugged {
			d.mu.Unlock()
			nc.Close()
			continue
		}
		c := &conn{d: d, nc: nc, streams: map[uint32]*stream{}, maxData: 4096}
		d.conns[c] = true
		d.mu.Unlock()
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			c.serve()
			d.mu.Lock()
			delete(d.conns, c)
			d.mu.Unlock()
		}()
	}
}

// conn is one transport connection from the adb server.
type conn struct {
	d       *Device
	nc      net.Conn
	wmu     sync.Mutex
	mu      sync.Mutex
	streams map[uint32]*stream
	nextID  uint32
	maxData int
	once    sync.Once
}

func (c *conn) send(m message) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.nc.SetWriteDeadline(time.Now().Add(10 * time.Second))
	_, err := c.nc.Write(encode(m))
	return err
}

func (c *conn) close() {
	c.once.Do(func() {
		c.nc.Close()
		c.mu.Lock()
		streams := make([]*stream, 0, len(c.streams))
		for _, s := range c.streams {
			streams = append(streams, s)
		}
		c.mu.Unlock()
		for _, s := range streams {
			s.hostClosed()
		}
	})
}

func (c *conn) serve() {
	defer c.close()
	first, err := readMessage(c.nc)
	if err != nil || first.cmd != cmdCNXN {
		return
	}
	if n := int(first.arg1); n > 0 && n < c.maxData*64 {
		c.maxData = min(n, maxPayload)
	} else {
		c.maxData = maxPayload
	}
	c.d.mu.Lock()
	state := c.d.state
	c.d.mu.Unlock()
	switch state {
	case "offline":
		// Say nothing: the server sees a transport that never comes up.
		io.Copy(io.Discard, io.LimitReader(c.nc, maxAccepted))
		return
	case "unauthorized":
		c.sendAuthToken()
		for {
			m, err := readMessage(c.nc)
			if err != nil {
				return
			}
			if m.cmd == cmdAUTH && m.arg0 == authSignature {
				c.sendAuthToken() // no signature is ever good enough
			}
			// authPublicKey: the host waits for the user, who never answers.
		}
	}
	banner := fmt.Sprintf("%s::ro.product.name=%s;ro.product.model=%s;ro.product.device=%s;features=%s",
		state, c.d.cfg.Product, c.d.cfg.Model, c.d.cfg.Device, c.d.cfg.Features)
	if err := c.send(message{cmd: cmdCNXN, arg0: adbVersion, arg1: maxPayload, data: []byte(banner)}); err != nil {
		return
	}
	for {
		m, err := readMessage(c.nc)
		if err != nil {
			return
		}
		switch m.cmd {
		case cmdOPEN:
			c.open(m.arg0, strings.TrimRight(string(m.data), "\x00"))
		case cmdOKAY:
			if s := c.stream(m.arg1); s != nil {
				s.okay()
			}
		case cmdWRTE:
			if s := c.stream(m.arg1); s != nil {
				c.send(message{cmd: cmdOKAY, arg0: s.id, arg1: s.remote})
				s.fromHost(m.data)
			}
		case cmdCLSE:
			if s := c.stream(m.arg1); s != nil {
				s.hostClosed()
			}
		}
	}
}

func (c *conn) sendAuthToken() {
	tok := make([]byte, 20)
	rand.Read(tok)
	c.send(message{cmd: cmdAUTH, arg0: authToken, data: tok})
}

func (c *conn) stream(id uint32) *stream {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.streams[id]
}

func (c *conn) open(remote uint32, service string) {
	c.mu.Lock()
	c.nextID++
	s := &stream{c: c, id: c.nextID, remote: remote, okays: make(chan struct{}, 1), done: make(chan struct{})}
	c.streams[s.id] = s
	c.mu.Unlock()

	kind, command, ok := parseService(service)
	if !ok {
		// Refused: a CLSE with no local id, as adbd answers unknown services.
		c.forget(s)
		c.send(message{cmd: cmdCLSE, arg0: 0, arg1: remote})
		return
	}
	if err := c.send(message{cmd: cmdOKAY, arg0: s.id, arg1: remote}); err != nil {
		return
	}
	switch kind {
	case "root", "unroot":
		go s.rootService(kind == "root")
	default:
		go s.run(kind, command)
	}
}

func (c *conn) forget(s *stream) {
	c.mu.Lock()
	delete(c.streams, s.id)
	c.mu.Unlock()
}

// parseService reads an OPEN's service: "shell:CMD" (the old shell),
// "shell,v2,raw:CMD" or "shell,v2,pty:CMD" (the shell protocol),
// "exec:CMD", "root:" and "unroot:".
func parseService(s string) (kind, command string, ok bool) {
	name, rest, found := strings.Cut(s, ":")
	if !found {
		return "", "", false
	}
	switch {
	case name == "root" || name == "unroot":
		return name, "", true
	case name == "exec":
		return "exec", rest, true
	case name == "shell" || strings.HasPrefix(name, "shell,"):
		v2 := false
		for _, arg := range strings.Split(name, ",")[1:] {
			if arg == "v2" {
				v2 = true
			}
		}
		if v2 {
			return "shell-v2", rest, true
		}
		return "shell", rest, true
	}
	return "", "", false
}

// stream is one open service.
type stream struct {
	c      *conn
	id     uint32
	remote uint32
	okays  chan struct{}
	done   chan struct{}

	wmu      sync.Mutex // one WRTE in flight: stdout and stderr take turns
	mu       sync.Mutex
	closed   bool
	pgid     int
	stdin    io.WriteCloser
	inbuf    []byte
	finished bool
}

func (s *stream) okay() {
	select {
	case s.okays <- struct{}{}:
	default:
	}
}

// write sends data in WRTE messages, each waiting for the host's OKAY.
func (s *stream) write(data []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	for len(data) > 0 {
		n := min(len(data), s.c.maxData)
		if err := s.c.send(message{cmd: cmdWRTE, arg0: s.id, arg1: s.remote, data: data[:n]}); err != nil {
			return err
		}
		select {
		case <-s.okays:
		case <-s.done:
			return io.ErrClosedPipe
		case <-time.After(30 * time.Second):
			return errors.New("fakeadbd: the host sent no OKAY within 30s")
		}
		data = data[n:]
	}
	return nil
}

// closeFromDevice ends the stream from the device's side.
func (s *stream) closeFromDevice() {
	s.mu.Lock()
	already := s.closed
	s.closed = true
	s.mu.Unlock()
	if already {
		return
	}
	close(s.done)
	s.c.forget(s)
	s.c.send(message{cmd: cmdCLSE, arg0: s.id, arg1: s.remote})
}

// hostClosed is the host's CLSE (or the connection's end): the command's
// whole process group is killed, as adbd does when the client goes away.
func (s *stream) hostClosed() {
	s.mu.Lock()
	already := s.closed
	s.closed = true
	pgid := s.pgid
	finished := s.finished
	s.mu.Unlock()
	if already {
		return
	}
	close(s.done)
	s.c.forget(s)
	if pgid > 0 && !finished {
		if syscall.Kill(-pgid, syscall.SIGKILL) == nil {
			s.c.d.mu.Lock()
			s.c.d.killed++
			s.c.d.mu.Unlock()
		}
	}
}

// fromHost takes the host's data: shell protocol packets for shell-v2
// (stdin, close-stdin, window size), raw stdin otherwise.
func (s *stream) fromHost(data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.inbuf)+len(data) > maxAccepted {
		return
	}
	s.inbuf = append(s.inbuf, data...)
	if s.stdin == nil {
		// The command has not started yet: keep what came (adb sends
		// close-stdin as soon as its own stdin ends).
		return
	}
	for len(s.inbuf) >= shellPacketHdrSz {
		n := int(uint32(s.inbuf[1]) | uint32(s.inbuf[2])<<8 | uint32(s.inbuf[3])<<16 | uint32(s.inbuf[4])<<24)
		if len(s.inbuf) < shellPacketHdrSz+n {
			if n > maxAccepted {
				s.inbuf = nil
			}
			return
		}
		id, payload := s.inbuf[0], s.inbuf[shellPacketHdrSz:shellPacketHdrSz+n]
		switch id {
		case shellStdin:
			s.stdin.Write(payload)
		case shellCloseStdin:
			s.stdin.Close()
		}
		s.inbuf = s.inbuf[shellPacketHdrSz+n:]
	}
}

func (s *stream) rootService(root bool) {
	d := s.c.d
	d.mu.Lock()
	ok, already := d.rootOK, d.root == root
	d.mu.Unlock()
	var msg string
	restart := false
	switch {
	case root && already:
		msg = "adbd is already running as root\n"
	case !root && already:
		msg = "adbd not running as root\n"
	case root && !ok:
		msg = "adbd cannot run as root in production builds\n"
	case root:
		msg, restart = "restarting adbd as root\n", true
	default:
		msg, restart = "restarting adbd as non root\n", true
	}
	s.write([]byte(msg))
	s.closeFromDevice()
	if restart {
		d.mu.Lock()
		d.root = root
		d.mu.Unlock()
		// adbd restarts: the connection drops and the server reconnects.
		time.Sleep(50 * time.Millisecond)
		d.DropConnections()
	}
}

// run runs a command line through the device's shell.
func (s *stream) run(kind, command string) {
	d := s.c.d
	if command == "" {
		// An interactive shell: not something bgkit opens.
		s.closeFromDevice()
		return
	}
	d.mu.Lock()
	if d.cut != nil && d.cut.after < 0 {
		cut := d.cut
		d.cut = nil
		if cut.disconnect {
			d.unplugged = true
		}
		d.mu.Unlock()
		if cut.disconnect {
			d.DropConnections()
		} else {
			s.closeFromDevice()
		}
		return
	}
	d.mu.Unlock()
	cmd := exec.Command(d.cfg.Shell, "-c", command)
	cmd.Args[0] = "/system/bin/sh"
	cmd.Dir = "/"
	cmd.Env = []string{
		"PATH=" + d.stubDir,
		"FAKE_DIR=" + d.Dir,
		stubEnv + "=1",
		"HOME=/",
		"ANDROID_ROOT=/system",
	}
	if d.IsRoot() {
		cmd.Env = append(cmd.Env, "USER=root")
	} else {
		cmd.Env = append(cmd.Env, "USER=shell")
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	v2 := kind == "shell-v2"
	var stdoutR, stderrR io.ReadCloser
	var err error
	stdoutR, err = cmd.StdoutPipe()
	if err == nil && v2 {
		stderrR, err = cmd.StderrPipe()
	} else if err == nil {
		cmd.Stderr = cmd.Stdout.(io.Writer) // the old shell mixes both, as a pty does
	}
	var stdinW io.WriteCloser
	if err == nil && v2 {
		stdinW, err = cmd.StdinPipe()
	}
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		s.write(fmt.Appendf(nil, "fakeadbd: %v\n", err))
		s.closeFromDevice()
		return
	}
	d.mu.Lock()
	d.running[cmd.Process.Pid] = true
	cut := d.cut
	d.cut = nil
	d.mu.Unlock()
	s.mu.Lock()
	s.pgid = cmd.Process.Pid
	s.stdin = stdinW
	killedEarly := s.closed
	s.mu.Unlock()
	if stdinW != nil {
		s.fromHost(nil)
	}
	if killedEarly {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}

	out := &outputPump{s: s, v2: v2, cut: cut}
	var pumps sync.WaitGroup
	pumps.Add(1)
	go func() { defer pumps.Done(); out.pump(stdoutR, shellStdout) }()
	if stderrR != nil {
		pumps.Add(1)
		go func() { defer pumps.Done(); out.pump(stderrR, shellStderr) }()
	}
	pumps.Wait()
	werr := cmd.Wait()
	s.mu.Lock()
	s.finished = true
	s.mu.Unlock()
	d.mu.Lock()
	delete(d.running, cmd.Process.Pid)
	d.mu.Unlock()
	if stdinW != nil {
		stdinW.Close()
	}
	if out.wasCut() {
		if cut.disconnect {
			d.mu.Lock()
			d.unplugged = true
			d.mu.Unlock()
			d.DropConnections()
			return
		}
		s.closeFromDevice()
		return
	}
	if v2 {
		code := 0
		var ee *exec.ExitError
		if errors.As(werr, &ee) {
			code = ee.ExitCode()
			if code < 0 {
				code = 128 + int(ee.Sys().(syscall.WaitStatus).Signal())
			}
		}
		s.write(shellPacket(shellExit, []byte{byte(code)}))
	}
	s.closeFromDevice()
}

// outputPump forwards a command's output, and plays a cut fault.
type outputPump struct {
	s   *stream
	v2  bool
	cut *cutFault

	mu     sync.Mutex
	sent   int
	cutNow bool
}

func (p *outputPump) wasCut() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cutNow
}

func (p *outputPump) pump(r io.Reader, id byte) {
	buf := make([]byte, 4096)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			p.mu.Lock()
			if p.cutNow {
				p.mu.Unlock()
				continue // drain, so the command is not blocked on a full pipe
			}
			cutHere := false
			if p.cut != nil && id == shellStdout && p.sent+len(chunk) >= p.cut.after {
				chunk = chunk[:p.cut.after-p.sent]
				cutHere = true
			}
			if id == shellStdout {
				p.sent += len(chunk)
			}
			p.mu.Unlock()
			if len(chunk) > 0 {
				data := chunk
				if p.v2 {
					data = shellPacket(id, chunk)
				}
				p.s.write(data)
			}
			if cutHere {
				p.mu.Lock()
				p.cutNow = true
				p.mu.Unlock()
				p.s.mu.Lock()
				pgid := p.s.pgid
				p.s.mu.Unlock()
				syscall.Kill(-pgid, syscall.SIGKILL)
			}
		}
		if err != nil {
			return
		}
	}
}

// Respond scripts one answer of the device command name (see
// internal/fakecmd): args is the argv line it answers (path.Match
// patterns work), exit its exit status, sleep how long it takes.
func (d *Device) Respond(name, args, stdout, stderr string, exit int, sleep time.Duration) error {
	dir := filepath.Join(d.Dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	existing, _ := filepath.Glob(filepath.Join(dir, "*.args"))
	prefix := filepath.Join(dir, fmt.Sprintf("%02d", 10+len(existing)))
	files := map[string]string{".args": args + "\n"}
	if stdout != "" {
		files[".stdout"] = stdout
	}
	if stderr != "" {
		files[".stderr"] = stderr
	}
	if exit != 0 {
		files[".exit"] = strconv.Itoa(exit)
	}
	if sleep > 0 {
		files[".sleep"] = sleep.String()
	}
	for ext, content := range files {
		if err := os.WriteFile(prefix+ext, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Log is what the device's stubs ran, one "NAME ARGV" line per call, in
// order (ARGV as internal/fakecmd.Join renders it).
func (d *Device) Log() string {
	b, _ := os.ReadFile(filepath.Join(d.Dir, "device.log"))
	return string(b)
}

// StubName returns the stub this process plays, or "" when it is not a
// device-side stub. TestMain calls it first:
//
//	if name := fakeadbd.StubName(); name != "" { os.Exit(fakeadbd.StubMain(name)) }
func StubName() string {
	if os.Getenv(stubEnv) != "1" {
		return ""
	}
	return filepath.Base(os.Args[0])
}

// StubMain logs the call to FAKE_DIR/device.log and answers it as
// internal/fakecmd does.
func StubMain(name string) int {
	dir := os.Getenv("FAKE_DIR")
	line := name
	if len(os.Args) > 1 {
		line += " " + fakecmd.Join(os.Args[1:])
	}
	f, err := os.OpenFile(filepath.Join(dir, "device.log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		fmt.Fprintln(f, line)
		f.Close()
	}
	// Device commands bgkit runs read no input, and adb closes a command's
	// stdin only when its own ends (never for adb logcat): the stubs do not
	// wait for it.
	if null, err := os.Open(os.DevNull); err == nil {
		os.Stdin = null
	}
	return fakecmd.Main(name)
}

// Reset forgets the scripted answers and the log, so one device serves
// several tests.
func (d *Device) Reset() {
	entries, _ := os.ReadDir(d.Dir)
	for _, e := range entries {
		if e.Name() != ".bin" {
			os.RemoveAll(filepath.Join(d.Dir, e.Name()))
		}
	}
}

// StartDevice starts a fake device whose files live in a test folder, and
// stops it when the test ends.
func StartDevice(t testing.TB, cfg Config) *Device {
	t.Helper()
	if cfg.Dir == "" {
		cfg.Dir = t.TempDir()
	}
	d, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}
