package cmd

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/iostreams"
)

func runDoctorArgs(t *testing.T, tty, noColor bool, args ...string) (int, string, string) {
	t.Helper()
	io, _, out, errOut := iostreams.Test()
	io.SetTTY(tty)
	io.SetNoColor(noColor)
	code := Run(&cmdutil.Factory{IO: io}, append([]string{"doctor"}, args...))
	return code, out.String(), errOut.String()
}

// TestDoctorStreams: colour only on a terminal without NO_COLOR; plain
// lines otherwise; results on stdout, nothing on stderr.
func TestDoctorStreams(t *testing.T) {
	t.Parallel()
	example := filepath.Join("..", "examples", "expo-background-task")
	tests := []struct {
		name         string
		tty, noColor bool
		wantANSI     bool
	}{
		{"terminal", true, false, true},
		{"terminal with NO_COLOR", true, true, false},
		{"pipe", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runDoctorArgs(t, tt.tty, tt.noColor, example)
			if code != cmdutil.ExitNo {
				t.Errorf("exit %d, want %d", code, cmdutil.ExitNo)
			}
			if errOut != "" {
				t.Errorf("stderr = %q", errOut)
			}
			if got := strings.Contains(out, "\x1b["); got != tt.wantANSI {
				t.Errorf("ANSI escapes = %v, want %v:\n%s", got, tt.wantANSI, out)
			}
			if !strings.Contains(out, "expo-plugin-missing") || !strings.Contains(out, "4 errors") {
				t.Errorf("output lacks the findings or the summary:\n%s", out)
			}
		})
	}
	// Machine formats never carry colour, even on a terminal.
	for _, format := range []string{"json", "sarif", "github", "gcc"} {
		code, out, _ := runDoctorArgs(t, true, false, "--format", format, example)
		if code != cmdutil.ExitNo || strings.Contains(out, "\x1b[") || out == "" {
			t.Errorf("--format %s: exit %d, output:\n%s", format, code, out)
		}
	}
}

func TestDoctorExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want int
	}{
		{[]string{filepath.Join("..", "examples", "native-clean")}, cmdutil.ExitOK},
		{[]string{filepath.Join("..", "examples", "rn-background-fetch")}, cmdutil.ExitNo},
		{[]string{"--skip", "ios-identifier-missing,ios-mode-missing,android-exported-missing", filepath.Join("..", "examples", "rn-background-fetch")}, cmdutil.ExitOK},
		{[]string{"--strict", "--skip", "ios-identifier-missing,ios-mode-missing,android-exported-missing", filepath.Join("..", "examples", "rn-background-fetch")}, cmdutil.ExitNo},
		{[]string{"--rule", "nope"}, cmdutil.ExitFailed},
		{[]string{"--format", "xml"}, cmdutil.ExitFailed},
		{[]string{filepath.Join("..", "examples", "does-not-exist")}, cmdutil.ExitFailed},
		{[]string{"--list-rules"}, cmdutil.ExitOK},
	}
	for _, tt := range tests {
		if code, out, errOut := runDoctorArgs(t, false, false, tt.args...); code != tt.want {
			t.Errorf("doctor %v: exit %d, want %d\n%s%s", tt.args, code, tt.want, out, errOut)
		}
	}
}

func TestDoctorHelpHasExamples(t *testing.T) {
	t.Parallel()
	c := newDoctorCmd(&cmdutil.Factory{})
	if !strings.Contains(c.Example, "bgkit doctor --format sarif") || !strings.Contains(c.Long, "Exit codes:") {
		t.Errorf("help lacks examples or exit codes")
	}
}
