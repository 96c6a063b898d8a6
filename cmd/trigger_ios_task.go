package cmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/project"
	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/ios"
)

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
			return untilInterrupted(cmd.Context(), func(ctx context.Context) error { return runIOSBackground(ctx, o) })
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
	t, dry := o.trigger(bundle, o.IO.Out)
	return o.background(ctx, t, dry, bundle)
}

// background puts the app in the background (checking first that bundle,
// when known, runs) and says so; with --dry-run (dry) it prints the
// commands.
func (o *iosOptions) background(ctx context.Context, t *ios.Trigger, dry *trigger.DryRunner, bundle string) error {
	sim, err := t.Background(ctx, bundle)
	if dry != nil {
		printDryRun(o.IO.Out, dry)
		return err
	}
	if err != nil {
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
			return untilInterrupted(cmd.Context(), func(ctx context.Context) error { return runIOSTask(ctx, o) })
		},
	}
	addIOSFlags(c, &o.iosOptions, true)
	c.Flags().BoolVar(&o.Expire, "expire", false, "simulate the task's expiration instead of its launch")
	c.Flags().BoolVar(&o.Print, "print", false, "print the lldb expression for Xcode's debugger console on a device, and run nothing")
	return c
}

func runIOSTask(ctx context.Context, o *iosTaskOptions) error {
	if err := ios.ValidateTaskID(o.ID); err != nil {
		return &UsageError{Err: err}
	}
	if o.Print {
		fmt.Fprintln(o.IO.Out, ios.TaskExpression(o.ID, o.Expire))
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
	t, dry := o.trigger(bundle, o.IO.Out)
	if dry != nil {
		fmt.Fprintln(o.IO.ErrOut, "note: PID and PROCESS stand for the app's pid and executable, which launchctl list and get_app_container give")
	}
	task, err := t.Task(ctx, bundle, o.ID, o.Expire)
	if dry != nil {
		fmt.Fprint(o.IO.Out, dry.Script())
		return err
	}
	if err != nil {
		return err
	}
	what := "launch"
	if o.Expire {
		what = "expiration"
	}
	if task.Launched {
		fmt.Fprintf(o.IO.Out, "BGTaskScheduler simulated the %s of %s in %s on %s; the app's handler runs now.\n", what, o.ID, bundle, task.Simulator)
		return nil
	}
	fmt.Fprintf(o.IO.Out, "lldb asked BGTaskScheduler to simulate the %s of %s in %s (pid %d) on %s and detached.\n", what, o.ID, bundle, task.PID, task.Simulator)
	fmt.Fprintln(o.IO.ErrOut, "bgkit: the app's log did not say what happened; in the simulator nothing is ever scheduled (BGTaskScheduler.submit fails with Code=1), so expect nothing to run. Use --watch to see the app's log.")
	return nil
}
