//go:build unix

package trigger

import (
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// setProcessGroup puts the child in its own process group, so everything it
// starts can be ended together, and makes cancellation (a timeout, Ctrl-C,
// SIGTERM, SIGHUP) ask the whole group to stop with SIGTERM first; see
// endProcessGroup for the rest.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	}
}

// groupGrace is how long a cancelled group has to end after SIGTERM before
// bgkit kills it.
const groupGrace = 500 * time.Millisecond

// endProcessGroup, after a cancelled child was waited for, gives what is
// left of its group a moment to end and then kills it, so no helper the
// program started outlives bgkit.
func endProcessGroup(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	pgid := cmd.Process.Pid
	for deadline := time.Now().Add(groupGrace); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if syscall.Kill(-pgid, 0) == syscall.ESRCH {
			return
		}
	}
	syscall.Kill(-pgid, syscall.SIGKILL)
}

var running struct {
	sync.Mutex
	groups map[int]bool
}

// startTracked starts cmd and remembers its group for KillRunning.
func startTracked(cmd *exec.Cmd) error {
	running.Lock()
	defer running.Unlock()
	if err := cmd.Start(); err != nil {
		return err
	}
	if running.groups == nil {
		running.groups = map[int]bool{}
	}
	running.groups[cmd.Process.Pid] = true
	return nil
}

func untrack(cmd *exec.Cmd) {
	running.Lock()
	delete(running.groups, cmd.Process.Pid)
	running.Unlock()
}

// KillRunning kills the process group of every program still running. bgkit
// calls it when it must exit at once (a second Ctrl-C).
func KillRunning() {
	running.Lock()
	defer running.Unlock()
	for pgid := range running.groups {
		syscall.Kill(-pgid, syscall.SIGKILL)
	}
}
