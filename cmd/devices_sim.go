package cmd

import (
	"context"
	"errors"
	"time"

	"github.com/bgkit/bgkit/trigger/ios"
)

// simulatorRow is one booted iOS simulator for `bgkit devices`.
type simulatorRow struct {
	UDID    string `json:"udid"`
	Name    string `json:"name"`
	State   string `json:"state"`
	Runtime string `json:"runtime"`
}

// listSimulatorsForDevices lists booted simulators for `bgkit devices`.
// xcode is false where xcrun or simctl is missing (not macOS, or only the
// Command Line Tools): not an error, since a Mac used only for Android work
// must still list its Android devices.
func listSimulatorsForDevices(ctx context.Context, f *Factory, timeout time.Duration) (rows []simulatorRow, xcode bool, err error) {
	sims, err := (&ios.Xcrun{Runner: f.runner(), Timeout: timeout}).Simulators(ctx)
	var xe *ios.XcodeRequiredError
	if errors.As(err, &xe) {
		return nil, false, nil
	}
	if err != nil {
		return nil, true, err
	}
	for _, s := range sims {
		if s.Booted() {
			rows = append(rows, simulatorRow{UDID: s.UDID, Name: s.Name, State: s.State, Runtime: s.Runtime})
		}
	}
	return rows, true, nil
}
