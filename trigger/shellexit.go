package trigger

import (
	"fmt"
	"strconv"
	"strings"
)

// shellExitEcho ends every shell command line bgkit sends to a device: after
// the command, the device's shell prints ShellExitMarker and the command's
// exit status. adb exits 0 when a device's answer ends without an exit
// status (the connection dropped, adbd died): without the marker, a job
// listing cut in the middle would look complete and a key press that never
// happened would look done. The marker is also the only exit status old
// devices (no shell protocol v2) report. Dry runs print it, so the commands
// shown are the ones run.
var shellExitEcho = []string{";", "echo", ShellExitMarker + "$?"}

// ShellExitMarker precedes the exit status the device's shell prints after
// each command bgkit runs there.
const ShellExitMarker = "__bgkit_exit:"

// MarkShell is a device shell's command line args followed by the
// exit-status echo (see IsMarkedShell).
func MarkShell(args []string) []string {
	return append(args, shellExitEcho...)
}

// IsMarkedShell reports whether c is a command line built by MarkShell,
// which ends with the exit-status echo.
func IsMarkedShell(c Cmd) bool {
	n := len(c.Args)
	if n < len(shellExitEcho) {
		return false
	}
	for i, w := range shellExitEcho {
		if c.Args[n-len(shellExitEcho)+i] != w {
			return false
		}
	}
	return true
}

// UnmarkShell is c without the exit-status echo, for messages.
func UnmarkShell(c Cmd) Cmd {
	if IsMarkedShell(c) {
		c.Args = c.Args[:len(c.Args)-len(shellExitEcho)]
	}
	return c
}

// SplitShellExit finds the exit-status line at the end of a marked shell
// command's stdout: it returns the output before it and the status, or ok
// false when the answer has no such line (it was cut).
func SplitShellExit(stdout []byte) (out []byte, code int, ok bool) {
	s := string(stdout)
	i := strings.LastIndex(s, ShellExitMarker)
	if i < 0 {
		return stdout, 0, false
	}
	rest := s[i+len(ShellExitMarker):]
	if strings.HasSuffix(rest, "\r\n") { // the old shell's pty
		rest = rest[:len(rest)-2]
	} else {
		rest = strings.TrimSuffix(rest, "\n")
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 0 || n > 255 || rest != strconv.Itoa(n) {
		return stdout, 0, false
	}
	return stdout[:i], n, true
}

// withShellExit is res as a device's shell answers a marked command (see
// IsMarkedShell): its stdout followed by the exit-status line. Runners that
// answer instead of running (dry runs, test stubs) use it.
func withShellExit(c Cmd, res Result) Result {
	if IsMarkedShell(c) {
		res.Stdout = fmt.Appendf(append([]byte(nil), res.Stdout...), "%s%d\n", ShellExitMarker, res.ExitCode&0xff)
	}
	return res
}
