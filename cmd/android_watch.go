package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/trigger"
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

// since reads the device clock before the trigger, so the log starts at the
// trigger and older "finished" lines cannot fake a verdict.
func (w *androidWatch) since(ctx context.Context, adb *trigger.ADB) string {
	if w.Duration == 0 {
		return ""
	}
	s, err := adb.DeviceTime(ctx)
	if err != nil {
		return ""
	}
	return s
}

// run streams the log after the trigger and prints the verdict. It returns
// errNo (exit 1) when no job was seen finishing well.
func (w *androidWatch) run(ctx context.Context, f *Factory, adb *trigger.ADB, pkg, since string) error {
	pid, err := adb.AppPID(ctx, pkg)
	if err != nil {
		return err
	}
	if pid > 0 {
		fmt.Fprintf(f.IO.ErrOut, "watching the log of %s (pid %d) for %s; Ctrl-C stops\n", pkg, pid, w.Duration)
	} else {
		fmt.Fprintf(f.IO.ErrOut, "%s is not running (or the device has no pidof); watching the tags %s for %s; Ctrl-C stops\n",
			pkg, strings.Join(trigger.WatchTags, ", "), w.Duration)
	}
	sigCtx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	streamCtx, cancel := context.WithTimeout(sigCtx, w.Duration)
	defer cancel()
	lw := &trigger.LogWatcher{W: f.IO.Out}
	start := time.Now()
	err = adb.StreamLog(streamCtx, adb.LogcatCmd(pid, since), lw)
	var ae *trigger.ADBError
	if errors.As(err, &ae) && since != "" && streamCtx.Err() == nil {
		// Older logcat may not take a start time in seconds: follow new
		// lines only rather than give up.
		fmt.Fprintf(f.IO.ErrOut, "note: logcat refused to start at the trigger time (%s); following new lines only\n", firstLine(ae))
		err = adb.StreamLog(streamCtx, adb.LogcatCmd(pid, ""), lw)
	}
	elapsed := time.Since(start).Round(time.Second)
	if elapsed > w.Duration {
		elapsed = w.Duration
	}
	if err != nil {
		return err
	}
	v := lw.Verdict(elapsed)
	fmt.Fprintln(f.IO.Out, v.String())
	if !v.OK() {
		return errNo
	}
	return nil
}

// dryRunBefore shows what --watch runs before the trigger: it reads the
// device clock, so the log starts at the trigger.
func (w *androidWatch) dryRunBefore(o *androidOptions, adb *trigger.ADB) {
	if w.Duration > 0 {
		o.printDryRun(adb.DeviceTimeCmd())
	}
}

// dryRunAfter shows what --watch runs after the trigger.
func (w *androidWatch) dryRunAfter(o *androidOptions, adb *trigger.ADB, pkg string) {
	if w.Duration == 0 {
		return
	}
	pidof, _ := adb.PidofCmd(pkg)
	o.printDryRun(pidof, adb.LogcatCmd(0, ""))
	fmt.Fprintf(o.f.IO.ErrOut, "note: --watch starts logcat at the device time read first (-T SECONDS.0), and filters by the app's pid (--pid=PID) instead of the tags when the app runs\n")
}
