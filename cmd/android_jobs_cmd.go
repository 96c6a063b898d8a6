package cmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/trigger/android"
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
	pkg, s, err := o.appOnDevice(ctx, 0)
	if err != nil {
		return err
	}
	jobs, err := s.ADB.Jobs(ctx, pkg)
	if err != nil || s.DryRun {
		return o.done(err)
	}
	if o.JSON {
		return cmdutil.WriteJSON(o.f, struct {
			Serial  string        `json:"serial"`
			Package string        `json:"package"`
			Jobs    []android.Job `json:"jobs"`
		}{s.ADB.Serial, pkg, jobs})
	}
	if len(jobs) == 0 {
		fmt.Fprintf(o.f.IO.ErrOut, "%s has no scheduled jobs on %s. Jobs exist once the app has scheduled its background work: open the app, then list again.\n", pkg, s.ADB.Serial)
		return nil
	}
	android.WriteJobsTable(o.f.IO.Out, jobs)
	fmt.Fprintln(o.f.IO.ErrOut, "Run one now with: bgkit trigger android job ID")
	return nil
}
