package android

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/bgkit/bgkit/trigger"
)

// Session is how the Android triggers run: through which runner, on which
// device, with which bounds, and whether for real. Its methods are the
// triggers' flows: they return what happened and say nothing themselves,
// but for Progress in a real run.
type Session struct {
	Runner  trigger.Runner
	Timeout time.Duration // bounds every adb call; 0 is trigger.DefaultTimeout
	// DryRun records every command instead of running it (see NewDryRunner).
	DryRun bool
	// Watch is how long to stream the app's log after a trigger; 0: not at all.
	Watch    time.Duration
	Log      io.Writer    // where the watched log goes
	Progress func(string) // what a real run is doing; a dry run says nothing

	// ADB acts on the device Device chose. Dry is what a dry run ran, and
	// Notes say how a real run would fill in its placeholders.
	ADB   *ADB
	Dry   *trigger.DryRunner
	Notes []string
}

// PlaceholderSerial stands for the device in a dry run when none was
// named: finding it would mean running adb.
const PlaceholderSerial = "SERIAL"

// SerialFrom says where a wanted serial came from.
type SerialFrom int

const (
	SerialFromCaller SerialFrom = iota // the caller's own option
	SerialFromEnv                      // ANDROID_SERIAL
)

// SerialError is a wanted serial that cannot be a device's.
type SerialError struct {
	From SerialFrom
	Err  error // an *InvalidArgError
}

func (e *SerialError) Error() string { return e.Err.Error() }
func (e *SerialError) Unwrap() error { return e.Err }

// WantedSerial is the device asked for: serial, else ANDROID_SERIAL as
// getenv returns it; "" when neither names one.
func WantedSerial(serial string, getenv func(string) string) (string, error) {
	from := SerialFromCaller
	if serial == "" {
		serial = strings.TrimSpace(getenv("ANDROID_SERIAL"))
		from = SerialFromEnv
	}
	if serial == "" {
		return "", nil
	}
	if err := ValidateSerial(serial); err != nil {
		return "", &SerialError{From: from, Err: err}
	}
	return serial, nil
}

// Device chooses the device to act on, serial (see WantedSerial) or else
// the only ready one, and sets s.ADB to act on it. A dry run lists
// nothing: it acts on serial, or on PlaceholderSerial, and records.
func (s *Session) Device(ctx context.Context, serial string) (*ADB, error) {
	adb := &ADB{Runner: s.Runner, Serial: serial, Timeout: s.Timeout}
	if s.DryRun {
		s.Dry = NewDryRunner()
		adb.Runner = s.Dry
		if serial == "" {
			adb.Serial = PlaceholderSerial
		}
	} else {
		devices, err := ListDevices(ctx, s.Runner, s.Timeout)
		if err != nil {
			return nil, err
		}
		d, err := SelectDevice(devices, serial)
		if err != nil {
			return nil, err
		}
		adb.Serial = d.Serial
	}
	s.ADB = adb
	return adb, nil
}

func (s *Session) say(format string, args ...any) {
	if p := s.progress(); p != nil {
		p(fmt.Sprintf(format, args...))
	}
}

func (s *Session) progress() func(string) {
	if s.DryRun {
		return nil
	}
	return s.Progress
}

func (s *Session) watcher() *Watcher {
	return &Watcher{ADB: s.ADB, Duration: s.Watch, Log: s.Log, Progress: s.progress()}
}

// Since reads the device clock before a trigger when the log is to be
// watched: the watch starts there (see Watcher.Since).
func (s *Session) Since(ctx context.Context) string { return s.watcher().Since(ctx) }

// WatchApp streams pkg's log from since for s.Watch and returns the
// verdict; nil when s.Watch is 0, and in a dry run, which records the
// watch's commands.
func (s *Session) WatchApp(ctx context.Context, pkg, since string) (*WatchVerdict, error) {
	if s.Watch == 0 {
		return nil, nil
	}
	v, err := s.watcher().Watch(ctx, pkg, since)
	if err != nil || s.DryRun {
		return nil, err
	}
	return &v, nil
}

// IsInvalidValue reports whether err is about a value the user typed: a
// malformed id or serial, a doze action or standby bucket bgkit does not
// know, or parts of a job request that do not go together.
func IsInvalidValue(err error) bool {
	var ie *InvalidArgError
	var de *DozeActionError
	var be *StandbyBucketError
	var re *JobRequestError
	return errors.As(err, &ie) || errors.As(err, &de) || errors.As(err, &be) || errors.As(err, &re)
}

// ---- jobs ----

// JobRequest says which of an app's jobs to run.
type JobRequest struct {
	IDs       []string // exactly these; none: the jobs picked from the app's listing
	Namespace string   // the IDs' JobScheduler namespace
	User      string   // the Android user whose jobs; "" for the current one
	All       bool     // without IDs: every job of Libraries when there are several
	Libraries []string // without IDs: the project's job libraries; nil: any known one
}

// JobRequestProblem is how parts of a JobRequest do not go together.
type JobRequestProblem int

const (
	NamespaceWithoutIDs JobRequestProblem = iota + 1 // a namespace is for given IDs
	AllWithIDs                                       // All picks jobs; IDs name them
)

// JobRequestError is a JobRequest whose parts do not go together.
type JobRequestError struct{ Problem JobRequestProblem }

func (e *JobRequestError) Error() string {
	if e.Problem == NamespaceWithoutIDs {
		return "a job namespace needs job IDs"
	}
	return "every job of the library, or exactly the job IDs given: not both"
}

// Check validates the request's values before any reaches a device.
func (r JobRequest) Check() error {
	for _, id := range r.IDs {
		if err := ValidateJobID(id); err != nil {
			return err
		}
	}
	if r.Namespace != "" {
		if err := ValidateNamespace(r.Namespace); err != nil {
			return err
		}
		if len(r.IDs) == 0 {
			return &JobRequestError{Problem: NamespaceWithoutIDs}
		}
	}
	if r.User != "" {
		if err := ValidateUser(r.User); err != nil {
			return err
		}
	}
	if r.All && len(r.IDs) > 0 {
		return &JobRequestError{Problem: AllWithIDs}
	}
	return nil
}

// RunJobs runs the jobs req names on s.ADB, or those picked from pkg's
// listing, each in turn (see ADB.RunJobs). A dry run of picked jobs stops
// at the listing (Listed): what it holds decides the rest, unknown here,
// so only a bad value typed by the user fails it. A dry run runs every
// job, so a failure there is its error.
func (s *Session) RunJobs(ctx context.Context, pkg string, req JobRequest) (JobsRun, error) {
	adb := s.ADB
	var refs []JobRef
	var labels []string
	for _, id := range req.IDs {
		refs = append(refs, JobRef{ID: id, Namespace: req.Namespace, User: req.User})
		labels = append(labels, "job "+id)
	}
	if len(req.IDs) == 0 {
		var err error
		refs, labels, err = adb.PickJobs(ctx, pkg, req.User, req.Libraries, req.All)
		if s.DryRun {
			var invalid *InvalidArgError
			if !errors.As(err, &invalid) {
				err = nil
			}
			s.Notes = append(s.Notes, "without IDs, bgkit picks the job IDs from this listing and then runs `cmd jobscheduler run -f` for them; give IDs to see those commands")
			return JobsRun{Serial: adb.Serial, Package: pkg, Listed: true}, err
		}
		if err != nil {
			return JobsRun{}, err
		}
	}
	since := s.Since(ctx)
	run, err := adb.RunJobs(ctx, pkg, refs, labels, s.progress())
	run.Serial, run.Package, run.Tried, run.Since = adb.Serial, pkg, len(refs), since
	if run.Ran == nil {
		run.Ran = []JobRun{}
	}
	if run.FailedIDs == nil {
		run.FailedIDs = []int{}
	}
	if err == nil && s.DryRun && run.LastErr != nil {
		err = run.LastErr
	}
	return run, err
}

// Err is the outcome of a run of several jobs some of which did not run
// (each said on Progress already); nil when all ran.
func (r JobsRun) Err() error {
	if len(r.Failed) == 0 {
		return nil
	}
	if len(r.Ran) == 0 {
		last := ""
		if r.LastErr != nil {
			last, _, _ = strings.Cut(r.LastErr.Error(), "\n")
		}
		return fmt.Errorf("none of the %d jobs ran (last error above: %v)", r.Tried, last)
	}
	return fmt.Errorf("%d of %d jobs did not run: %s", len(r.Failed), r.Tried, strings.Join(r.Failed, ", "))
}

// Text is one line about a job that ran.
func (r JobRun) Text(pkg, serial string) string {
	s := fmt.Sprintf("ran job %d", r.ID)
	if r.Namespace != "" {
		s += " (namespace " + r.Namespace + ")"
	}
	s += " of " + pkg + " on " + serial
	if r.Forced {
		s += " [forced]"
	}
	return s
}

// ---- boot ----

// BootResult is what Boot did: the broadcast's answer, and the device time
// before it, where a watch starts.
type BootResult struct {
	Broadcast
	Since string
}

// Boot sends BOOT_COMPLETED to pkg, after restarting adbd as root when
// root is set.
func (s *Session) Boot(ctx context.Context, pkg string, root bool) (BootResult, error) {
	adb := s.ADB
	if _, err := adb.BootCmd(pkg); err != nil {
		return BootResult{}, err
	}
	if root {
		s.say("restarting adbd as root on %s", adb.Serial)
		if err := adb.Root(ctx); err != nil {
			return BootResult{}, err
		}
	}
	since := s.Since(ctx)
	b, err := adb.Boot(ctx, pkg)
	var denied *BootDeniedError
	if errors.As(err, &denied) {
		denied.AfterRoot = root
	}
	return BootResult{Broadcast: b, Since: since}, err
}

// ---- doze ----

// DozeActions are what `doze` takes.
var DozeActions = []string{"on", "off", "step"}

// DozeActionError is a doze action bgkit does not know.
type DozeActionError struct{ Action string }

func (e *DozeActionError) Error() string {
	return fmt.Sprintf("doze takes on, off or step, not %q", e.Action)
}

// ValidateDozeAction checks a doze action (see DozeActions).
func ValidateDozeAction(action string) error {
	for _, a := range DozeActions {
		if a == action {
			return nil
		}
	}
	return &DozeActionError{Action: action}
}

// DozeResult is what a doze action left the device in.
type DozeResult struct {
	Serial string
	Action string
	DozeState
}

// Doze runs a doze action (see ADB.Doze) on s.ADB.
func (s *Session) Doze(ctx context.Context, action string) (DozeResult, error) {
	if err := ValidateDozeAction(action); err != nil {
		return DozeResult{}, err
	}
	st, err := s.ADB.Doze(ctx, action)
	return DozeResult{Serial: s.ADB.Serial, Action: action, DozeState: st}, err
}

// Text says what state the device is in now.
func (r DozeResult) Text() string {
	switch r.Action {
	case "on":
		return r.Serial + " is in deep idle (Doze), battery unplugged"
	case "off":
		return fmt.Sprintf("%s left forced idle (light: %s, deep: %s), battery reset", r.Serial, trigger.OrDash(r.Light), trigger.OrDash(r.Deep))
	}
	state := r.Deep
	if state == "" {
		state = r.Light
	}
	return fmt.Sprintf("%s stepped to %s, battery unplugged", r.Serial, trigger.OrDash(state))
}

// Hint says how to undo the action, or "".
func (r DozeResult) Hint() string {
	switch r.Action {
	case "on":
		return "Doze holds jobs back until you run: bgkit trigger android doze off"
	case "step":
		return "undo with: bgkit trigger android doze off"
	}
	return ""
}

// ---- standby ----

// StandbyBucketError is a standby bucket bgkit does not know.
type StandbyBucketError struct{ Bucket string }

func (e *StandbyBucketError) Error() string {
	return fmt.Sprintf("unknown standby bucket %q: use one of %s", e.Bucket, strings.Join(StandbyBuckets, ", "))
}

// StandbyResult is an app's bucket after `standby [BUCKET]`.
type StandbyResult struct {
	Serial string `json:"serial"`
	StandbyBucket
	Set string `json:"-"` // the bucket asked for; "" when only read
}

// Standby moves pkg to bucket (unless it is "") and reads its bucket.
func (s *Session) Standby(ctx context.Context, pkg, bucket string) (StandbyResult, error) {
	res := StandbyResult{Serial: s.ADB.Serial, Set: bucket}
	if _, err := s.ADB.GetStandbyCmd(pkg); err != nil {
		return res, err
	}
	if bucket != "" {
		if err := s.ADB.SetStandbyBucket(ctx, pkg, bucket); err != nil {
			return res, err
		}
	}
	b, err := s.ADB.StandbyBucket(ctx, pkg)
	res.StandbyBucket = b
	return res, err
}

// CheckStandbyBucket checks a bucket to set (see StandbyBuckets).
func CheckStandbyBucket(bucket string) error {
	for _, b := range StandbyBuckets {
		if b == bucket {
			return nil
		}
	}
	return &StandbyBucketError{Bucket: bucket}
}

// Notes say what a reader should know about a bucket just set.
func (r StandbyResult) Notes() []string {
	var notes []string
	if r.Set != "" && r.Name != r.Set {
		notes = append(notes, fmt.Sprintf("note: the system reports %s, not %s: it may move apps between buckets by itself", r.Name, r.Set))
	}
	if r.Set != "" && r.Set != "active" {
		notes = append(notes, "put it back with: bgkit trigger android standby active")
	}
	return notes
}

// ---- diagnostics ----

// Diagnostics asks pkg's WorkManager for its report, waiting up to wait
// (see ADB.WorkDiagnostics). A dry run finds the report at once.
func (s *Session) Diagnostics(ctx context.Context, pkg string, wait time.Duration) ([]WorkInfo, error) {
	if _, err := s.ADB.DiagnosticsRequestCmd(pkg); err != nil {
		return nil, err
	}
	opt := DiagnosticsOptions{Wait: wait}
	if s.DryRun {
		opt.Poll = time.Millisecond
		s.Notes = append(s.Notes, "bgkit reads the log before the request, then every second until a new report appears")
	}
	s.say("asking %s's WorkManager for its diagnostics (up to %s)", pkg, wait)
	rows, err := s.ADB.WorkDiagnostics(ctx, pkg, opt)
	if rows == nil && err == nil {
		rows = []WorkInfo{}
	}
	return rows, err
}
