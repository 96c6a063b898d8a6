package ios

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/trigger"
)

// Simulator is one device from `xcrun simctl list devices --json`.
type Simulator struct {
	UDID  string `json:"udid"`
	Name  string `json:"name"`
	State string `json:"state"` // Booted, Shutdown, Booting, Shutting Down, ...
	// Runtime is the human name ("iOS 17.0"), RuntimeID the key simctl
	// used ("com.apple.CoreSimulator.SimRuntime.iOS-17-0", or "iOS 12.1"
	// from Xcode 10 and older).
	Runtime           string `json:"runtime"`
	RuntimeID         string `json:"runtimeId"`
	Platform          string `json:"platform"` // iOS, tvOS, watchOS, xrOS
	Available         bool   `json:"available"`
	AvailabilityError string `json:"availabilityError,omitempty"`
}

// Booted reports whether the simulator is running.
func (s Simulator) Booted() bool { return s.State == "Booted" }

// String names the simulator the way messages show it.
func (s Simulator) String() string {
	if s.Runtime == "" {
		return fmt.Sprintf("%s (%s)", s.Name, s.UDID)
	}
	return fmt.Sprintf("%s, %s (%s)", s.Name, s.Runtime, s.UDID)
}

type simctlDevice struct {
	UDID              string `json:"udid"`
	Name              string `json:"name"`
	State             string `json:"state"`
	IsAvailable       *bool  `json:"isAvailable"`
	Availability      string `json:"availability"` // Xcode 10: "(available)", "(unavailable, ...)"
	AvailabilityError string `json:"availabilityError"`
}

// SimctlParseError means simctl's device list could not be read.
type SimctlParseError struct {
	Err    error
	Output string // the start of what simctl printed
}

func (e *SimctlParseError) Error() string {
	return fmt.Sprintf("could not read the simulator list from `xcrun simctl list devices --json`: %v (it printed: %q)", e.Err, e.Output)
}

func (e *SimctlParseError) Unwrap() error { return e.Err }

// ParseSimulators reads the output of `xcrun simctl list devices --json`.
// It accepts the runtime keys of every Xcode since 10 ("iOS 12.1" and
// "com.apple.CoreSimulator.SimRuntime.iOS-17-0"), skips anything printed
// before the JSON object and after it, and returns the devices sorted by
// platform, runtime version and name.
func ParseSimulators(out []byte) ([]Simulator, error) {
	start := bytes.IndexByte(out, '{')
	if start < 0 {
		return nil, &SimctlParseError{Err: errors.New("no JSON object in the output"), Output: simctlExcerpt(out)}
	}
	var doc struct {
		Devices map[string][]simctlDevice `json:"devices"`
	}
	// Decode only the first value: simctl can print notices after it too.
	dec := json.NewDecoder(bytes.NewReader(out[start:]))
	if err := dec.Decode(&doc); err != nil {
		return nil, &SimctlParseError{Err: err, Output: simctlExcerpt(out)}
	}
	if doc.Devices == nil {
		return nil, &SimctlParseError{Err: errors.New(`no "devices" key`), Output: simctlExcerpt(out)}
	}
	var sims []Simulator
	for key, devs := range doc.Devices {
		platform, version := simctlRuntimeName(key)
		runtime := strings.TrimSpace(platform + " " + version)
		for _, d := range devs {
			if d.UDID == "" {
				continue
			}
			avail := true
			switch {
			case d.IsAvailable != nil:
				avail = *d.IsAvailable
			case d.Availability != "":
				avail = !strings.Contains(d.Availability, "unavailable")
			}
			sims = append(sims, Simulator{
				UDID:              d.UDID,
				Name:              d.Name,
				State:             d.State,
				Runtime:           runtime,
				RuntimeID:         key,
				Platform:          platform,
				Available:         avail,
				AvailabilityError: d.AvailabilityError,
			})
		}
	}
	sort.SliceStable(sims, func(i, j int) bool {
		a, b := sims[i], sims[j]
		if a.Platform != b.Platform {
			return a.Platform < b.Platform
		}
		if c := simctlCompareVersions(a.Runtime, b.Runtime); c != 0 {
			return c < 0
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.UDID < b.UDID
	})
	return sims, nil
}

func simctlExcerpt(out []byte) string {
	s := strings.TrimSpace(string(out))
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

const simRuntimePrefix = "com.apple.CoreSimulator.SimRuntime."

// simctlRuntimeName turns a runtime key into a platform and a version:
// "com.apple.CoreSimulator.SimRuntime.iOS-17-0" and "iOS 17.0" both give
// ("iOS", "17.0").
func simctlRuntimeName(key string) (platform, version string) {
	if rest, ok := strings.CutPrefix(key, simRuntimePrefix); ok {
		platform, v, _ := strings.Cut(rest, "-")
		return platform, strings.ReplaceAll(v, "-", ".")
	}
	platform, version, _ = strings.Cut(strings.TrimSpace(key), " ")
	return platform, strings.TrimSpace(version)
}

// simctlCompareVersions orders "iOS 9.3" before "iOS 17.0".
func simctlCompareVersions(a, b string) int {
	_, va, _ := strings.Cut(a, " ")
	_, vb, _ := strings.Cut(b, " ")
	pa, pb := strings.Split(va, "."), strings.Split(vb, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return strings.Compare(a, b)
}

// BootHint says how to get a booted simulator.
const BootHint = `Boot one with:
  xcrun simctl boot "iPhone 15"   (any name from: xcrun simctl list devices available)
  open -a Simulator`

// NoBootedSimulatorError means no iOS simulator is running.
type NoBootedSimulatorError struct {
	Others []Simulator // booted simulators of other platforms (watchOS, tvOS)
}

func (e *NoBootedSimulatorError) Error() string {
	var b strings.Builder
	b.WriteString("no iOS simulator is booted")
	if len(e.Others) > 0 {
		b.WriteString(" (booted, but not iOS:")
		for _, s := range e.Others {
			b.WriteString("\n  " + s.String())
		}
		b.WriteString("\nchoose one of those with --device UDID)")
	}
	b.WriteString("\n" + BootHint)
	return b.String()
}

// SeveralSimulatorsError means several simulators fit and bgkit will not
// guess (simctl's "booted" would pick one of them arbitrarily).
type SeveralSimulatorsError struct {
	Candidates []Simulator
}

func (e *SeveralSimulatorsError) Error() string {
	var b strings.Builder
	b.WriteString("several simulators are booted; choose one with --device UDID:")
	for _, s := range e.Candidates {
		b.WriteString("\n  " + s.String())
	}
	return b.String()
}

// SimulatorNotFoundError means --device named no simulator.
type SimulatorNotFoundError struct {
	Want   string
	Booted []Simulator
}

func (e *SimulatorNotFoundError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "no simulator has the UDID or name %q", e.Want)
	if len(e.Booted) > 0 {
		b.WriteString("; booted simulators:")
		for _, s := range e.Booted {
			b.WriteString("\n  " + s.String())
		}
	} else {
		b.WriteString("; list them with: xcrun simctl list devices available")
	}
	return b.String()
}

// SimulatorNotBootedError means the chosen simulator exists but is not running.
type SimulatorNotBootedError struct {
	Sims []Simulator // the simulators that matched, none booted
}

func (e *SimulatorNotBootedError) Error() string {
	if len(e.Sims) == 1 {
		s := e.Sims[0]
		if !s.Available {
			why := s.AvailabilityError
			if why == "" {
				why = "unavailable"
			}
			return fmt.Sprintf("simulator %s cannot be used: %s (install its runtime in Xcode > Settings > Platforms)", s, why)
		}
		// The UDID comes from simctl's output: quoted, so the hint is a
		// command that can be pasted whatever it holds.
		return fmt.Sprintf("simulator %s is %s, not booted; boot it with:\n  xcrun simctl boot %s\n  open -a Simulator", s, strings.ToLower(s.State), trigger.ShellQuote(s.UDID))
	}
	var b strings.Builder
	b.WriteString("none of the matching simulators is booted; boot one with xcrun simctl boot UDID:")
	for _, s := range e.Sims {
		fmt.Fprintf(&b, "\n  %s: %s", s, strings.ToLower(s.State))
	}
	return b.String()
}

// SelectSimulator picks the simulator to act on. want is a UDID or a name
// (--device); empty means the only booted iOS simulator. It never falls
// back to simctl's "booted", which picks arbitrarily among several.
func SelectSimulator(sims []Simulator, want string) (Simulator, error) {
	var booted []Simulator
	for _, s := range sims {
		if s.Booted() {
			booted = append(booted, s)
		}
	}
	if want == "" {
		var ios, others []Simulator
		for _, s := range booted {
			if s.Platform == "iOS" {
				ios = append(ios, s)
			} else {
				others = append(others, s)
			}
		}
		switch len(ios) {
		case 0:
			return Simulator{}, &NoBootedSimulatorError{Others: others}
		case 1:
			return ios[0], nil
		default:
			return Simulator{}, &SeveralSimulatorsError{Candidates: ios}
		}
	}
	for _, s := range sims {
		if strings.EqualFold(s.UDID, want) {
			if !s.Booted() {
				return Simulator{}, &SimulatorNotBootedError{Sims: []Simulator{s}}
			}
			return s, nil
		}
	}
	var named, namedBooted []Simulator
	for _, s := range sims {
		if strings.EqualFold(s.Name, want) {
			named = append(named, s)
			if s.Booted() {
				namedBooted = append(namedBooted, s)
			}
		}
	}
	switch {
	case len(namedBooted) == 1:
		return namedBooted[0], nil
	case len(namedBooted) > 1:
		return Simulator{}, &SeveralSimulatorsError{Candidates: namedBooted}
	case len(named) > 0:
		return Simulator{}, &SimulatorNotBootedError{Sims: named}
	}
	return Simulator{}, &SimulatorNotFoundError{Want: want, Booted: booted}
}

// SimctlError is a simctl call that failed. Message is simctl's own
// explanation (the line after CoreSimulator's "An error was encountered"
// header, or the first line it printed); Hint says what to do.
type SimctlError struct {
	Cmd      string
	ExitCode int
	Domain   string // e.g. com.apple.CoreSimulator.SimError
	Code     int
	Message  string
	Hint     string
	NotReady bool // the simulator is shut down or missing
}

func (e *SimctlError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = fmt.Sprintf("exit status %d", e.ExitCode)
	}
	s := fmt.Sprintf("%s failed: %s", e.Cmd, msg)
	if e.Hint != "" {
		s += "\n" + e.Hint
	}
	return s
}

var simctlErrorHeader = lazyre.New(`(?m)^An error was encountered processing the command \(domain=([^,]+), code=(-?\d+)\):\s*$`)

// parseSimctlError explains a failed simctl call.
func parseSimctlError(c trigger.Cmd, res trigger.Result) *SimctlError {
	out := strings.ReplaceAll(res.Output(), "\r\n", "\n")
	e := &SimctlError{Cmd: c.String(), ExitCode: res.ExitCode}
	if m := simctlErrorHeader.Get().FindStringSubmatchIndex(out); m != nil {
		e.Domain = out[m[2]:m[3]]
		e.Code, _ = strconv.Atoi(out[m[4]:m[5]])
		e.Message = simctlFirstLine(out[m[1]:])
	} else {
		e.Message = simctlFirstLine(out)
	}
	switch {
	case strings.Contains(out, "No devices are booted"):
		e.NotReady = true
		e.Hint = "No simulator is booted. " + BootHint
	case strings.Contains(out, "current state: Shutdown"):
		e.NotReady = true
		e.Hint = "The simulator is shut down. Boot it with xcrun simctl boot UDID (or open -a Simulator), then try again."
	case strings.Contains(out, "Invalid device"):
		e.NotReady = true
		e.Hint = "No simulator has that UDID any more; list the booted ones with: bgkit devices"
	}
	return e
}

func simctlFirstLine(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

// XcodeRequiredError means xcrun or one of Xcode's tools is missing.
type XcodeRequiredError struct {
	Tool   string // "xcrun", "simctl" or "lldb"
	Detail string
}

func (e *XcodeRequiredError) Error() string {
	var b strings.Builder
	switch e.Tool {
	case "xcrun":
		b.WriteString("xcrun not found on PATH: bgkit's iOS triggers need macOS with Xcode installed")
	default:
		fmt.Fprintf(&b, "xcrun cannot find %s: bgkit's iOS triggers need the full Xcode", e.Tool)
		if e.Detail != "" {
			fmt.Fprintf(&b, " (xcrun said: %s)", e.Detail)
		}
	}
	b.WriteString(".\nThe Command Line Tools (xcode-select --install) are not enough: simctl ships only with Xcode.\n" +
		"Install Xcode from the App Store, then select it: sudo xcode-select -s /Applications/Xcode.app")
	return b.String()
}

var xcrunMissingUtility = lazyre.New(`unable to find utility "([^"]+)"`)

// xcodeMissing recognises xcrun's answer when the Command Line Tools are
// selected instead of Xcode.
func xcodeMissing(res trigger.Result) error {
	if res.ExitCode == 0 {
		return nil
	}
	out := res.Output()
	if m := xcrunMissingUtility.Get().FindStringSubmatch(out); m != nil {
		return &XcodeRequiredError{Tool: m[1], Detail: simctlFirstLine(out)}
	}
	return nil
}
