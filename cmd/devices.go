package cmd

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/android"
	"github.com/bgkit/bgkit/trigger/ios"
)

type devicesOptions struct {
	f       *cmdutil.Factory
	JSON    bool
	Verbose bool
	Timeout time.Duration
}

func newDevicesCmd(f *cmdutil.Factory) *cobra.Command {
	o := &devicesOptions{f: f}
	c := &cobra.Command{
		Use:   "devices",
		Short: "List Android devices and emulators (adb) and booted iOS simulators",
		Long: `List the Android devices and emulators adb sees (adb devices -l: serial, state,
model, product, transport id) and the booted iOS simulators (xcrun simctl).
Devices adb cannot use (unauthorized, offline, no permissions) are listed with
what to do about them.

"bgkit trigger android --serial SERIAL" and "bgkit trigger ios --device UDID"
choose among them. Having only adb or only xcrun is fine, and so is one of
them failing (a warning on stderr says why); having neither, or both failing,
is an error (exit 2).

adb is the one on PATH, else the Android SDK's ($ANDROID_HOME or
$ANDROID_SDK_ROOT platform-tools, or the SDK's default folder); bgkit says so
on stderr when it is not the one on PATH, and -v says it always.`,
		Example: `  bgkit devices
  bgkit devices --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDevices(cmd.Context(), o)
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "print the devices as JSON")
	c.Flags().BoolVarP(&o.Verbose, "verbose", "v", false, "say which adb runs (it is said anyway when it is not the one on PATH)")
	c.Flags().DurationVar(&o.Timeout, "timeout", trigger.DefaultTimeout, "bound every adb and xcrun call to this `DURATION`")
	return c
}

// devicesReport is `bgkit devices --json`.
type devicesReport struct {
	Android []android.Device      `json:"android"`
	IOS     []ios.BootedSimulator `json:"ios"`
}

func runDevices(ctx context.Context, o *devicesOptions) error {
	if o.Timeout <= 0 {
		return cmdutil.UsageErrorf("--timeout must be positive, such as 30s")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, 2*o.Timeout+5*time.Second)
	defer cancel()

	sayWhichADB(o.f, o.Verbose)
	adb := android.List(ctx, o.f.CmdRunner(), o.Timeout)
	sims, xcode, simErr := ios.Booted(ctx, o.f.CmdRunner(), o.Timeout)
	// One platform failing does not hide the other's devices: what could be
	// listed is listed, the failure is said on stderr, and only when
	// nothing could be listed at all is it an error.
	switch {
	case adb.Err != nil && (simErr != nil || !xcode):
		return adb.Err
	case simErr != nil && adb.Missing:
		return simErr
	case adb.Err != nil:
		fmt.Fprintf(o.f.IO.ErrOut, "warning: could not list Android devices: %s\n", safetext.EscapeLines(adb.Err.Error()))
	case simErr != nil:
		fmt.Fprintf(o.f.IO.ErrOut, "warning: could not list iOS simulators: %s\n", safetext.EscapeLines(simErr.Error()))
	}
	if adb.Missing && !xcode {
		return fmt.Errorf("neither adb nor xcrun is installed, so bgkit can list no device.\n%s\nFor iOS simulators: macOS with Xcode (xcode-select --install is not enough: install Xcode from the App Store)", android.ADBInstallHint)
	}
	if sims == nil {
		sims = []ios.BootedSimulator{}
	}

	if o.JSON {
		if err := cmdutil.WriteJSON(o.f, devicesReport{Android: adb.Devices, IOS: sims}); err != nil {
			return err
		}
	} else {
		printDevices(o.f, adb.Devices, sims)
	}
	// Serials, states and names come from the devices: escaped on the way out.
	errOut := &safetext.Writer{W: o.f.IO.ErrOut}
	for _, n := range adb.Notes() {
		fmt.Fprintln(errOut, n)
	}
	if len(adb.Devices) == 0 && len(sims) == 0 {
		fmt.Fprintln(errOut, "No Android device or emulator, and no booted iOS simulator.")
		if !adb.Missing {
			fmt.Fprintln(errOut, android.EmulatorHint)
		}
	}
	return nil
}

func printDevices(f *cmdutil.Factory, adbDevices []android.Device, sims []ios.BootedSimulator) {
	out := &safetext.Writer{W: f.IO.Out} // names and states come from the devices
	if len(adbDevices) > 0 {
		android.WriteDevicesTable(out, adbDevices)
	}
	if len(sims) > 0 {
		if len(adbDevices) > 0 {
			fmt.Fprintln(out)
		}
		ios.WriteSimulatorsTable(out, sims)
	}
}
