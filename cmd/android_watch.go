package cmd

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/android"
)

// androidWatch is --watch[=DURATION] on the commands that start work.
type androidWatch struct {
	Duration time.Duration // 0: do not watch
}

func (w *androidWatch) register(c *cobra.Command) {
	c.Flags().DurationVar(&w.Duration, "watch", 0,
		"after the trigger, stream the app's log for `DURATION` (default 2m; Ctrl-C stops) and end with a verdict; write --watch=30s, with =")
	c.Flags().Lookup("watch").NoOptDefVal = trigger.DefaultWatch.String()
}

func (w *androidWatch) check(args []string) error {
	if w.Duration < 0 {
		return usageErrorf("--watch must be a positive duration, such as --watch=2m")
	}
	for _, a := range args {
		if _, err := time.ParseDuration(a); err == nil && w.Duration > 0 && strings.ContainsAny(a, "hmnsuµ") {
			return usageErrorf("%q looks like the --watch duration: write it as --watch=%s", a, a)
		}
	}
	return nil
}

// watcher is the --watch of a trigger on adb's device.
func (w *androidWatch) watcher(o *androidOptions, adb *android.ADB) *android.Watcher {
	return &android.Watcher{ADB: adb, Duration: w.Duration, Log: o.f.IO.Out, Progress: o.progress()}
}

// run streams the log after the trigger and prints the verdict. It returns
// errNo (exit 1) when no job was seen finishing well. A dry run records
// the watch's commands and says how a real run fills them in.
func (w *androidWatch) run(ctx context.Context, o *androidOptions, aw *android.Watcher, pkg, since string) error {
	if w.Duration == 0 {
		return nil
	}
	sigCtx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	v, err := aw.Watch(sigCtx, pkg, since)
	if o.dry != nil {
		o.dryNotes = append(o.dryNotes, "--watch starts logcat at the device time read first (-T SECONDS.0), and filters by the app's pid (--pid=PID) instead of the tags when the app runs")
		return err
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(o.f.IO.Out, v.String())
	if !v.OK() {
		return errNo
	}
	return nil
}
