package cmd

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/trigger/android"
)

type androidBootOptions struct {
	*androidOptions
	watch androidWatch
	Root  bool
}

func newAndroidBootCmd(o *androidOptions) *cobra.Command {
	opts := &androidBootOptions{androidOptions: o}
	c := &cobra.Command{
		Use:   "boot",
		Short: "Send BOOT_COMPLETED to the app, as after a reboot",
		Long: `Send android.intent.action.BOOT_COMPLETED to the app only
(adb shell am broadcast -a android.intent.action.BOOT_COMPLETED -p PKG), so its
boot receivers run as after a reboot: libraries reschedule their work there.

BOOT_COMPLETED is a protected broadcast: the shell may not send it on current
Android without root. --root runs "adb root" first, which emulator images
without Google Play ("Google APIs" and AOSP images) allow; Play Store images and
phones do not. There, "adb reboot" is the real test.`,
		Example: `  bgkit trigger android boot --root
  bgkit trigger android boot --root --watch=1m`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAndroidBoot(cmd.Context(), opts)
		},
	}
	opts.watch.register(c)
	c.Flags().BoolVar(&opts.Root, "root", false, "run `adb root` (and wait for the device) first")
	return c
}

func runAndroidBoot(ctx context.Context, o *androidBootOptions) error {
	if err := o.watch.check(nil); err != nil {
		return err
	}
	pkg, s, err := o.appOnDevice(ctx, o.watch.Duration)
	if err != nil {
		return err
	}
	b, err := s.Boot(ctx, pkg, o.Root)
	if err == nil && s.DryRun {
		err = o.watchApp(ctx, s, pkg, b.Since)
	}
	if err != nil || s.DryRun {
		return o.done(err)
	}
	fmt.Fprintf(o.f.IO.Out, "sent BOOT_COMPLETED to %s on %s (result=%d)\n", pkg, s.ADB.Serial, b.Result)
	if s.Watch > 0 {
		return o.watchApp(ctx, s, pkg, b.Since)
	}
	fmt.Fprintln(o.f.IO.ErrOut, "am broadcast succeeds even when no receiver runs; check the app's log (--watch) to see what it did")
	return nil
}

func newAndroidDozeCmd(o *androidOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "doze on|off|step",
		Short: "Force the device into Doze (deep idle), out of it, or one step on",
		Long: `Force Doze, to see how background work behaves in it:

  on    unplug the battery (dumpsys battery unplug) and force deep idle
        (dumpsys deviceidle force-idle)
  off   leave forced idle (dumpsys deviceidle unforce) and give the battery
        back (dumpsys battery reset)
  step  unplug the battery and move deep idle one state on (dumpsys deviceidle step)

Doze is device-wide state: always finish with "doze off". Forced jobs do not
run while the device dozes.`,
		Example: `  bgkit trigger android doze on
  bgkit trigger android job --watch
  bgkit trigger android doze off`,
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"on", "off", "step"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAndroidDoze(cmd.Context(), o, args[0])
		},
	}
	return c
}

func runAndroidDoze(ctx context.Context, o *androidOptions, action string) error {
	if err := android.ValidateDozeAction(action); err != nil {
		return usageIfInvalid(err)
	}
	s, err := o.device(ctx)
	if err != nil {
		return err
	}
	r, err := s.Doze(ctx, action)
	if err != nil || s.DryRun {
		return o.done(err)
	}
	fmt.Fprintln(o.f.IO.Out, r.Text())
	if h := r.Hint(); h != "" {
		fmt.Fprintln(o.f.IO.ErrOut, h)
	}
	return nil
}

type androidStandbyOptions struct {
	*androidOptions
	JSON bool
}

func newAndroidStandbyCmd(o *androidOptions) *cobra.Command {
	opts := &androidStandbyOptions{androidOptions: o}
	c := &cobra.Command{
		Use:   "standby [BUCKET]",
		Short: "Show or set the app's App Standby bucket",
		Long: `Show the app's App Standby bucket (adb shell am get-standby-bucket PKG), or
set it (adb shell am set-standby-bucket PKG BUCKET) and show the result.

The bucket limits how often the app's jobs may run: active, working_set,
frequent, rare, restricted (Android 11+). Put it back with "standby active".`,
		Example: `  bgkit trigger android standby
  bgkit trigger android standby rare
  bgkit trigger android standby --json`,
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: android.StandbyBuckets,
		RunE: func(cmd *cobra.Command, args []string) error {
			bucket := ""
			if len(args) == 1 {
				bucket = args[0]
			}
			return runAndroidStandby(cmd.Context(), opts, bucket)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print the bucket as JSON")
	return c
}

func runAndroidStandby(ctx context.Context, o *androidStandbyOptions, bucket string) error {
	if bucket != "" {
		if err := android.CheckStandbyBucket(bucket); err != nil {
			return usageIfInvalid(err)
		}
	}
	pkg, s, err := o.appOnDevice(ctx, 0)
	if err != nil {
		return err
	}
	r, err := s.Standby(ctx, pkg, bucket)
	if err != nil || s.DryRun {
		return o.done(err)
	}
	if o.JSON {
		return cmdutil.WriteJSON(o.f, r)
	}
	fmt.Fprintf(o.f.IO.Out, "%s: %s (%d)\n", pkg, r.Name, r.Value)
	for _, n := range r.Notes() {
		fmt.Fprintln(o.f.IO.ErrOut, n)
	}
	return nil
}

func newAndroidBackgroundCmd(o *androidOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "background",
		Short: "Press HOME, so the app is in the background",
		Long: `Press the HOME key (adb shell input keyevent KEYCODE_HOME), so the app goes
to the background, where its background work is meant to run: some libraries
skip work while the app is in the foreground.`,
		Example: `  bgkit trigger android background && bgkit trigger android job --watch`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAndroidBackground(cmd.Context(), o)
		},
	}
}

func runAndroidBackground(ctx context.Context, o *androidOptions) error {
	s, err := o.device(ctx)
	if err != nil {
		return err
	}
	if err := s.ADB.Background(ctx); err != nil || s.DryRun {
		return o.done(err)
	}
	fmt.Fprintf(o.f.IO.Out, "pressed HOME on %s\n", s.ADB.Serial)
	return nil
}

type androidDiagnosticsOptions struct {
	*androidOptions
	JSON bool
	Wait time.Duration
}

func newAndroidDiagnosticsCmd(o *androidOptions) *cobra.Command {
	opts := &androidDiagnosticsOptions{androidOptions: o}
	c := &cobra.Command{
		Use:   "diagnostics",
		Short: "Ask the app's WorkManager what work it holds (ids, classes, job ids, states)",
		Long: `Ask the app's WorkManager (2.4+) for its diagnostics report: bgkit sends the
androidx.work.diagnostics.REQUEST_DIAGNOSTICS broadcast to the app, waits for
the report in the log (adb logcat -d -s WM-DiagnosticsWrkr:V), and prints its
rows: recently completed, running and enqueued work, each with its work id,
worker class, JobScheduler job id, state, unique names and tags.

The job id is what "bgkit trigger android job ID" runs.`,
		Example: `  bgkit trigger android diagnostics
  bgkit trigger android diagnostics --json --wait 20s`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAndroidDiagnostics(cmd.Context(), opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print the work as JSON")
	c.Flags().DurationVar(&opts.Wait, "wait", 10*time.Second, "wait up to `DURATION` for WorkManager's report")
	return c
}

func runAndroidDiagnostics(ctx context.Context, o *androidDiagnosticsOptions) error {
	if o.Wait <= 0 {
		return cmdutil.UsageErrorf("--wait must be positive, such as 10s")
	}
	pkg, s, err := o.appOnDevice(ctx, 0)
	if err != nil {
		return err
	}
	rows, err := s.Diagnostics(ctx, pkg, o.Wait)
	if err != nil || s.DryRun {
		return o.done(err)
	}
	if o.JSON {
		return cmdutil.WriteJSON(o.f, struct {
			Serial  string             `json:"serial"`
			Package string             `json:"package"`
			Work    []android.WorkInfo `json:"work"`
		}{s.ADB.Serial, pkg, rows})
	}
	return android.WriteWorkTable(o.f.IO.Out, rows)
}
