//go:build unix

package cmd

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/bgkit/bgkit/internal/cmdutil"
)

// TestOutputToAPipeOrLink: --output to something that is not a regular file
// (a FIFO here, as /dev/null or a shell's process substitution would be) is
// written to in place, never renamed over; a symbolic link keeps being a
// link to the report it names.
func TestOutputToAPipeOrLink(t *testing.T) {
	t.Parallel()
	example := filepath.Join("..", "examples", "expo-background-task")
	dir := t.TempDir()

	fifo := filepath.Join(dir, "report.pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	// The reading end is open before bgkit runs (non-blocking, so opening
	// it does not wait for a writer), and the report fits the pipe's buffer:
	// nothing here can hang, whatever bgkit does with the path.
	reader, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()

	real := filepath.Join(dir, "real.sarif")
	link := filepath.Join(dir, "link.sarif")
	if err := os.Symlink("real.sarif", link); err != nil {
		t.Fatal(err)
	}

	code, _, errOut := runDoctorArgs(t, false, true, example, "--output", "json="+fifo, "--output", "sarif="+link)
	if code != cmdutil.ExitNo {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, cmdutil.ExitNo, errOut)
	}
	report, _ := io.ReadAll(reader)
	if !strings.Contains(string(report), `"findings"`) {
		t.Errorf("the FIFO's reader got %q, want the JSON report", report)
	}
	info, err := os.Lstat(fifo)
	if err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("%s is no longer a FIFO (%v, %v)", fifo, info.Mode(), err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("%s is no longer a symbolic link (%v)", link, err)
	}
	if b, err := os.ReadFile(real); err != nil || !strings.Contains(string(b), `"version": "2.1.0"`) {
		t.Errorf("%s does not hold the SARIF report (%v)", real, err)
	}
}
