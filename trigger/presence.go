package trigger

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// IOSAbsent says why bgkit cannot trigger on an iOS simulator here, or ""
// when one is booted. timeout 0 is the IOS default.
func IOSAbsent(ctx context.Context, r Runner, timeout time.Duration) string {
	sims, err := (&IOS{Runner: r, Timeout: timeout}).Simulators(ctx)
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
