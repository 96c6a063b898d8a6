package ios

import (
	"context"
	"errors"
	"fmt"
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
