//go:build !unix

package trigger

import "os/exec"

func setProcessGroup(cmd *exec.Cmd) {}
