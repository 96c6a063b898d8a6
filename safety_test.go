package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"howett.net/plist"

	"github.com/bgkit/bgkit/internal/testutil"
	"github.com/bgkit/bgkit/manifest"
	"github.com/bgkit/bgkit/plistcfg"
)

// bgkitBin is the bgkit command testscript.Main puts on PATH.
func bgkitBin(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("bgkit")
	if err != nil {
		t.Fatalf("bgkit not on PATH: %v", err)
	}
	return p
}

const stressPlist = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>com.example.app</string>
</dict>
</plist>
`

const stressManifest = `<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android">
    <application android:label="app" />
</manifest>
`

// stressModes are the background modes bgkit knows and does not call
// deprecated; the stress test's other runs add task identifiers.
var stressModes = []string{"audio", "location", "voip", "external-accessory", "bluetooth-central", "bluetooth-peripheral",
	"fetch", "remote-notification", "processing", "workout-processing", "nearby-interaction", "push-to-talk", "network-authentication"}

// TestConcurrentEditsLoseNothing runs 20 bgkit edits of one file at once,
// 20 times, for a plist (each run adds its own background mode or task
// identifier) and a manifest (each its own permission): the runs queue up
// behind the file's lock, so every one exits 0, the file ends with all 20
// changes, and it always parses.
func TestConcurrentEditsLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("stress test")
	}
	bin := bgkitBin(t)
	const workers, rounds = 20, 20
	type kind struct {
		name, content string
		args          func(file string, i int) []string
		has           func(t *testing.T, data []byte, i int) bool
	}
	kinds := []kind{
		{"Info.plist", stressPlist,
			func(file string, i int) []string {
				if i < len(stressModes) {
					return []string{"plist", "add-mode", stressModes[i], "--file", file}
				}
				return []string{"plist", "add-task-id", fmt.Sprintf("com.example.app.task%d", i), "--file", file}
			},
			func(t *testing.T, data []byte, i int) bool {
				doc, err := plistcfg.Parse("Info.plist", data)
				if err != nil {
					t.Fatalf("the file no longer parses: %v\n%s", err, data)
				}
				sum, err := plistcfg.Summarize(doc)
				if err != nil {
					t.Fatal(err)
				}
				values, want := sum.TaskIDs, fmt.Sprintf("com.example.app.task%d", i)
				if i < len(stressModes) {
					values, want = sum.Modes, stressModes[i]
				}
				for _, v := range values {
					if v.Value == want {
						return true
					}
				}
				return false
			}},
		{"AndroidManifest.xml", stressManifest,
			func(file string, i int) []string {
				return []string{"manifest", "add-permission", fmt.Sprintf("com.example.permission.P%d", i), "--file", file}
			},
			func(t *testing.T, data []byte, i int) bool {
				if _, err := manifest.Parse("AndroidManifest.xml", data); err != nil {
					t.Fatalf("the file no longer parses: %v\n%s", err, data)
				}
				return bytes.Count(data, fmt.Appendf(nil, `"com.example.permission.P%d"`, i)) == 1
			}},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			for round := range rounds {
				dir := t.TempDir()
				file := filepath.Join(dir, k.name)
				if err := os.WriteFile(file, []byte(k.content), 0o644); err != nil {
					t.Fatal(err)
				}
				codes := make([]int, workers)
				outs := make([]string, workers)
				var wg sync.WaitGroup
				for i := range workers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						c := exec.Command(bin, k.args(file, i)...)
						c.Env = append(os.Environ(), "NO_COLOR=1")
						out, err := c.CombinedOutput()
						outs[i] = string(out)
						if ee, ok := err.(*exec.ExitError); ok {
							codes[i] = ee.ExitCode()
						} else if err != nil {
							codes[i] = -1
							outs[i] += err.Error()
						}
					}()
				}
				wg.Wait()
				data, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				for i := range workers {
					if codes[i] != 0 {
						t.Errorf("round %d: run %d (%v) exited %d: %s", round, i, k.args("FILE", i), codes[i], outs[i])
					}
					if !k.has(t, data, i) {
						t.Errorf("round %d: the change of run %d (%v) is not in the file (once):\n%s", round, i, k.args("FILE", i), data)
					}
				}
				left, _ := filepath.Glob(filepath.Join(dir, ".*bgkit*"))
				if len(left) != 0 {
					t.Errorf("round %d: temporary files left: %v", round, left)
				}
				if t.Failed() {
					t.FailNow()
				}
			}
		})
	}
}

// TestConcurrentFixesAndEdits runs doctor --fix and plist edits of the same
// Info.plist at once: the fix locks the file before it reads it for the
// plan it writes, so nothing any run added is lost and no run is refused.
func TestConcurrentFixesAndEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("stress test")
	}
	bin := bgkitBin(t)
	const each, rounds = 10, 5
	for round := range rounds {
		dir := t.TempDir()
		testutil.WriteTree(t, dir, map[string]string{
			"package.json":       strings.Replace(rnPackageJSON, `"react-native": "0.79.2",`, `"react-native": "0.79.2",`+"\n"+`    "react-native-background-fetch": "^4.2.7",`, 1),
			"ios/App/Info.plist": stressPlist,
		})
		codes := make([]int, 2*each)
		outs := make([]string, 2*each)
		var wg sync.WaitGroup
		for i := range 2 * each {
			wg.Add(1)
			go func() {
				defer wg.Done()
				args := []string{"doctor", "--fix"}
				if i%2 == 1 {
					args = []string{"plist", "add-task-id", fmt.Sprintf("com.example.app.task%d", i), "--file", "ios/App/Info.plist"}
				}
				c := exec.Command(bin, args...)
				c.Dir = dir
				c.Env = append(os.Environ(), "NO_COLOR=1")
				out, err := c.CombinedOutput()
				outs[i] = string(out)
				if ee, ok := err.(*exec.ExitError); ok {
					codes[i] = ee.ExitCode()
				} else if err != nil {
					codes[i], outs[i] = -1, err.Error()
				}
			}()
		}
		wg.Wait()
		data, err := os.ReadFile(filepath.Join(dir, "ios", "App", "Info.plist"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := plistcfg.Parse("Info.plist", data)
		if err != nil {
			t.Fatalf("round %d: the file no longer parses: %v\n%s", round, err, data)
		}
		sum, err := plistcfg.Summarize(doc)
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, v := range append(sum.Modes, sum.TaskIDs...) {
			count[fmt.Sprint(v.Value)]++
		}
		for i := range 2 * each {
			want, okCodes := "com.example.app.task"+strconv.Itoa(i), []int{0}
			if i%2 == 0 {
				want, okCodes = "fetch", []int{0, 1} // 1: errors left that --fix does not fix
			}
			if !slices.Contains(okCodes, codes[i]) {
				t.Errorf("round %d: run %d exited %d:\n%s", round, i, codes[i], outs[i])
			}
			if count[want] != 1 {
				t.Errorf("round %d: %q is in the file %d times, want once:\n%s", round, want, count[want], data)
			}
		}
		if count["com.transistorsoft.fetch"] != 1 {
			t.Errorf("round %d: the fix's identifier is in the file %d times:\n%s", round, count["com.transistorsoft.fetch"], data)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
}

// TestEditRefusesAnOutsideWriter: an editor that saves the file between
// bgkit's read and its write (it knows nothing of bgkit's lock), in place or
// by renaming a new file over it, makes bgkit exit 2 without writing. The
// save happens at a fixed point of the edit (a hook the test binary puts
// before the re-check), not by timing luck.
func TestEditRefusesAnOutsideWriter(t *testing.T) {
	bin := bgkitBin(t)
	for _, how := range []string{"inplace", "rename"} {
		for _, k := range []struct{ name, content string }{{"Info.plist", stressPlist}, {"AndroidManifest.xml", stressManifest}} {
			t.Run(k.name+"/"+how, func(t *testing.T) {
				dir := t.TempDir()
				file := filepath.Join(dir, k.name)
				os.WriteFile(file, []byte(k.content), 0o644)
				args := []string{"plist", "add-mode", "fetch", "--file", file}
				if k.name == "AndroidManifest.xml" {
					args = []string{"manifest", "add-permission", "WAKE_LOCK", "--file", file}
				}
				c := exec.Command(bin, args...)
				c.Env = append(os.Environ(), "NO_COLOR=1", "BGKIT_TEST_OUTSIDE_WRITE="+how)
				out, _ := c.CombinedOutput()
				if code := c.ProcessState.ExitCode(); code != 2 || !strings.Contains(string(out), k.name+": changed while editing; nothing was written") {
					t.Fatalf("exit %d: %s", code, out)
				}
				got, _ := os.ReadFile(file)
				if want := k.content + outsideWriterMark; string(got) != want {
					t.Fatalf("the file holds %q, want the editor's save %q", got, want)
				}
				if left, _ := filepath.Glob(filepath.Join(dir, ".*bgkit*")); len(left) != 0 {
					t.Fatalf("temporary files left: %v", left)
				}
			})
		}
	}
}

const rnPackageJSON = `{
  "name": "bgsync",
  "dependencies": {
    "react-native": "0.79.2",
    "react-native-background-fetch": "^4.2.7"
  }
}
`

// runBounded runs bgkit in dir and fails the test when it does not end in
// time or uses more memory than any honest input needs.
func runBounded(t *testing.T, dir string, stdin string, args ...string) (code int, out string) {
	t.Helper()
	c := exec.Command(bgkitBin(t), args...)
	c.Dir = dir
	c.Env = append(os.Environ(), "NO_COLOR=1", "FAKE_DIR="+filepath.Join(dir, ".fake"))
	c.Stdin = strings.NewReader(stdin)
	var b bytes.Buffer
	c.Stdout, c.Stderr = &b, &b
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { c.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		c.Process.Kill()
		<-done
		t.Fatalf("bgkit %v hangs; output so far:\n%s", args, b.String())
	}
	if rss, ok := maxRSS(c.ProcessState); ok && rss > 256<<20 {
		t.Errorf("bgkit %v used %d MiB of memory", args, rss>>20)
	}
	if left := processesIn(dir); len(left) > 0 {
		t.Errorf("bgkit %v left processes behind: %v", args, left)
	}
	return c.ProcessState.ExitCode(), b.String()
}

// processesIn lists the live processes whose working folder is dir (what
// bgkit starts there inherits it), from the process table.
func processesIn(dir string) []string {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil // no /proc: nothing to check with
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	var left []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		if cwd, err := os.Readlink(filepath.Join("/proc", e.Name(), "cwd")); err == nil && cwd == dir && alive(pid) {
			cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
			left = append(left, fmt.Sprintf("%d %q", pid, bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '})))
		}
	}
	return left
}

// TestHostileInputs: FIFOs, devices, endless globs and oversized payloads
// end at once with exit 2 or a finding, in bounded memory.
func TestHostileInputs(t *testing.T) {
	mkfifo := func(t *testing.T, p string) {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := mkfifo(p); err != nil {
			t.Skip("no FIFOs here:", err)
		}
	}
	type tc struct {
		name  string
		setup func(t *testing.T, dir string)
		args  []string
		code  int // -1: 0, 1 or 2
		want  string
	}
	nativeApp := func(t *testing.T, dir string) {
		testutil.WriteTree(t, dir, map[string]string{"package.json": rnPackageJSON, "ios/App/Info.plist": stressPlist})
	}
	cases := []tc{
		{"fifo as --file (plist)", func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "Info.plist")) },
			[]string{"plist", "add-mode", "fetch", "--file", "Info.plist"}, 2, "not a regular file (a FIFO)"},
		{"fifo as --file (plist show)", func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "Info.plist")) },
			[]string{"plist", "show", "--file", "Info.plist"}, 2, "not a regular file (a FIFO)"},
		{"fifo as --file (manifest)", func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "AndroidManifest.xml")) },
			[]string{"manifest", "add-permission", "WAKE_LOCK", "--file", "AndroidManifest.xml"}, 2, "not a regular file (a FIFO)"},
		{"/dev/zero as --file", nil, []string{"plist", "show", "--file", "/dev/zero"}, 2, "not a regular file (a character device)"},
		{"link to /dev/zero as --file", func(t *testing.T, dir string) { os.Symlink("/dev/zero", filepath.Join(dir, "Info.plist")) },
			[]string{"manifest", "show", "--file", "Info.plist"}, 2, "not a regular file (a character device)"},
		{"fifo .gitignore", func(t *testing.T, dir string) {
			nativeApp(t, dir)
			mkfifo(t, filepath.Join(dir, ".gitignore"))
		}, []string{"doctor"}, -1, ".gitignore"},
		{"fifo project.pbxproj", func(t *testing.T, dir string) {
			nativeApp(t, dir)
			mkfifo(t, filepath.Join(dir, "ios", "App.xcodeproj", "project.pbxproj"))
		}, []string{"doctor"}, -1, "project.pbxproj"},
		{"fifo settings.gradle.kts", func(t *testing.T, dir string) {
			testutil.WriteTree(t, dir, map[string]string{"package.json": rnPackageJSON, "android/app/src/main/AndroidManifest.xml": stressManifest})
			mkfifo(t, filepath.Join(dir, "android", "settings.gradle.kts"))
		}, []string{"doctor"}, 1, "android/settings.gradle.kts cannot be read: not a regular file (a FIFO)"},
		{"fifo package.json", func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "package.json")) },
			[]string{"doctor"}, -1, "package.json"},
		{"/dev/zero package.json", func(t *testing.T, dir string) { os.Symlink("/dev/zero", filepath.Join(dir, "package.json")) },
			[]string{"doctor"}, -1, "package.json"},
		{"folders linking to themselves", func(t *testing.T, dir string) {
			testutil.WriteTree(t, dir, map[string]string{"package.json": `{"workspaces": ["*/*/*/*/*/*/*/*", "*/*/*/*/*/*"]}`})
			for _, n := range []string{"a", "b", "c", "d", "e", "f"} {
				os.Symlink(".", filepath.Join(dir, n))
			}
		}, []string{"doctor"}, -1, "bgkit doctor"},
		{"--payload /dev/zero", nil, []string{"trigger", "ios", "push", "--payload", "/dev/zero", "--bundle", "com.example.app"}, 2, "not a regular file"},
		{"--payload - endless", nil, []string{"trigger", "ios", "push", "--payload", "-", "--bundle", "com.example.app"}, 2, "larger than 64 KiB"},
		{"--payload fifo", func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "p.json")) },
			[]string{"trigger", "ios", "push", "--payload", "p.json", "--bundle", "com.example.app"}, 2, "not a regular file (a FIFO)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if c.setup != nil {
				c.setup(t, dir)
			}
			stdin := ""
			if strings.Contains(c.name, "endless") && strings.Contains(c.name, "payload") {
				stdin = strings.Repeat(" ", 1<<20)
			}
			code, out := runBounded(t, dir, stdin, c.args...)
			if c.code >= 0 && code != c.code || code < 0 || code > 2 {
				t.Errorf("exit %d, want %d; output:\n%s", code, c.code, out)
			}
			if !strings.Contains(out, c.want) {
				t.Errorf("output lacks %q:\n%s", c.want, out)
			}
		})
	}
}

// TestOutputInjection: a folder name holding a newline and a workflow
// command, and an escape sequence in a plist value, come out escaped.
func TestOutputInjection(t *testing.T) {
	base := t.TempDir()
	name := "app\n::error title=pwned::owned\x1b[2J"
	root := filepath.Join(base, name)
	testutil.WriteTree(t, root, map[string]string{"package.json": rnPackageJSON, "ios/App/Info.plist": stressPlist})
	for _, format := range []string{"text", "gcc", "github"} {
		_, out := runBounded(t, base, "", "doctor", "--format", format, name)
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "::error title=pwned") || strings.Contains(line, "\x1b") {
				t.Errorf("%s: injected line %q in:\n%s", format, line, out)
			}
		}
		shown := `app\n::error title=pwned::owned\x1b[2J`
		if format == "github" {
			shown = `app\n%3A%3Aerror title=pwned%3A%3Aowned\x1b[2J`
		}
		if !strings.Contains(out, shown) {
			t.Errorf("%s: the path is not shown escaped:\n%s", format, out)
		}
	}
	// XML allows neither ESC nor BEL, but a C1 CSI and a bidi override are
	// valid XML; a binary plist holds anything.
	testutil.WriteTree(t, base, map[string]string{"evil.plist": strings.Replace(stressPlist, "</dict>",
		"\t<key>UIBackgroundModes</key>\n\t<array>\n\t\t<string>fetch\u009b31m\u202e</string>\n\t</array>\n</dict>", 1)})
	bin, err := plist.Marshal(map[string]any{"UIBackgroundModes": []string{"fetch\x1b]0;owned\x07\x1b[31m"}}, plist.BinaryFormat)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(base, "evil.bplist"), bin, 0o644)
	for file, shown := range map[string]string{"evil.plist": `fetch\x9b31m\u202e`, "evil.bplist": `fetch\x1b]0;owned\x07\x1b[31m`} {
		code, out := runBounded(t, base, "", "plist", "show", "--file", file)
		if code != 0 || strings.ContainsAny(out, "\x1b\x07\u009b\u202e") || !strings.Contains(out, shown) {
			t.Errorf("plist show %s (exit %d) passes escape sequences or hides the value:\n%q", file, code, out)
		}
	}
}

// The process-table check sees a process left in a folder (so the tests
// that rely on it can fail).
func TestProcessesInSeesChildren(t *testing.T) {
	if _, err := os.Stat("/proc/self/cwd"); err != nil {
		t.Skip("no /proc here")
	}
	dir := t.TempDir()
	c := exec.Command("sleep", "30")
	c.Dir = dir
	if err := c.Start(); err != nil {
		t.Skip(err)
	}
	defer func() { c.Process.Kill(); c.Wait() }()
	if left := processesIn(dir); len(left) != 1 || !strings.Contains(left[0], "sleep 30") {
		t.Fatalf("processesIn = %v, want the sleep", left)
	}
}

// runAsOtherUser runs bgkit in dir as a user who is not the owner of the
// test's files: as user nobody when the test runs as root (a copy of the
// test binary named bgkit, where nobody can run it), else as the current
// user (who is then not root and meets permissions as they are).
func runAsOtherUser(t *testing.T, base, dir string, args ...string) (int, string) {
	t.Helper()
	bin := bgkitBin(t)
	c := exec.Command(bin, args...)
	if os.Geteuid() == 0 {
		for d := base; d != "/" && d != filepath.Dir(d); d = filepath.Dir(d) {
			if st, err := os.Stat(d); err == nil && st.Mode().Perm()&0o005 != 0o005 {
				os.Chmod(d, st.Mode().Perm()|0o005)
			}
		}
		self, err := os.ReadFile(os.Args[0])
		if err != nil {
			t.Fatal(err)
		}
		binDir := filepath.Join(base, "bin")
		os.Mkdir(binDir, 0o755)
		bin = filepath.Join(binDir, "bgkit")
		if err := os.WriteFile(bin, self, 0o755); err != nil {
			t.Fatal(err)
		}
		c = exec.Command(bin, args...)
		runAs(t, c, 65534, 65534)
	}
	c.Dir = dir
	c.Env = append(os.Environ(), "NO_COLOR=1", "HOME="+base)
	out, err := c.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running bgkit: %v", err)
	}
	return c.ProcessState.ExitCode(), string(out)
}

// An unreadable project folder is exit 2, not findings about files bgkit
// only failed to see; an unreadable ios/ is said, not skipped in silence.
func TestUnreadableFolders(t *testing.T) {
	base := t.TempDir()
	app := filepath.Join(base, "app")
	testutil.WriteTree(t, app, map[string]string{"package.json": rnPackageJSON, "ios/App/Info.plist": stressPlist})
	os.Chmod(base, 0o755)
	os.Chmod(app, 0o711) // may be entered, not listed
	code, out := runAsOtherUser(t, base, base, "doctor", "app")
	if code != 2 || !strings.Contains(out, "cannot read the project folder app: permission denied") {
		t.Errorf("unreadable project folder: exit %d\n%s", code, out)
	}
	os.Chmod(app, 0o755)
	os.Chmod(filepath.Join(app, "ios"), 0o700)
	code, out = runAsOtherUser(t, base, app, "doctor")
	if code == 0 || !strings.Contains(out, "ios/ cannot be read (permission denied)") {
		t.Errorf("unreadable ios/: exit %d\n%s", code, out)
	}
}

// A file the user may not read is a finding that says so once, with a
// remedy that fits (not a merge conflict).
func TestUnreadableFileFinding(t *testing.T) {
	base := t.TempDir()
	app := filepath.Join(base, "app")
	testutil.WriteTree(t, app, map[string]string{"package.json": rnPackageJSON, "ios/App/Info.plist": stressPlist})
	os.Chmod(base, 0o755)
	os.Chmod(filepath.Join(app, "ios", "App", "Info.plist"), 0)
	code, out := runAsOtherUser(t, base, app, "doctor")
	want := "ios/App/Info.plist cannot be read: permission denied. bgkit skipped the checks that depend on it; give your user read permission on it and its folders"
	if code != 1 || !strings.Contains(out, want) || strings.Contains(out, "merge conflict") || strings.Contains(out, "cannot read:") {
		t.Errorf("exit %d, want 1 and %q:\n%s", code, want, out)
	}
}
