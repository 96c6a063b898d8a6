package android

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bgkit/bgkit/trigger"
)

// Absent says why bgkit cannot trigger on an Android device here,
// or "" when one is connected. timeout 0 is trigger.DefaultTimeout.
func Absent(ctx context.Context, r trigger.Runner, timeout time.Duration) string {
	if timeout == 0 {
		timeout = trigger.DefaultTimeout
	}
	devices, err := ListDevices(ctx, r, timeout)
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
