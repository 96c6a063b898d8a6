package cmdutil

import (
	"errors"
	"os"
	"syscall"
)

// CheckDir refuses a -C DIR that is no folder bgkit can work in (exit 2).
func CheckDir(dir string) error {
	if dir == "" {
		return nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		return UsageErrorf("-C %s: %v", dir, errors.Unwrap(err))
	}
	if !st.IsDir() {
		return UsageErrorf("-C %s: %v", dir, syscall.ENOTDIR)
	}
	// What chdir needs: search permission, which looking up DIR/. takes.
	if _, err := os.Stat(dir + string(os.PathSeparator) + "."); err != nil {
		return UsageErrorf("-C %s: %v", dir, errors.Unwrap(err))
	}
	return nil
}
