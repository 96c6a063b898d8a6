// Package fakecmd is a stand-in for adb and xcrun in end-to-end tests. The
// test binary registers it under those names and puts it on PATH; it records
// every call and replays responses that the test script wrote.
//
// Responses live in $FAKE_DIR/<name>/ (FAKE_DIR defaults to $WORK/fake). Each
// response is a set of files sharing a prefix, tried in sorted order:
//
//	10.args    the argv it answers, as one line of shell-quoted words; the
//	           glob characters of path.Match work (* matches any run of
//	           characters within the line)
//	10.stdout  what to print on standard output (optional)
//	10.stderr  what to print on standard error (optional)
//	10.exit    the exit status (optional, default 0)
//	10.sleep   a Go duration to sleep before answering (optional; to test timeouts)
//	10.once    if present, the response is used once, then skipped
//	10.hang    if present, ignore SIGTERM and write the pid to $FAKE_DIR/<name>.pid
//	           before sleeping (to test that bgkit ends what it started)
//
// Every call appends its argv line to $FAKE_DIR/<name>.log and, when it read
// anything on standard input, writes it to $FAKE_DIR/<name>.stdin (the last
// call's input). A call no response matches exits 97 and says so on stderr,
// so an unexpected command fails the test loudly.
//
// The fake adb also plays the device's shell: bgkit ends every `adb shell`
// command line with `; echo __bgkit_exit:$?` (see android.ADB.Shell), so
// when a call ends with those words, the response is matched against the
// argv without them, and the fake prints the marker line with the
// response's exit status after its stdout, as the device would. A response
// with a NN.cut file prints no marker (an answer cut by a disconnect); one
// whose stderr is an adb client error ("error: ..."), none either, since
// the device ran nothing.
package fakecmd

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Main runs the fake named name with os.Args and returns its exit status.
func Main(name string) int {
	dir := os.Getenv("FAKE_DIR")
	if dir == "" {
		dir = filepath.Join(os.Getenv("WORK"), "fake")
	}
	argv := Join(os.Args[1:])
	match := argv
	marked := name == "adb" && strings.HasSuffix(argv, ShellExitSuffix)
	if marked {
		match = strings.TrimSuffix(argv, ShellExitSuffix)
	}
	if err := appendLine(filepath.Join(dir, name+".log"), argv); err != nil {
		fmt.Fprintf(os.Stderr, "fake %s: %v\n", name, err)
		return 98
	}
	if st, err := os.Stdin.Stat(); err == nil && st.Mode()&os.ModeCharDevice == 0 {
		if in, _ := io.ReadAll(os.Stdin); len(in) > 0 {
			os.WriteFile(filepath.Join(dir, name+".stdin"), in, 0o644)
		}
	}
	respDir := filepath.Join(dir, name)
	argsFiles, _ := filepath.Glob(filepath.Join(respDir, "*.args"))
	sort.Strings(argsFiles)
	for _, af := range argsFiles {
		want, err := os.ReadFile(af)
		if err != nil {
			continue
		}
		pattern := strings.TrimRight(string(want), "\n")
		if ok, _ := path.Match(pattern, match); !ok && pattern != match {
			continue
		}
		prefix := strings.TrimSuffix(af, ".args")
		if _, err := os.Stat(prefix + ".once"); err == nil {
			used := prefix + ".used"
			if _, err := os.Stat(used); err == nil {
				continue
			}
			os.WriteFile(used, nil, 0o644)
		}
		if _, err := os.Stat(prefix + ".hang"); err == nil {
			signal.Ignore(syscall.SIGTERM)
			appendLine(filepath.Join(dir, name+".pid"), strconv.Itoa(os.Getpid()))
		}
		if d, err := os.ReadFile(prefix + ".sleep"); err == nil {
			if dur, err := time.ParseDuration(strings.TrimSpace(string(d))); err == nil {
				time.Sleep(dur)
			}
		}
		if b, err := os.ReadFile(prefix + ".stdout"); err == nil {
			os.Stdout.Write(b)
		}
		stderr, _ := os.ReadFile(prefix + ".stderr")
		os.Stderr.Write(stderr)
		code := 0
		if b, err := os.ReadFile(prefix + ".exit"); err == nil {
			code, _ = strconv.Atoi(strings.TrimSpace(string(b)))
		}
		_, cutErr := os.Stat(prefix + ".cut")
		clientErr := strings.HasPrefix(string(stderr), "error:") || strings.HasPrefix(string(stderr), "adb: error:")
		if marked && cutErr != nil && !clientErr {
			fmt.Printf("%s%d\n", shellExitMarker, code&0xff)
			return 0
		}
		return code
	}
	fmt.Fprintf(os.Stderr, "fake %s: no response for: %s\n", name, argv)
	return 97
}

const shellExitMarker = "__bgkit_exit:"

// ShellExitSuffix is how the exit-status echo bgkit appends to adb shell
// command lines reads in an argv line.
const ShellExitSuffix = " ';' echo '" + shellExitMarker + "$?'"

// Join renders argv as one line of words, quoting the ones a POSIX shell
// would need quoted, so logs compare exactly and read naturally.
func Join(args []string) string {
	words := make([]string, len(args))
	for i, a := range args {
		words[i] = quote(a)
	}
	return strings.Join(words, " ")
}

func quote(s string) string {
	if s == "" {
		return "''"
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@%+,", r)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}

func appendLine(file, line string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = fmt.Fprintln(f, line)
	return err
}
