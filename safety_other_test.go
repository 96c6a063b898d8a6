//go:build !unix

package main

import (
	"errors"
	"os"
	"os/exec"
	"testing"
)

// mkfifo: no named pipes here; the tests that need one skip.
func mkfifo(string) error { return errors.ErrUnsupported }

// maxRSS: no resource usage to read here.
func maxRSS(*os.ProcessState) (int64, bool) { return 0, false }

// runAs: no switching users here.
func runAs(t *testing.T, _ *exec.Cmd, _, _ uint32) {
	t.Helper()
	t.Skip("cannot run a command as another user here")
}

// alive reports whether pid is a process the system still knows.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
