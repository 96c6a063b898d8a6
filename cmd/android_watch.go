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

	"github.com/bgkit/bgkit/internal/cmdutil"
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
		return cmdutil.UsageErrorf("--watch must be a positive duration, such as --watch=2m")
	}
	for _, a := range args {
		if _, err := time.ParseDuration(a); err == nil && w.Duration > 0 && strings.ContainsAny(a, "hmnsuµ") {
			return cmdutil.UsageErrorf("%q looks like the --watch duration: write it as --watch=%s", a, a)
		}
	}
	return nil
}

// watchApp streams the app's log after the trigger (see
// android.Session.WatchApp) and prints the verdict. It returns cmdutil.ErrNo (exit
// 1) when no job was seen finishing well. A dry run records the watch's
// commands and says how a real run fills them in.
func (o *androidOptions) watchApp(ctx context.Context, s *android.Session, pkg, since string) error {
	if s.Watch == 0 {
		return nil
	}
	if s.DryRun {
		s.Notes = append(s.Notes, "--watch starts logcat at the device time read first (-T SECONDS.0), and filters by the app's pid (--pid=PID) instead of the tags when the app runs")
	}
	sigCtx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	v, err := s.WatchApp(sigCtx, pkg, since)
	if err != nil || v == nil {
		return err
	}
	fmt.Fprintln(o.f.IO.Out, v.String())
	if !v.OK() {
		return cmdutil.ErrNo
	}
	return nil
}
