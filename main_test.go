package main

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/bgkit/bgkit/cmd"
	"github.com/bgkit/bgkit/internal/fakecmd"
	"github.com/bgkit/bgkit/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar")

func TestMain(m *testing.M) {
	if strings.HasSuffix(os.Args[0], ".test") {
		// The test binary itself, not one of the programs below.
		testutil.AnnounceMissingCorpus()
	}
	testscript.Main(m, map[string]func(){
		"bgkit": func() { os.Exit(cmd.Main()) },
		// Stand-ins for the real tools; see internal/fakecmd.
		"adb":   func() { os.Exit(fakecmd.Main("adb")) },
		"xcrun": func() { os.Exit(fakecmd.Main("xcrun")) },
	})
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
		Cmds:                map[string]func(ts *testscript.TestScript, neg bool, args []string){"exit": cmdExit},
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
