package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/bgkit/bgkit/trigger/android"
	"github.com/spf13/cobra"
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
	pkg, adb, err := o.appOnDevice(ctx)
	if err != nil {
		return err
	}
	if _, err := adb.BootCmd(pkg); err != nil {
		return usageIfInvalid(err)
	}
	aw := o.watch.watcher(o.androidOptions, adb)
	if o.Root {
		if say := o.progress(); say != nil {
			say("restarting adbd as root on " + adb.Serial)
		}
		if err := adb.Root(ctx); err != nil {
			return o.failed(err)
		}
	}
	since := aw.Since(ctx)
	b, err := adb.Boot(ctx, pkg)
	if err != nil {
		var denied *android.BootDeniedError
		if errors.As(err, &denied) {
			denied.AfterRoot = o.Root
		}
		return o.failed(err)
	}
	if o.dry != nil {
		return o.dryRunDone(o.watch.run(ctx, o.androidOptions, aw, pkg, since))
	}
	fmt.Fprintf(o.f.IO.Out, "sent BOOT_COMPLETED to %s on %s (result=%d)\n", pkg, adb.Serial, b.Result)
	if o.watch.Duration > 0 {
		return o.watch.run(ctx, o.androidOptions, aw, pkg, since)
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
	if action != "on" && action != "off" && action != "step" {
		return usageErrorf("doze takes on, off or step, not %q", action)
	}
	if err := o.check(); err != nil {
		return err
	}
	adb, err := o.device(ctx)
	if err != nil {
		return err
	}
	st, err := adb.Doze(ctx, action)
	if o.dry != nil || err != nil {
		return o.failed(err)
	}
	switch action {
	case "on":
		fmt.Fprintf(o.f.IO.Out, "%s is in deep idle (Doze), battery unplugged\n", adb.Serial)
		fmt.Fprintln(o.f.IO.ErrOut, "Doze holds jobs back until you run: bgkit trigger android doze off")
	case "off":
		fmt.Fprintf(o.f.IO.Out, "%s left forced idle (light: %s, deep: %s), battery reset\n", adb.Serial, orDash(st.Light), orDash(st.Deep))
	case "step":
		state := st.Deep
		if state == "" {
			state = st.Light
		}
		fmt.Fprintf(o.f.IO.Out, "%s stepped to %s, battery unplugged\n", adb.Serial, orDash(state))
		fmt.Fprintln(o.f.IO.ErrOut, "undo with: bgkit trigger android doze off")
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
		ok := false
		for _, b := range android.StandbyBuckets {
			ok = ok || b == bucket
		}
		if !ok {
			return usageErrorf("unknown standby bucket %q: use one of %s", bucket, strings.Join(android.StandbyBuckets, ", "))
		}
	}
	pkg, adb, err := o.appOnDevice(ctx)
	if err != nil {
		return err
	}
	if _, err := adb.GetStandbyCmd(pkg); err != nil {
		return usageIfInvalid(err)
	}
	if bucket != "" {
		if err := adb.SetStandbyBucket(ctx, pkg, bucket); err != nil {
			return o.failed(err)
		}
	}
	b, err := adb.StandbyBucket(ctx, pkg)
	if o.dry != nil || err != nil {
		return o.failed(err)
	}
	if o.JSON {
		return writeJSON(o.f, struct {
			Serial string `json:"serial"`
			android.StandbyBucket
		}{adb.Serial, b})
	}
	fmt.Fprintf(o.f.IO.Out, "%s: %s (%d)\n", pkg, b.Name, b.Value)
	if bucket != "" && b.Name != bucket {
		fmt.Fprintf(o.f.IO.ErrOut, "note: the system reports %s, not %s: it may move apps between buckets by itself\n", b.Name, bucket)
	}
	if bucket != "" && bucket != "active" {
		fmt.Fprintln(o.f.IO.ErrOut, "put it back with: bgkit trigger android standby active")
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
	if err := o.check(); err != nil {
		return err
	}
	adb, err := o.device(ctx)
	if err != nil {
		return err
	}
	if err := adb.Background(ctx); o.dry != nil || err != nil {
		return o.failed(err)
	}
	fmt.Fprintf(o.f.IO.Out, "pressed HOME on %s\n", adb.Serial)
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
		return usageErrorf("--wait must be positive, such as 10s")
	}
	pkg, adb, err := o.appOnDevice(ctx)
	if err != nil {
		return err
	}
	if _, err := adb.DiagnosticsRequestCmd(pkg); err != nil {
		return usageIfInvalid(err)
	}
	opt := android.DiagnosticsOptions{Wait: o.Wait}
	if o.dry != nil {
		opt.Poll = time.Millisecond // the report is there at once
		o.dryNotes = append(o.dryNotes, "bgkit reads the log before the request, then every second until a new report appears")
	} else {
		fmt.Fprintf(o.f.IO.ErrOut, "asking %s's WorkManager for its diagnostics (up to %s)\n", pkg, o.Wait)
	}
	rows, err := adb.WorkDiagnostics(ctx, pkg, opt)
	if o.dry != nil || err != nil {
		return o.failed(err)
	}
	if o.JSON {
		if rows == nil {
			rows = []android.WorkInfo{}
		}
		return writeJSON(o.f, struct {
			Serial  string             `json:"serial"`
			Package string             `json:"package"`
			Work    []android.WorkInfo `json:"work"`
		}{adb.Serial, pkg, rows})
	}
	tw := tabwriter.NewWriter(o.f.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SECTION\tJOB ID\tSTATE\tCLASS\tUNIQUE NAME\tTAGS\tWORK ID")
	for _, w := range rows {
		job := "-"
		if w.JobID != nil {
			job = fmt.Sprint(*w.JobID)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", w.Section, job, w.State, w.Class,
			orDash(strings.Join(w.UniqueNames, ",")), orDash(strings.Join(w.Tags, ",")), w.ID)
	}
	return tw.Flush()
}
