package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/project"
	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/ios"
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
		if err := ios.ValidateBundleID(o.Bundle); err != nil {
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

func (o *iosOptions) client() *ios.Xcrun {
	return &ios.Xcrun{Runner: o.Runner, Timeout: o.Timeout}
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

// trigger returns the flow runner of these options, and the DryRunner
// recording it with --dry-run (nil otherwise). bundle is for the dry
// run's launchctl list placeholder.
func (o *iosOptions) trigger(bundle string, log io.Writer) (*ios.Trigger, *trigger.DryRunner) {
	t := &ios.Trigger{X: o.client(), Device: o.Device, Watch: o.Watch, Settle: o.settle, Log: log, Now: o.now,
		Progress: func(s string) { fmt.Fprintln(o.IO.ErrOut, s) }}
	if !o.DryRun {
		return t, nil
	}
	dry := ios.NewDryRunner(o.Device, bundle)
	if !ios.IsUDID(o.Device) {
		fmt.Fprintln(o.IO.ErrOut, "note: UDID stands for the simulator bgkit would choose (--device UDID names it)")
	}
	t.X.Runner, t.Progress, t.Log = dry, nil, io.Discard
	return t, dry
}

// printDryRun prints the commands dry recorded since it was last printed,
// so each step of a trigger of several prints its own.
func printDryRun(w io.Writer, dry *trigger.DryRunner) {
	fmt.Fprint(w, dry.Script())
	dry.Ran = dry.Ran[:0]
}

// untilInterrupted runs a trigger in a context Ctrl-C cancels, so a --watch
// stream ends cleanly instead of killing bgkit mid-output; the cancellation
// Ctrl-C causes becomes a plain "interrupted".
func untilInterrupted(ctx context.Context, run func(context.Context) error) error {
	ctx, cancel := signal.NotifyContext(ctx, os.Interrupt)
	defer cancel()
	err := run(ctx)
	if err != nil && ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return errors.New("interrupted")
	}
	return err
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
