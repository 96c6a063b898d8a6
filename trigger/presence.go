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

// AndroidAbsent says why bgkit cannot trigger on an Android device here,
// or "" when one is connected. timeout 0 is DefaultTimeout.
func AndroidAbsent(ctx context.Context, r Runner, timeout time.Duration) string {
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	devices, err := ListAndroidDevices(ctx, r, timeout)
	var missing *ADBMissingError
	switch {
	case errors.As(err, &missing):
		return "adb is not installed (Android SDK Platform-Tools; bgkit devices says how to install it)"
	case err != nil:
		return fmt.Sprintf("could not list Android devices (%v)", err)
	case len(devices) == 0:
		return "no Android device or emulator is connected (emulator -avd NAME, or plug in a device with USB debugging on)"
	}
	// A device in another state is present too: the Android command
	// explains what to do about it.
	return ""
}
