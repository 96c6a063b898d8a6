// Package ios makes background work run now on an iOS simulator, through
// xcrun simctl and lldb: a silent push, putting the app in the background,
// a BGTaskScheduler launch, and what `bgkit trigger fetch` does for the
// project's library. Config runs each as a flow and returns an outcome its
// caller renders; with DryRun the same steps run against a recording
// runner. Everything runs through trigger's Runner.
package ios

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/bgkit/bgkit/internal/ids"
	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/trigger"
)

// SlowCallTimeout bounds simctl push and lldb when --timeout is not given:
// simctl push has been seen taking a flat 30 s, and lldb's first attach
// loads the app's symbols.
const SlowCallTimeout = 90 * time.Second

// SettingsBundleID is the app bgkit opens to put the user's app in the background.
const SettingsBundleID = "com.apple.Preferences"

// Xcrun runs xcrun simctl and lldb against a simulator.
type Xcrun struct {
	Runner trigger.Runner
	// Timeout bounds every call; 0 means DefaultTimeout, and
	// SlowCallTimeout for push and lldb.
	Timeout time.Duration
}

func (x *Xcrun) timeout(slow bool) time.Duration {
	if x.Timeout != 0 {
		return x.Timeout
	}
	if slow {
		return SlowCallTimeout
	}
	return trigger.DefaultTimeout
}

// run runs c and turns a missing xcrun, or xcrun without Xcode, into an
// XcodeRequiredError.
func (x *Xcrun) run(ctx context.Context, c trigger.Cmd) (trigger.Result, error) {
	res, err := x.Runner.Run(ctx, c)
	var nf *trigger.ToolNotFoundError
	if errors.As(err, &nf) {
		return res, &XcodeRequiredError{Tool: nf.Name}
	}
	if err != nil {
		return res, err
	}
	if err := xcodeMissing(res); err != nil {
		return res, err
	}
	return res, nil
}

// ListSimulatorsCmd lists every simulator as JSON.
func ListSimulatorsCmd() trigger.Cmd {
	return trigger.Cmd{Name: "xcrun", Args: []string{"simctl", "list", "devices", "--json"}}
}

// Simulators lists the simulators simctl knows.
func (x *Xcrun) Simulators(ctx context.Context) ([]Simulator, error) {
	c := ListSimulatorsCmd()
	c.Timeout = x.timeout(false)
	res, err := x.run(ctx, c)
	if err != nil {
		return nil, err
	}
	if res.ExitCode != 0 {
		return nil, parseSimctlError(c, res)
	}
	return ParseSimulators(res.Stdout)
}

// Simulator lists the simulators and selects one (see SelectSimulator).
func (x *Xcrun) Simulator(ctx context.Context, want string) (Simulator, error) {
	sims, err := x.Simulators(ctx)
	if err != nil {
		return Simulator{}, err
	}
	return SelectSimulator(sims, want)
}

// InvalidIDError is an identifier bgkit refuses to pass on.
type InvalidIDError struct {
	What  string // "bundle id", "task id", "process name"
	Value string
	Rule  string
}

func (e *InvalidIDError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.What, e.Value, e.Rule)
}

// ValidateBundleID accepts reverse-DNS bundle identifiers: letters,
// digits, '-' and '_' in at least two dot-separated parts, not starting
// with '-' (simctl would read it as an option).
func ValidateBundleID(id string) error {
	if !ids.ReverseDNS(id) {
		return &InvalidIDError{What: "bundle id", Value: id,
			Rule: "a bundle id is reverse-DNS, such as com.example.app: letters, digits, '-' and '_' in dot-separated parts"}
	}
	return nil
}

// AppContainerCmd asks where the app is installed; it fails when it is not.
func AppContainerCmd(udid, bundle string) trigger.Cmd {
	return trigger.Cmd{Name: "xcrun", Args: []string{"simctl", "get_app_container", udid, bundle}}
}

// AppNotInstalledError means the app is not installed on the simulator.
type AppNotInstalledError struct {
	Bundle    string
	Simulator string
	Detail    string // simctl's message
}

func (e *AppNotInstalledError) Error() string {
	s := fmt.Sprintf("%s is not installed on %s", e.Bundle, e.Simulator)
	if e.Detail != "" {
		s += " (simctl: " + e.Detail + ")"
	}
	return s + "\nBuild and run it on this simulator first (Xcode's Run, npx expo run:ios, npx react-native run-ios, flutter run, npx cap run ios), or pass the right id with --bundle."
}

// AppContainer returns the path of the installed .app bundle.
func (x *Xcrun) AppContainer(ctx context.Context, sim Simulator, bundle string) (string, error) {
	c := AppContainerCmd(sim.UDID, bundle)
	c.Timeout = x.timeout(false)
	res, err := x.run(ctx, c)
	if err != nil {
		return "", err
	}
	if res.ExitCode != 0 {
		se := parseSimctlError(c, res)
		if se.NotReady {
			return "", se
		}
		return "", &AppNotInstalledError{Bundle: bundle, Simulator: sim.String(), Detail: se.Message}
	}
	p := simctlFirstLine(string(res.Stdout))
	if p == "" {
		return "", &AppNotInstalledError{Bundle: bundle, Simulator: sim.String()}
	}
	return p, nil
}

var processNamePattern = lazyre.New(`^[A-Za-z0-9_][A-Za-z0-9 _.+-]*$`)

// ProcessName derives the app's process name (its executable) from the
// path of its .app bundle, for log predicates. Xcode names the executable
// after the product, as it names the bundle.
func ProcessName(appPath string) (string, error) {
	base := path.Base(strings.TrimRight(appPath, "/"))
	name, ok := strings.CutSuffix(base, ".app")
	if !ok || len(name) > 255 || !processNamePattern.Get().MatchString(name) {
		return "", &InvalidIDError{What: "process name", Value: name,
			Rule: "bgkit reads it from the app's path (" + appPath + ") and accepts letters, digits, spaces and _ . + -"}
	}
	return name, nil
}

// PushCmd sends a notification payload, read from standard input. The
// input is the payload's bytes and nothing more: simctl's 4096-byte limit
// counts what it reads, so even a trailing newline could push a payload
// ValidatePayload accepted over it.
func PushCmd(udid, bundle string, payload []byte) trigger.Cmd {
	in := append([]byte{}, payload...)
	return trigger.Cmd{Name: "xcrun", Args: []string{"simctl", "push", udid, bundle, "-"}, Stdin: in}
}

// PushResult is what simctl said about a push that succeeded.
type PushResult struct {
	Message  string // "Notification sent to 'com.example.app'"
	Advisory string // anything simctl wrote on stderr while succeeding
}

// Push sends payload to the app on the simulator. Success is judged by
// simctl's exit status alone: it writes advisories on stderr and still
// succeeds.
func (x *Xcrun) Push(ctx context.Context, sim Simulator, bundle string, payload []byte) (PushResult, error) {
	c := PushCmd(sim.UDID, bundle, payload)
	c.Timeout = x.timeout(true)
	res, err := x.run(ctx, c)
	if err != nil {
		return PushResult{}, err
	}
	if res.ExitCode != 0 {
		return PushResult{}, parseSimctlError(c, res)
	}
	return PushResult{
		Message:  simctlFirstLine(string(res.Stdout)),
		Advisory: strings.TrimSpace(string(res.Stderr)),
	}, nil
}

// BackgroundCmd opens Settings, which sends whatever app was in front to
// the background.
func BackgroundCmd(udid string) trigger.Cmd {
	return trigger.Cmd{Name: "xcrun", Args: []string{"simctl", "launch", udid, SettingsBundleID}}
}

// Background puts the foreground app in the background by opening Settings.
func (x *Xcrun) Background(ctx context.Context, sim Simulator) error {
	c := BackgroundCmd(sim.UDID)
	c.Timeout = x.timeout(false)
	res, err := x.run(ctx, c)
	if err != nil {
		return err
	}
	if res.ExitCode != 0 {
		return parseSimctlError(c, res)
	}
	return nil
}

// LaunchctlListCmd lists the simulator's launchd jobs, apps included.
func LaunchctlListCmd(udid string) trigger.Cmd {
	return trigger.Cmd{Name: "xcrun", Args: []string{"simctl", "spawn", udid, "launchctl", "list"}}
}

// LaunchdJob is one row of `launchctl list`.
type LaunchdJob struct {
	PID    int // 0 when launchd shows "-" (not running)
	Status string
	Label  string
}

// AppBundle returns the bundle id of an app's job label
// ("UIKitApplication:com.example.app[2b0f][rb-legacy]" gives
// "com.example.app"), or "" when the job is not an app.
func (j LaunchdJob) AppBundle() string {
	rest, ok := strings.CutPrefix(j.Label, "UIKitApplication:")
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, "[")
	return id
}

// ParseLaunchctlList reads `launchctl list`: a "PID Status Label" header
// and one row per job, with "-" for jobs that are not running.
func ParseLaunchctlList(out []byte) []LaunchdJob {
	var jobs []LaunchdJob
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 3 {
			continue
		}
		pid := 0
		if f[0] != "-" {
			n, err := strconv.Atoi(f[0])
			if err != nil || n <= 0 {
				continue // the header, or noise
			}
			pid = n
		}
		jobs = append(jobs, LaunchdJob{PID: pid, Status: f[1], Label: strings.Join(f[2:], " ")})
	}
	return jobs
}

// FindAppPID returns the pid of the running app with exactly this bundle
// id: com.example.app does not match com.example.app.widget.
func FindAppPID(jobs []LaunchdJob, bundle string) (int, bool) {
	for _, j := range jobs {
		if j.PID > 0 && j.AppBundle() == bundle {
			return j.PID, true
		}
	}
	return 0, false
}

// AppNotRunningError means the app has no process on the simulator.
type AppNotRunningError struct {
	Bundle    string
	Simulator Simulator
}

func (e *AppNotRunningError) Error() string {
	return fmt.Sprintf("%s is not running on %s; launch it first:\n  xcrun simctl launch %s %s\n(then send it to the background with: bgkit trigger ios background)",
		e.Bundle, e.Simulator, e.Simulator.UDID, e.Bundle)
}

// AppPID finds the pid of the running app. Simulator apps are processes
// of the Mac, so the pid is one lldb can attach to.
func (x *Xcrun) AppPID(ctx context.Context, sim Simulator, bundle string) (int, error) {
	c := LaunchctlListCmd(sim.UDID)
	c.Timeout = x.timeout(false)
	res, err := x.run(ctx, c)
	if err != nil {
		return 0, err
	}
	if res.ExitCode != 0 {
		return 0, parseSimctlError(c, res)
	}
	pid, ok := FindAppPID(ParseLaunchctlList(res.Stdout), bundle)
	if !ok {
		return 0, &AppNotRunningError{Bundle: bundle, Simulator: sim}
	}
	return pid, nil
}

// LogStreamCmd streams the unified log of one process on the simulator.
// process must have passed ProcessName: it goes into a predicate.
func LogStreamCmd(udid, process string) trigger.Cmd {
	return trigger.Cmd{Name: "xcrun", Args: []string{"simctl", "spawn", udid, "log", "stream",
		"--style", "compact", "--predicate", `process == "` + process + `"`}, Timeout: -1}
}

// StreamLog copies the app's log to w until ctx ends (the --watch
// duration, or Ctrl-C). An ended context is not an error.
func (x *Xcrun) StreamLog(ctx context.Context, sim Simulator, process string, w io.Writer) error {
	if !processNamePattern.Get().MatchString(process) {
		return &InvalidIDError{What: "process name", Value: process, Rule: "letters, digits, spaces and _ . + - only"}
	}
	c := LogStreamCmd(sim.UDID, process)
	c.Stdout = w
	res, err := x.run(ctx, c)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	if res.ExitCode != 0 && ctx.Err() == nil {
		return parseSimctlError(c, res)
	}
	return nil
}

// LogShowCmd prints what the app's process logged about BGTaskScheduler
// tasks since a moment (the simulator shares the Mac's clock and time
// zone). process must have passed ProcessName.
func LogShowCmd(udid, process string, since time.Time) trigger.Cmd {
	return trigger.Cmd{Name: "xcrun", Args: []string{"simctl", "spawn", udid, "log", "show",
		"--style", "compact", "--start", since.Format("2006-01-02 15:04:05"),
		"--predicate", `process == "` + process + `" AND eventMessage CONTAINS "task with identifier"`}}
}

// TaskLog reads what BGTaskScheduler logged in the app since a moment.
func (x *Xcrun) TaskLog(ctx context.Context, sim Simulator, process string, since time.Time) (*TaskLogScanner, error) {
	if !processNamePattern.Get().MatchString(process) {
		return nil, &InvalidIDError{What: "process name", Value: process, Rule: "letters, digits, spaces and _ . + - only"}
	}
	c := LogShowCmd(sim.UDID, process, since)
	c.Timeout = x.timeout(false)
	res, err := x.run(ctx, c)
	if err != nil {
		return nil, err
	}
	if res.ExitCode != 0 {
		return nil, parseSimctlError(c, res)
	}
	s := NewTaskLogScanner(nil)
	s.Write(res.Stdout)
	s.Write([]byte("\n"))
	return s, nil
}

// TaskLogScanner passes a log stream through (trigger.LineTee) and notes
// what the BackgroundTasks framework said about a task, for a closing
// verdict. It is safe for one writer goroutine and readers of Seen.
type TaskLogScanner struct {
	tee                    *trigger.LineTee
	launched, notScheduled bool
}

// NewTaskLogScanner returns a TaskLogScanner passing the log to w (nil:
// nowhere).
func NewTaskLogScanner(w io.Writer) *TaskLogScanner {
	s := &TaskLogScanner{}
	s.tee = trigger.NewLineTee(w, s.note)
	return s
}

// Seen reports whether the log showed "Simulating launch (or expiration)
// for task with identifier ..." and "No task request with identifier ...
// has been scheduled".
func (s *TaskLogScanner) Seen() (launched, notScheduled bool) {
	s.tee.Locked(func() { launched, notScheduled = s.launched, s.notScheduled })
	return launched, notScheduled
}

func (s *TaskLogScanner) Write(p []byte) (int, error) { return s.tee.Write(p) }

func (s *TaskLogScanner) note(line string) {
	switch {
	case strings.Contains(line, "Simulating launch for task with identifier"),
		strings.Contains(line, "Simulating expiration for task with identifier"):
		s.launched = true
	case strings.Contains(line, "No task request with identifier"):
		s.notScheduled = true
	}
}
