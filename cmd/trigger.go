package cmd

import (
	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/cmdutil"
)

func newTriggerCmd(f *cmdutil.Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "trigger",
		Short: "Make background work run now on a simulator, emulator or device",
		Long: `Make background work run now, and show what happened.

  android  force the app's JobScheduler/WorkManager jobs with adb, send
           BOOT_COMPLETED, drive Doze and App Standby, read WorkManager's report
  ios      send a silent push to a booted simulator, background the app, or
           simulate a BGTaskScheduler launch through lldb (devices only)
  fetch    do the right thing for the project's background library on the
           devices present, and say what it did and why

Every trigger takes --dry-run, which prints the exact commands and runs none.`,
		Example: `  bgkit trigger fetch --watch
  bgkit trigger android job --watch
  bgkit trigger android jobs --json
  bgkit trigger ios push --data kind=sync
  bgkit trigger ios task com.example.app.refresh --print`,
	}
	c.AddCommand(newTriggerAndroidCmd(f), newTriggerIOSCmd(f), newTriggerFetchCmd(f, nil))
	return c
}
