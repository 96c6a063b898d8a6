package cmdutil

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"github.com/bgkit/bgkit/trigger"
)

// WithSignals returns a context cancelled by SIGINT, SIGTERM or SIGHUP and
// a function telling which one came first (0 for none).
func WithSignals(parent context.Context) (context.Context, func() syscall.Signal, func()) {
	ctx, cancel := context.WithCancel(parent)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	var first atomic.Int32
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-ch:
				sig := s.(syscall.Signal)
				if !first.CompareAndSwap(0, int32(sig)) {
					trigger.KillRunning()
					os.Exit(128 + int(first.Load()))
				}
				cancel()
			case <-done:
				return
			}
		}
	}()
	stop := func() {
		signal.Stop(ch)
		close(done)
		cancel()
	}
	return ctx, func() syscall.Signal { return syscall.Signal(first.Load()) }, stop
}

// UntilInterrupted runs a trigger in a context Ctrl-C cancels, so a --watch
// stream ends cleanly instead of killing bgkit mid-output; the cancellation
// Ctrl-C causes becomes a plain "interrupted".
func UntilInterrupted(ctx context.Context, run func(context.Context) error) error {
	ctx, cancel := signal.NotifyContext(ctx, os.Interrupt)
	defer cancel()
	err := run(ctx)
	if err != nil && ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return errors.New("interrupted")
	}
	return err
}
