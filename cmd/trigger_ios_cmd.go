package cmd

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/ios"
)

// iosOptions are the flags every iOS trigger shares.
type iosOptions struct {
	IO *iostreams.IOStreams
	// Files resolves paths from -C DIR; it is read when the command
	// runs, after the flags are parsed.
	Files *cmdutil.Factory
	// Config holds the flags. Tests replace its clock (Now) and how long
	// a log stream gets to attach before the trigger fires (Settle).
	ios.Config
}

func newIOSOptions(f *cmdutil.Factory) iosOptions {
	return iosOptions{IO: f.IO, Files: f, Config: ios.Config{Runner: f.CmdRunner(), Now: time.Now, Settle: time.Second}}
}

func addIOSFlags(c *cobra.Command, o *iosOptions, watch bool) {
	fl := c.Flags()
	fl.StringVar(&o.Device, "device", "", "the simulator's `UDID or name` (default: the only booted iOS simulator)")
	fl.StringVar(&o.Bundle, "bundle", "", "the app's bundle `ID` (default: from the project)")
	fl.BoolVar(&o.DryRun, "dry-run", false, "print the xcrun commands, shell-quoted, and run none (UDID, PID and PROCESS stand for what look-ups would find)")
	fl.DurationVar(&o.Timeout, "timeout", 0, "bound every xcrun call (default 30s, and 90s for push and lldb)")
	c.RegisterFlagCompletionFunc("device", func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		sims, _, _ := ios.Booted(cmd.Context(), o.Runner, o.Timeout)
		var out []cobra.Completion
		for _, s := range sims {
			out = append(out, cobra.CompletionWithDesc(s.UDID, s.Name+", "+s.Runtime))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	if watch {
		fl.DurationVar(&o.Watch, "watch", 0, "stream the app's log for `DURATION` around the trigger (--watch alone: "+trigger.DefaultWatch.String()+"; Ctrl-C stops)")
		fl.Lookup("watch").NoOptDefVal = trigger.DefaultWatch.String()
	}
}

// config is the flags, with the folder and the streams the trigger
// reads and writes.
func (o *iosOptions) config() *ios.Config {
	c := o.Config
	if o.Files != nil {
		c.Dir = o.Files.Dir
	}
	c.Log, c.Say = o.IO.Out, func(s string) { fmt.Fprintln(o.IO.ErrOut, s) }
	return &c
}

// iosFlags are the flags (or argument) behind each ios.Option.
var iosFlags = map[ios.Option]string{ios.OptionBundle: "--bundle", ios.OptionTimeout: "--timeout",
	ios.OptionWatch: "--watch", ios.OptionData: "--data", ios.OptionPayload: "--payload"}

// iosError names the flag an ios.OptionError is about: a usage error,
// except for a payload file that could not be read.
func iosError(err error) error {
	var oe *ios.OptionError
	if !errors.As(err, &oe) {
		return err
	}
	flag := iosFlags[oe.Option]
	switch {
	case errors.Is(oe.Err, ios.ErrNegative):
		return cmdutil.UsageErrorf("%s must not be negative", flag)
	case oe.Option == ios.OptionPayload:
		return fmt.Errorf("%s: %w", flag, oe.Err)
	case flag == "":
		return &cmdutil.UsageError{Err: oe.Err}
	}
	return &cmdutil.UsageError{Err: fmt.Errorf("%s: %w", flag, oe.Err)}
}

// iosReport is the outcome of an iOS trigger.
type iosReport interface {
	Report() string
	Notes() []string
}

// printIOS prints what an iOS trigger did (or its dry run's commands),
// then its notes on stderr, and returns err named as the user gave it.
func printIOS(o *iostreams.IOStreams, r iosReport, err error) error {
	fmt.Fprint(o.Out, r.Report())
	for _, n := range r.Notes() {
		fmt.Fprintln(o.ErrOut, n)
	}
	return iosError(err)
}

func newTriggerIOSCmd(f *cmdutil.Factory) *cobra.Command {
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
