package trigger

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"com.example.app": "com.example.app",
		"-359368280":      "-359368280",
		"":                "''",
		"a b":             "'a b'",
		"x;reboot":        "'x;reboot'",
		"it's":            `'it'\''s'`,
		"$(id)":           "'$(id)'",
	} {
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

func writeScript(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "tool")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExecRunnerExitCodeAndStreams(t *testing.T) {
	p := writeScript(t, "echo out; echo err >&2; exit 3\n")
	res, err := ExecRunner{}.Run(context.Background(), Cmd{Name: p})
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != 3 || string(res.Stdout) != "out\n" || string(res.Stderr) != "err\n" {
		t.Fatalf("got %+v", res)
	}
}

func TestExecRunnerTimeoutKillsGroup(t *testing.T) {
	p := writeScript(t, "sleep 30 & sleep 30\n")
	start := time.Now()
	_, err := ExecRunner{}.Run(context.Background(), Cmd{Name: p, Timeout: 200 * time.Millisecond})
	var te *TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want TimeoutError", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Run took %v after a 200ms timeout", d)
	}
}

func TestExecRunnerDoesNotWaitForInheritedPipes(t *testing.T) {
	// Like adb's first call: a daemon keeps our stdout open after exit.
	p := writeScript(t, "echo started; (sleep 20 >&1 2>&2 &) ; exit 0\n")
	start := time.Now()
	res, err := ExecRunner{}.Run(context.Background(), Cmd{Name: p})
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != 0 || string(res.Stdout) != "started\n" {
		t.Fatalf("got %+v", res)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Run waited %v for a daemon's pipe", d)
	}
}

func TestExecRunnerMissingTool(t *testing.T) {
	_, err := ExecRunner{}.Run(context.Background(), Cmd{Name: "bgkit-no-such-tool"})
	var nf *ToolNotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("err = %v, want ToolNotFoundError", err)
	}
}
