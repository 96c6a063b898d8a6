package ios

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/project"
	"github.com/bgkit/bgkit/trigger"
)

// Config is what every iOS trigger is given: where the project is, which
// simulator and app, how long to wait, and whether to run anything.
type Config struct {
	Runner trigger.Runner
	// Dir is the project's folder ("" is the working directory): the
	// app's bundle id comes from it when Bundle is "", and a relative
	// payload file is read from it.
	Dir     fsutil.Dir
	Device  string        // a UDID or a name; "" for the only booted iOS simulator
	Bundle  string        // the app's bundle id; "" reads it from the project
	DryRun  bool          // record the commands and run none (see NewDryRunner)
	Timeout time.Duration // bounds every xcrun call; 0: 30s, and 90s for push and lldb
	Watch   time.Duration // stream the app's log this long around the trigger
	// Settle is how long a log stream gets to attach before the trigger
	// fires; Now is the clock (nil: time.Now).
	Settle time.Duration
	Now    func() time.Time
	// Log receives the watched log; Say receives lines for stderr: where
	// the app came from, what a dry run's placeholders stand for, progress.
	// Nil drops them.
	Log io.Writer
	Say func(string)
}

// Option names a value a trigger was given, so the caller can name it the
// way its user gave it (a flag, an argument).
type Option int

// The values an OptionError can be about.
const (
	OptionBundle  Option = iota + 1 // Config.Bundle
	OptionTimeout                   // Config.Timeout
	OptionWatch                     // Config.Watch
	OptionData                      // PushRequest.Data
	OptionPayload                   // PushRequest.Payload: the file could not be read
	OptionTaskID                    // the task id of Config.Task
)

// OptionError is a value bgkit refuses, and why.
type OptionError struct {
	Option Option
	Err    error
}

func (e *OptionError) Error() string { return e.Err.Error() }
func (e *OptionError) Unwrap() error { return e.Err }

// ErrNegative is the Err of an OptionError about a negative duration.
var ErrNegative = errors.New("must not be negative")

// Validate checks the values of c that can be wrong whatever the simulator.
func (c *Config) Validate() error {
	if c.Bundle != "" {
		if err := ValidateBundleID(c.Bundle); err != nil {
			return &OptionError{Option: OptionBundle, Err: err}
		}
	}
	if c.Timeout < 0 {
		return &OptionError{Option: OptionTimeout, Err: ErrNegative}
	}
	if c.Watch < 0 {
		return &OptionError{Option: OptionWatch, Err: ErrNegative}
	}
	return nil
}

func (c *Config) say(format string, args ...any) {
	if c.Say != nil {
		c.Say(fmt.Sprintf(format, args...))
	}
}

// bundle returns Bundle, or the project's bundle id, saying where it came
// from. Without a bundle id in the project it fails when required, and
// returns "" otherwise.
func (c *Config) bundle(required bool) (string, error) {
	if c.Bundle != "" {
		return c.Bundle, nil
	}
	id, source, err := project.IOSBundleID(c.Dir.Root())
	if err != nil {
		if required {
			return "", err
		}
		return "", nil
	}
	c.say("bgkit: app %s (from %s)", id, source)
	return id, nil
}

// start returns the Trigger of c for the app bundle: with DryRun, one
// that records its commands (bundle is for the launchctl list
// placeholder) and says what UDID stands for.
func (c *Config) start(bundle string) *Trigger {
	t := &Trigger{X: &Xcrun{Runner: c.Runner, Timeout: c.Timeout}, Device: c.Device, Watch: c.Watch, Settle: c.Settle,
		Log: c.Log, Now: c.Now, Progress: c.Say}
	if t.Log == nil {
		t.Log = io.Discard
	}
	if !c.DryRun {
		return t
	}
	t.dry = NewDryRunner(c.Device, bundle)
	if !IsUDID(c.Device) {
		c.say("note: UDID stands for the simulator bgkit would choose (--device UDID names it)")
	}
	t.X.Runner, t.Progress, t.Log = t.dry, nil, io.Discard
	return t
}

// script returns the commands a dry run recorded since it was last
// asked, so each step of a trigger of several shows its own.
func (t *Trigger) script() string {
	if t.dry == nil {
		return ""
	}
	s := t.dry.Script()
	t.dry.Ran = t.dry.Ran[:0]
	return s
}

// BackgroundOutcome is what putting the app in the background did.
type BackgroundOutcome struct {
	Script    string // a dry run's commands, shell-quoted; nothing else is set
	Simulator Simulator
	Bundle    string // "" when the app is not known
	done      bool
}

// Report is what the outcome says on standard output: a dry run's
// commands, or what was done ("" when nothing was).
func (b BackgroundOutcome) Report() string {
	if b.Script != "" || !b.done {
		return b.Script
	}
	what := "the app in front"
	if b.Bundle != "" {
		what = b.Bundle
	}
	return fmt.Sprintf("Opened Settings on %s: %s is now in the background.\n", b.Simulator, what)
}

// Notes are lines for stderr after the report: none.
func (b BackgroundOutcome) Notes() []string { return nil }

// Background puts the app in the background by opening Settings. The
// bundle id (Bundle, else the project's, if it has one) is only for a
// check that the app runs.
func (c *Config) Background(ctx context.Context) (BackgroundOutcome, error) {
	if err := c.Validate(); err != nil {
		return BackgroundOutcome{}, err
	}
	bundle, _ := c.bundle(false)
	return c.start(bundle).background(ctx, bundle)
}

func (t *Trigger) background(ctx context.Context, bundle string) (BackgroundOutcome, error) {
	sim, err := t.Background(ctx, bundle)
	if t.dry != nil {
		return BackgroundOutcome{Script: t.script()}, err
	}
	if err != nil {
		return BackgroundOutcome{}, err
	}
	return BackgroundOutcome{Simulator: sim, Bundle: bundle, done: true}, nil
}

// PushRequest is the push to send.
type PushRequest struct {
	Data  []string // custom keys, KEY=VALUE or KEY:=JSON (see PayloadOptions)
	Alert string   // "": a silent push
	// Payload is a JSON file to start from, taken from Config.Dir; "-"
	// reads Stdin.
	Payload string
	Stdin   io.Reader
}

// MaxPayloadFile bounds what bgkit reads of a payload file: 16 times the
// most APNs accepts.
const MaxPayloadFile = 16 * MaxPayloadBytes

// PushOutcome is a push that was sent.
type PushOutcome struct {
	Script    string // a dry run's commands, shell-quoted; nothing else is set
	Simulator Simulator
	Bundle    string
	Payload   []byte
	Visible   bool
	Advisory  string // what simctl said beside sending it
	sent      *SentPush
}

// Report is what the outcome says on standard output: a dry run's
// commands, or what was sent ("" when nothing was).
func (p PushOutcome) Report() string {
	if p.sent == nil {
		return p.Script
	}
	kind := "a silent push"
	if p.Visible {
		kind = "a visible push"
	}
	return fmt.Sprintf("Sent %s to %s on %s: %s\n", kind, p.Bundle, p.Simulator, p.Payload)
}

// Notes are lines for stderr after the report: what simctl advised, and
// what a silent push needs to arrive.
func (p PushOutcome) Notes() []string {
	if p.sent == nil {
		return nil
	}
	var notes []string
	if p.Advisory != "" {
		notes = append(notes, "simctl: "+p.Advisory)
	}
	if !p.Visible {
		notes = append(notes, "bgkit: the app receives it only with remote-notification in UIBackgroundModes (bgkit doctor checks); whether a suspended app is woken in the simulator varies with Xcode, so look for it in the app's log (--watch).")
	}
	return notes
}

// Wait waits for the watched log to end; without one it returns at once.
func (p PushOutcome) Wait() error {
	if p.sent == nil {
		return nil
	}
	return p.sent.Wait()
}

// Push builds the payload of r, checks it, and sends it to the app.
func (c *Config) Push(ctx context.Context, r PushRequest) (PushOutcome, error) {
	if err := c.Validate(); err != nil {
		return PushOutcome{}, err
	}
	po := PayloadOptions{Data: r.Data, Alert: r.Alert}
	if r.Payload != "" {
		var err error
		if po.Base, po.BaseName, err = c.readPayload(r); err != nil {
			return PushOutcome{}, &OptionError{Option: OptionPayload, Err: err}
		}
	}
	payload, err := BuildPayload(po)
	if err != nil {
		var pe *PayloadError
		if errors.As(err, &pe) && pe.InData {
			return PushOutcome{}, &OptionError{Option: OptionData, Err: err}
		}
		return PushOutcome{}, err
	}
	bundle, err := c.bundle(true)
	if err != nil {
		return PushOutcome{}, err
	}
	return c.start(bundle).push(ctx, bundle, payload, r.Alert != "")
}

// readPayload reads the payload file of r, at most MaxPayloadFile bytes:
// a payload is at most 4 KiB; the cap leaves room for indentation and
// keeps /dev/zero from being read whole. Errors name the file as given.
func (c *Config) readPayload(r PushRequest) (data []byte, name string, err error) {
	if r.Payload == "-" {
		data, err = io.ReadAll(io.LimitReader(r.Stdin, MaxPayloadFile+1))
		if err == nil && len(data) > MaxPayloadFile {
			err = fmt.Errorf("standard input: %w: larger than %d KiB, the most bgkit reads of a payload", fsutil.ErrTooLarge, MaxPayloadFile>>10)
		}
		name = "standard input"
	} else {
		data, err = fsutil.ReadFile(c.Dir.Path(r.Payload), MaxPayloadFile)
		name = r.Payload
	}
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = fmt.Errorf("%s: %w", r.Payload, pe.Err)
		}
		return nil, "", err
	}
	if data == nil {
		data = []byte{}
	}
	return data, name, nil
}

func (t *Trigger) push(ctx context.Context, bundle string, payload []byte, visible bool) (PushOutcome, error) {
	sent, err := t.Push(ctx, bundle, payload)
	if t.dry != nil {
		return PushOutcome{Script: t.script()}, err
	}
	if err != nil {
		return PushOutcome{}, err
	}
	return PushOutcome{Simulator: sent.Simulator, Bundle: bundle, Payload: payload, Visible: visible,
		Advisory: sent.Result.Advisory, sent: sent}, nil
}

// TaskRun is what simulating a BGTaskScheduler task did.
type TaskRun struct {
	Script string // a dry run's commands, shell-quoted; nothing else is set
	TaskResult
	Bundle, ID string
	Expire     bool
	done       bool
}

// Report is what the outcome says on standard output: a dry run's
// commands, or what lldb did ("" when nothing was).
func (r TaskRun) Report() string {
	if !r.done {
		return r.Script
	}
	what := "launch"
	if r.Expire {
		what = "expiration"
	}
	if r.Launched {
		return fmt.Sprintf("BGTaskScheduler simulated the %s of %s in %s on %s; the app's handler runs now.\n", what, r.ID, r.Bundle, r.Simulator)
	}
	return fmt.Sprintf("lldb asked BGTaskScheduler to simulate the %s of %s in %s (pid %d) on %s and detached.\n", what, r.ID, r.Bundle, r.PID, r.Simulator)
}

// Notes are lines for stderr after the report: what to expect when the
// app's log did not say what happened.
func (r TaskRun) Notes() []string {
	if !r.done || r.Launched {
		return nil
	}
	return []string{"bgkit: the app's log did not say what happened; in the simulator nothing is ever scheduled (BGTaskScheduler.submit fails with Code=1), so expect nothing to run. Use --watch to see the app's log."}
}

// CheckTaskID checks a task id before anything runs.
func CheckTaskID(id string) error {
	if err := ValidateTaskID(id); err != nil {
		return &OptionError{Option: OptionTaskID, Err: err}
	}
	return nil
}

// Task asks BGTaskScheduler, through lldb, to launch (or expire) task id
// in the app, and says what happened (see Trigger.Task).
func (c *Config) Task(ctx context.Context, id string, expire bool) (TaskRun, error) {
	if err := CheckTaskID(id); err != nil {
		return TaskRun{}, err
	}
	if err := c.Validate(); err != nil {
		return TaskRun{}, err
	}
	bundle, err := c.bundle(true)
	if err != nil {
		return TaskRun{}, err
	}
	t := c.start(bundle)
	if t.dry != nil {
		c.say("note: PID and PROCESS stand for the app's pid and executable, which launchctl list and get_app_container give")
	}
	task, err := t.Task(ctx, bundle, id, expire)
	if t.dry != nil {
		return TaskRun{Script: t.script()}, err
	}
	if err != nil {
		return TaskRun{}, err
	}
	return TaskRun{TaskResult: task, Bundle: bundle, ID: id, Expire: expire, done: true}, nil
}

// FetchOutcome is what `bgkit trigger fetch` did in the iOS simulator:
// the app was put in the background, then sent a silent push.
type FetchOutcome struct {
	Background BackgroundOutcome
	Push       PushOutcome
}

// Fetch puts the app in the background and sends it a silent push, the
// trigger the simulator has for push-driven background work. One Trigger
// runs both steps: the simulator is looked up once, and a dry run says
// once what UDID stands for. Only the push is watched.
func (c *Config) Fetch(ctx context.Context) (FetchOutcome, error) {
	var out FetchOutcome
	bundle, err := c.bundle(true)
	if err != nil {
		return out, err
	}
	checked := *c
	checked.Bundle = bundle
	if err := checked.Validate(); err != nil {
		return out, err
	}
	payload, err := BuildPayload(PayloadOptions{})
	if err != nil {
		return out, err
	}
	t := c.start(bundle)
	t.Watch = 0
	if out.Background, err = t.background(ctx, bundle); err != nil {
		return out, err
	}
	t.Watch = c.Watch
	out.Push, err = t.push(ctx, bundle, payload, false)
	return out, err
}
