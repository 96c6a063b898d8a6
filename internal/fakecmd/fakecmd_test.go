package fakecmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The fake is exercised through a re-exec of this test binary, as testscript
// does: BGKIT_FAKE_MAIN=1 makes TestMain run Main instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv("BGKIT_FAKE_MAIN") == "1" {
		os.Exit(Main("adb"))
	}
	os.Exit(m.Run())
}

func run(t *testing.T, dir, stdin string, args ...string) (string, string, int) {
	t.Helper()
	c := exec.Command(os.Args[0], args...)
	c.Env = append(os.Environ(), "BGKIT_FAKE_MAIN=1", "FAKE_DIR="+dir)
	c.Stdin = strings.NewReader(stdin)
	var out, errb strings.Builder
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, "adb", name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReplayAndRecord(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "10.args", "-s emulator-5554 shell cmd jobscheduler run -f com.example.app 999\n")
	write(t, dir, "10.stdout", "Running job [FORCED]\n")
	write(t, dir, "20.args", "-s * shell dumpsys *\n")
	write(t, dir, "20.stderr", "boom\n")
	write(t, dir, "20.exit", "23")
	write(t, dir, "30.args", "devices -l\n")
	write(t, dir, "30.stdout", "first\n")
	write(t, dir, "30.once", "")
	write(t, dir, "31.args", "devices -l\n")
	write(t, dir, "31.stdout", "second\n")

	if out, _, code := run(t, dir, "", "-s", "emulator-5554", "shell", "cmd", "jobscheduler", "run", "-f", "com.example.app", "999"); out != "Running job [FORCED]\n" || code != 0 {
		t.Fatalf("exact match: out=%q code=%d", out, code)
	}
	if _, errOut, code := run(t, dir, "", "-s", "x", "shell", "dumpsys", "jobscheduler"); errOut != "boom\n" || code != 23 {
		t.Fatalf("glob match: err=%q code=%d", errOut, code)
	}
	if out, _, _ := run(t, dir, ""); out != "" {
		t.Fatalf("empty argv matched something: %q", out)
	}
	if out, _, _ := run(t, dir, "", "devices", "-l"); out != "first\n" {
		t.Fatalf("once: first call got %q", out)
	}
	if out, _, _ := run(t, dir, "", "devices", "-l"); out != "second\n" {
		t.Fatalf("once: second call got %q", out)
	}
	_, errOut, code := run(t, dir, `{"aps":{}}`, "push", "a b", "it's")
	if code != 97 || !strings.Contains(errOut, `no response for: push 'a b' 'it'\''s'`) {
		t.Fatalf("unmatched call: code=%d err=%q", code, errOut)
	}
	if in, _ := os.ReadFile(filepath.Join(dir, "adb.stdin")); string(in) != `{"aps":{}}` {
		t.Fatalf("stdin recorded as %q", in)
	}
	log, _ := os.ReadFile(filepath.Join(dir, "adb.log"))
	want := strings.Join([]string{
		"-s emulator-5554 shell cmd jobscheduler run -f com.example.app 999",
		"-s x shell dumpsys jobscheduler",
		"",
		"devices -l",
		"devices -l",
		`push 'a b' 'it'\''s'`,
	}, "\n") + "\n"
	if string(log) != want {
		t.Fatalf("log:\n%s\nwant:\n%s", log, want)
	}
}
