package plistcfg

import (
	"fmt"
	"strings"

	"github.com/bgkit/bgkit/internal/suggest"
)

// The keys bgkit edits.
const (
	KeyBackgroundModes = "UIBackgroundModes"
	KeyTaskIDs         = "BGTaskSchedulerPermittedIdentifiers"
)

// Mode is one UIBackgroundModes value Apple documents.
type Mode struct {
	Name       string
	Title      string // Xcode's name for it
	Deprecated string // why, when Apple no longer supports it
	Platforms  string
	// Usage are the usage-description keys the mode needs (Required) or
	// that apps using it usually need (Optional).
	Required []string
	Optional []string
}

// Modes is Apple's list of background modes ("Configuring background
// execution modes"), plus the older ones still found in projects.
var Modes = []Mode{
	{Name: "audio", Title: "Audio, AirPlay, and Picture in Picture", Platforms: "iOS, iPadOS, tvOS, visionOS", Optional: []string{"NSMicrophoneUsageDescription"}},
	{Name: "location", Title: "Location updates", Platforms: "iOS, iPadOS, watchOS", Required: []string{"NSLocationWhenInUseUsageDescription", "NSLocationAlwaysAndWhenInUseUsageDescription"}, Optional: []string{"NSLocationAlwaysUsageDescription"}},
	{Name: "voip", Title: "Voice over IP", Platforms: "iOS, iPadOS, visionOS, watchOS", Optional: []string{"NSMicrophoneUsageDescription"}},
	{Name: "external-accessory", Title: "External accessory communication", Platforms: "iOS, iPadOS"},
	{Name: "bluetooth-central", Title: "Uses Bluetooth LE accessories", Platforms: "iOS, iPadOS, visionOS", Required: []string{"NSBluetoothAlwaysUsageDescription"}, Optional: []string{"NSBluetoothPeripheralUsageDescription"}},
	{Name: "bluetooth-peripheral", Title: "Acts as a Bluetooth LE accessory", Platforms: "iOS, iPadOS", Required: []string{"NSBluetoothAlwaysUsageDescription"}, Optional: []string{"NSBluetoothPeripheralUsageDescription"}},
	{Name: "fetch", Title: "Background fetch", Platforms: "iOS, iPadOS, tvOS, visionOS"},
	{Name: "remote-notification", Title: "Remote notifications", Platforms: "iOS, iPadOS, tvOS, visionOS, watchOS"},
	{Name: "processing", Title: "Background processing", Platforms: "iOS, iPadOS, tvOS, visionOS"},
	{Name: "workout-processing", Title: "Workout processing", Platforms: "watchOS"},
	{Name: "nearby-interaction", Title: "Uses Nearby Interaction", Platforms: "iOS, iPadOS", Required: []string{"NSNearbyInteractionUsageDescription"}},
	{Name: "push-to-talk", Title: "Push to Talk", Platforms: "iOS, iPadOS"},
	{Name: "network-authentication", Title: "Network authentication", Platforms: "iOS"},
	{Name: "newsstand-content", Title: "Newsstand downloads", Platforms: "iOS", Deprecated: "Newsstand was retired: iOS no longer runs this mode"},
}

// LookupMode returns the documented mode of that name.
func LookupMode(name string) (Mode, bool) {
	for _, m := range Modes {
		if m.Name == name {
			return m, true
		}
	}
	return Mode{}, false
}

// ModeNames lists the documented modes that are not deprecated.
func ModeNames() []string {
	var names []string
	for _, m := range Modes {
		if m.Deprecated == "" {
			names = append(names, m.Name)
		}
	}
	return names
}

// UnknownModeError is a background mode Apple does not document.
type UnknownModeError struct {
	Mode       string
	Suggestion string // the closest known mode, "" when none is close
}

func (e *UnknownModeError) Error() string {
	msg := fmt.Sprintf("unknown background mode %q", e.Mode)
	if e.Suggestion != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", e.Suggestion)
	}
	return msg + "; known modes: " + strings.Join(ModeNames(), ", ")
}

// InvalidValueError is a value that cannot be what it claims to be.
type InvalidValueError struct {
	What   string // "background mode", "task identifier"
	Value  string
	Reason string
}

func (e *InvalidValueError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.What, e.Value, e.Reason)
}

// CheckMode checks a background mode name: a documented mode is returned,
// a name that looks like a mode but is not documented is an
// *UnknownModeError (with the closest known name), anything else an
// *InvalidValueError.
func CheckMode(name string) (Mode, error) {
	if m, ok := LookupMode(name); ok {
		return m, nil
	}
	if name == "" {
		return Mode{}, &InvalidValueError{What: "background mode", Value: name, Reason: "it is empty"}
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_') {
			return Mode{}, &InvalidValueError{What: "background mode", Value: name, Reason: fmt.Sprintf("%q is not a letter, digit, '-', '_' or '.'", r)}
		}
	}
	return Mode{}, &UnknownModeError{Mode: name, Suggestion: suggestMode(name)}
}

// suggestMode returns the known mode closest to name, if one is close
// (suggest.Closest; '_' is read as '-', as Apple's names use dashes).
func suggestMode(name string) string {
	names := make([]string, len(Modes))
	for i, m := range Modes {
		names[i] = m.Name
	}
	return suggest.Best(strings.ReplaceAll(name, "_", "-"), names)
}

// CheckTaskID checks a BGTaskScheduler identifier: reverse-DNS characters
// (letters, digits, '-', '_' in dot-separated parts), optionally ending in
// ".*" for iOS 26 continued-processing tasks.
func CheckTaskID(id string) error {
	bad := func(reason string) error {
		return &InvalidValueError{What: "task identifier", Value: id, Reason: reason}
	}
	if id == "" {
		return bad("it is empty")
	}
	if len(id) > 255 {
		return bad("it is longer than 255 characters")
	}
	body := strings.TrimSuffix(id, ".*")
	if body == "" {
		return bad(`".*" needs a prefix such as com.example.app.export.*`)
	}
	for i, part := range strings.Split(body, ".") {
		if part == "" {
			if i == 0 {
				return bad("it starts with '.'")
			}
			return bad("it has an empty part (\"..\" or a trailing '.')")
		}
		for _, r := range part {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			case r == '*':
				return bad(`'*' is allowed only as a final ".*" (com.example.app.task.*)`)
			default:
				return bad(fmt.Sprintf("%q is not allowed; use reverse-DNS form such as com.example.app.refresh", r))
			}
		}
	}
	return nil
}

// Warning is a known trap in a background configuration. It never stops a
// command.
type Warning struct {
	Code    string // stable identifier, e.g. "processing-without-task-ids"
	Line    int    // where it shows, 0 when unknown
	Subject string // the mode or task identifier it is about, if any
	Msg     string
}

// Warning codes. Those of the checks the doctor's catalog makes
// (processing-without-task-ids, task-ids-without-mode, deprecated-mode,
// unknown-mode, missing-usage-description) are the aliases bgkit plist show
// gives its rules' findings (doctor.PlistRules).
const (
	WarnProcessingWithoutIDs = "processing-without-task-ids"
	WarnIDsWithoutMode       = "task-ids-without-mode"
	WarnLegacyFetchSilenced  = "legacy-fetch-silenced"
	WarnDeprecatedMode       = "deprecated-mode"
	WarnUnknownMode          = "unknown-mode"
	WarnMissingUsage         = "missing-usage-description"
	WarnBareTaskID           = "task-id-not-reverse-dns"
)

// UsageDescription is a usage-description key that background modes need.
type UsageDescription struct {
	Key      string
	Line     int
	Value    string
	Present  bool
	Required bool     // a mode in the file requires it
	NeededBy []string // the modes in the file that use it
}

// Summary is a file's background configuration.
type Summary struct {
	Format    Format
	ModesLine int // line of the UIBackgroundModes key; 0 when absent or unknown
	HasModes  bool
	Modes     []Item
	IDsLine   int
	HasIDs    bool
	TaskIDs   []Item
	Usage     []UsageDescription
	// Warnings are the identifiers not in reverse-DNS form; the doctor's
	// checks of the same file are added by its caller.
	Warnings []Warning
}

// Summarize reads the background configuration of d. A UIBackgroundModes
// or BGTaskSchedulerPermittedIdentifiers that is not an array of strings is
// a *ParseError.
func Summarize(d *Doc) (*Summary, error) {
	s := &Summary{Format: d.Format()}
	var err error
	if s.Modes, s.HasModes, err = d.Strings(KeyBackgroundModes); err != nil {
		return nil, err
	}
	if s.TaskIDs, s.HasIDs, err = d.Strings(KeyTaskIDs); err != nil {
		return nil, err
	}
	if e, ok := d.Lookup(KeyBackgroundModes); ok {
		s.ModesLine = e.Line
	}
	if e, ok := d.Lookup(KeyTaskIDs); ok {
		s.IDsLine = e.Line
	}
	// Usage descriptions: those the file's modes use, and any known one
	// the file has.
	seen := map[string]int{}
	add := func(key, mode string, required bool) {
		i, ok := seen[key]
		if !ok {
			u := UsageDescription{Key: key}
			if e, ok := d.Lookup(key); ok {
				u.Present, u.Line = true, e.Line
				u.Value, _ = e.Value.(string)
			}
			i = len(s.Usage)
			seen[key] = i
			s.Usage = append(s.Usage, u)
		}
		if mode != "" {
			s.Usage[i].NeededBy = append(s.Usage[i].NeededBy, mode)
			s.Usage[i].Required = s.Usage[i].Required || required
		}
	}
	for _, it := range s.Modes {
		m, ok := LookupMode(it.Value.(string))
		if !ok {
			continue
		}
		for _, k := range m.Required {
			add(k, m.Name, true)
		}
		for _, k := range m.Optional {
			add(k, m.Name, false)
		}
	}
	for _, m := range Modes {
		for _, k := range append(append([]string(nil), m.Required...), m.Optional...) {
			if _, ok := d.Lookup(k); ok {
				add(k, "", false)
			}
		}
	}
	s.Warnings = s.check()
	return s, nil
}

// check finds what only plistcfg knows: task identifiers that are not in
// reverse-DNS form. How modes, identifiers and usage descriptions fit
// together is the doctor's catalog (doctor.CheckInfoPlist), which bgkit
// plist show and the edits run.
func (s *Summary) check() []Warning {
	var ws []Warning
	for _, it := range s.TaskIDs {
		if id := it.Value.(string); !strings.Contains(strings.TrimSuffix(id, ".*"), ".") {
			ws = append(ws, Warning{Code: WarnBareTaskID, Line: it.Line, Subject: id, Msg: fmt.Sprintf("task identifier %q is not in reverse-DNS form (com.example.app.refresh); Apple asks for reverse-DNS identifiers", id)})
		}
	}
	return ws
}

// LegacyFetchWarning is the warning for a file that gets its first
// permitted task identifier.
func LegacyFetchWarning() Warning {
	return Warning{Code: WarnLegacyFetchSilenced, Msg: "with BGTaskSchedulerPermittedIdentifiers set, iOS 13 and later disable the legacy background fetch API (application(_:performFetchWithCompletionHandler:) and setMinimumBackgroundFetchInterval): code that relies on it, such as expo-background-fetch, stops running; move it to BGAppRefreshTask"}
}
