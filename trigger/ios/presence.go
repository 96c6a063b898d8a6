package ios

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/bgkit/bgkit/trigger"
)

// Absent says why bgkit cannot trigger on an iOS simulator here, or ""
// when one is booted. timeout 0 is the Xcrun default.
func Absent(ctx context.Context, r trigger.Runner, timeout time.Duration) string {
	sims, err := (&Xcrun{Runner: r, Timeout: timeout}).Simulators(ctx)
	var xe *XcodeRequiredError
	switch {
	case errors.As(err, &xe):
		return "iOS simulators need macOS with Xcode (xcrun simctl is not available here)"
	case err != nil:
		return fmt.Sprintf("could not list iOS simulators (%v)", err)
	}
	_, err = SelectSimulator(sims, "")
	var several *SeveralSimulatorsError
	if err == nil || errors.As(err, &several) {
		return ""
	}
	return "no iOS simulator is booted (xcrun simctl boot \"iPhone 15\", or open -a Simulator)"
}

// BootedSimulator is a simulator as `bgkit devices` lists it.
type BootedSimulator struct {
	UDID    string `json:"udid"`
	Name    string `json:"name"`
	State   string `json:"state"`
	Runtime string `json:"runtime"`
}

// Booted lists the booted simulators for `bgkit devices`. xcode is false
// where xcrun or simctl is missing (not macOS, or only the Command Line
// Tools): not an error, since a Mac used only for Android work must still
// list its Android devices. timeout 0 is the Xcrun default.
func Booted(ctx context.Context, r trigger.Runner, timeout time.Duration) (booted []BootedSimulator, xcode bool, err error) {
	sims, err := (&Xcrun{Runner: r, Timeout: timeout}).Simulators(ctx)
	var xe *XcodeRequiredError
	if errors.As(err, &xe) {
		return nil, false, nil
	}
	if err != nil {
		return nil, true, err
	}
	for _, s := range sims {
		if s.Booted() {
			booted = append(booted, BootedSimulator{UDID: s.UDID, Name: s.Name, State: s.State, Runtime: s.Runtime})
		}
	}
	return booted, true, nil
}

// WriteSimulatorsTable writes the booted simulators as `bgkit devices`
// shows them, one a row under a header.
func WriteSimulatorsTable(w io.Writer, sims []BootedSimulator) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "IOS SIMULATOR\tSTATE\tNAME\tRUNTIME")
	for _, s := range sims {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.UDID, s.State, s.Name, trigger.OrDash(s.Runtime))
	}
	return tw.Flush()
}
