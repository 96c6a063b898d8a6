//go:build unix

package trigger

import (
	"os/exec"
	"syscall"
)

// setProcessGroup puts the child in its own process group and makes
// cancellation kill the whole group: a wedged simctl or adb can ignore
// SIGTERM and leave helpers behind.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
