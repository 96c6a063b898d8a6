// Package android makes background work run now on an Android device or
// emulator through adb: device choice, JobScheduler jobs, broadcasts,
// Doze, App Standby, WorkManager diagnostics and log watching.
package android

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bgkit/bgkit/internal/ids"
	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/trigger"
)

// ADB runs adb against one Android device or emulator. Every call passes
// -s Serial, so bgkit never depends on ANDROID_SERIAL or on which device
// adb would pick by itself.
type ADB struct {
	Runner trigger.Runner
	Serial string
	// Timeout bounds every call; 0 means trigger.DefaultTimeout.
	Timeout time.Duration
}

// Command is `adb -s SERIAL args...`. The args go to adb itself (not to a
// device shell), so they are not quoted.
func (a *ADB) Command(args ...string) trigger.Cmd {
	return trigger.Cmd{Name: "adb", Args: append([]string{"-s", a.Serial}, args...), Timeout: a.Timeout}
}

// Shell is `adb -s SERIAL shell words...` with every word quoted for the
// device's shell: adb joins the words after "shell" into one command line
// that /system/bin/sh parses again. Callers validate identifiers first;
// quoting is the second line of defence, not the only one.
func (a *ADB) Shell(words ...string) trigger.Cmd {
	args := []string{"-s", a.Serial, "shell"}
	for _, w := range words {
		args = append(args, trigger.ShellQuote(w))
	}
	return trigger.Cmd{Name: "adb", Args: trigger.MarkShell(args), Timeout: a.Timeout}
}

// Run runs c and turns adb's own failures into typed errors: adb missing
// (*ADBMissingError), and the client's device errors (offline,
// unauthorized, not found) that it prints as "error: ..." with exit 1.
// Anything else is left to the caller, which judges the device's answer.
func (a *ADB) Run(ctx context.Context, c trigger.Cmd) (trigger.Result, error) {
	return runADB(ctx, a.Runner, c, a.Serial)
}

func runADB(ctx context.Context, r trigger.Runner, c trigger.Cmd, serial string) (trigger.Result, error) {
	res, err := r.Run(ctx, c)
	var nf *trigger.ToolNotFoundError
	if errors.As(err, &nf) {
		return res, &ADBMissingError{Err: nf}
	}
	var te *trigger.TimeoutError
	if errors.As(err, &te) {
		te.Cmd = displayCmd(c)
	}
	if err != nil {
		return res, err
	}
	if res.ExitCode != 0 {
		if derr := adbClientError(res, serial); derr != nil {
			return res, derr
		}
	}
	if !trigger.IsMarkedShell(c) {
		return res, nil
	}
	out, code, ok := trigger.SplitShellExit(res.Stdout)
	if ok {
		res.Stdout, res.ExitCode = out, code
		return res, nil
	}
	// The answer ended before the device's shell said the command was done.
	state := ""
	if serial != "" {
		sc := trigger.Cmd{Name: "adb", Args: []string{"-s", serial, "get-state"}, Timeout: 10 * time.Second}
		if c.Timeout > 0 && c.Timeout < sc.Timeout {
			sc.Timeout = c.Timeout
		}
		if sres, serr := r.Run(ctx, sc); serr == nil {
			state = strings.TrimSpace(string(sres.Stdout))
			if sres.ExitCode != 0 {
				state = ""
			}
		}
	}
	return res, &CutError{Serial: serial, Cmd: displayCmd(c), State: state, Output: trigger.ErrorTail(res.Output())}
}

// displayCmd is c without the exit-status echo, for messages.
func displayCmd(c trigger.Cmd) string { return trigger.UnmarkShell(c).String() }

// CutError means a command's answer ended before the device said
// the command had finished: the device disconnected (State is not
// "device"), or adbd dropped the stream. What it printed may be partial, so
// none of it is trusted, and the command may or may not have run.
type CutError struct {
	Serial string
	Cmd    string
	State  string // adb get-state afterwards; "" when adb no longer knows the device
	Output string
}

func (e *CutError) Error() string {
	if e.State == "device" {
		return fmt.Sprintf("the answer of %s ended before the command finished (no exit status): the device's adbd may have restarted; its output may be partial, so bgkit does not trust it. Try again.", e.Cmd)
	}
	state := e.State
	if state == "" {
		state = "gone"
	}
	return fmt.Sprintf("device %s disconnected while running %s (adb get-state: %s); the command may not have run, and what it printed may be partial. Reconnect the device or restart the emulator, check it with: bgkit devices, and try again.", e.Serial, e.Cmd, state)
}

// ADBMissingError means adb is not installed or not on PATH.
type ADBMissingError struct{ Err *trigger.ToolNotFoundError }

func (e *ADBMissingError) Error() string {
	return "adb not found on PATH, nor in $ANDROID_HOME or $ANDROID_SDK_ROOT (platform-tools), nor in the Android SDK's default folder. " + ADBInstallHint
}

func (e *ADBMissingError) Unwrap() error { return e.Err }

// ADBInstallHint says how to get adb.
const ADBInstallHint = `Install Android SDK Platform-Tools and put its folder on PATH:
  Android Studio: Settings > Languages & Frameworks > Android SDK > SDK Tools > Android SDK Platform-Tools
    (adb is then in $ANDROID_HOME/platform-tools)
  macOS: brew install android-platform-tools
  Debian/Ubuntu: sudo apt-get install adb
  or download it from https://developer.android.com/tools/releases/platform-tools`

// EmulatorHint says how to get a device bgkit can use.
const EmulatorHint = `Start an emulator with:
  emulator -avd NAME        (names from: emulator -list-avds)
  or Android Studio > Device Manager > Start
or connect a device with USB debugging on (Settings > Developer options).`

// adbClientErrorRE matches the adb client's own failures: "error: MSG" in
// adb 1.0.41 and older, "adb: error: MSG" or "adb: MSG" in newer clients.
var adbClientErrorRE = lazyre.New(`(?m)^(?:adb: )?(?:error: )?(device '([^']*)' not found|no devices/emulators found|device offline|device unauthorized\.?|device still authorizing|device still connecting|more than one device/emulator|insufficient permissions for device.*|no permissions.*)\s*$`)

func adbClientError(res trigger.Result, serial string) error {
	m := adbClientErrorRE.Get().FindStringSubmatch(string(res.Stderr))
	if m == nil {
		// adb without shell v2 (old devices) has no separate stderr, but
		// its client errors come before any device output.
		m = adbClientErrorRE.Get().FindStringSubmatch(string(res.Stdout))
		if m == nil || !strings.HasPrefix(strings.TrimSpace(string(res.Stdout)), strings.TrimSpace(m[0])) {
			return nil
		}
	}
	msg := m[1]
	switch {
	case strings.HasPrefix(msg, "device '"):
		return &DeviceNotFoundError{Serial: m[2]}
	case msg == "no devices/emulators found":
		return &NoDeviceError{}
	case msg == "device offline":
		return &DeviceStateError{Device: Device{Serial: serial, State: "offline"}}
	case strings.HasPrefix(msg, "device unauthorized"):
		return &DeviceStateError{Device: Device{Serial: serial, State: "unauthorized"}}
	case msg == "device still authorizing":
		return &DeviceStateError{Device: Device{Serial: serial, State: "authorizing"}}
	case msg == "device still connecting":
		return &DeviceStateError{Device: Device{Serial: serial, State: "connecting"}}
	case strings.HasPrefix(msg, "insufficient permissions"), strings.HasPrefix(msg, "no permissions"):
		return &DeviceStateError{Device: Device{Serial: serial, State: "no permissions"}}
	}
	return &ADBError{Cmd: "adb", ExitCode: res.ExitCode, Output: msg}
}

// ADBError is a command on the device that failed in a way bgkit has no
// better words for; it carries the command and what it printed.
type ADBError struct {
	Cmd      string
	ExitCode int
	Output   string
	Hint     string
}

func (e *ADBError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s failed (exit status %d)", e.Cmd, e.ExitCode)
	if out := strings.TrimSpace(e.Output); out != "" {
		fmt.Fprintf(&b, ":\n  %s", strings.ReplaceAll(out, "\n", "\n  "))
	}
	if e.Hint != "" {
		b.WriteString("\n" + e.Hint)
	}
	return b.String()
}

func newADBError(c trigger.Cmd, res trigger.Result, hint string) *ADBError {
	if hint == "" {
		hint = missingCommandHint(res)
	}
	return &ADBError{Cmd: displayCmd(c), ExitCode: res.ExitCode, Output: trigger.ErrorTail(res.Output()), Hint: hint}
}

// missingCommandRE is the device shell's answer for a command it does not
// have: mksh says "inaccessible or not found" (Android 7+ toolbox builds),
// older shells "not found"; the exit status is 127.
var missingCommandRE = lazyre.New(`(?m)(?:^|: )([A-Za-z0-9_.-]+): (?:inaccessible or not found|not found)\s*$`)

// missingCommandHint says which Android version a missing device command
// needs.
func missingCommandHint(res trigger.Result) string {
	m := missingCommandRE.Get().FindStringSubmatch(res.Output())
	if m == nil || res.ExitCode != 127 && res.ExitCode != 0 {
		return ""
	}
	switch m[1] {
	case "cmd":
		return "This device has no `cmd` command: bgkit needs Android 7.0 (API 24) or later."
	case "pidof":
		return "This device has no `pidof` command: it needs Android 7.0 (API 24) or later."
	}
	return "The device has no `" + m[1] + "` command."
}

// InvalidArgError means a value the user typed would go to the
// device's shell but is not what it claims to be.
type InvalidArgError struct {
	What  string // "package name", "job id", ...
	Value string
	Rule  string
}

func (e *InvalidArgError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.What, e.Value, e.Rule)
}

var (
	androidJobIDRE     = lazyre.New(`^-?[0-9]{1,10}$`)
	androidNamespaceRE = lazyre.New(`^[A-Za-z0-9_.]+$`)
	androidUserRE      = lazyre.New(`^[0-9]{1,9}$`)
	// Serials: emulator-5554, 192.168.1.5:5555, adb-XXXX._adb-tls-connect._tcp,
	// and USB serials. They go to adb (not a shell), but are still checked
	// so a typo cannot turn into an adb option.
	androidSerialRE = lazyre.New(`^[A-Za-z0-9][A-Za-z0-9._:\[\]@%+-]*$`)
)

// ValidatePackage checks an application id before it reaches a shell.
func ValidatePackage(pkg string) error {
	if !ids.AndroidPackage(pkg) {
		return &InvalidArgError{What: "package name", Value: pkg,
			Rule: "expected an Android application id such as com.example.app (letters, digits and _ in dot-separated parts, each starting with a letter)"}
	}
	return nil
}

// ValidateJobID checks a JobScheduler job id (a Java int, may be negative).
func ValidateJobID(id string) error {
	ok := androidJobIDRE.Get().MatchString(id)
	if ok {
		_, err := strconv.ParseInt(id, 10, 32)
		ok = err == nil
	}
	if !ok {
		return &InvalidArgError{What: "job id", Value: id, Rule: "expected a whole number such as 999 or -359368280 (see: bgkit trigger android jobs)"}
	}
	return nil
}

// ValidateNamespace checks a JobScheduler namespace.
func ValidateNamespace(ns string) error {
	if !androidNamespaceRE.Get().MatchString(ns) {
		return &InvalidArgError{What: "job namespace", Value: ns, Rule: "expected letters, digits, _ and . only, such as androidx.work.systemjobscheduler"}
	}
	return nil
}

// ValidateUser checks an Android user id.
func ValidateUser(u string) error {
	if !androidUserRE.Get().MatchString(u) {
		return &InvalidArgError{What: "user id", Value: u, Rule: "expected a number such as 0"}
	}
	return nil
}

// ValidateSerial checks a device serial (from --serial or ANDROID_SERIAL).
func ValidateSerial(s string) error {
	if !androidSerialRE.Get().MatchString(s) {
		return &InvalidArgError{What: "device serial", Value: s, Rule: "expected a serial as `adb devices` prints it, such as emulator-5554"}
	}
	return nil
}
