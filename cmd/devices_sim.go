package cmd

import "context"

// simulatorRow is one booted iOS simulator for `bgkit devices`.
type simulatorRow struct {
	UDID    string `json:"udid"`
	Name    string `json:"name"`
	State   string `json:"state"`
	Runtime string `json:"runtime"`
}

// listSimulatorsForDevices lists booted simulators for `bgkit devices`.
// CONTRACT: returns (nil, nil) where xcrun is not installed (not macOS).
// Placeholder until the iOS trigger work lands.
func listSimulatorsForDevices(ctx context.Context, f *Factory) ([]simulatorRow, error) {
	return nil, nil
}
