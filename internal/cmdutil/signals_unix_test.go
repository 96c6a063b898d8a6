//go:build unix

package cmdutil

import (
	"context"
	"errors"
	"syscall"
	"testing"
)

// TestUntilInterrupted: Ctrl-C cancels the trigger's context and the run
// ends with a plain "interrupted"; other errors pass through.
func TestUntilInterrupted(t *testing.T) {
	err := UntilInterrupted(context.Background(), func(ctx context.Context) error {
		if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		<-ctx.Done()
		return ctx.Err()
	})
	if err == nil || err.Error() != "interrupted" {
		t.Errorf("after Ctrl-C: %v, want interrupted", err)
	}
	failed := errors.New("no simulator")
	if err := UntilInterrupted(context.Background(), func(context.Context) error { return failed }); err != failed {
		t.Errorf("a run's own error: %v", err)
	}
}
