package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/project"
	"github.com/bgkit/bgkit/trigger"
)

// iosOptions are the flags every iOS trigger shares.
type iosOptions struct {
	IO     *iostreams.IOStreams
	Runner trigger.Runner
	// Files resolves paths from -C DIR; it is read when the command
	// runs, after the flags are parsed.
	Files *Factory

	Device  string
	Bundle  string
	DryRun  bool
	Timeout time.Duration
	Watch   time.Duration

	// now and settle are replaced by tests: the clock, and how long a
	// log stream gets to attach before the trigger fires.
	now    func() time.Time
	settle time.Duration
}

func newIOSOptions(f *Factory) iosOptions {
	return iosOptions{IO: f.IO, Runner: f.runner(), Files: f, now: time.Now, settle: time.Second}
}

func addIOSFlags(c *cobra.Command, o *iosOptions, watch bool) {
	fl := c.Flags()
	fl.StringVar(&o.Device, "device", "", "the simulator's `UDID or name` (default: the only booted iOS simulator)")
	fl.StringVar(&o.Bundle, "bundle", "", "the app's bundle `ID` (default: from the project)")
	fl.BoolVar(&o.DryRun, "dry-run", false, "print the xcrun commands, shell-quoted, and run none (UDID, PID and PROCESS stand for what look-ups would find)")
	fl.DurationVar(&o.Timeout, "timeout", 0, "bound every xcrun call (default 30s, and 90s for push and lldb)")
	c.RegisterFlagCompletionFunc("device", func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		sims, err := o.client().Simulators(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, s := range sims {
			if s.Booted() {
				out = append(out, cobra.CompletionWithDesc(s.UDID, s.Name+", "+s.Runtime))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	if watch {
		fl.DurationVar(&o.Watch, "watch", 0, "stream the app's log for `DURATION` around the trigger (--watch alone: "+trigger.DefaultWatch.String()+"; Ctrl-C stops)")
		fl.Lookup("watch").NoOptDefVal = trigger.DefaultWatch.String()
	}
}

func (o *iosOptions) validate() error {
	if o.Bundle != "" {
		if err := trigger.ValidateBundleID(o.Bundle); err != nil {
			return &UsageError{Err: fmt.Errorf("--bundle: %w", err)}
		}
	}
	if o.Timeout < 0 {
		return usageErrorf("--timeout must not be negative")
	}
	if o.Watch < 0 {
		return usageErrorf("--watch must not be negative")
	}
	return nil
}

func (o *iosOptions) client() *trigger.IOS {
	return &trigger.IOS{Runner: o.Runner, Timeout: o.Timeout}
}

// project is the folder the project is read from.
func (o *iosOptions) project() string {
	if o.Files == nil {
		return "."
	}
	return o.Files.workDir()
}

// bundle returns --bundle, or the project's bundle id, saying on stderr
// where it came from.
func (o *iosOptions) bundle() (string, error) {
	if o.Bundle != "" {
		return o.Bundle, nil
	}
	id, source, err := project.IOSBundleID(o.project())
	if err != nil {
		return "", err
	}
	fmt.Fprintf(o.IO.ErrOut, "bgkit: app %s (from %s)\n", id, source)
	return id, nil
}

func (o *iosOptions) simulator(ctx context.Context) (trigger.Simulator, error) {
	return o.client().Simulator(ctx, o.Device)
}

// printDry prints a command the way a shell would need it typed.
func (o *iosOptions) printDry(c trigger.Cmd) {
	if c.Stdin != nil {
		in := string(c.Stdin)
		if !strings.HasSuffix(in, "\n") {
			in += "\n" // the here-document's own line end
		}
		fmt.Fprintf(o.IO.Out, "%s <<'EOF'\n%sEOF\n", c, in)
		return
	}
	fmt.Fprintln(o.IO.Out, c)
}

var udidPattern = lazyre.New(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)

// dryRunSimulator is the simulator --dry-run prints: --device when it is a
// UDID, else a placeholder, since finding it would mean running xcrun.
func (o *iosOptions) dryRunSimulator() trigger.Simulator {
	if udidPattern.Get().MatchString(o.Device) {
		return trigger.Simulator{UDID: strings.ToUpper(o.Device)}
	}
	fmt.Fprintln(o.IO.ErrOut, "note: UDID stands for the simulator bgkit would choose (--device UDID names it)")
	return trigger.Simulator{UDID: "UDID"}
}

// watchContext is the context of a trigger: Ctrl-C cancels it, so a
// --watch stream ends cleanly instead of killing bgkit mid-output.
func watchContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt)
}

// interrupted turns the cancellation Ctrl-C causes into a plain message.
func interrupted(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return errors.New("interrupted")
	}
	return err
}

// startWatch streams the app's log to w for the --watch duration and
// returns a function that waits for the stream to end; stop ends it early.
func (o *iosOptions) startWatch(ctx context.Context, sim trigger.Simulator, process string, w io.Writer) (wait func() error, stop func()) {
	wctx, cancel := context.WithTimeout(ctx, o.Watch)
	done := make(chan error, 1)
	fmt.Fprintf(o.IO.ErrOut, "bgkit: watching %s's log for %s (Ctrl-C stops)\n", process, o.Watch)
	go func() { done <- o.client().StreamLog(wctx, sim, process, w) }()
	// `log stream` shows only what is logged after it attaches.
	select {
	case <-time.After(o.settle):
	case <-wctx.Done():
	}
	wait = func() error {
		err := <-done
		cancel()
		return err
	}
	return wait, func() { cancel(); <-done }
}

func newTriggerIOSCmd(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "ios",
		Short: "Wake an app on a booted iOS simulator: silent push, background, BGTask simulation",
		Long: `Trigger background work on a booted iOS simulator, through xcrun simctl and lldb.

What the simulator can and cannot do:
  push        a silent push (content-available) reaches the app through
              simctl; the app needs the remote-notification background mode.
              Whether a suspended app is woken varies between Xcode versions:
              watch its log (--watch) to see it arrive.
  background  opens Settings, so the app goes to the background.
  task ID     asks BGTaskScheduler, through lldb, to launch or expire a task.
              BGTaskScheduler does not schedule anything in the simulator
              (submit fails with Code=1), so there it reports that no request
              was scheduled; on a device, use --print and Xcode's debugger.
  Legacy background fetch (performFetchWithCompletionHandler) has no command
  line trigger at all: only Xcode's Debug > Simulate Background Fetch.

The simulator is --device (a UDID or a name), else the only booted iOS
simulator. The app is --bundle, else the project's bundle id (the Xcode
target's PRODUCT_BUNDLE_IDENTIFIER, expo.ios.bundleIdentifier in app.json,
or Capacitor's appId).

Needs macOS with Xcode (the Command Line Tools alone have no simctl).`,
		Example: `  bgkit trigger ios push --data sync=inbox --watch
  bgkit trigger ios background
  bgkit trigger ios task com.example.app.refresh --device "iPhone 15"
  bgkit trigger ios task com.example.app.refresh --print`,
	}
	c.AddCommand(
		newTriggerIOSPushCmd(f, nil),
		newTriggerIOSBackgroundCmd(f, nil),
		newTriggerIOSTaskCmd(f, nil),
	)
	return c
}

// iosPushOptions are the flags of `bgkit trigger ios push`.
type iosPushOptions struct {
	iosOptions
	Data    []string
	Payload string
	Alert   string
}

func newTriggerIOSPushCmd(f *Factory, runF func(*iosPushOptions) error) *cobra.Command {
	o := &iosPushOptions{iosOptions: newIOSOptions(f)}
	c := &cobra.Command{
		Use:   "push",
		Short: "Send a silent push (content-available) to the app on the simulator",
		Long: `Send a push notification to the app with xcrun simctl push, the payload on
standard input.

By default the push is silent: {"aps":{"content-available":1}} plus the keys
of --data, which wakes the app's
application(_:didReceiveRemoteNotification:fetchCompletionHandler:) when
UIBackgroundModes has remote-notification. --alert makes it visible.

The payload is checked before it is sent: a JSON object whose "aps" has
"content-available": 1, no alert, sound or badge unless --alert is given, and
at most 4096 bytes. --data KEY=VALUE adds a string, --data KEY:=JSON any JSON
value; --payload FILE (or - for standard input) starts from your own payload.`,
		Example: `  bgkit trigger ios push
  bgkit trigger ios push --data sync=inbox --data 'count:=3'
  bgkit trigger ios push --payload push.json --watch=30s
  bgkit trigger ios push --alert "Sync finished" --bundle com.example.app
  bgkit trigger ios push --dry-run`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("alert") && strings.TrimSpace(o.Alert) == "" {
				return usageErrorf("--alert needs the notification's text; leave it out for a silent push")
			}
			if runF != nil {
				return runF(o)
			}
			return runIOSPushCmd(cmd.Context(), o)
		},
	}
	addIOSFlags(c, &o.iosOptions, true)
	c.Flags().StringArrayVar(&o.Data, "data", nil, "add a custom top-level key: `KEY=VALUE` (a string) or KEY:=JSON (repeatable)")
	c.Flags().StringVar(&o.Payload, "payload", "", "start from the JSON payload in `FILE` (- reads standard input)")
	c.Flags().StringVar(&o.Alert, "alert", "", "make the push visible with this alert `TEXT`")
	c.MarkFlagFilename("payload", "json", "apns")
	return c
}

func runIOSPushCmd(ctx context.Context, o *iosPushOptions) error {
	ctx, cancel := watchContext(ctx)
	defer cancel()
	return interrupted(ctx, runIOSPush(ctx, o))
}

// maxPayloadFile bounds what bgkit reads of --payload: 16 times the most
// APNs accepts.
const maxPayloadFile = 16 * trigger.MaxPayloadBytes

func runIOSPush(ctx context.Context, o *iosPushOptions) error {
	if err := o.validate(); err != nil {
		return err
	}
	po := trigger.PayloadOptions{Data: o.Data, Alert: o.Alert}
	if o.Payload != "" {
		var err error
		// A payload is at most 4 KiB; the cap leaves room for indentation
		// and keeps --payload /dev/zero from being read whole.
		if o.Payload == "-" {
			po.Base, err = io.ReadAll(io.LimitReader(o.IO.In, maxPayloadFile+1))
			po.BaseName = "standard input"
			if err == nil && len(po.Base) > maxPayloadFile {
				err = fmt.Errorf("standard input: %w: larger than %d KiB, the most bgkit reads of a payload", fsutil.ErrTooLarge, maxPayloadFile>>10)
			}
		} else {
			payload := o.Payload
			if o.Files != nil {
				payload = o.Files.path(payload)
			}
			po.Base, err = fsutil.ReadFile(payload, maxPayloadFile)
			po.BaseName = o.Payload
		}
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = fmt.Errorf("%s: %w", o.Payload, pe.Err)
			}
			return fmt.Errorf("--payload: %w", err)
		}
		if po.Base == nil {
			po.Base = []byte{}
		}
	}
	payload, err := trigger.BuildPayload(po)
	if err != nil {
		var pe *trigger.PayloadError
		if errors.As(err, &pe) && pe.InData {
			return &UsageError{Err: fmt.Errorf("--data: %w", err)}
		}
		return err
	}
	bundle, err := o.bundle()
	if err != nil {
		return err
	}
	if o.DryRun {
		sim := o.dryRunSimulator()
		o.printDry(trigger.ListSimulatorsCmd())
		o.printDry(trigger.AppContainerCmd(sim.UDID, bundle))
		if o.Watch > 0 {
			o.printDry(trigger.LogStreamCmd(sim.UDID, "PROCESS"))
		}
		o.printDry(trigger.PushCmd(sim.UDID, bundle, payload))
		return nil
	}
	sim, err := o.simulator(ctx)
	if err != nil {
		return err
	}
	x := o.client()
	// Checked first: simctl's own failure for a missing app is opaque.
	appPath, err := x.AppContainer(ctx, sim, bundle)
	if err != nil {
		return err
	}
	var process string
	if o.Watch > 0 {
		if process, err = trigger.ProcessName(appPath); err != nil {
			return err
		}
	}

	var wait func() error
	stop := func() {}
	if o.Watch > 0 {
		wait, stop = o.startWatch(ctx, sim, process, o.IO.Out)
	}
	res, err := x.Push(ctx, sim, bundle, payload)
	if err != nil {
		stop()
		return err
	}
	kind := "a silent push"
	if o.Alert != "" {
		kind = "a visible push"
	}
	fmt.Fprintf(o.IO.Out, "Sent %s to %s on %s: %s\n", kind, bundle, sim, payload)
	if res.Advisory != "" {
		fmt.Fprintf(o.IO.ErrOut, "simctl: %s\n", res.Advisory)
	}
	if o.Alert == "" {
		fmt.Fprintln(o.IO.ErrOut, "bgkit: the app receives it only with remote-notification in UIBackgroundModes (bgkit doctor checks); whether a suspended app is woken in the simulator varies with Xcode, so look for it in the app's log (--watch).")
	}
	if wait != nil {
		return wait()
	}
	return nil
}

// iosBackgroundOptions are the flags of `bgkit trigger ios background`.
type iosBackgroundOptions struct {
	iosOptions
}

func newTriggerIOSBackgroundCmd(f *Factory, runF func(*iosBackgroundOptions) error) *cobra.Command {
	o := &iosBackgroundOptions{iosOptions: newIOSOptions(f)}
	c := &cobra.Command{
		Use:   "background",
		Short: "Put the app in the background by opening Settings",
		Long: `Put the app in the background, as pressing the Home button would, by
opening Settings (xcrun simctl launch UDID com.apple.Preferences).

Silent pushes and background fetch are meant for an app that is not in front,
so run this before them to test what users see. When the app's bundle id is
known (--bundle or the project), bgkit first checks that the app is running.`,
		Example: `  bgkit trigger ios background
  bgkit trigger ios background --device "iPhone 15" --bundle com.example.app`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			ctx, cancel := watchContext(cmd.Context())
			defer cancel()
			return interrupted(ctx, runIOSBackground(ctx, o))
		},
	}
	addIOSFlags(c, &o.iosOptions, false)
	return c
}

func runIOSBackground(ctx context.Context, o *iosBackgroundOptions) error {
	if err := o.validate(); err != nil {
		return err
	}
	// The bundle id is only for a check here: a project without one is fine.
	bundle := o.Bundle
	if bundle == "" {
		if id, source, err := project.IOSBundleID(o.project()); err == nil {
			fmt.Fprintf(o.IO.ErrOut, "bgkit: app %s (from %s)\n", id, source)
			bundle = id
		}
	}
	if o.DryRun {
		sim := o.dryRunSimulator()
		o.printDry(trigger.ListSimulatorsCmd())
		if bundle != "" {
			o.printDry(trigger.LaunchctlListCmd(sim.UDID))
		}
		o.printDry(trigger.BackgroundCmd(sim.UDID))
		return nil
	}
	sim, err := o.simulator(ctx)
	if err != nil {
		return err
	}
	x := o.client()
	if bundle != "" {
		if _, err := x.AppPID(ctx, sim, bundle); err != nil {
			return err
		}
	}
	if err := x.Background(ctx, sim); err != nil {
		return err
	}
	what := "the app in front"
	if bundle != "" {
		what = bundle
	}
	fmt.Fprintf(o.IO.Out, "Opened Settings on %s: %s is now in the background.\n", sim, what)
	return nil
}

// iosTaskOptions are the flags of `bgkit trigger ios task`.
type iosTaskOptions struct {
	iosOptions
	ID     string
	Expire bool
	Print  bool
}

func newTriggerIOSTaskCmd(f *Factory, runF func(*iosTaskOptions) error) *cobra.Command {
	o := &iosTaskOptions{iosOptions: newIOSOptions(f)}
	c := &cobra.Command{
		Use:   "task ID",
		Short: "Simulate a BGTaskScheduler launch (or --expire) through lldb",
		Long: `Ask BGTaskScheduler to launch the task with identifier ID now, as Apple's
"Starting and Terminating Tasks During Development" describes: bgkit finds
the app's pid (xcrun simctl spawn UDID launchctl list), attaches lldb, runs

  e -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateLaunchForTaskWithIdentifier:@"ID"]

and detaches, so the app resumes and runs the task. --expire simulates the
expiration of a running task instead. Then bgkit reads what BGTaskScheduler
logged in the app to say what happened.

This works only where the app has submitted a request for ID. In the
simulator that never happens: BGTaskScheduler.submit fails there with
BGTaskSchedulerErrorDomain Code=1, so the answer is "No task request with
identifier ID has been scheduled". Test on a device: --print prints the
expression to paste into Xcode's debugger console (pause the app after it has
submitted the request, paste, continue). Expo's expo-background-task offers
BackgroundTask.triggerTaskWorkerForTestingAsync() in development builds.

ID must be a reverse-DNS identifier as listed in
BGTaskSchedulerPermittedIdentifiers (letters, digits, '-', '_' and dots).`,
		Example: `  bgkit trigger ios task com.transistorsoft.fetch
  bgkit trigger ios task com.example.app.refresh --expire
  bgkit trigger ios task com.expo.modules.backgroundtask.processing --print
  bgkit trigger ios task com.example.app.refresh --watch=1m`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			if runF != nil {
				return runF(o)
			}
			return runIOSTaskCmd(cmd.Context(), o)
		},
	}
	addIOSFlags(c, &o.iosOptions, true)
	c.Flags().BoolVar(&o.Expire, "expire", false, "simulate the task's expiration instead of its launch")
	c.Flags().BoolVar(&o.Print, "print", false, "print the lldb expression for Xcode's debugger console on a device, and run nothing")
	return c
}

func runIOSTaskCmd(ctx context.Context, o *iosTaskOptions) error {
	ctx, cancel := watchContext(ctx)
	defer cancel()
	return interrupted(ctx, runIOSTask(ctx, o))
}

func runIOSTask(ctx context.Context, o *iosTaskOptions) error {
	if err := trigger.ValidateTaskID(o.ID); err != nil {
		return &UsageError{Err: err}
	}
	if o.Print {
		fmt.Fprintln(o.IO.Out, trigger.TaskExpression(o.ID, o.Expire))
		fmt.Fprintln(o.IO.ErrOut, "bgkit: run the app on a device from Xcode, let it submit the task request, pause it (Debug > Pause), paste this at the (lldb) prompt, then continue.")
		return nil
	}
	if err := o.validate(); err != nil {
		return err
	}
	bundle, err := o.bundle()
	if err != nil {
		return err
	}
	since := o.now().Add(-2 * time.Second)
	if o.DryRun {
		sim := o.dryRunSimulator()
		fmt.Fprintln(o.IO.ErrOut, "note: PID and PROCESS stand for the app's pid and executable, which launchctl list and get_app_container give")
		o.printDry(trigger.ListSimulatorsCmd())
		o.printDry(trigger.LaunchctlListCmd(sim.UDID))
		o.printDry(trigger.AppContainerCmd(sim.UDID, bundle))
		if o.Watch > 0 {
			o.printDry(trigger.LogStreamCmd(sim.UDID, "PROCESS"))
		}
		o.printDry(trigger.LLDBTaskCmd(0, o.ID, o.Expire))
		if o.Watch == 0 {
			o.printDry(trigger.LogShowCmd(sim.UDID, "PROCESS", since))
		}
		return nil
	}
	sim, err := o.simulator(ctx)
	if err != nil {
		return err
	}
	x := o.client()
	pid, err := x.AppPID(ctx, sim, bundle)
	if err != nil {
		return err
	}
	// The process name lets bgkit read (or stream) the app's own log,
	// where BGTaskScheduler says what it did.
	process := ""
	if appPath, err := x.AppContainer(ctx, sim, bundle); err == nil {
		process, _ = trigger.ProcessName(appPath)
	} else if o.Watch > 0 {
		return err
	}
	if o.Watch > 0 && process == "" {
		return fmt.Errorf("cannot tell the process name of %s for --watch; run without --watch", bundle)
	}

	var scanner *trigger.TaskLogScanner
	var wait func() error
	stop := func() {}
	if o.Watch > 0 {
		scanner = &trigger.TaskLogScanner{W: o.IO.Out}
		wait, stop = o.startWatch(ctx, sim, process, scanner)
	}
	since = o.now().Add(-2 * time.Second)
	what := "launch"
	if o.Expire {
		what = "expiration"
	}
	fmt.Fprintf(o.IO.ErrOut, "bgkit: attaching lldb to %s (pid %d) on %s\n", bundle, pid, sim)
	outcome, err := x.SimulateTask(ctx, pid, o.ID, o.Expire)
	if err != nil {
		stop()
		return err
	}
	if wait != nil {
		if err := wait(); err != nil {
			return err
		}
	} else if process != "" {
		// Best effort: without the log bgkit can only say lldb succeeded.
		if s, err := x.TaskLog(ctx, sim, process, since); err == nil {
			scanner = s
		}
	}
	launched, notScheduled := outcome == trigger.TaskLaunchLogged, false
	if scanner != nil {
		l, n := scanner.Seen()
		launched, notScheduled = launched || l, n
	}
	switch {
	case notScheduled:
		return &trigger.TaskNotScheduledError{ID: o.ID, Expire: o.Expire}
	case launched:
		fmt.Fprintf(o.IO.Out, "BGTaskScheduler simulated the %s of %s in %s on %s; the app's handler runs now.\n", what, o.ID, bundle, sim)
	default:
		fmt.Fprintf(o.IO.Out, "lldb asked BGTaskScheduler to simulate the %s of %s in %s (pid %d) on %s and detached.\n", what, o.ID, bundle, pid, sim)
		fmt.Fprintln(o.IO.ErrOut, "bgkit: the app's log did not say what happened; in the simulator nothing is ever scheduled (BGTaskScheduler.submit fails with Code=1), so expect nothing to run. Use --watch to see the app's log.")
	}
	return nil
}
