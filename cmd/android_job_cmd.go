package cmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/lazyre"
	"github.com/bgkit/bgkit/project"
	"github.com/bgkit/bgkit/trigger/android"
)

type androidJobOptions struct {
	*androidOptions
	watch     androidWatch
	All       bool
	Namespace string
	User      string
	JSON      bool
}

func newAndroidJobCmd(o *androidOptions) *cobra.Command {
	opts := &androidJobOptions{androidOptions: o}
	c := &cobra.Command{
		Use:   "job [ID...]",
		Short: "Force the app's background job to run now (cmd jobscheduler run -f)",
		Long: `Force JobScheduler jobs of the app to run now, ignoring their constraints
(network, charging, delay): adb shell cmd jobscheduler run -f [-u USER] [-n NAMESPACE] PKG ID.

Without an ID, bgkit lists the app's jobs and runs the one of the background
library the project uses (WorkManager, react-native-background-fetch's fetch
task 999, expo-task-manager). When several jobs match, --all runs them all;
otherwise bgkit lists them and stops. Negative ids (react-native-background-fetch's
scheduleTask tasks) go after --, so they are not read as flags.

When JobScheduler cannot find a job, bgkit looks it up in dumpsys and runs it
again in its namespace (WorkManager 2.10+ on Android 14+ uses
androidx.work.systemjobscheduler).

Put the app in the background first (bgkit trigger android background): some
libraries skip work while the app is in the foreground. Doze still holds
jobs back: bgkit trigger android doze off.

With --watch, bgkit streams the app's log after the trigger and ends with a
verdict; it exits 1 when no job was seen finishing well.`,
		Example: `  bgkit trigger android job                     # the job of the project's library
  bgkit trigger android job --all --watch       # all of them, then watch the log for 2 minutes
  bgkit trigger android job 999                 # react-native-background-fetch's fetch task
  bgkit trigger android job -- -359368280       # a scheduleTask task: negative ids go after --
  bgkit trigger android job 6 -n androidx.work.systemjobscheduler --dry-run`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAndroidJob(cmd.Context(), opts, args)
		},
	}
	c.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		if m := negativeIDFlagRE.Get().FindStringSubmatch(err.Error()); m != nil {
			return cmdutil.UsageErrorf("job ids that start with \"-\" go after --: bgkit trigger android job -- %s", m[1])
		}
		return &cmdutil.UsageError{Err: err}
	})
	opts.watch.register(c)
	c.Flags().BoolVar(&opts.All, "all", false, "without IDs: run every job of the library when there are several")
	c.Flags().StringVarP(&opts.Namespace, "namespace", "n", "", "the jobs' JobScheduler `NAMESPACE` (default: none, then the one dumpsys shows)")
	c.Flags().StringVarP(&opts.User, "user", "u", "", "the Android `USER` id whose job to run (default: the current user)")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print the jobs that ran as JSON")
	c.MarkFlagsMutuallyExclusive("json", "watch")
	return c
}

// negativeIDFlagRE finds a negative job id that the flag parser took for a
// cluster of short flags ("unknown shorthand flag: '3' in -359368280").
var negativeIDFlagRE = lazyre.New(`^unknown shorthand flag: '[0-9]' in (-[0-9]+)$`)

func runAndroidJob(ctx context.Context, o *androidJobOptions, ids []string) error {
	serial, err := o.check()
	if err != nil {
		return err
	}
	if err := o.watch.check(ids); err != nil {
		return err
	}
	req := android.JobRequest{IDs: ids, Namespace: o.Namespace, User: o.User, All: o.All}
	var re *android.JobRequestError
	switch err := req.Check(); {
	case errors.As(err, &re) && re.Problem == android.NamespaceWithoutIDs:
		return cmdutil.UsageErrorf("--namespace needs job IDs (see: bgkit trigger android jobs)")
	case re != nil:
		return cmdutil.UsageErrorf("--all is for running every job of the library; with IDs, bgkit runs exactly those")
	case err != nil:
		return usageIfInvalid(err)
	}
	pkg, err := o.appPackage()
	if err != nil {
		return err
	}
	s, err := o.open(ctx, serial, o.watch.Duration)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		req.Libraries = projectJobLibraries(o.f)
	}
	return o.runJobs(ctx, s, pkg, req, o.JSON)
}

// runJobs runs the jobs req asks for, says which ran (as JSON with
// asJSON), and watches the log after them.
func (o *androidOptions) runJobs(ctx context.Context, s *android.Session, pkg string, req android.JobRequest, asJSON bool) error {
	run, err := s.RunJobs(ctx, pkg, req)
	if s.DryRun {
		if err == nil && !run.Listed {
			err = o.watchApp(ctx, s, pkg, run.Since)
		}
		return o.done(err)
	}
	if err != nil {
		return err
	}
	if asJSON {
		if err := cmdutil.WriteJSON(o.f, run); err != nil {
			return err
		}
	} else {
		for _, r := range run.Ran {
			fmt.Fprintln(o.f.IO.Out, r.Text(pkg, run.Serial))
		}
	}
	if err := run.Err(); err != nil {
		return &cmdutil.ExitError{Code: cmdutil.ExitFailed, Err: err}
	}
	return o.watchApp(ctx, s, pkg, run.Since)
}

// projectJobLibraries maps the background libraries the project in the
// working folder (-C) declares to the job libraries they schedule through. It is
// a hint: without a readable project, every known library's jobs count.
func projectJobLibraries(f *cmdutil.Factory) []string {
	p, err := project.Detect(f.Dir.Root())
	if err != nil || p == nil {
		return nil
	}
	return jobLibraries(p)
}

// jobLibraries maps the background libraries p declares to the job
// libraries they schedule through.
func jobLibraries(p *project.Project) []string {
	var names []string
	for _, l := range p.Libraries {
		names = append(names, l.Name)
	}
	return android.JobLibraries(names)
}
