package android

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/trigger"
)

// ---- BOOT_COMPLETED ----

const bootCompletedAction = "android.intent.action.BOOT_COMPLETED"

// BootCmd sends BOOT_COMPLETED to the package only (-p makes the broadcast
// explicit: Android 8+ drops implicit broadcasts to manifest receivers).
func (a *ADB) BootCmd(pkg string) (trigger.Cmd, error) {
	if err := ValidatePackage(pkg); err != nil {
		return trigger.Cmd{}, err
	}
	return a.Shell("am", "broadcast", "-a", bootCompletedAction, "-p", pkg), nil
}

// RootCmds restart adbd as root and wait for the device to come back.
func (a *ADB) RootCmds() []trigger.Cmd {
	return []trigger.Cmd{a.Command("root"), a.Command("wait-for-device")}
}

// Broadcast is what `am broadcast` answered.
type Broadcast struct {
	Intent string `json:"intent"` // the Intent { ... } summary
	Result int    `json:"result"` // "Broadcast completed: result=N"
}

var (
	broadcastingRE = lazyre.New(`(?m)^Broadcasting: Intent \{ (.*) \}\s*$`)
	broadcastDone  = lazyre.New(`(?m)^Broadcast completed: result=(-?\d+)`)
)

// ParseBroadcast reads `am broadcast` output; ok is false when it did not
// complete.
func ParseBroadcast(out string) (Broadcast, bool) {
	var b Broadcast
	if m := broadcastingRE.Get().FindStringSubmatch(out); m != nil {
		b.Intent = m[1]
	}
	m := broadcastDone.Get().FindStringSubmatch(out)
	if m == nil {
		return b, false
	}
	b.Result, _ = strconv.Atoi(m[1])
	return b, true
}

// BootDeniedError means the shell may not send BOOT_COMPLETED, a
// protected broadcast, which is so on every modern build without root.
type BootDeniedError struct {
	Output string
	// AfterRoot is set when adbd already runs as root (--root was given):
	// running again with --root would not help.
	AfterRoot bool
}

func (e *BootDeniedError) Error() string {
	if e.AfterRoot {
		return "the device refused to send BOOT_COMPLETED from the shell (Permission Denial) although adbd runs as root:\n" +
			"this build does not let even root send the protected broadcast from the shell. Test a real boot with `adb reboot`,\n" +
			"or use an emulator image without Google Play (\"Google APIs\" or AOSP)."
	}
	return "the device refused to send BOOT_COMPLETED from the shell (Permission Denial): it is a protected broadcast that only root may send.\n" +
		"Run again with --root (it runs `adb root` first; emulator images without Google Play allow it, Play Store images and user builds do not),\n" +
		"or test a real boot with `adb reboot`."
}

// RootError means adbd cannot run as root on this device.
type RootError struct{ Output string }

func (e *RootError) Error() string {
	return "adb root failed: " + strings.TrimSpace(e.Output) + "\n" +
		"Only emulator images without Google Play (\"Google APIs\" or AOSP images) and userdebug/eng builds allow it; create such an emulator in Android Studio's Device Manager, or test a real boot with `adb reboot`."
}

// Root restarts adbd as root and waits for the device.
func (a *ADB) Root(ctx context.Context) error {
	cmds := a.RootCmds()
	res, err := a.Run(ctx, cmds[0])
	if err != nil {
		return err
	}
	out := res.Output()
	switch {
	case strings.Contains(out, "cannot run as root"):
		return &RootError{Output: out}
	case res.ExitCode != 0:
		return newADBError(cmds[0], res, "")
	case strings.Contains(out, "already running as root"):
		return nil
	}
	res, err = a.Run(ctx, cmds[1])
	if err != nil {
		return err
	}
	if res.ExitCode != 0 {
		return newADBError(cmds[1], res, "")
	}
	return nil
}

// Boot sends BOOT_COMPLETED to pkg.
func (a *ADB) Boot(ctx context.Context, pkg string) (Broadcast, error) {
	c, err := a.BootCmd(pkg)
	if err != nil {
		return Broadcast{}, err
	}
	res, err := a.Run(ctx, c)
	if err != nil {
		return Broadcast{}, err
	}
	out := res.Output()
	if strings.Contains(out, "Permission Denial") || strings.Contains(out, "SecurityException") {
		return Broadcast{}, &BootDeniedError{Output: out}
	}
	b, ok := ParseBroadcast(out)
	if !ok || res.ExitCode != 0 {
		return b, newADBError(c, res, "")
	}
	return b, nil
}

// ---- Doze ----

// DozeCmds are the commands of `doze on|off|step`: on unplugs the battery
// (Doze never starts while charging) and forces deep idle; off undoes both;
// step unplugs and moves deep idle one state on.
func (a *ADB) DozeCmds(action string) ([]trigger.Cmd, error) {
	switch action {
	case "on":
		return []trigger.Cmd{a.Shell("dumpsys", "battery", "unplug"), a.Shell("dumpsys", "deviceidle", "force-idle")}, nil
	case "off":
		return []trigger.Cmd{a.Shell("dumpsys", "deviceidle", "unforce"), a.Shell("dumpsys", "battery", "reset")}, nil
	case "step":
		return []trigger.Cmd{a.Shell("dumpsys", "battery", "unplug"), a.Shell("dumpsys", "deviceidle", "step")}, nil
	}
	return nil, &InvalidArgError{What: "doze action", Value: action, Rule: "expected on, off or step"}
}

// DozeState is the device's idle state after a doze command.
type DozeState struct {
	Deep  string `json:"deep,omitempty"`  // IDLE, ACTIVE, IDLE_PENDING, ...
	Light string `json:"light,omitempty"` // for unforce
}

var (
	forcedIdleRE = lazyre.New(`Now forced in to (deep|light) idle mode`)
	steppedRE    = lazyre.New(`Stepped to (deep|light): (\S+)`)
	unforcedRE   = lazyre.New(`Light state: (\S+), deep state: (\S+)`)
)

// Doze runs `doze on|off|step`. When forcing idle fails it resets the
// battery again, so the device is not left unplugged; off resets the battery
// even when unforce fails. dumpsys exits 0 whatever it prints, so the
// deviceidle answer must be the one expected.
func (a *ADB) Doze(ctx context.Context, action string) (DozeState, error) {
	cmds, err := a.DozeCmds(action)
	if err != nil {
		return DozeState{}, err
	}
	var st DozeState
	for i, c := range cmds {
		res, err := a.Run(ctx, c)
		if err != nil {
			return st, err
		}
		out := res.Output()
		confirmed := true
		if i == 1 && action == "on" {
			confirmed = forcedIdleRE.Get().MatchString(out)
		} else if i == 1 && action == "step" {
			confirmed = steppedRE.Get().MatchString(out)
		}
		if res.ExitCode != 0 || !confirmed || strings.Contains(out, "Unable to go") || strings.Contains(out, "Exception") ||
			strings.Contains(out, "Can't find service") || strings.Contains(out, "Unknown command") {
			if (action != "off" && i > 0) || (action == "off" && i == 0) {
				a.Run(ctx, a.Shell("dumpsys", "battery", "reset"))
			}
			hint := ""
			switch {
			case strings.Contains(out, "not enabled"):
				hint = "Doze is disabled on this device; enable it with: adb shell dumpsys deviceidle enable"
			case strings.Contains(out, "Can't find service"):
				hint = "Doze needs Android 6.0 (API 23) or later."
			}
			return st, newADBError(c, res, hint)
		}
		switch {
		case forcedIdleRE.Get().MatchString(out):
			st.Deep = "IDLE"
		case steppedRE.Get().MatchString(out):
			m := steppedRE.Get().FindStringSubmatch(out)
			if m[1] == "deep" {
				st.Deep = m[2]
			} else {
				st.Light = m[2]
			}
		case unforcedRE.Get().MatchString(out):
			m := unforcedRE.Get().FindStringSubmatch(out)
			st.Light, st.Deep = m[1], m[2]
		}
	}
	return st, nil
}

// ---- App Standby buckets ----

// StandbyBuckets are the buckets `standby BUCKET` accepts.
var StandbyBuckets = []string{"active", "working_set", "frequent", "rare", "restricted"}

var standbyBucketValues = map[int]string{
	5: "exempted", 10: "active", 20: "working_set", 30: "frequent", 40: "rare", 45: "restricted", 50: "never",
}

// StandbyBucket is an app's App Standby bucket.
type StandbyBucket struct {
	Package string `json:"package"`
	Value   int    `json:"value"`
	Name    string `json:"name"`
}

// SetStandbyCmd is `am set-standby-bucket PKG BUCKET`.
func (a *ADB) SetStandbyCmd(pkg, bucket string) (trigger.Cmd, error) {
	if err := ValidatePackage(pkg); err != nil {
		return trigger.Cmd{}, err
	}
	ok := false
	for _, b := range StandbyBuckets {
		ok = ok || b == bucket
	}
	if !ok {
		return trigger.Cmd{}, &InvalidArgError{What: "standby bucket", Value: bucket, Rule: "expected one of " + strings.Join(StandbyBuckets, ", ")}
	}
	return a.Shell("am", "set-standby-bucket", pkg, bucket), nil
}

// GetStandbyCmd is `am get-standby-bucket PKG`.
func (a *ADB) GetStandbyCmd(pkg string) (trigger.Cmd, error) {
	if err := ValidatePackage(pkg); err != nil {
		return trigger.Cmd{}, err
	}
	return a.Shell("am", "get-standby-bucket", pkg), nil
}

// SetStandbyBucket moves the app to bucket. `am` prints nothing on success.
func (a *ADB) SetStandbyBucket(ctx context.Context, pkg, bucket string) error {
	c, err := a.SetStandbyCmd(pkg, bucket)
	if err != nil {
		return err
	}
	res, err := a.Run(ctx, c)
	if err != nil {
		return err
	}
	out := strings.TrimSpace(res.Output())
	if res.ExitCode != 0 || strings.HasPrefix(out, "Error") || strings.Contains(out, "Exception") {
		hint := ""
		if bucket == "restricted" {
			hint = "The restricted bucket needs Android 11 (API 30) or later."
		}
		return newADBError(c, res, hint)
	}
	return nil
}

// ParseStandbyBucket reads `am get-standby-bucket PKG`: a number (10, 20,
// ... 45) on current Android, a bucket name on some builds.
func ParseStandbyBucket(out string) (StandbyBucket, bool) {
	s := strings.TrimSpace(out)
	if n, err := strconv.Atoi(s); err == nil {
		name, ok := standbyBucketValues[n]
		if !ok {
			name = "unknown"
		}
		return StandbyBucket{Value: n, Name: name}, true
	}
	lower := strings.ToLower(s)
	for v, name := range standbyBucketValues {
		if lower == name || lower == "standby_bucket_"+name {
			return StandbyBucket{Value: v, Name: name}, true
		}
	}
	return StandbyBucket{}, false
}

// StandbyBucket reads the app's bucket.
func (a *ADB) StandbyBucket(ctx context.Context, pkg string) (StandbyBucket, error) {
	c, err := a.GetStandbyCmd(pkg)
	if err != nil {
		return StandbyBucket{}, err
	}
	res, err := a.Run(ctx, c)
	if err != nil {
		return StandbyBucket{}, err
	}
	b, ok := ParseStandbyBucket(string(res.Stdout))
	if !ok || res.ExitCode != 0 {
		return b, newADBError(c, res, "App Standby buckets need Android 9 (API 28) or later; is "+pkg+" installed?")
	}
	b.Package = pkg
	return b, nil
}

// ---- Background ----

// BackgroundHomeCmd presses HOME, so the app goes to the background.
func (a *ADB) BackgroundHomeCmd() trigger.Cmd {
	return a.Shell("input", "keyevent", "KEYCODE_HOME")
}

// Background presses HOME.
func (a *ADB) Background(ctx context.Context) error {
	c := a.BackgroundHomeCmd()
	res, err := a.Run(ctx, c)
	if err != nil {
		return err
	}
	if res.ExitCode != 0 || strings.Contains(res.Output(), "Exception") {
		return newADBError(c, res, "")
	}
	return nil
}

// ---- WorkManager diagnostics ----

const (
	diagnosticsAction = "androidx.work.diagnostics.REQUEST_DIAGNOSTICS"
	diagnosticsTag    = "WM-DiagnosticsWrkr"
)

// DiagnosticsRequestCmd asks the app's WorkManager (2.4+) to log what work
// it holds.
func (a *ADB) DiagnosticsRequestCmd(pkg string) (trigger.Cmd, error) {
	if err := ValidatePackage(pkg); err != nil {
		return trigger.Cmd{}, err
	}
	return a.Shell("am", "broadcast", "-a", diagnosticsAction, "-p", pkg), nil
}

// DiagnosticsLogCmd dumps what WorkManager's DiagnosticsWorker logged.
// adb's logcat escapes its own arguments for the device shell, so they are
// not quoted here.
func (a *ADB) DiagnosticsLogCmd() trigger.Cmd {
	return a.Command("logcat", "-d", "-v", "brief", "-s", diagnosticsTag+":V")
}

// DiagnosticsOptions bound the wait for WorkManager's report.
type DiagnosticsOptions struct {
	Wait time.Duration // how long to wait for the report; 0 means 10s
	Poll time.Duration // between reads of the log; 0 means 1s
}

// WorkDiagnosticsTimeoutError means the app logged no new report.
type WorkDiagnosticsTimeoutError struct {
	Package string
	Wait    time.Duration
}

func (e *WorkDiagnosticsTimeoutError) Error() string {
	return fmt.Sprintf("%s logged no WorkManager diagnostics within %s. The report needs WorkManager 2.4 or later, initialised in the app (it logs \"WorkManager is not initialized\" otherwise: check with adb logcat -d -s WM-DiagnosticsRcvr), and an app that is installed and not force-stopped. Open the app and try again, or wait longer with --wait.", e.Package, e.Wait)
}

// WorkDiagnostics asks WorkManager for its report and returns the work it
// lists. Reports already in the log are told apart by counting them first.
func (a *ADB) WorkDiagnostics(ctx context.Context, pkg string, opt DiagnosticsOptions) ([]WorkInfo, error) {
	if opt.Wait <= 0 {
		opt.Wait = 10 * time.Second
	}
	if opt.Poll <= 0 {
		opt.Poll = time.Second
	}
	req, err := a.DiagnosticsRequestCmd(pkg)
	if err != nil {
		return nil, err
	}
	readLog := func() ([][]WorkInfo, error) {
		c := a.DiagnosticsLogCmd()
		res, err := a.Run(ctx, c)
		if err != nil {
			return nil, err
		}
		if res.ExitCode != 0 {
			return nil, newADBError(c, res, "")
		}
		return ParseWorkDiagnostics(res.Stdout), nil
	}
	before, err := readLog()
	if err != nil {
		return nil, err
	}
	res, err := a.Run(ctx, req)
	if err != nil {
		return nil, err
	}
	if _, ok := ParseBroadcast(res.Output()); !ok || res.ExitCode != 0 {
		return nil, newADBError(req, res, "")
	}
	deadline := time.Now().Add(opt.Wait)
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(opt.Poll):
		}
		reports, err := readLog()
		if err != nil {
			return nil, err
		}
		if len(reports) > len(before) {
			return reports[len(reports)-1], nil
		}
		if !time.Now().Before(deadline) {
			return nil, &WorkDiagnosticsTimeoutError{Package: pkg, Wait: opt.Wait}
		}
	}
}

// WorkInfo is one row of WorkManager's diagnostics report.
type WorkInfo struct {
	Section     string   `json:"section"` // completed, running, enqueued
	ID          string   `json:"id"`      // the WorkRequest's UUID
	Class       string   `json:"class"`
	JobID       *int     `json:"jobId"` // the JobScheduler (or alarm) id; nil when none
	State       string   `json:"state"` // ENQUEUED, RUNNING, SUCCEEDED, FAILED, BLOCKED, CANCELLED
	UniqueNames []string `json:"uniqueNames"`
	Tags        []string `json:"tags"`
}

var workSections = map[string]string{
	"Recently completed work:": "completed",
	"Running work:":            "running",
	"Enqueued work:":           "enqueued",
}

var workSectionOrder = map[string]int{"completed": 0, "running": 1, "enqueued": 2}

// ParseWorkDiagnostics reads the WM-DiagnosticsWrkr lines of a logcat dump
// (brief or threadtime format) and returns each report in it, oldest first.
// A report is a run of sections in DiagnosticsWorker's order (completed,
// running, enqueued); a section that does not follow the one before starts
// a new report.
func ParseWorkDiagnostics(log []byte) [][]WorkInfo {
	var reports [][]WorkInfo
	var cur []WorkInfo
	section, last := "", -1
	started := false
	for _, raw := range strings.Split(strings.ReplaceAll(string(log), "\r\n", "\n"), "\n") {
		msg, ok := logcatMessage(raw, diagnosticsTag)
		if !ok {
			continue
		}
		t := strings.TrimSpace(msg)
		if s, ok := workSections[t]; ok {
			if o := workSectionOrder[s]; o <= last {
				reports = append(reports, cur)
				cur = nil
			}
			started = true
			section, last = s, workSectionOrder[s]
			continue
		}
		if section == "" || t == "" || strings.HasPrefix(t, "Id ") {
			continue
		}
		f := strings.Split(msg, "\t")
		if len(f) < 6 {
			continue
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		w := WorkInfo{Section: section, ID: f[0], Class: f[1], State: f[3], UniqueNames: splitList(f[4]), Tags: splitList(f[5])}
		if n, err := strconv.Atoi(f[2]); err == nil {
			w.JobID = &n
		}
		cur = append(cur, w)
	}
	if started {
		reports = append(reports, cur)
	}
	return reports
}

func splitList(s string) []string {
	out := []string{}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// logcatMessage returns the message of a logcat line with the given tag, in
// brief ("I/TAG( 123): msg"), tag ("I/TAG: msg") or threadtime ("date time
// pid tid I TAG: msg") format. Whitespace inside the message is kept.
func logcatMessage(line, tag string) (string, bool) {
	i := strings.Index(line, tag)
	if i < 0 {
		return "", false
	}
	rest := line[i+len(tag):]
	if strings.HasPrefix(rest, "(") {
		end := strings.Index(rest, ")")
		if end < 0 {
			return "", false
		}
		rest = rest[end+1:]
	}
	rest = strings.TrimLeft(rest, " ")
	if !strings.HasPrefix(rest, ":") {
		return "", false
	}
	rest = rest[1:]
	return strings.TrimPrefix(rest, " "), true
}
