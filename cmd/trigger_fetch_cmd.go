package cmd

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/trigger/ios"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/plistcfg"
	"github.com/bgkit/bgkit/project"
	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/android"
)

// fetchOptions are the flags of `bgkit trigger fetch`.
type fetchOptions struct {
	f *Factory

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

func newTriggerFetchCmd(f *Factory) *cobra.Command {
	return newTriggerFetchCmdWith(f, nil)
}

func newTriggerFetchCmdWith(f *Factory, runF func(*fetchOptions) error) *cobra.Command {
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
			return untilInterrupted(cmd.Context(), func(ctx context.Context) error { return runFetch(ctx, o) })
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
		return usageErrorf("--platform must be ios or android, not %q", o.Platform)
	}
	if o.Timeout < 0 || o.Watch < 0 {
		return usageErrorf("--timeout and --watch must not be negative")
	}
	if o.Bundle != "" {
		if err := ios.ValidateBundleID(o.Bundle); err != nil {
			return &UsageError{Err: fmt.Errorf("--bundle: %w", err)}
		}
	}
	p, err := project.Detect(o.f.workDir())
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
	code := ExitOK
	printed := false
	for _, pl := range platforms {
		err := o.runPlatform(ctx, pl, p)
		if err == nil {
			printed = true
			continue
		}
		var ee *ExitError
		if !errors.As(err, &ee) || ee.Err != nil {
			fmt.Fprintf(o.f.IO.ErrOut, "bgkit: %s: %v\n", platformName(pl), err)
		}
		code = max(code, exitCode(err))
	}
	// A dry run did its job when it printed the commands of a platform:
	// what the other cannot do is said above, on stderr.
	if o.DryRun && printed {
		return nil
	}
	if code != ExitOK {
		return &ExitError{Code: code}
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
	wantIOS, wantAndroid := projectPlatforms(p)
	var out []string
	var absent []string
	if wantIOS {
		if o.Device != "" || o.DryRun {
			out = append(out, "ios")
		} else if why := ios.Absent(ctx, o.f.runner(), o.Timeout); why == "" {
			out = append(out, "ios")
		} else {
			absent = append(absent, why)
		}
	}
	if wantAndroid {
		if o.Serial != "" || o.f.getenv("ANDROID_SERIAL") != "" || o.DryRun {
			out = append(out, "android")
		} else if why := android.Absent(ctx, o.f.runner(), o.Timeout); why == "" {
			out = append(out, "android")
		} else {
			absent = append(absent, why)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("nothing to trigger on: %s", strings.Join(absent, "; "))
	}
	for _, a := range absent {
		fmt.Fprintf(o.f.IO.ErrOut, "note: %s, so bgkit skips that platform\n", a)
	}
	return out, nil
}

// projectPlatforms reports which platforms the project builds for; a
// folder that is no known project could be either.
func projectPlatforms(p *project.Project) (ios, android bool) {
	cross := p.HasFramework(project.Expo) || p.HasFramework(project.ReactNative) ||
		p.HasFramework(project.Capacitor) || p.HasFramework(project.Flutter)
	ios = cross || p.HasFramework(project.NativeIOS) || p.InfoPlist != ""
	android = cross || p.HasFramework(project.NativeAndroid) || p.AndroidManifest != "" || p.AndroidGradle != ""
	if !ios && !android {
		return true, true
	}
	return ios, android
}

// iosFetchInput gathers what the project says about its iOS background work.
// Modes and task ids come from the real Info.plist only: an Expo app's
// config plugins add them at prebuild, so app.json alone would mislead.
func iosFetchInput(p *project.Project) ios.FetchInput {
	var in ios.FetchInput
	for _, l := range p.Libraries {
		in.Libraries = append(in.Libraries, l.Name)
	}
	if p.InfoPlist != "" {
		if data, err := fsutil.ReadFile(filepath.Join(p.Root, p.InfoPlist), fsutil.MaxEditSize); err == nil {
			if doc, err := plistcfg.Parse(p.InfoPlist, data); err == nil {
				in.BackgroundModes, _ = doc.StringValues("UIBackgroundModes")
				in.PermittedTaskIDs, _ = doc.StringValues("BGTaskSchedulerPermittedIdentifiers")
			}
		}
	}
	if p.Capacitor != nil {
		in.RunnerLabel, _ = p.Capacitor.Get("plugins", "BackgroundRunner", "label").StringValue()
	}
	return in
}

func (o *fetchOptions) runIOS(ctx context.Context, p *project.Project) error {
	out := o.f.IO.Out
	plan := ios.PlanFetch(iosFetchInput(p))
	for _, n := range plan.Notes {
		fmt.Fprintf(o.f.IO.ErrOut, "note: %s\n", n)
	}
	if plan.Empty() {
		return errors.New("bgkit knows no background library in this project that works on iOS; " +
			"send a silent push with `bgkit trigger ios push`, or simulate a BGTaskScheduler task with `bgkit trigger ios task ID`")
	}
	for _, lib := range plan.LegacyFetch {
		fmt.Fprintf(out, "iOS: %s\n", ios.LegacyFetchStatement(lib))
	}
	for _, t := range plan.Tasks {
		fmt.Fprintf(out, "iOS: %s\n", ios.SimulatorTaskStatement(t))
	}
	if plan.PushReason == "" {
		return errors.New("nothing in this project can be triggered in the iOS simulator from the command line; the lines above say how to run it on a device or from Xcode")
	}
	fmt.Fprintf(out, "iOS: %s, so bgkit puts the app in the background and sends one.\n", plan.PushReason)

	io := iosOptions{IO: o.f.IO, Runner: o.f.runner(), Files: o.f, Device: o.Device, Bundle: o.Bundle,
		DryRun: o.DryRun, Timeout: o.Timeout, now: time.Now, settle: o.settle}
	bundle, err := io.bundle()
	if err != nil {
		return err
	}
	io.Bundle = bundle
	if err := io.validate(); err != nil {
		return err
	}
	payload, err := ios.BuildPayload(ios.PayloadOptions{})
	if err != nil {
		return err
	}
	// One trigger for both steps: the simulator is looked up once, and a
	// dry run says once what UDID stands for.
	t, dry := io.trigger(bundle, out)
	if err := io.background(ctx, t, dry, bundle); err != nil {
		return err
	}
	t.Watch = o.Watch
	return io.push(ctx, t, dry, bundle, payload, false)
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
