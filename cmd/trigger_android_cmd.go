package cmd

import (
	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/trigger"
)

func newTriggerAndroidCmd(f *cmdutil.Factory) *cobra.Command {
	o := &androidOptions{f: f}
	c := &cobra.Command{
		Use:   "android",
		Short: "Run background work now on an Android emulator or device (adb)",
		Long: `Run background work now on an Android emulator or device, through adb.

The device: --serial, else ANDROID_SERIAL, else the only device connected
(see: bgkit devices). The app: --package, else the applicationId of the
project in the current folder (android/app/build.gradle, app.json's
expo.android.package, or capacitor.config's appId).

Every command takes --dry-run, which prints the exact adb commands and runs
none, and --timeout, which bounds each adb call.

adb is the one on PATH, else the Android SDK's: $ANDROID_HOME/platform-tools,
$ANDROID_SDK_ROOT/platform-tools, or the SDK's default folder
(~/Library/Android/sdk, ~/Android/Sdk, %LOCALAPPDATA%\Android\Sdk); -v says
which one runs.`,
		Example: `  # see the app's scheduled jobs, then force its background task to run and watch its log
  bgkit trigger android jobs
  bgkit trigger android job --watch

  # on a chosen device, for a given app and job
  bgkit trigger android job 999 --serial emulator-5554 --package com.example.app

  # what would run, without running it
  bgkit trigger android boot --dry-run`,
	}
	pf := c.PersistentFlags()
	pf.StringVarP(&o.Serial, "serial", "s", "", "the device's `SERIAL` as `bgkit devices` lists it (default: ANDROID_SERIAL, else the only device)")
	pf.StringVarP(&o.Package, "package", "p", "", "the app's application `ID`, such as com.example.app (default: read from the project)")
	pf.DurationVar(&o.Timeout, "timeout", trigger.DefaultTimeout, "bound every adb call to this `DURATION`")
	pf.BoolVar(&o.DryRun, "dry-run", false, "print the adb commands, shell-quoted, and run none")
	pf.BoolVarP(&o.Verbose, "verbose", "v", false, "say which adb runs (it is said anyway when it is not the one on PATH)")

	c.AddCommand(
		newAndroidJobsCmd(o),
		newAndroidJobCmd(o),
		newAndroidBootCmd(o),
		newAndroidDozeCmd(o),
		newAndroidStandbyCmd(o),
		newAndroidBackgroundCmd(o),
		newAndroidDiagnosticsCmd(o),
	)
	return c
}
