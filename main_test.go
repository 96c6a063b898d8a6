package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/creack/pty"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/bgkit/bgkit/cmd"
	"github.com/bgkit/bgkit/internal/fakecmd"
	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar")

func TestMain(m *testing.M) {
	// A fake device's shell runs this binary as cmd, dumpsys, am, ...
	if name := fakeadbdStub(); name != "" {
		os.Exit(fakeadbdStubMain(name))
	}
	if strings.HasSuffix(os.Args[0], ".test") {
		// The test binary itself, not one of the programs below.
		testutil.AnnounceMissingCorpus()
	}
	testscript.Main(m, map[string]func(){
		"bgkit": func() {
			outsideWriter(os.Getenv("BGKIT_TEST_OUTSIDE_WRITE"))
			os.Exit(cmd.Main())
		},
		// Stand-ins for the real tools; see internal/fakecmd.
		"adb":   func() { os.Exit(fakecmd.Main("adb")) },
		"xcrun": func() { os.Exit(fakecmd.Main("xcrun")) },
	})
}

// outsideWriterMark is what the outside writer of outsideWriter appends.
const outsideWriterMark = "<!-- saved by an editor -->\n"

// outsideWriter makes the bgkit of a test behave as if an editor saved the
// file it edits between bgkit's read and its write: in place ("inplace") or
// by renaming a new file over it ("rename"), ignoring bgkit's lock as an
// editor does.
func outsideWriter(how string) {
	if how == "" {
		return
	}
	fsutil.BeforeRecheck = func(target string) {
		data, err := os.ReadFile(target)
		if err != nil {
			panic(err)
		}
		data = append(data, outsideWriterMark...)
		switch how {
		case "inplace":
			err = os.WriteFile(target, data, 0o644)
		case "rename":
			tmp := target + "~"
			if err = os.WriteFile(tmp, data, 0o644); err == nil {
				err = os.Rename(tmp, target)
			}
		default:
			panic("BGKIT_TEST_OUTSIDE_WRITE: inplace or rename, not " + how)
		}
		if err != nil {
			panic(err)
		}
	}
}

// TestScripts runs the end-to-end scripts in testdata/script. Each script
// holds its input files, the bgkit commands, and the expected output, exit
// codes and files. Fake adb and xcrun programs are on PATH; the real ones
// never are (see TestRealADB for the real client).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exit":       cmdExit,
			"ttyexec":    cmdTTYExec,
			"repocopy":   cmdRepoCopy,
			"dryrun-ran": cmdDryRunRan,
		},
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "")
			env.Setenv("ANDROID_SERIAL", "")
			return nil
		},
	})
}

// cmdExit runs a program and asserts its exact exit status, which plain
// "exec" and "! exec" cannot: bgkit's exit codes 1 and 2 mean different
// things. Usage: exit N program [args...]. Output is kept for stdout/stderr.
func cmdExit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exit N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exit: %q is not a number", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("exit: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// cmdTTYExec runs a program on a pseudo-terminal (stdin, stdout and stderr
// are its tty, as in an interactive shell) and keeps what it printed as
// stdout, with the tty's \r\n turned back into \n. -unset=NAME removes a
// variable from its environment (the scripts set NO_COLOR).
// Usage: ttyexec [-unset=NAME]... program [args...]
func cmdTTYExec(ts *testscript.TestScript, neg bool, args []string) {
	unset := map[string]bool{}
	for len(args) > 0 && strings.HasPrefix(args[0], "-unset=") {
		unset[strings.TrimPrefix(args[0], "-unset=")] = true
		args = args[1:]
	}
	if len(args) == 0 {
		ts.Fatalf("usage: ttyexec [-unset=NAME]... program [args...]")
	}
	prog := args[0]
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		if p := filepath.Join(dir, args[0]); fileExists(p) {
			prog = p
			break
		}
	}
	c := exec.Command(prog, args[1:]...)
	c.Dir = ts.MkAbs(".")
	c.Env = []string{"TERM=xterm-256color"}
	for _, k := range []string{"PATH", "HOME", "TMPDIR", "WORK", "NO_COLOR", "ANDROID_SERIAL", "FAKE_DIR"} {
		if unset[k] {
			continue
		}
		if v, ok := lookupTSEnv(ts, k); ok {
			c.Env = append(c.Env, k+"="+v)
		}
	}
	f, err := pty.StartWithSize(c, &pty.Winsize{Rows: 40, Cols: 120})
	if err != nil {
		ts.Fatalf("ttyexec: %v", err)
	}
	out, _ := io.ReadAll(f) // ends with EIO once the program exits
	f.Close()
	err = c.Wait()
	w := ts.Stdout()
	w.Write(bytes.ReplaceAll(out, []byte("\r\n"), []byte("\n")))
	if err != nil && !neg {
		ts.Fatalf("ttyexec %s: %v\n%s", args[0], err, out)
	}
	if err == nil && neg {
		ts.Fatalf("ttyexec %s: unexpected success", args[0])
	}
}

// lookupTSEnv tells a variable the script set to "" from one it never set,
// which ts.Getenv cannot: the scripts' Setup sets NO_COLOR to "".
func lookupTSEnv(ts *testscript.TestScript, key string) (string, bool) {
	v := ts.Getenv(key)
	if v != "" || key == "NO_COLOR" {
		return v, true
	}
	return "", false
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// cmdRepoCopy copies this repository's examples into $WORK/DIR/examples
// and commits them to a new git repository there, so a script can run the
// README's set-up commands and then ask git whether anything changed.
// Usage: repocopy DIR
func cmdRepoCopy(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: repocopy DIR")
	}
	dst := ts.MkAbs(args[0])
	err := filepath.WalkDir("examples", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dst, path)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		ts.Fatalf("repocopy: %v", err)
	}
	for _, a := range [][]string{
		{"init", "-q"},
		{"add", "."},
		{"-c", "user.name=bgkit", "-c", "user.email=bgkit@example.com", "commit", "-q", "-m", "examples"},
	} {
		c := exec.Command("git", a...)
		c.Dir = dst
		if out, err := c.CombinedOutput(); err != nil {
			ts.Fatalf("repocopy: git %s: %v\n%s", strings.Join(a, " "), err, out)
		}
	}
}

// cmdDryRunRan checks that the commands a --dry-run printed are the ones a
// real run ran, in order:
//
//	dryrun-ran DRYFILE LOGFILE PROGRAM [-drop=ARGV]... [-prefix] [WORD=VALUE...]
//
// DRYFILE is the dry run's stdout ("stdout" for the last command's);
// LOGFILE is the fake PROGRAM's argv log. Each WORD (a placeholder the dry
// run prints, such as UDID or PID) is replaced by VALUE first, and
// timestamps (2026-10-02 08:12:01) compare equal. A here-document's body
// must be what the fake read on standard input (PROGRAM.stdin beside the log).
// -drop leaves out the logged calls that are exactly ARGV (device
// selection, which a dry run does not do); -prefix accepts a real run that
// ran more after what the dry run printed (what a listing decides).
func cmdDryRunRan(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: dryrun-ran DRYFILE LOGFILE PROGRAM [-drop=ARGV]... [-prefix] [WORD=VALUE...]")
	}
	dry, logFile, prog := ts.ReadFile(args[0]), args[1], args[2]
	ranText := ts.ReadFile(logFile)
	drop := map[string]bool{}
	prefix := false
	var words []string
	for _, a := range args[3:] {
		switch {
		case strings.HasPrefix(a, "-drop="):
			drop[strings.TrimPrefix(a, "-drop=")] = true
		case a == "-prefix":
			prefix = true
		default:
			words = append(words, a)
		}
	}
	stamp := regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d`)
	norm := func(s string) string {
		for _, kv := range words {
			k, v, _ := strings.Cut(kv, "=")
			s = regexp.MustCompile(`\b`+regexp.QuoteMeta(k)+`\b`).ReplaceAllLiteralString(s, v)
		}
		return stamp.ReplaceAllString(s, "TIME")
	}
	var printed []string
	var body []string
	lines := strings.Split(strings.TrimSuffix(dry, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if !strings.HasPrefix(l, prog+" ") {
			continue
		}
		if j := strings.LastIndex(l, " <<'"); j >= 0 && strings.HasSuffix(l, "'") {
			end := l[j+4 : len(l)-1]
			l = l[:j]
			for i++; i < len(lines) && lines[i] != end; i++ {
				body = append(body, lines[i])
			}
		}
		printed = append(printed, norm(l))
	}
	var ran []string
	for _, l := range strings.Split(strings.TrimSuffix(ranText, "\n"), "\n") {
		if !drop[l] {
			ran = append(ran, norm(prog+" "+l))
		}
	}
	if prefix && len(printed) > 0 && len(ran) > len(printed) {
		ran = ran[:len(printed)]
	}
	if strings.Join(printed, "\n") != strings.Join(ran, "\n") {
		ts.Fatalf("--dry-run printed:\n%s\nbut the real run ran:\n%s", strings.Join(printed, "\n"), strings.Join(ran, "\n"))
	}
	if body != nil {
		in := ts.ReadFile(filepath.Join(filepath.Dir(logFile), prog+".stdin"))
		if strings.TrimSuffix(in, "\n") != strings.Join(body, "\n") {
			ts.Fatalf("--dry-run's here-document:\n%s\nbut %s read:\n%s", strings.Join(body, "\n"), prog, in)
		}
	}
}
