package trigger

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bgkit/bgkit/internal/ids"
	"github.com/bgkit/bgkit/internal/lazyre"
)

// ADB runs adb against one Android device or emulator. Every call passes
// -s Serial, so bgkit never depends on ANDROID_SERIAL or on which device
// adb would pick by itself.
type ADB struct {
	Runner Runner
	Serial string
	// Timeout bounds every call; 0 means DefaultTimeout.
	Timeout time.Duration
}

// Command is `adb -s SERIAL args...`. The args go to adb itself (not to a
// device shell), so they are not quoted.
func (a *ADB) Command(args ...string) Cmd {
	return Cmd{Name: "adb", Args: append([]string{"-s", a.Serial}, args...), Timeout: a.Timeout}
}

// Shell is `adb -s SERIAL shell words...` with every word quoted for the
// device's shell: adb joins the words after "shell" into one command line
// that /system/bin/sh parses again. Callers validate identifiers first;
// quoting is the second line of defence, not the only one.
func (a *ADB) Shell(words ...string) Cmd {
	args := []string{"-s", a.Serial, "shell"}
	for _, w := range words {
		args = append(args, ShellQuote(w))
	}
	return Cmd{Name: "adb", Args: args, Timeout: a.Timeout}
}

// Run runs c and turns adb's own failures into typed errors: adb missing
// (*ADBMissingError), and the client's device errors (offline,
// unauthorized, not found) that it prints as "error: ..." with exit 1.
// Anything else is left to the caller, which judges the device's answer.
func (a *ADB) Run(ctx context.Context, c Cmd) (Result, error) {
	return runADB(ctx, a.Runner, c, a.Serial)
}

func runADB(ctx context.Context, r Runner, c Cmd, serial string) (Result, error) {
	res, err := r.Run(ctx, c)
	var nf *ToolNotFoundError
	if errors.As(err, &nf) {
		return res, &ADBMissingError{Err: nf}
	}
	if err != nil {
		return res, err
	}
	if res.ExitCode != 0 {
		if derr := adbClientError(res, serial); derr != nil {
			return res, derr
		}
	}
	return res, nil
}

// ADBMissingError means adb is not installed or not on PATH.
type ADBMissingError struct{ Err *ToolNotFoundError }

func (e *ADBMissingError) Error() string {
	return "adb not found on PATH. " + ADBInstallHint
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

func adbClientError(res Result, serial string) error {
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
		return &AndroidDeviceNotFoundError{Serial: m[2]}
	case msg == "no devices/emulators found":
		return &NoAndroidDeviceError{}
	case msg == "device offline":
		return &AndroidDeviceStateError{Device: AndroidDevice{Serial: serial, State: "offline"}}
	case strings.HasPrefix(msg, "device unauthorized"):
		return &AndroidDeviceStateError{Device: AndroidDevice{Serial: serial, State: "unauthorized"}}
	case msg == "device still authorizing":
		return &AndroidDeviceStateError{Device: AndroidDevice{Serial: serial, State: "authorizing"}}
	case msg == "device still connecting":
		return &AndroidDeviceStateError{Device: AndroidDevice{Serial: serial, State: "connecting"}}
	case strings.HasPrefix(msg, "insufficient permissions"), strings.HasPrefix(msg, "no permissions"):
		return &AndroidDeviceStateError{Device: AndroidDevice{Serial: serial, State: "no permissions"}}
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

func newADBError(c Cmd, res Result, hint string) *ADBError {
	return &ADBError{Cmd: c.String(), ExitCode: res.ExitCode, Output: ErrorTail(res.Output()), Hint: hint}
}

// InvalidAndroidArgError means a value the user typed would go to the
// device's shell but is not what it claims to be.
type InvalidAndroidArgError struct {
	What  string // "package name", "job id", ...
	Value string
	Rule  string
}

func (e *InvalidAndroidArgError) Error() string {
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

// ValidateAndroidPackage checks an application id before it reaches a shell.
func ValidateAndroidPackage(pkg string) error {
	if !ids.AndroidPackage(pkg) {
		return &InvalidAndroidArgError{What: "package name", Value: pkg,
			Rule: "expected an Android application id such as com.example.app (letters, digits and _ in dot-separated parts, each starting with a letter)"}
	}
	return nil
}

// ValidateAndroidJobID checks a JobScheduler job id (a Java int, may be negative).
func ValidateAndroidJobID(id string) error {
	ok := androidJobIDRE.Get().MatchString(id)
	if ok {
		_, err := strconv.ParseInt(id, 10, 32)
		ok = err == nil
	}
	if !ok {
		return &InvalidAndroidArgError{What: "job id", Value: id, Rule: "expected a whole number such as 999 or -359368280 (see: bgkit trigger android jobs)"}
	}
	return nil
}

// ValidateAndroidNamespace checks a JobScheduler namespace.
func ValidateAndroidNamespace(ns string) error {
	if !androidNamespaceRE.Get().MatchString(ns) {
		return &InvalidAndroidArgError{What: "job namespace", Value: ns, Rule: "expected letters, digits, _ and . only, such as androidx.work.systemjobscheduler"}
	}
	return nil
}

// ValidateAndroidUser checks an Android user id.
func ValidateAndroidUser(u string) error {
	if !androidUserRE.Get().MatchString(u) {
		return &InvalidAndroidArgError{What: "user id", Value: u, Rule: "expected a number such as 0"}
	}
	return nil
}

// ValidateAndroidSerial checks a device serial (from --serial or ANDROID_SERIAL).
func ValidateAndroidSerial(s string) error {
	if !androidSerialRE.Get().MatchString(s) {
		return &InvalidAndroidArgError{What: "device serial", Value: s, Rule: "expected a serial as `adb devices` prints it, such as emulator-5554"}
	}
	return nil
}
