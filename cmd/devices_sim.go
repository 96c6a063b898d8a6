package cmd

import (
	"context"
	"errors"

	"github.com/bgkit/bgkit/trigger"
)

// simulatorRow is one booted iOS simulator for `bgkit devices`.
type simulatorRow struct {
	UDID    string `json:"udid"`
	Name    string `json:"name"`
	State   string `json:"state"`
	Runtime string `json:"runtime"`
}

// listSimulatorsForDevices lists booted simulators for `bgkit devices`.
// CONTRACT: returns (nil, nil) where xcrun is not installed (not macOS),
// and where Xcode is not (the Command Line Tools have no simctl): a Mac
// used only for Android work must still list its Android devices.
func listSimulatorsForDevices(ctx context.Context, f *Factory) ([]simulatorRow, error) {
	sims, err := (&trigger.IOS{Runner: f.runner()}).Simulators(ctx)
	var xe *trigger.XcodeRequiredError
	if errors.As(err, &xe) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var rows []simulatorRow
	for _, s := range sims {
		if s.Booted() {
			rows = append(rows, simulatorRow{UDID: s.UDID, Name: s.Name, State: s.State, Runtime: s.Runtime})
		}
	}
	return rows, nil
}
