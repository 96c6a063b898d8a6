package trigger

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
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

// unquoteShellWord reads back one word ShellQuote wrote, as a POSIX shell
// would; ok is false when the word holds anything a shell would act on.
func unquoteShellWord(w string) (string, bool) {
	var b []byte
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c == '\'':
			end := strings.IndexByte(w[i+1:], '\'')
			if end < 0 {
				return "", false
			}
			b = append(b, w[i+1:i+1+end]...)
			i += end + 1
		case c == '\\' && i+1 < len(w):
			b = append(b, w[i+1])
			i++
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("-_./:=@%+,", c) >= 0:
			b = append(b, c)
		default:
			return "", false
		}
	}
	return string(b), true
}

// FuzzShellQuote: every word bgkit sends through `adb shell` reads back as
// exactly itself, with nothing a shell would expand or split.
func FuzzShellQuote(f *testing.F) {
	for _, s := range []string{"", "com.acme.tides", "it's", "''", "a b", "x;reboot", "$(id)", "`id`", "a\nb", "-n", "*", "~root", "a\\b", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ShellQuote(s)
		got, ok := unquoteShellWord(q)
		if !ok || got != s {
			t.Fatalf("ShellQuote(%q) = %s reads back as %q (ok %v)", s, q, got, ok)
		}
		if s == "" && q != "''" {
			t.Fatalf("the empty word must stay a word, got %s", q)
		}
	})
}

// TestShellQuoteThroughARealShell hands hostile words to /bin/sh, as adb
// hands them to the device's shell, and checks each arrives unchanged.
func TestShellQuoteThroughARealShell(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh on PATH")
	}
	words := []string{"com.acme.tides", "it's", "a b", "x;reboot", "$(touch pwned)", "`touch pwned`", "a\nb", "-n", "*", "~", "a\\b", "$HOME", "'", "\"", "", "{a,b}", "a&&b|c>d"}
	var line []string
	for _, w := range words {
		line = append(line, ShellQuote(w))
	}
	dir := t.TempDir()
	// adb shell joins its words with spaces into one command line, like this.
	cmd := exec.Command(sh, "-c", `printf '%s\0' `+strings.Join(line, " "))
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if !reflect.DeepEqual(got, words) {
		t.Fatalf("the shell read %q, want %q", got, words)
	}
	if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
		t.Fatal("a quoted word ran a command")
	}
}

// A program that prints without end is stopped once it passes MaxOutput;
// bgkit's memory stays bounded and the error says why.
func TestExecRunnerBoundsStdout(t *testing.T) {
	if _, err := exec.LookPath("yes"); err != nil {
		t.Skip("no yes(1) here")
	}
	start := time.Now()
	res, err := ExecRunner{}.Run(context.Background(), Cmd{Name: "yes", Timeout: 20 * time.Second})
	if err == nil || !strings.Contains(err.Error(), "printed more than 32 MiB; bgkit stopped it") {
		t.Fatalf("err = %v", err)
	}
	if len(res.Stdout) > MaxOutput {
		t.Fatalf("kept %d bytes of output", len(res.Stdout))
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Fatalf("took %v", d)
	}
}

// Standard error keeps its end, where the reason for a failure is.
func TestExecRunnerKeepsTheTailOfStderr(t *testing.T) {
	res, err := ExecRunner{}.Run(context.Background(), Cmd{Name: "sh", Args: []string{"-c", "head -c 1000000 /dev/zero | tr '\\0' x >&2; echo; echo the reason >&2; exit 3"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stderr) > maxErrTail+16 || !strings.HasSuffix(string(res.Stderr), "the reason\n") || !strings.HasPrefix(string(res.Stderr), "[...] ") {
		t.Fatalf("stderr: %d bytes, ends %q", len(res.Stderr), res.Stderr[max(0, len(res.Stderr)-20):])
	}
	if res.ExitCode != 3 {
		t.Fatalf("exit %d", res.ExitCode)
	}
	if tail := ErrorTail(string(res.Stderr)); len(tail) > 4<<10+8 || !strings.HasSuffix(tail, "the reason\n") {
		t.Fatalf("ErrorTail: %d bytes", len(tail))
	}
}

// FuzzOutputBuffers: the tail buffer keeps exactly the last bytes, and the
// capped buffer keeps a prefix and never grows past its cap, however the
// output is cut into writes.
func FuzzOutputBuffers(f *testing.F) {
	f.Add([]byte("error: device offline\n"), uint8(3), uint8(8))
	f.Add(bytes.Repeat([]byte("x"), 300), uint8(17), uint8(64))
	f.Fuzz(func(t *testing.T, out []byte, step, limit uint8) {
		n, m := int(step)%32+1, int(limit)+1
		tail := &tailBuffer{max: m}
		capped := &capBuffer{max: m, full: func() {}}
		failed := false
		for i := 0; i < len(out); i += n {
			chunk := out[i:min(i+n, len(out))]
			if w, err := tail.Write(chunk); w != len(chunk) || err != nil {
				t.Fatalf("tail write: %d, %v", w, err)
			}
			if _, err := capped.Write(chunk); err != nil {
				failed = true
			}
		}
		want := out[max(0, len(out)-m):]
		got := tail.Bytes()
		if len(out) > m {
			if !bytes.HasPrefix(got, []byte("[...] ")) || !bytes.Equal(got[6:], want) {
				t.Fatalf("tail %q, want [...] %q", got, want)
			}
		} else if !bytes.Equal(got, out) {
			t.Fatalf("tail %q, want %q", got, out)
		}
		if c := capped.Bytes(); len(c) > m || !bytes.HasPrefix(out, c) || failed != (len(out) > m) || !failed && !bytes.Equal(c, out) {
			t.Fatalf("capped %q of %q (cap %d, failed %v)", c, out, m, failed)
		}
	})
}
