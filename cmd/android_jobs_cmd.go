package cmd

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/bgkit/bgkit/trigger/android"
	"github.com/spf13/cobra"
)

type androidJobsOptions struct {
	*androidOptions
	JSON bool
}

func newAndroidJobsCmd(o *androidOptions) *cobra.Command {
	opts := &androidJobsOptions{androidOptions: o}
	c := &cobra.Command{
		Use:   "jobs",
		Short: "List the app's scheduled JobScheduler jobs and which library owns each",
		Long: `List the jobs JobScheduler holds for the app, from adb shell dumpsys jobscheduler:
their id, namespace (WorkManager 2.10+ uses androidx.work.systemjobscheduler on
Android 14+), the library that owns them, and their constraints and whether
they are met. "bgkit trigger android job ID" runs one now.

Libraries: workmanager (expo-background-task, @capacitor/background-runner,
Flutter workmanager, androidx.work), background-fetch (react-native-background-fetch,
Flutter background_fetch; job 999 is the fetch task), expo-task-manager
(expo-background-fetch).`,
		Example: `  bgkit trigger android jobs
  bgkit trigger android jobs --package com.example.app --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAndroidJobs(cmd.Context(), opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print the jobs as JSON")
	return c
}

func runAndroidJobs(ctx context.Context, o *androidJobsOptions) error {
	pkg, adb, err := o.appOnDevice(ctx)
	if err != nil {
		return err
	}
	jobs, err := adb.Jobs(ctx, pkg)
	if o.dry != nil {
		return o.dryRunDone(err)
	}
	if err != nil {
		return err
	}
	if o.JSON {
		return writeJSON(o.f, struct {
			Serial  string        `json:"serial"`
			Package string        `json:"package"`
			Jobs    []android.Job `json:"jobs"`
		}{adb.Serial, pkg, jobs})
	}
	if len(jobs) == 0 {
		fmt.Fprintf(o.f.IO.ErrOut, "%s has no scheduled jobs on %s. Jobs exist once the app has scheduled its background work: open the app, then list again.\n", pkg, adb.Serial)
		return nil
	}
	tw := tabwriter.NewWriter(o.f.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAMESPACE\tLIBRARY\tCONSTRAINTS\tREADY\tSERVICE")
	for _, j := range jobs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", j.ID, orDash(j.Namespace), orDash(j.Library), constraintsText(j), readyText(j.Ready), serviceText(j))
	}
	tw.Flush()
	fmt.Fprintln(o.f.IO.ErrOut, "Run one now with: bgkit trigger android job ID")
	return nil
}

func constraintsText(j android.Job) string {
	if len(j.Required) == 0 && len(j.Unsatisfied) == 0 {
		return "none"
	}
	if j.ConstraintsMet {
		return "met"
	}
	return "waiting: " + strings.Join(j.Unsatisfied, ",")
}

func readyText(b *bool) string {
	switch {
	case b == nil:
		return "?"
	case *b:
		return "yes"
	}
	return "no"
}

func serviceText(j android.Job) string {
	s := j.Service
	if i := strings.LastIndex(s, "."); i >= 0 && j.Library != "" {
		s = s[i+1:]
	}
	if j.Tag != "" {
		s += " (" + j.Tag + ")"
	}
	if j.Library == android.LibBackgroundFetch {
		if j.ID == android.BackgroundFetchJobID {
			s += " (fetch task)"
		} else {
			s += " (scheduleTask)"
		}
	}
	return s
}
