package ios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/trigger"
)

func readIOSFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "ios", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseSimulators(t *testing.T) {
	tests := []struct {
		file string
		want []Simulator
	}{
		{"list-new.json", []Simulator{
			{UDID: "0BADF00D-5555-4666-8777-888899990000", Name: "iPhone 13", State: "Shutdown", Runtime: "iOS 15.5", RuntimeID: "com.apple.CoreSimulator.SimRuntime.iOS-15-5", Platform: "iOS", Available: false, AvailabilityError: `runtime profile not found using "System" match policy`},
			{UDID: "C0FFEE00-1234-4ABC-8DEF-00000000AAAA", Name: "iPad Air (5th generation)", State: "Shutdown", Runtime: "iOS 17.0", RuntimeID: "com.apple.CoreSimulator.SimRuntime.iOS-17-0", Platform: "iOS", Available: true},
			{UDID: "3F2504E0-4F89-41D3-9A0C-0305E82C3301", Name: "iPhone 15", State: "Booted", Runtime: "iOS 17.0", RuntimeID: "com.apple.CoreSimulator.SimRuntime.iOS-17-0", Platform: "iOS", Available: true},
			{UDID: "7A0C2B51-11D4-4E8F-9C3A-5B6D7E8F9012", Name: "Apple Watch Series 9 (45mm)", State: "Booted", Runtime: "watchOS 10.0", RuntimeID: "com.apple.CoreSimulator.SimRuntime.watchOS-10-0", Platform: "watchOS", Available: true},
		}},
		{"list-old.json", []Simulator{
			{UDID: "DEADBEEF-9999-4AAA-8BBB-CCCCDDDDEEEE", Name: "iPhone 6s", State: "Shutdown", Runtime: "iOS 9.3", RuntimeID: "iOS 9.3", Platform: "iOS", Available: false},
			{UDID: "A1B2C3D4-0000-4111-8222-666677778888", Name: "iPhone 8", State: "Shutdown", Runtime: "iOS 12.1", RuntimeID: "iOS 12.1", Platform: "iOS", Available: true},
			{UDID: "A1B2C3D4-0000-4111-8222-333344445555", Name: "iPhone XR", State: "Booted", Runtime: "iOS 12.1", RuntimeID: "iOS 12.1", Platform: "iOS", Available: true},
			{UDID: "FEEDFACE-2222-4333-8444-555566667777", Name: "Apple TV", State: "Shutdown", Runtime: "tvOS 12.0", RuntimeID: "com.apple.CoreSimulator.SimRuntime.tvOS-12-0", Platform: "tvOS", Available: false, AvailabilityError: "runtime profile not found"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseSimulators(readIOSFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d simulators, want %d:\n%+v", len(got), len(tt.want), got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("simulator %d:\n got %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParseSimulatorsNoise(t *testing.T) {
	clean, err := ParseSimulators(readIOSFixture(t, "list-new.json"))
	if err != nil {
		t.Fatal(err)
	}
	noisy, err := ParseSimulators(readIOSFixture(t, "list-noise.txt"))
	if err != nil {
		t.Fatalf("noise before the JSON: %v", err)
	}
	if len(noisy) != len(clean) {
		t.Fatalf("noise changed the result: %d vs %d devices", len(noisy), len(clean))
	}
	trailing := append(readIOSFixture(t, "list-new.json"), "\nSome notice after the JSON {\n"...)
	if _, err := ParseSimulators(trailing); err != nil {
		t.Fatalf("noise after the JSON: %v", err)
	}
}

func TestParseSimulatorsErrors(t *testing.T) {
	for name, in := range map[string]string{
		"empty":      "",
		"not json":   "xcrun: error: unable to find utility \"simctl\"",
		"truncated":  `{"devices" : {"iOS 12.1" : [`,
		"no devices": `{"runtimes": []}`,
		"wrong type": `{"devices": {"iOS 12.1": "nope"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseSimulators([]byte(in))
			var pe *SimctlParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want SimctlParseError", err)
			}
		})
	}
}

func TestSimctlRuntimeName(t *testing.T) {
	for key, want := range map[string]string{
		"com.apple.CoreSimulator.SimRuntime.iOS-17-0":    "iOS 17.0",
		"com.apple.CoreSimulator.SimRuntime.iOS-16-4":    "iOS 16.4",
		"com.apple.CoreSimulator.SimRuntime.watchOS-7-4": "watchOS 7.4",
		"com.apple.CoreSimulator.SimRuntime.xrOS-1-0":    "xrOS 1.0",
		"iOS 12.1":  "iOS 12.1",
		"tvOS 12.1": "tvOS 12.1",
	} {
		p, v := simctlRuntimeName(key)
		if got := p + " " + v; got != want {
			t.Errorf("simctlRuntimeName(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestSelectSimulator(t *testing.T) {
	newList, _ := ParseSimulators(readIOSFixture(t, "list-new.json"))
	two, _ := ParseSimulators(readIOSFixture(t, "list-two-booted.json"))
	none, _ := ParseSimulators(readIOSFixture(t, "list-none-booted.json"))
	tests := []struct {
		name     string
		sims     []Simulator
		want     string
		wantUDID string
		wantErr  any
		errText  string
	}{
		// The booted watch is not an iOS simulator, so it does not make
		// the choice ambiguous.
		{name: "only booted iOS", sims: newList, wantUDID: "3F2504E0-4F89-41D3-9A0C-0305E82C3301"},
		{name: "by udid", sims: newList, want: "3F2504E0-4F89-41D3-9A0C-0305E82C3301", wantUDID: "3F2504E0-4F89-41D3-9A0C-0305E82C3301"},
		{name: "by lower-case udid", sims: newList, want: "3f2504e0-4f89-41d3-9a0c-0305e82c3301", wantUDID: "3F2504E0-4F89-41D3-9A0C-0305E82C3301"},
		{name: "by name", sims: newList, want: "iPhone 15", wantUDID: "3F2504E0-4F89-41D3-9A0C-0305E82C3301"},
		{name: "watch by udid", sims: newList, want: "7A0C2B51-11D4-4E8F-9C3A-5B6D7E8F9012", wantUDID: "7A0C2B51-11D4-4E8F-9C3A-5B6D7E8F9012"},
		{name: "several booted", sims: two, wantErr: new(*SeveralSimulatorsError), errText: "22222222-AAAA-4BBB-8CCC-DDDDEEEEFFFF"},
		// Two devices are named iPhone 15 but only one is booted.
		{name: "name shared, one booted", sims: two, want: "iPhone 15", wantUDID: "11111111-AAAA-4BBB-8CCC-DDDDEEEEFFFF"},
		{name: "none booted", sims: none, wantErr: new(*NoBootedSimulatorError), errText: `xcrun simctl boot "iPhone 15"`},
		{name: "empty list", sims: nil, wantErr: new(*NoBootedSimulatorError), errText: "open -a Simulator"},
		{name: "named but shut down", sims: newList, want: "iPad Air (5th generation)", wantErr: new(*SimulatorNotBootedError), errText: "xcrun simctl boot C0FFEE00-1234-4ABC-8DEF-00000000AAAA"},
		{name: "unavailable", sims: newList, want: "0BADF00D-5555-4666-8777-888899990000", wantErr: new(*SimulatorNotBootedError), errText: "runtime profile not found"},
		{name: "unknown", sims: newList, want: "iPhone 99", wantErr: new(*SimulatorNotFoundError), errText: "iPhone 15, iOS 17.0 (3F2504E0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SelectSimulator(tt.sims, tt.want)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				if got.UDID != tt.wantUDID {
					t.Fatalf("got %s, want %s", got.UDID, tt.wantUDID)
				}
				return
			}
			if err == nil {
				t.Fatalf("got %v, want an error", got)
			}
			if !errors.As(err, tt.wantErr) {
				t.Fatalf("err = %T %v, want %T", err, err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.errText) {
				t.Fatalf("error %q does not mention %q", err, tt.errText)
			}
		})
	}
}

func TestParseSimctlError(t *testing.T) {
	tests := []struct {
		file, msg, domain, hint string
		code                    int
		notReady                bool
	}{
		{"push-shutdown.txt", "Unable to lookup in current state: Shutdown", "com.apple.CoreSimulator.SimError", "shut down", 405, true},
		{"push-no-devices.txt", "No devices are booted.", "", "No simulator is booted", 0, true},
		{"push-invalid-device.txt", "Invalid device: 3F2504E0-4F89-41D3-9A0C-0305E82C3301", "", "bgkit devices", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c := PushCmd("U", "com.example.app", nil)
			e := parseSimctlError(c, trigger.Result{Stderr: readIOSFixture(t, tt.file), ExitCode: 149})
			if e.Message != tt.msg || e.Domain != tt.domain || e.Code != tt.code || e.NotReady != tt.notReady {
				t.Fatalf("got %+v", e)
			}
			if !strings.Contains(e.Error(), tt.hint) || !strings.Contains(e.Error(), "xcrun simctl push U com.example.app -") {
				t.Fatalf("error %q lacks the command or %q", e.Error(), tt.hint)
			}
		})
	}
}

func TestXcodeMissing(t *testing.T) {
	res := trigger.Result{ExitCode: 72, Stderr: []byte("xcrun: error: unable to find utility \"simctl\", not a developer tool or in PATH\n")}
	err := xcodeMissing(res)
	var xe *XcodeRequiredError
	if !errors.As(err, &xe) || xe.Tool != "simctl" {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "xcode-select --install) are not enough") {
		t.Fatalf("message does not explain the Command Line Tools: %s", err)
	}
	if xcodeMissing(trigger.Result{ExitCode: 1, Stderr: []byte("No devices are booted.")}) != nil {
		t.Fatal("a simctl error was taken for a missing Xcode")
	}
}

func FuzzParseSimulators(f *testing.F) {
	for _, name := range []string{"list-new.json", "list-old.json", "list-noise.txt", "list-two-booted.json"} {
		f.Add(readIOSFixture(f, name))
	}
	f.Add([]byte(`{"devices":{"":[{"udid":"x"}]}}`))
	f.Add([]byte(`{"devices":{"com.apple.CoreSimulator.SimRuntime.":[{"udid":"x","isAvailable":null}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		sims, err := ParseSimulators(b)
		if err != nil {
			return
		}
		for _, s := range sims {
			if s.UDID == "" {
				t.Fatalf("a simulator without a UDID: %+v", s)
			}
		}
		SelectSimulator(sims, "")
		SelectSimulator(sims, "iPhone 15")
	})
}

func FuzzParseSimctlError(f *testing.F) {
	for _, name := range []string{"push-shutdown.txt", "push-no-devices.txt", "push-invalid-device.txt"} {
		f.Add(readIOSFixture(f, name))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		e := parseSimctlError(trigger.Cmd{Name: "xcrun"}, trigger.Result{Stdout: b, ExitCode: 1})
		_ = e.Error()
	})
}

// Every iOS trigger parses the whole simulator list first; a Mac with many
// runtimes prints hundreds of devices.
func BenchmarkParseSimulators(b *testing.B) {
	in := readIOSFixture(b, "list-new.json")
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ParseSimulators(in); err != nil {
			b.Fatal(err)
		}
	}
}

// The boot hint is a command to paste: a UDID from simctl is quoted.
func TestNotBootedHintQuotesTheUDID(t *testing.T) {
	err := &SimulatorNotBootedError{Sims: []Simulator{{Name: "x", UDID: "ABC; rm -rf ~", State: "Shutdown", Available: true}}}
	if !strings.Contains(err.Error(), "xcrun simctl boot 'ABC; rm -rf ~'\n") {
		t.Fatalf("hint: %s", err)
	}
}
