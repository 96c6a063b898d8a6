package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

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
			return usageErrorf("job ids that start with \"-\" go after --: bgkit trigger android job -- %s", m[1])
		}
		return &UsageError{Err: err}
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
	if err := o.check(); err != nil {
		return err
	}
	if err := o.watch.check(ids); err != nil {
		return err
	}
	for _, id := range ids {
		if err := android.ValidateJobID(id); err != nil {
			return &UsageError{Err: err}
		}
	}
	if o.Namespace != "" {
		if err := android.ValidateNamespace(o.Namespace); err != nil {
			return &UsageError{Err: err}
		}
		if len(ids) == 0 {
			return usageErrorf("--namespace needs job IDs (see: bgkit trigger android jobs)")
		}
	}
	if o.User != "" {
		if err := android.ValidateUser(o.User); err != nil {
			return &UsageError{Err: err}
		}
	}
	if o.All && len(ids) > 0 {
		return usageErrorf("--all is for running every job of the library; with IDs, bgkit runs exactly those")
	}
	pkg, err := o.appPackage()
	if err != nil {
		return err
	}
	adb, err := o.device(ctx)
	if err != nil {
		return err
	}

	aw := o.watch.watcher(o.androidOptions, adb)
	var refs []android.JobRef
	var labels []string
	for _, id := range ids {
		refs = append(refs, android.JobRef{ID: id, Namespace: o.Namespace, User: o.User})
		labels = append(labels, "job "+id)
	}
	if len(ids) == 0 {
		refs, labels, err = adb.PickJobs(ctx, pkg, o.User, projectJobLibraries(o.f), o.All)
		if o.dry != nil {
			return o.listingDryRunDone(err)
		}
		if err != nil {
			return err
		}
	}
	since := aw.Since(ctx)
	ran, err := adb.RunJobs(ctx, pkg, refs, labels, o.progress())
	if o.dry != nil {
		if err == nil && ran.LastErr != nil {
			err = ran.LastErr // the dry run's answers run every job: a bad value failed
		}
		if err == nil {
			err = o.watch.run(ctx, o.androidOptions, aw, pkg, since)
		}
		return o.dryRunDone(err)
	}
	if err != nil {
		return err
	}
	runs := ran.Ran
	if o.JSON {
		if runs == nil {
			runs = []android.JobRun{}
		}
		failedIDs := ran.FailedIDs
		if failedIDs == nil {
			failedIDs = []int{}
		}
		if err := writeJSON(o.f, struct {
			Serial  string           `json:"serial"`
			Package string           `json:"package"`
			Ran     []android.JobRun `json:"ran"`
			Failed  []int            `json:"failed"`
		}{adb.Serial, pkg, runs, failedIDs}); err != nil {
			return err
		}
	} else {
		for _, run := range runs {
			fmt.Fprintln(o.f.IO.Out, jobRunText(pkg, adb.Serial, run))
		}
	}
	if err := jobsFailed(ran, len(refs)); err != nil {
		return err
	}
	return o.watch.run(ctx, o.androidOptions, aw, pkg, since)
}

// listingDryRunDone ends a dry run of jobs picked without IDs: what the
// listing holds decides the rest, unknown here, so only a bad value typed
// by the user fails it.
func (o *androidOptions) listingDryRunDone(err error) error {
	var invalid *android.InvalidArgError
	if !errors.As(err, &invalid) {
		err = nil
	}
	o.dryNotes = append(o.dryNotes, "without IDs, bgkit picks the job IDs from this listing and then runs `cmd jobscheduler run -f` for them; give IDs to see those commands")
	return o.dryRunDone(err)
}

// jobsFailed is the error (exit 1) of a run of n jobs some of which did
// not run, each said on stderr already; nil when all ran.
func jobsFailed(ran android.JobsRun, n int) error {
	failed := ran.Failed
	if len(failed) == 0 {
		return nil
	}
	if len(ran.Ran) == 0 {
		return &ExitError{Code: ExitFailed, Err: fmt.Errorf("none of the %d jobs ran (last error above: %v)", n, firstLine(ran.LastErr))}
	}
	return &ExitError{Code: ExitFailed, Err: fmt.Errorf("%d of %d jobs did not run: %s", len(failed), n, strings.Join(failed, ", "))}
}

func jobRunText(pkg, serial string, r android.JobRun) string {
	s := fmt.Sprintf("ran job %d", r.ID)
	if r.Namespace != "" {
		s += " (namespace " + r.Namespace + ")"
	}
	s += " of " + pkg + " on " + serial
	if r.Forced {
		s += " [forced]"
	}
	return s
}

func firstLine(err error) string {
	if err == nil {
		return ""
	}
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// projectJobLibraries maps the background libraries the project in the
// working folder (-C) declares to the job libraries they schedule through. It is
// a hint: without a readable project, every known library's jobs count.
func projectJobLibraries(f *Factory) []string {
	p, err := project.Detect(f.workDir())
	if err != nil || p == nil {
		return nil
	}
	return jobLibraries(p)
}

// jobLibraries maps the background libraries p declares to the job
// libraries they schedule through.
func jobLibraries(p *project.Project) []string {
	seen := map[string]bool{}
	var libs []string
	for _, l := range p.Libraries {
		if lib := android.LibraryForDependency(l.Name); lib != "" && !seen[lib] {
			seen[lib] = true
			libs = append(libs, lib)
		}
	}
	return libs
}
