package cmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/trigger/ios"
)

// iosBackgroundOptions are the flags of `bgkit trigger ios background`.
type iosBackgroundOptions struct {
	iosOptions
}

func newTriggerIOSBackgroundCmd(f *cmdutil.Factory, runF func(*iosBackgroundOptions) error) *cobra.Command {
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
			return cmdutil.UntilInterrupted(cmd.Context(), func(ctx context.Context) error { return runIOSBackground(ctx, o) })
		},
	}
	addIOSFlags(c, &o.iosOptions, false)
	return c
}

func runIOSBackground(ctx context.Context, o *iosBackgroundOptions) error {
	res, err := o.config().Background(ctx)
	return printIOS(o.IO, res, err)
}

// iosTaskOptions are the flags of `bgkit trigger ios task`.
type iosTaskOptions struct {
	iosOptions
	ID     string
	Expire bool
	Print  bool
}

func newTriggerIOSTaskCmd(f *cmdutil.Factory, runF func(*iosTaskOptions) error) *cobra.Command {
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
			return cmdutil.UntilInterrupted(cmd.Context(), func(ctx context.Context) error { return runIOSTask(ctx, o) })
		},
	}
	addIOSFlags(c, &o.iosOptions, true)
	c.Flags().BoolVar(&o.Expire, "expire", false, "simulate the task's expiration instead of its launch")
	c.Flags().BoolVar(&o.Print, "print", false, "print the lldb expression for Xcode's debugger console on a device, and run nothing")
	return c
}

func runIOSTask(ctx context.Context, o *iosTaskOptions) error {
	if o.Print {
		if err := ios.CheckTaskID(o.ID); err != nil {
			return iosError(err)
		}
		fmt.Fprintln(o.IO.Out, ios.TaskExpression(o.ID, o.Expire))
		fmt.Fprintln(o.IO.ErrOut, "bgkit: run the app on a device from Xcode, let it submit the task request, pause it (Debug > Pause), paste this at the (lldb) prompt, then continue.")
		return nil
	}
	res, err := o.config().Task(ctx, o.ID, o.Expire)
	return printIOS(o.IO, res, err)
}
