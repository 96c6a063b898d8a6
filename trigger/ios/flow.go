package ios

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/trigger"
)

// Trigger runs the iOS triggers' steps: choose the simulator, check the
// app, optionally stream its log, act. The same steps run for --dry-run,
// with a DryRunner (see NewDryRunner) as X's Runner.
type Trigger struct {
	X      *Xcrun
	Device string        // a UDID or a name; "" for the only booted iOS simulator
	Watch  time.Duration // stream the app's log for this long; 0: do not
	// Settle is how long a log stream gets to attach before the trigger
	// fires (`log stream` shows only what is logged after it attaches).
	Settle time.Duration
	Log    io.Writer        // where the watched log goes
	Now    func() time.Time // nil: time.Now
	// Progress says what is happening, for stderr; nil says nothing.
	Progress func(string)

	chosen *Simulator         // the simulator the first step chose; later steps act on it
	dry    *trigger.DryRunner // records the commands of a Config's dry run
}

// simulator chooses the simulator Device names on the first step and
// remembers it, so a trigger of several steps (background, then push)
// looks it up once and acts on one simulator throughout.
func (t *Trigger) simulator(ctx context.Context) (Simulator, error) {
	if t.chosen != nil {
		return *t.chosen, nil
	}
	sim, err := t.X.Simulator(ctx, t.Device)
	if err != nil {
		return Simulator{}, err
	}
	t.chosen = &sim
	return sim, nil
}

func (t *Trigger) progress(format string, args ...any) {
	if t.Progress != nil {
		t.Progress(fmt.Sprintf(format, args...))
	}
}

func (t *Trigger) now() time.Time {
	if t.Now == nil {
		return time.Now()
	}
	return t.Now()
}

// SentPush is a push that was sent.
type SentPush struct {
	Simulator Simulator
	Result    PushResult
	wait      func() error
}

// Wait waits for the --watch stream to end; without one it returns at once.
func (p *SentPush) Wait() error {
	if p.wait == nil {
		return nil
	}
	return p.wait()
}

// Push sends payload to the app bundle, first checking that the app is
// installed (simctl's own failure for a missing app is opaque).
func (t *Trigger) Push(ctx context.Context, bundle string, payload []byte) (*SentPush, error) {
	sim, err := t.simulator(ctx)
	if err != nil {
		return nil, err
	}
	appPath, err := t.X.AppContainer(ctx, sim, bundle)
	if err != nil {
		return nil, err
	}
	var wait func() error
	stop := func() {}
	if t.Watch > 0 {
		process, err := ProcessName(appPath)
		if err != nil {
			return nil, err
		}
		wait, stop = t.startWatch(ctx, sim, process, t.Log)
	}
	res, err := t.X.Push(ctx, sim, bundle, payload)
	if err != nil {
		stop()
		return nil, err
	}
	return &SentPush{Simulator: sim, Result: res, wait: wait}, nil
}

// Background opens Settings, so the app in front goes to the background;
// with a bundle id, it first checks that this app runs.
func (t *Trigger) Background(ctx context.Context, bundle string) (Simulator, error) {
	sim, err := t.simulator(ctx)
	if err != nil {
		return Simulator{}, err
	}
	if bundle != "" {
		if _, err := t.X.AppPID(ctx, sim, bundle); err != nil {
			return Simulator{}, err
		}
	}
	return sim, t.X.Background(ctx, sim)
}

// TaskResult is what simulating a BGTaskScheduler task did.
type TaskResult struct {
	Simulator Simulator
	PID       int
	// Launched: lldb or the app's log said BGTaskScheduler simulated it;
	// else nothing said what happened.
	Launched bool
}

// Task asks BGTaskScheduler, through lldb, to launch (or expire) task id in
// the running app, then reads (or, with Watch, streams) the app's log to
// tell what happened. A task that was never scheduled is a
// TaskNotScheduledError.
func (t *Trigger) Task(ctx context.Context, bundle, id string, expire bool) (TaskResult, error) {
	sim, err := t.simulator(ctx)
	if err != nil {
		return TaskResult{}, err
	}
	pid, err := t.X.AppPID(ctx, sim, bundle)
	if err != nil {
		return TaskResult{}, err
	}
	// The process name lets bgkit read (or stream) the app's own log,
	// where BGTaskScheduler says what it did.
	process := ""
	if appPath, err := t.X.AppContainer(ctx, sim, bundle); err == nil {
		process, _ = ProcessName(appPath)
	} else if t.Watch > 0 {
		return TaskResult{}, err
	}
	if t.Watch > 0 && process == "" {
		return TaskResult{}, fmt.Errorf("cannot tell the process name of %s for --watch; run without --watch", bundle)
	}
	var scanner *TaskLogScanner
	var wait func() error
	stop := func() {}
	if t.Watch > 0 {
		scanner = NewTaskLogScanner(t.Log)
		wait, stop = t.startWatch(ctx, sim, process, scanner)
	}
	since := t.now().Add(-2 * time.Second)
	t.progress("bgkit: attaching lldb to %s (pid %d) on %s", bundle, pid, sim)
	outcome, err := t.X.SimulateTask(ctx, pid, id, expire)
	if err != nil {
		stop()
		return TaskResult{}, err
	}
	if wait != nil {
		if err := wait(); err != nil {
			return TaskResult{}, err
		}
	} else if process != "" {
		// Best effort: without the log bgkit can only say lldb succeeded.
		if s, err := t.X.TaskLog(ctx, sim, process, since); err == nil {
			scanner = s
		}
	}
	launched, notScheduled := outcome == TaskLaunchLogged, false
	if scanner != nil {
		l, n := scanner.Seen()
		launched, notScheduled = launched || l, n
	}
	if notScheduled {
		return TaskResult{}, &TaskNotScheduledError{ID: id, Expire: expire}
	}
	return TaskResult{Simulator: sim, PID: pid, Launched: launched}, nil
}

// startWatch streams the app's log to w for the Watch duration and returns
// a function that waits for the stream to end; stop ends it early.
func (t *Trigger) startWatch(ctx context.Context, sim Simulator, process string, w io.Writer) (wait func() error, stop func()) {
	wctx, cancel := context.WithTimeout(ctx, t.Watch)
	done := make(chan error, 1)
	t.progress("bgkit: watching %s's log for %s (Ctrl-C stops)", process, t.Watch)
	go func() { done <- t.X.StreamLog(wctx, sim, process, w) }()
	select {
	case <-time.After(t.Settle):
	case <-wctx.Done():
	case err := <-done: // over already (a dry run's stream ends at once)
		done <- err
	}
	wait = func() error {
		err := <-done
		cancel()
		return err
	}
	return wait, func() { cancel(); <-done }
}

// dryRunPID is the pid a dry run's launchctl list "finds"; the record
// shows it as PID.
const dryRunPID = 99999999

var udidPattern = lazyre.New(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)

// IsUDID reports whether s is a simulator UDID rather than a name.
func IsUDID(s string) bool { return udidPattern.Get().MatchString(s) }

// NewDryRunner returns the DryRunner of an iOS trigger's --dry-run:
// the simulator is device when it is a UDID, else UDID stands for the one
// bgkit would choose; PID and PROCESS stand for the app's pid and
// executable.
func NewDryRunner(device, bundle string) *trigger.DryRunner {
	udid, name := "UDID", device
	if IsUDID(device) {
		udid, name = strings.ToUpper(device), "Simulator"
	}
	if name == "" {
		name = "Simulator"
	}
	list, _ := json.Marshal(map[string]any{"devices": map[string]any{
		"com.apple.CoreSimulator.SimRuntime.iOS-17-0": []map[string]any{
			{"udid": udid, "name": name, "state": "Booted", "isAvailable": true}}}})
	return &trigger.DryRunner{
		Words: map[string]string{strconv.Itoa(dryRunPID): "PID"},
		Answer: func(c trigger.Cmd) trigger.Result {
			a := strings.Join(c.Args, " ")
			switch {
			case c.Name != "xcrun":
			case strings.HasPrefix(a, "simctl list devices"):
				return trigger.Result{Stdout: list}
			case strings.HasPrefix(a, "simctl get_app_container "):
				return trigger.Result{Stdout: []byte("/PROCESS.app\n")}
			case strings.HasSuffix(a, " launchctl list"):
				return trigger.Result{Stdout: fmt.Appendf(nil, "PID\tStatus\tLabel\n%d\t0\tUIKitApplication:%s[0][rb-legacy]\n", dryRunPID, bundle)}
			}
			return trigger.Result{}
		},
	}
}
