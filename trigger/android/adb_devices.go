package android

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bgkit/bgkit/trigger"
)

// Device is one row of `adb devices -l`.
type Device struct {
	Serial      string `json:"serial"`
	State       string `json:"state"` // device, offline, unauthorized, no permissions (...), ...
	Model       string `json:"model,omitempty"`
	Product     string `json:"product,omitempty"`
	Device      string `json:"device,omitempty"`
	USB         string `json:"usb,omitempty"`
	TransportID string `json:"transportId,omitempty"`
	Emulator    bool   `json:"emulator"`
}

// Ready reports whether adb can run commands on the device.
func (d Device) Ready() bool { return d.State == "device" }

// String is the device as bgkit lists it in messages.
func (d Device) String() string {
	s := d.Serial
	if d.Model != "" {
		s += " (" + d.Model + ")"
	}
	if !d.Ready() {
		s += ": " + d.State
	}
	return s
}

// Hint says what to do about a device in this state, or "" when it is ready.
func (d Device) Hint() string { return stateHint(d.State) }

// stateHint says what to do about a device in state.
func stateHint(state string) string {
	switch {
	case state == "device":
		return ""
	case state == "unauthorized":
		return "accept the \"Allow USB debugging?\" prompt on the device (its RSA key fingerprint); if no prompt shows, revoke USB debugging authorizations in Developer options and reconnect"
	case state == "offline":
		return "run `adb reconnect offline`; if it stays offline, restart the emulator or unplug and replug the device"
	case state == "authorizing", state == "connecting":
		return "wait a few seconds and try again"
	case strings.HasPrefix(state, "no permissions"), strings.HasPrefix(state, "insufficient permissions"):
		return "your user may not open the USB device: add a udev rule for it or join the plugdev group (https://developer.android.com/studio/run/device), then replug it"
	case state == "bootloader", state == "recovery", state == "rescue", state == "sideload", state == "fastbootd":
		return "the device is in " + state + " mode; boot it into Android first"
	case state == "host":
		return "this is an adb host, not a device"
	}
	return "adb cannot run commands on it in this state"
}

// ListDevicesCmd is the command that lists devices. It carries no -s: it
// asks the adb server about all of them.
func ListDevicesCmd(timeout time.Duration) trigger.Cmd {
	return trigger.Cmd{Name: "adb", Args: []string{"devices", "-l"}, Timeout: timeout}
}

// ListDevices runs `adb devices -l` and parses it.
func ListDevices(ctx context.Context, r trigger.Runner, timeout time.Duration) ([]Device, error) {
	c := ListDevicesCmd(timeout)
	res, err := runADB(ctx, r, c, "")
	if err != nil {
		return nil, err
	}
	if res.ExitCode != 0 {
		return nil, newADBError(c, res, "Is the adb server healthy? Try: adb kill-server && adb start-server")
	}
	return ParseDevices(res.Stdout)
}

// Listing is adb's device list as `bgkit devices` shows it.
type Listing struct {
	Devices []Device // never nil
	Missing bool     // adb is not installed
	Err     error    // why adb could not list the devices; nil when Missing
}

// List lists the devices adb sees; adb missing is not an error here.
func List(ctx context.Context, r trigger.Runner, timeout time.Duration) Listing {
	devices, err := ListDevices(ctx, r, timeout)
	var missing *ADBMissingError
	l := Listing{Devices: devices, Missing: errors.As(err, &missing), Err: err}
	if l.Missing {
		l.Err = nil
	}
	if l.Devices == nil {
		l.Devices = []Device{}
	}
	return l
}

// Notes say what the listing lacks, and what to do about it: adb, or
// devices ready to run commands.
func (l Listing) Notes() []string {
	var notes []string
	if l.Missing {
		notes = append(notes, "note: adb not found, so no Android device is listed. "+ADBInstallHint)
	}
	for _, d := range l.Devices {
		if !d.Ready() {
			notes = append(notes, fmt.Sprintf("%s: %s\n  %s", d.Serial, d.State, d.Hint()))
		}
	}
	return notes
}

// ADBParseError means `adb devices` printed something bgkit cannot read.
type ADBParseError struct{ Output string }

func (e *ADBParseError) Error() string {
	out := strings.TrimSpace(e.Output)
	if len(out) > 400 {
		out = out[:400] + "..."
	}
	return "could not read the output of adb devices -l (expected \"List of devices attached\"):\n  " + strings.ReplaceAll(out, "\n", "\n  ")
}

// adbDeviceKeys are the key:value fields adb appends to a long-form row.
var adbDeviceKeys = map[string]bool{"usb": true, "product": true, "model": true, "device": true, "transport_id": true}

// ParseDevices reads `adb devices` or `adb devices -l`. A row is the
// serial, then the state, then key:value fields. The state may contain
// spaces ("no permissions (user x is not in the plugdev group); see [...]"),
// so the fields are taken from the right, as adb's own source suggests.
func ParseDevices(out []byte) ([]Device, error) {
	lines := strings.Split(strings.ReplaceAll(string(out), "\r\n", "\n"), "\n")
	header := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == "List of devices attached" {
			header = i
			break
		}
	}
	if header < 0 {
		return nil, &ADBParseError{Output: string(out)}
	}
	devices := []Device{}
	for _, l := range lines[header+1:] {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "* ") || strings.HasPrefix(l, "adb server") {
			continue
		}
		d, ok := parseADBDeviceRow(l)
		if ok {
			devices = append(devices, d)
		}
	}
	return devices, nil
}

func parseADBDeviceRow(l string) (Device, bool) {
	i := strings.IndexAny(l, " \t")
	if i < 0 {
		return Device{}, false
	}
	d := Device{Serial: l[:i]}
	fields := strings.Fields(l[i:])
	end := len(fields)
	for end > 0 {
		k, v, ok := strings.Cut(fields[end-1], ":")
		if !ok || !adbDeviceKeys[k] {
			break
		}
		switch k {
		case "usb":
			d.USB = v
		case "product":
			d.Product = v
		case "model":
			d.Model = v
		case "device":
			d.Device = v
		case "transport_id":
			d.TransportID = v
		}
		end--
	}
	d.State = strings.Join(fields[:end], " ")
	if d.State == "" {
		return Device{}, false
	}
	d.Emulator = strings.HasPrefix(d.Serial, "emulator-")
	return d, true
}

// NoDeviceError means adb sees no device bgkit can use.
type NoDeviceError struct {
	NotReady []Device // devices adb lists that cannot run commands
}

func (e *NoDeviceError) Error() string {
	if len(e.NotReady) == 0 {
		return "no Android device or emulator is connected.\n" + EmulatorHint
	}
	var b strings.Builder
	b.WriteString("no Android device is ready:")
	for _, d := range e.NotReady {
		fmt.Fprintf(&b, "\n  %s\n    %s", d, d.Hint())
	}
	return b.String()
}

// SeveralDevicesError means several devices are ready and none was chosen.
type SeveralDevicesError struct{ Devices []Device }

func (e *SeveralDevicesError) Error() string {
	var b strings.Builder
	b.WriteString("several Android devices are connected; choose one with --serial SERIAL (or set ANDROID_SERIAL):")
	for _, d := range e.Devices {
		b.WriteString("\n  " + d.String())
	}
	return b.String()
}

// DeviceNotFoundError means the chosen serial is not connected.
type DeviceNotFoundError struct {
	Serial    string
	Connected []Device
	// Listed is set when Connected is adb's device list; otherwise adb
	// itself said the device was gone in the middle of the work.
	Listed bool
}

func (e *DeviceNotFoundError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "device %q not found", e.Serial)
	if !e.Listed {
		b.WriteString(": it disconnected, or the emulator stopped. List what is connected with: bgkit devices")
		return b.String()
	}
	if len(e.Connected) == 0 {
		b.WriteString("; no Android device or emulator is connected.\n" + EmulatorHint)
		return b.String()
	}
	b.WriteString("; connected devices:")
	for _, d := range e.Connected {
		b.WriteString("\n  " + d.String())
	}
	return b.String()
}

// DeviceStateError means the device is connected but adb cannot use it.
type DeviceStateError struct{ Device Device }

func (e *DeviceStateError) Error() string {
	return fmt.Sprintf("device %s cannot be used (%s): %s", e.Device.Serial, e.Device.State, e.Device.Hint())
}

// SelectDevice picks the device to act on: the one named by want
// (--serial or ANDROID_SERIAL), else the only ready device.
func SelectDevice(devices []Device, want string) (Device, error) {
	if want != "" {
		for _, d := range devices {
			if d.Serial == want {
				if !d.Ready() {
					return d, &DeviceStateError{Device: d}
				}
				return d, nil
			}
		}
		return Device{}, &DeviceNotFoundError{Serial: want, Connected: devices, Listed: true}
	}
	var ready, notReady []Device
	for _, d := range devices {
		if d.Ready() {
			ready = append(ready, d)
		} else {
			notReady = append(notReady, d)
		}
	}
	switch len(ready) {
	case 0:
		if len(notReady) == 1 {
			return notReady[0], &DeviceStateError{Device: notReady[0]}
		}
		return Device{}, &NoDeviceError{NotReady: notReady}
	case 1:
		return ready[0], nil
	}
	return Device{}, &SeveralDevicesError{Devices: ready}
}
