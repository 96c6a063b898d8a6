//go:build !unix

package trigger

import "os/exec"

func setProcessGroup(cmd *exec.Cmd) {}

func endProcessGroup(cmd *exec.Cmd) {}

func startTracked(cmd *exec.Cmd) error { return cmd.Start() }

func untrack(cmd *exec.Cmd) {}

// KillRunning does nothing where there are no process groups.
func KillRunning() {}
