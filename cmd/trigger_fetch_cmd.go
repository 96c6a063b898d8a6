package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/project"
	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/android"
	"github.com/bgkit/bgkit/trigger/ios"
)

// fetchOptions are the flags of `bgkit trigger fetch`.
type fetchOptions struct {
	f *cmdutil.Factory

	Platform string
	// iOS
	Device string
	Bundle string
	// Android
	Serial  string
	Package string
	All     bool
	// Both
	DryRun  bool
	Timeout time.Duration
	Watch   time.Duration

	settle time.Duration // how long an iOS log stream gets to attach; tests shorten it
}

func newTriggerFetchCmd(f *cmdutil.Factory, runF func(*fetchOptions) error) *cobra.Command {
	o := &fetchOptions{f: f, settle: time.Second}
	c := &cobra.Command{
		Use:   "fetch",
		Short: "Trigger the project's background work the right way for its library and the devices present",
		Long: `Trigger the project's background work now, the way its library needs, on
the devices that are present, and say what was done and why.

Android: the job of the project's library, as bgkit trigger android job
would run it (WorkManager, react-native-background-fetch's job 999,
expo-task-manager...).

iOS simulator:
  - push-driven work (Firebase Messaging, expo-notifications, OneSignal...,
    or the remote-notification background mode): bgkit puts the app in the
    background and sends a silent push.
  - BGTaskScheduler tasks (react-native-background-fetch, background_fetch,
    expo-background-task, the Capacitor background runner, workmanager):
    the simulator never runs them, so bgkit says so and how to run them on a
    device (bgkit trigger ios task ID --print).
  - legacy background fetch (expo-background-fetch): only Xcode's Debug >
    Simulate Background Fetch triggers it; bgkit says so.

Without --platform, bgkit acts on every platform the project has and a
device is present for: a booted iOS simulator, a connected Android device.
It exits 2 when nothing could be triggered.`,
		Example: `  bgkit trigger fetch
  bgkit trigger fetch --platform android --watch
  bgkit trigger fetch --platform ios --device "iPhone 15"
  bgkit trigger fetch --dry-run`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return cmdutil.UntilInterrupted(cmd.Context(), func(ctx context.Context) error { return runFetch(ctx, o) })
		},
	}
	fl := c.Flags()
	fl.StringVar(&o.Platform, "platform", "", "only this `PLATFORM`: ios or android (default: those with a device present)")
	fl.StringVar(&o.Device, "device", "", "iOS: the simulator's `UDID or name` (default: the only booted iOS simulator)")
	fl.StringVar(&o.Bundle, "bundle", "", "iOS: the app's bundle `ID` (default: from the project)")
	fl.StringVar(&o.Serial, "serial", "", "Android: the device's `SERIAL` (default: ANDROID_SERIAL, else the only device)")
	fl.StringVar(&o.Package, "package", "", "Android: the app's application `ID` (default: from the project)")
	fl.BoolVar(&o.All, "all", false, "Android: run every job of the library when there are several")
	fl.BoolVar(&o.DryRun, "dry-run", false, "print the commands, shell-quoted, and run none")
	fl.DurationVar(&o.Timeout, "timeout", 0, "bound every adb and xcrun call (default 30s; 90s for simctl push and lldb)")
	fl.DurationVar(&o.Watch, "watch", 0, "stream the app's log for `DURATION` around the trigger (--watch alone: "+trigger.DefaultWatch.String()+")")
	fl.Lookup("watch").NoOptDefVal = trigger.DefaultWatch.String()
	c.RegisterFlagCompletionFunc("platform", cobra.FixedCompletions([]string{"ios", "android"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}

func runFetch(ctx context.Context, o *fetchOptions) error {
	switch o.Platform {
	case "", "ios", "android":
	default:
		return cmdutil.UsageErrorf("--platform must be ios or android, not %q", o.Platform)
	}
	if o.Timeout < 0 || o.Watch < 0 {
		return cmdutil.UsageErrorf("--timeout and --watch must not be negative")
	}
	if err := (&ios.Config{Bundle: o.Bundle}).Validate(); err != nil {
		return iosError(err)
	}
	p, err := project.Detect(o.f.Dir.Root())
	if err != nil {
		return err
	}
	platforms, err := o.platforms(ctx, p)
	if err != nil {
		return err
	}
	if len(platforms) == 1 {
		return o.runPlatform(ctx, platforms[0], p)
	}
	// Both: a failure on one must not hide the other, so each is reported
	// as it happens and the exit code is the worst of the two.
	code := cmdutil.ExitOK
	printed := false
	for _, pl := range platforms {
		err := o.runPlatform(ctx, pl, p)
		if err == nil {
			printed = true
			continue
		}
		var ee *cmdutil.ExitError
		if !errors.As(err, &ee) || ee.Err != nil {
			fmt.Fprintf(o.f.IO.ErrOut, "bgkit: %s: %v\n", platformName(pl), err)
		}
		code = max(code, cmdutil.ExitCode(err))
	}
	// A dry run did its job when it printed the commands of a platform:
	// what the other cannot do is said above, on stderr.
	if o.DryRun && printed {
		return nil
	}
	if code != cmdutil.ExitOK {
		return &cmdutil.ExitError{Code: code}
	}
	return nil
}

func platformName(p string) string {
	if p == "ios" {
		return "iOS"
	}
	return "Android"
}

func (o *fetchOptions) runPlatform(ctx context.Context, platform string, p *project.Project) error {
	if platform == "ios" {
		return o.runIOS(ctx, p)
	}
	return o.runAndroid(ctx, p)
}

// platforms picks where to trigger: --platform, else every platform the
// project has on which a device is present. --dry-run runs nothing, so it
// goes by the project alone.
func (o *fetchOptions) platforms(ctx context.Context, p *project.Project) ([]string, error) {
	if o.Platform != "" {
		return []string{o.Platform}, nil
	}
	wantIOS, wantAndroid := p.Platforms()
	chosen, skipped, err := trigger.ChoosePlatforms(ctx,
		trigger.Platform{Name: "ios", Wanted: wantIOS, Given: o.Device != "" || o.DryRun,
			Absent: func(ctx context.Context) string { return ios.Absent(ctx, o.f.CmdRunner(), o.Timeout) }},
		trigger.Platform{Name: "android", Wanted: wantAndroid, Given: o.Serial != "" || o.f.Env("ANDROID_SERIAL") != "" || o.DryRun,
			Absent: func(ctx context.Context) string { return android.Absent(ctx, o.f.CmdRunner(), o.Timeout) }})
	for _, why := range skipped {
		fmt.Fprintf(o.f.IO.ErrOut, "note: %s, so bgkit skips that platform\n", why)
	}
	return chosen, err
}

// runIOS says what the project's iOS background work needs, then puts the
// app in the background and sends it a silent push when that triggers it.
func (o *fetchOptions) runIOS(ctx context.Context, p *project.Project) error {
	plan := ios.PlanFetch(ios.ProjectFetchInput(p))
	for _, n := range plan.Notes {
		fmt.Fprintf(o.f.IO.ErrOut, "note: %s\n", n)
	}
	for _, s := range plan.Statements() {
		fmt.Fprintf(o.f.IO.Out, "iOS: %s\n", s)
	}
	if err := plan.Err(); err != nil {
		return err
	}
	io := iosOptions{IO: o.f.IO, Files: o.f, Config: ios.Config{Runner: o.f.CmdRunner(), Device: o.Device, Bundle: o.Bundle,
		DryRun: o.DryRun, Timeout: o.Timeout, Watch: o.Watch, Settle: o.settle}}
	res, err := io.config().Fetch(ctx)
	if err := printIOS(o.f.IO, res.Background, nil); err != nil {
		return err
	}
	if err := printIOS(o.f.IO, res.Push, err); err != nil {
		return err
	}
	return res.Push.Wait()
}

// runAndroid runs the job of the project's library, as `bgkit trigger
// android job` without IDs does, and first says which command that is.
func (o *fetchOptions) runAndroid(ctx context.Context, p *project.Project) error {
	args := []string{"job"}
	if o.Serial != "" {
		args = append(args, "--serial", o.Serial)
	}
	if o.Package != "" {
		args = append(args, "--package", o.Package)
	}
	if o.All {
		args = append(args, "--all")
	}
	if o.Timeout > 0 {
		args = append(args, "--timeout", o.Timeout.String())
	}
	if o.Watch > 0 {
		args = append(args, "--watch="+o.Watch.String())
	}
	if o.DryRun {
		args = append(args, "--dry-run")
	}
	words := make([]string, len(args))
	for i, a := range args {
		words[i] = trigger.ShellQuote(a)
	}
	fmt.Fprintf(o.f.IO.Out, "Android: forcing the job of the project's library to run: bgkit trigger android %s\n", strings.Join(words, " "))

	timeout := o.Timeout
	if timeout == 0 {
		timeout = trigger.DefaultTimeout
	}
	ao := &androidOptions{f: o.f, Serial: o.Serial, Package: o.Package, Timeout: timeout, DryRun: o.DryRun}
	pkg, s, err := ao.appOnDevice(ctx, o.Watch)
	if err != nil {
		return err
	}
	return ao.runJobs(ctx, s, pkg, android.JobRequest{All: o.All, Libraries: jobLibraries(p)}, false)
}
