package android

import (
	"context"
	"testing"
	"time"
)

// Android answers let each step go on: a job runs, Doze is entered, the
// diagnostics report appears.
func TestDryRunAnswers(t *testing.T) {
	ctx := context.Background()
	dry := NewDryRunner()
	a := &ADB{Runner: dry, Serial: "SERIAL"}
	if _, err := a.RunJob(ctx, "com.example.app", JobRef{ID: "7"}); err != nil {
		t.Errorf("job: %v", err)
	}
	if _, err := a.Doze(ctx, "on"); err != nil {
		t.Errorf("doze: %v", err)
	}
	if _, err := a.Boot(ctx, "com.example.app"); err != nil {
		t.Errorf("boot: %v", err)
	}
	if _, err := a.StandbyBucket(ctx, "com.example.app"); err != nil {
		t.Errorf("standby: %v", err)
	}
	if _, err := a.WorkDiagnostics(ctx, "com.example.app", DiagnosticsOptions{Wait: time.Second, Poll: time.Millisecond}); err != nil {
		t.Errorf("diagnostics: %v", err)
	}
	if n := len(dry.Ran); n != 8 {
		t.Errorf("ran %d commands:\n%s", n, dry.Script())
	}
}
