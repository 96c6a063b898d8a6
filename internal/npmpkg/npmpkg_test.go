package npmpkg

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The launcher looks packages up by name: each platform here must be in its
// table, under the Node platform-arch key, and nothing else.
func TestLauncherKnowsEveryPlatform(t *testing.T) {
	shim, err := os.ReadFile(filepath.Join(repoRoot, "npm", "bgkit", "bin", "bgkit.js"))
	if err != nil {
		t.Fatal(err)
	}
	src := string(shim)
	if !strings.Contains(src, `const SCOPE = "`+scope+`"`) {
		t.Errorf("bgkit.js does not use the scope %q", scope)
	}
	for _, p := range platforms {
		key := `"` + p.OS + "-" + p.CPU + `": [`
		i := strings.Index(src, key)
		if i < 0 {
			t.Errorf("bgkit.js has no entry %s", key)
			continue
		}
		line := src[i : i+strings.Index(src[i:], "\n")]
		if !strings.Contains(line, `"`+p.Name+`"`) {
			t.Errorf("bgkit.js entry %s lacks %q", line, p.Name)
		}
	}
	// No dependencies: Node's own modules and the package's package.json only.
	allowed := map[string]bool{"child_process": true, "fs": true, "os": true, "path": true, "../package.json": true}
	for _, m := range regexp.MustCompile(`require\("([^"]+)"\)`).FindAllStringSubmatch(src, -1) {
		if !allowed[m[1]] {
			t.Errorf("bgkit.js requires %q", m[1])
		}
	}
}

// generate with stand-in binaries: every package.json says what npm needs to
// pick exactly one platform package, and none has an install script.
func TestGenerateAllPackages(t *testing.T) {
	out := t.TempDir()
	bins := map[string]string{}
	for _, p := range platforms {
		f := filepath.Join(t.TempDir(), p.exe())
		if err := os.WriteFile(f, []byte("binary for "+p.Name), 0o644); err != nil {
			t.Fatal(err)
		}
		bins[p.Name] = f
	}
	if err := generate(repoRoot, out, "1.2.3-rc.1", platforms, bins); err != nil {
		t.Fatal(err)
	}

	var main map[string]any
	readJSON(t, filepath.Join(out, "bgkit", "package.json"), &main)
	if main["name"] != "bgkit" || main["version"] != "1.2.3-rc.1" {
		t.Errorf("bgkit package.json: name %v version %v", main["name"], main["version"])
	}
	if bin, _ := main["bin"].(map[string]any); bin["bgkit"] != "bin/bgkit.js" {
		t.Errorf("bgkit package.json bin = %v", main["bin"])
	}
	if raw, err := os.ReadFile(filepath.Join(out, "bgkit", "package.json")); err != nil || !strings.Contains(string(raw), `"node": ">=18"`) {
		t.Errorf("package.json should read as npm writes it (\"node\": \">=18\"):\n%s", raw)
	}
	if _, ok := main["scripts"]; ok {
		t.Error("bgkit package.json has scripts; it must not run anything at install")
	}
	opt, _ := main["optionalDependencies"].(map[string]any)
	if len(opt) != len(platforms) {
		t.Errorf("optionalDependencies = %v, want %d platforms", opt, len(platforms))
	}
	for _, p := range platforms {
		if opt[p.pkg()] != "1.2.3-rc.1" {
			t.Errorf("optionalDependencies[%s] = %v, want the exact version", p.pkg(), opt[p.pkg()])
		}
	}
	if st, err := os.Stat(filepath.Join(out, "bgkit", "bin", "bgkit.js")); err != nil || st.Mode()&0o111 == 0 {
		t.Errorf("bin/bgkit.js missing or not executable: %v", err)
	}

	for _, p := range platforms {
		var pj struct {
			Name, Version   string
			OS, CPU, Libc   []string
			Files           []string
			Scripts         map[string]string
			PreferUnplugged bool
		}
		readJSON(t, filepath.Join(out, p.Name, "package.json"), &pj)
		if pj.Name != p.pkg() || pj.Version != "1.2.3-rc.1" {
			t.Errorf("%s: name %q version %q", p.Name, pj.Name, pj.Version)
		}
		if strings.Join(pj.OS, ",") != p.OS || strings.Join(pj.CPU, ",") != p.CPU {
			t.Errorf("%s: os %v cpu %v, want %s %s", p.Name, pj.OS, pj.CPU, p.OS, p.CPU)
		}
		if strings.Join(pj.Libc, ",") != p.Libc {
			t.Errorf("%s: libc %v, want %q", p.Name, pj.Libc, p.Libc)
		}
		if len(pj.Scripts) != 0 || !pj.PreferUnplugged {
			t.Errorf("%s: scripts %v preferUnplugged %v", p.Name, pj.Scripts, pj.PreferUnplugged)
		}
		bin := filepath.Join(out, p.Name, "bin", p.exe())
		got, err := os.ReadFile(bin)
		if err != nil || string(got) != "binary for "+p.Name {
			t.Errorf("%s: binary %q, %v", p.Name, got, err)
		}
		if st, err := os.Stat(bin); err != nil || st.Mode()&0o111 == 0 {
			t.Errorf("%s: binary not executable", p.Name)
		}
		if strings.Join(pj.Files, ",") != "bin/"+p.exe() {
			t.Errorf("%s: files %v", p.Name, pj.Files)
		}
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"-version", "v1.2", "-build"},
		{"-version", "1.2.3"},
		{"-version", "1.2.3", "-build", "-dist", "dist"},
		{"-version", "1.2.3", "-build", "-only", "plan9-x64"},
	} {
		if err := run(args); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// node returns the path of node and npm, or skips the test.
func nodeTools(t *testing.T) (node, npm string) {
	t.Helper()
	node, err1 := exec.LookPath("node")
	npm, err2 := exec.LookPath("npm")
	if err1 != nil || err2 != nil {
		t.Skip("node and npm are not on PATH: the npm package tests need them")
	}
	if testing.Short() {
		t.Skip("-short: not building and installing the npm packages")
	}
	return node, npm
}

// repoRoot is the repository, which holds the launcher, LICENSE and examples.
const repoRoot = "../.."

const testVersion = "0.0.0-test.1"

// TestInstallOffline is what a user gets: the packages packed as npm would
// publish them, installed from the tarballs into an empty project with no
// registry to reach, and bgkit run through npx.
func TestInstallOffline(t *testing.T) {
	_, npm := nodeTools(t)
	host := hostPlatforms()
	if len(host) == 2 { // gnu and musl, sorted: npm installs only the one that fits
		if hostIsMusl() {
			host = host[1:]
		} else {
			host = host[:1]
		}
	}
	if len(host) == 0 {
		t.Skipf("no npm package for %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	work := t.TempDir()
	out := filepath.Join(work, "npm")
	// Only this machine's binary: cross-compiling the others adds nothing here.
	names := []string{}
	for _, p := range host {
		names = append(names, p.Name)
	}
	if err := run([]string{"-version", testVersion, "-build", "-only", strings.Join(names, ","), "-src", repoRoot, "-out", out}); err != nil {
		t.Fatal(err)
	}

	env := offlineEnv(work)
	tarballs := filepath.Join(work, "tarballs")
	if err := os.MkdirAll(tarballs, 0o755); err != nil {
		t.Fatal(err)
	}
	var tgz []string
	for _, dir := range append([]string{"bgkit"}, names...) {
		cmd := exec.Command(npm, "pack", "--silent", "--pack-destination", tarballs)
		cmd.Dir, cmd.Env = filepath.Join(out, dir), env
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("npm pack %s: %v\n%s", dir, err, stderrOf(err))
		}
		tgz = append(tgz, filepath.Join(tarballs, strings.TrimSpace(string(b))))
	}

	project := filepath.Join(work, "project")
	writeTestFile(t, filepath.Join(project, "package.json"), `{"name": "app", "version": "1.0.0", "private": true}`)
	args := append([]string{"install", "--offline", "--no-audit", "--no-fund", "--save-dev"}, tgz...)
	cmd := exec.Command(npm, args...)
	cmd.Dir, cmd.Env = project, env
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm %s: %v\n%s", strings.Join(args, " "), err, b)
	}

	// npx as users type it; npm exec is the same command where npx is missing.
	npxArgs := []string{npm, "exec", "--offline", "--no", "--", "bgkit"}
	if npx, err := exec.LookPath("npx"); err == nil {
		npxArgs = []string{npx, "--offline", "bgkit"}
	}
	npx := func(args ...string) (string, int) {
		cmd := exec.Command(npxArgs[0], append(npxArgs[1:], args...)...)
		cmd.Dir, cmd.Env = project, env
		return outputAndCode(t, cmd)
	}
	if got, code := npx("--version"); code != 0 || strings.TrimSpace(got) != "bgkit "+testVersion {
		t.Errorf("npx bgkit --version: exit %d, %q; want bgkit %s", code, got, testVersion)
	}
	// bgkit version shows what the generator stamped: the version and the commit.
	commit := gitOutput(repoRoot, "rev-parse", "HEAD")
	if got, code := npx("version"); code != 0 || !strings.HasPrefix(got, "bgkit "+testVersion+"\n") || commit != "" && !strings.Contains(got, "commit: "+commit) {
		t.Errorf("npx bgkit version: exit %d, %q; want bgkit %s and commit %s", code, got, testVersion, commit)
	}
	example, err := filepath.Abs(filepath.Join(repoRoot, "examples", "expo-background-task"))
	if err != nil {
		t.Fatal(err)
	}
	// The example is wrong on purpose: the doctor's exit code 1 must come through.
	got, code := npx("doctor", "--format", "gcc", example)
	if code != 1 || !strings.Contains(got, "error: ") || !strings.Contains(got, "[expo-plugin-missing]") {
		t.Errorf("npx bgkit doctor on the Expo example: exit %d, want 1 and its errors:\n%s", code, got)
	}
	got, code = npx("doctor", filepath.Join(example, "no-such-folder"))
	if code != 2 {
		t.Errorf("npx bgkit doctor on a missing folder: exit %d, want 2:\n%s", code, got)
	}
}

// hostIsMusl says whether this Linux uses musl, as npm and the launcher
// decide it (the ldd script names its libc).
func hostIsMusl() bool {
	b, _ := os.ReadFile("/usr/bin/ldd")
	return strings.Contains(string(b), "musl")
}

// offlineEnv makes npm unable to reach any registry and keeps its cache and
// configuration inside the test's folder.
func offlineEnv(work string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(strings.ToLower(kv), "npm_config_") && !strings.HasPrefix(kv, "BGKIT_") {
			env = append(env, kv)
		}
	}
	return append(env,
		"npm_config_registry=http://127.0.0.1:9/",
		"npm_config_cache="+filepath.Join(work, "npm-cache"),
		"npm_config_userconfig="+filepath.Join(work, "npmrc"),
		"npm_config_update_notifier=false",
		"npm_config_fetch_retries=0",
	)
}

func stderrOf(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	return ""
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// launcher sets up the main package alone (no platform package) in a
// node_modules tree and returns the path of its bin script.
func launcher(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	pkg := filepath.Join(dir, "node_modules", "bgkit")
	shim, err := os.ReadFile(filepath.Join(repoRoot, "npm", "bgkit", "bin", "bgkit.js"))
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(pkg, "bin", "bgkit.js"), string(shim))
	writeTestFile(t, filepath.Join(pkg, "package.json"), `{"name": "bgkit", "version": "`+testVersion+`"}`)
	return filepath.Join(pkg, "bin", "bgkit.js")
}

func runNode(t *testing.T, node string, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(node, args...)
	cmd.Env = append(os.Environ(), env...)
	return outputAndCode(t, cmd)
}

// outputAndCode runs cmd and returns its stdout and stderr together with
// its exit code; a command that cannot run fails the test.
func outputAndCode(t *testing.T, cmd *exec.Cmd) (string, int) {
	t.Helper()
	b, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(b), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(b), 0
}

func TestLauncherWithoutPlatformPackage(t *testing.T) {
	node, _ := nodeTools(t)
	if len(hostPlatforms()) == 0 {
		t.Skip("no platform package for this machine")
	}
	got, code := runNode(t, node, []string{"BGKIT_BINARY="}, launcher(t), "--version")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	for _, want := range []string{
		"no bgkit binary for this platform",
		"@bgkit/cli-" + hostPlatforms()[0].OS + "-" + hostPlatforms()[0].CPU,
		"https://github.com/npm/cli/issues/4828",
		"--omit=optional",
		"BGKIT_BINARY",
		"@" + testVersion,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("launcher's advice lacks %q:\n%s", want, got)
		}
	}
}

func TestLauncherBinaryOverride(t *testing.T) {
	node, _ := nodeTools(t)
	if runtime.GOOS == "windows" {
		t.Skip("uses a shell script as the binary")
	}
	bin := filepath.Join(t.TempDir(), "fake-bgkit")
	writeTestFile(t, bin, "#!/bin/sh\necho \"args: $*\"\nexit 7\n")
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	got, code := runNode(t, node, []string{"BGKIT_BINARY=" + bin}, launcher(t), "doctor", "--platform", "ios", "a b")
	if code != 7 || got != "args: doctor --platform ios a b\n" {
		t.Errorf("BGKIT_BINARY: exit %d, output %q; want 7 and the arguments passed through", code, got)
	}

	got, code = runNode(t, node, []string{"BGKIT_BINARY=" + bin + ".missing"}, launcher(t))
	if code != 2 || !strings.Contains(got, "BGKIT_BINARY is set to "+bin+".missing, which does not exist") {
		t.Errorf("missing BGKIT_BINARY: exit %d, %q", code, got)
	}
}

// A signal sent to the launcher reaches bgkit, and the launcher ends the way
// bgkit ended: killed by the same signal.
func TestLauncherForwardsSignals(t *testing.T) {
	node, _ := nodeTools(t)
	if runtime.GOOS == "windows" {
		t.Skip("POSIX signals")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "fake-bgkit")
	marker := filepath.Join(dir, "got-term")
	ready := filepath.Join(dir, "ready")
	// The stand-in records the SIGTERM it receives, then dies of it.
	writeTestFile(t, bin, "#!/bin/sh\ntrap 'touch "+marker+"; trap - TERM; kill -TERM $$' TERM\ntouch "+ready+"\nwhile :; do sleep 0.05; done\n")
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, launcher(t))
	cmd.Env = append(os.Environ(), "BGKIT_BINARY="+bin)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := os.Stat(ready); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the stand-in binary never started")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-time.After(20 * time.Second):
		t.Fatal("the launcher did not end after SIGTERM")
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("launcher ended with %v, want death by SIGTERM", err)
		}
		ws, ok := ee.Sys().(syscall.WaitStatus)
		if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
			t.Errorf("launcher ended with %v, want death by SIGTERM", err)
		}
	}
	if _, err := os.Stat(marker); err != nil {
		t.Error("bgkit never received the SIGTERM sent to the launcher")
	}
}

// preload writes a script for node --require that makes the launcher see
// another platform, CPU and /usr/bin/ldd.
func preload(t *testing.T, platform, arch, ldd string) string {
	t.Helper()
	js := fmt.Sprintf(`Object.defineProperty(process, "platform", {value: %q});
Object.defineProperty(process, "arch", {value: %q});
const fs = require("fs"); const read = fs.readFileSync;
fs.readFileSync = function (p, ...rest) {
  if (p === "/usr/bin/ldd") { if (%q === "") { const e = new Error("ENOENT"); e.code = "ENOENT"; throw e; } return %q; }
  return read.call(this, p, ...rest);
};
`, platform, arch, ldd, ldd)
	path := filepath.Join(t.TempDir(), "preload.js")
	writeTestFile(t, path, js)
	return path
}

// The launcher's choice of package, on platforms this machine is not.
func TestLauncherPicksThePackage(t *testing.T) {
	node, _ := nodeTools(t)
	for _, tc := range []struct {
		platform, arch, ldd string
		want                []string
	}{
		{"linux", "x64", "#! /bin/bash\n# GNU C Library ldd\n", []string{"@bgkit/cli-linux-x64-gnu@" + testVersion}},
		{"linux", "arm64", "#!/bin/sh\nexec /lib/ld-musl-aarch64.so.1 --list \"$@\"\n", []string{"@bgkit/cli-linux-arm64-musl@" + testVersion}},
		{"darwin", "arm64", "", []string{"@bgkit/cli-darwin-arm64@" + testVersion}},
		{"win32", "x64", "", []string{"@bgkit/cli-win32-x64@" + testVersion}},
		{"freebsd", "x64", "", []string{"(freebsd-x64)", "go install github.com/bgkit/bgkit@v" + testVersion}},
	} {
		got, code := runNode(t, node, []string{"BGKIT_BINARY="}, "--require", preload(t, tc.platform, tc.arch, tc.ldd), launcher(t), "--version")
		if code != 2 {
			t.Errorf("%s-%s: exit %d, want 2", tc.platform, tc.arch, code)
		}
		for _, want := range tc.want {
			if !strings.Contains(got, want) {
				t.Errorf("%s-%s: the advice lacks %q:\n%s", tc.platform, tc.arch, want, got)
			}
		}
	}
}
