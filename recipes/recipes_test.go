// Package recipes holds the files of the README's recipes for running bgkit
// from other tools (Xcode Cloud, Gradle, VS Code; the npm-script hooks for EAS
// Build and Capacitor are in the tests). Each test runs a recipe on a copy of
// an example project, with the host tool itself where this machine has it and
// a stand-in that starts the recipe the way the tool does where it has not.
package recipes

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

const repoRoot = ".."

// binDir holds a bgkit built from this repository, for PATH.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "bgkit-recipes")
	if err != nil {
		panic(err)
	}
	binDir = filepath.Join(dir, "bin")
	exe := "bgkit"
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	build := exec.Command("go", "build", "-o", filepath.Join(binDir, exe), ".")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// example copies examples/NAME to a temporary folder.
func example(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(repoRoot, "examples", name))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// addScript adds an npm script to the copy's package.json, as a user would.
func addScript(t *testing.T, dir, name, script string) {
	t.Helper()
	path := filepath.Join(dir, "package.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	quoted, _ := json.Marshal(script)
	s := strings.Replace(string(b), `"scripts": {`, `"scripts": {`+"\n    \""+name+"\": "+string(quoted)+",", 1)
	if s == string(b) {
		t.Fatalf("%s has no scripts", path)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// localBin makes node_modules/.bin/bgkit, where npm install would put it.
func localBin(t *testing.T, dir string) {
	t.Helper()
	bin := filepath.Join(dir, "node_modules", ".bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(binDir, "bgkit"), filepath.Join(bin, "bgkit")); err != nil {
		t.Fatal(err)
	}
}

type result struct {
	out  string
	code int
}

func run(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.Env = append(cmd.Env, env...)
	b, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return result{string(b), ee.ExitCode()}
	case err != nil:
		t.Fatalf("%s: %v", name, err)
	}
	return result{string(b), 0}
}

// onlyPlatform fails when the doctor's output has findings of the other
// platform's rules, or none of this one's.
func onlyPlatform(t *testing.T, out, platform string) {
	t.Helper()
	other := map[string]string{"ios": "android", "android": "ios"}[platform]
	if strings.Contains(out, "["+other+"-") || strings.Contains(out, " "+other+"-") {
		t.Errorf("--platform %s output has %s findings:\n%s", platform, other, out)
	}
	if !strings.Contains(out, platform+"-") {
		t.Errorf("--platform %s output has no %s findings:\n%s", platform, platform, out)
	}
}

func needShell(t *testing.T, tools ...string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the recipes' commands are POSIX shell commands")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not on PATH", tool)
		}
	}
}

// The EAS Build recipe. EAS runs the eas-build-post-install npm script after
// npm install, prebuild and (iOS) pod install, with EAS_BUILD_PLATFORM set to
// android or ios: the doctor's --platform values.
const easScript = "bgkit doctor --platform $EAS_BUILD_PLATFORM"

func TestEASBuildHook(t *testing.T) {
	needShell(t, "npm")
	dir := example(t, "expo-background-task")
	addScript(t, dir, "eas-build-post-install", easScript)
	localBin(t, dir)
	for _, platform := range []string{"ios", "android"} {
		// Stand-in for the EAS worker: the same npm run, offline.
		r := run(t, dir, []string{"EAS_BUILD_PLATFORM=" + platform, "npm_config_offline=true", "npm_config_update_notifier=false"},
			"npm", "run", "eas-build-post-install")
		if r.code != 1 {
			t.Errorf("EAS_BUILD_PLATFORM=%s: exit %d, want 1 (the example has errors on both platforms): the build fails\n%s", platform, r.code, r.out)
		}
		onlyPlatform(t, r.out, platform)
	}
}

// The Capacitor recipe. The Capacitor CLI runs the capacitor:sync:after
// script once per platform it syncs, web included, through a shell (spawn
// with shell: true) in the app's root with CAPACITOR_PLATFORM_NAME set, and
// ignores its exit code. web has no native configuration to check.
const capacitorScript = `[ "$CAPACITOR_PLATFORM_NAME" = web ] || bgkit doctor --platform "$CAPACITOR_PLATFORM_NAME"`

func TestCapacitorSyncHook(t *testing.T) {
	needShell(t, "sh")
	dir := example(t, "capacitor-background-runner")
	addScript(t, dir, "capacitor:sync:after", capacitorScript)
	localBin(t, dir)
	path := filepath.Join(dir, "node_modules", ".bin") + string(os.PathListSeparator) + os.Getenv("PATH")
	for _, platform := range []string{"android", "ios", "web"} {
		// Stand-in for npx cap sync: npx puts node_modules/.bin on PATH,
		// Capacitor hands the script to the shell.
		r := run(t, dir, []string{"PATH=" + path, "CAPACITOR_PLATFORM_NAME=" + platform, "INIT_CWD=" + dir, "CAPACITOR_ROOT_DIR=" + dir},
			"sh", "-c", capacitorScript)
		if platform == "web" {
			if r.code != 0 || r.out != "" {
				t.Errorf("web: exit %d, output %q; want nothing", r.code, r.out)
			}
			continue
		}
		// The example's iOS side has errors, its Android side warnings only.
		if want := map[string]int{"ios": 1, "android": 0}[platform]; r.code != want {
			t.Errorf("%s: exit %d, want %d\n%s", platform, r.code, want, r.out)
		}
		onlyPlatform(t, r.out, platform)
	}
}

// The Xcode Cloud recipe, run as Xcode Cloud runs it: from ci_scripts/, with
// CI_PRIMARY_REPOSITORY_PATH set. A stand-in brew installs bgkit when it is
// not on PATH.
func TestXcodeCloudPostClone(t *testing.T) {
	needShell(t, "sh")
	script, err := filepath.Abs(filepath.Join("xcode-cloud", "ci_scripts", "ci_post_clone.sh"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		example  string
		withBrew bool
		want     int
	}{
		{"native-clean", false, 0},
		{"flutter-workmanager", false, 1},
		{"native-clean", true, 0},
	} {
		dir := example(t, tc.example)
		ci := filepath.Join(dir, "ci_scripts")
		if err := os.MkdirAll(ci, 0o755); err != nil {
			t.Fatal(err)
		}
		path := binDir + string(os.PathListSeparator) + os.Getenv("PATH")
		if tc.withBrew {
			// brew puts bgkit in a folder on PATH and records its arguments.
			tools := t.TempDir()
			brew := "#!/bin/sh\necho \"$*\" > " + filepath.Join(tools, "brew-args") +
				"\nln -s " + filepath.Join(binDir, "bgkit") + " " + filepath.Join(tools, "bgkit") + "\n"
			if err := os.WriteFile(filepath.Join(tools, "brew"), []byte(brew), 0o755); err != nil {
				t.Fatal(err)
			}
			path = tools + string(os.PathListSeparator) + "/usr/bin:/bin"
		}
		r := run(t, ci, []string{"PATH=" + path, "CI_PRIMARY_REPOSITORY_PATH=" + dir, "CI_XCODE_CLOUD=TRUE"}, "sh", script)
		if r.code != tc.want {
			t.Errorf("%s: exit %d, want %d\n%s", tc.example, r.code, tc.want, r.out)
		}
		if strings.Contains(r.out, "[android-") {
			t.Errorf("%s: android findings in an iOS build:\n%s", tc.example, r.out)
		}
		if tc.withBrew {
			args, err := os.ReadFile(filepath.Join(strings.SplitN(path, string(os.PathListSeparator), 2)[0], "brew-args"))
			if err != nil || strings.TrimSpace(string(args)) != "install --quiet bgkit/tap/bgkit" {
				t.Errorf("brew ran with %q, %v; want install --quiet bgkit/tap/bgkit", args, err)
			}
		}
	}
}

// The Gradle recipe, with Gradle when it is installed. The stand-in build
// leaves the example's Gradle files alone (the doctor reads them): its own
// settings file points Gradle at build files with a preBuild task, as the
// Android plugin has, and the recipe applied.
func TestGradleTask(t *testing.T) {
	needShell(t)
	gradle, err := exec.LookPath("gradle")
	if err != nil {
		t.Skip("gradle is not on PATH; the task runs: bgkit doctor --platform android --format gcc, from the app's root")
	}
	recipe, err := os.ReadFile(filepath.Join("gradle", "bgkit.gradle"))
	if err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + binDir + string(os.PathListSeparator) + os.Getenv("PATH"), "GRADLE_USER_HOME=" + filepath.Join(t.TempDir(), "gradle")}
	for _, tc := range []struct {
		example string
		want    int
	}{
		{"rn-background-fetch", 1}, // BOOT_COMPLETED receiver without android:exported
		{"native-clean", 0},
	} {
		android := filepath.Join(example(t, tc.example), "android")
		files := map[string]string{
			"standin-settings.gradle": "rootProject.name = 'standin'\nrootProject.buildFileName = 'standin.gradle'\n" +
				"include ':app'\nproject(':app').buildFileName = 'standin.gradle'\n",
			"standin.gradle":                       "",
			filepath.Join("app", "standin.gradle"): "task preBuild { doLast { println 'preBuild ran' } }\napply from: 'bgkit.gradle'\n",
			filepath.Join("app", "bgkit.gradle"):   string(recipe),
		}
		for name, body := range files {
			if err := os.WriteFile(filepath.Join(android, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		r := run(t, android, env, gradle, "--offline", "--no-daemon", "-q", "-c", "standin-settings.gradle", ":app:preBuild")
		if tc.want == 0 {
			if r.code != 0 || !strings.Contains(r.out, "preBuild ran") {
				t.Errorf("%s: gradle :app:preBuild: exit %d, want 0 and preBuild to run\n%s", tc.example, r.code, r.out)
			}
			continue
		}
		if r.code == 0 || strings.Contains(r.out, "preBuild ran") {
			t.Errorf("%s: gradle :app:preBuild: exit %d; want the build to stop at bgkitDoctor\n%s", tc.example, r.code, r.out)
		}
		if !strings.Contains(r.out, "android/app/src/main/AndroidManifest.xml:27: error: ") || strings.Contains(r.out, "[ios-") {
			t.Errorf("%s: gradle :app:preBuild: want the doctor's Android findings, from the app's root:\n%s", tc.example, r.out)
		}
	}
}

// The VS Code recipe's problem matcher, tested on real --format gcc output:
// every line matches, with the file, line, severity and rule. VS Code runs
// the pattern as a JavaScript regular expression, so node checks it too when
// it is installed.
func TestVSCodeProblemMatcher(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("vscode", ".vscode", "tasks.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tasks struct {
		Tasks []struct {
			Command        string
			ProblemMatcher struct {
				FileLocation []string
				Pattern      struct {
					Regexp                                      string
					File, Line, Column, Severity, Message, Code int
				}
			}
		}
	}
	if err := json.Unmarshal(b, &tasks); err != nil {
		t.Fatalf("tasks.json: %v", err)
	}
	if len(tasks.Tasks) != 1 || !strings.Contains(tasks.Tasks[0].Command, "--format gcc") {
		t.Fatalf("tasks.json: want one task running --format gcc, got %+v", tasks.Tasks)
	}
	pm := tasks.Tasks[0].ProblemMatcher
	re, err := regexp.Compile(pm.Pattern.Regexp)
	if err != nil {
		t.Fatal(err)
	}

	located := regexp.MustCompile(`^[^ ].*?:[0-9]+(:[0-9]+)?: (error|warning|note): `)
	var lines []string
	severities := map[string]bool{}
	entries, err := os.ReadDir(filepath.Join(repoRoot, "examples"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		r := run(t, repoRoot, nil, filepath.Join(binDir, "bgkit"), "doctor", "--format", "gcc", filepath.Join("examples", e.Name()))
		for _, line := range strings.Split(strings.TrimSpace(r.out), "\n") {
			if line == "" {
				continue
			}
			m := re.FindStringSubmatch(line)
			// A note about the project or a whole file (bgkit: note: ...,
			// FILE: note: ...) has no line for the Problems panel; it stays
			// in the terminal.
			if !located.MatchString(line) {
				if m != nil {
					t.Errorf("the matcher takes a line without a file and line number: %s", line)
				}
				continue
			}
			lines = append(lines, line)
			if m == nil {
				t.Errorf("the matcher misses: %s", line)
				continue
			}
			p := pm.Pattern
			if _, err := os.Stat(filepath.Join(repoRoot, m[p.File])); err != nil {
				t.Errorf("file %q of %s: %v", m[p.File], line, err)
			}
			if m[p.Line] == "0" || m[p.Message] == "" || !strings.HasPrefix(line, m[p.File]+":"+m[p.Line]) {
				t.Errorf("line %q message %q of %s", m[p.Line], m[p.Message], line)
			}
			if !strings.HasSuffix(line, " ["+m[p.Code]+"]") {
				t.Errorf("rule %q of %s", m[p.Code], line)
			}
			severities[m[p.Severity]] = true
		}
	}
	for _, s := range []string{"error", "warning", "note"} {
		if !severities[s] {
			t.Errorf("the examples gave no %s line, so the matcher is not tested on one", s)
		}
	}

	node, err := exec.LookPath("node")
	if err != nil {
		t.Log("node is not on PATH: the pattern was checked as a Go regular expression only")
		return
	}
	input, _ := json.Marshal(map[string]any{"re": pm.Pattern.Regexp, "lines": lines})
	js := `const {re, lines} = JSON.parse(process.argv[1]); const r = new RegExp(re);
for (const l of lines) { const m = r.exec(l); console.log(m ? [m[1], m[2], m[3] || "", m[4], m[6]].join("|") : "NO MATCH " + l); }`
	out, err := exec.Command(node, "-e", js, string(input)).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	got := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i, line := range lines {
		m := re.FindStringSubmatch(line)
		want := strings.Join([]string{m[1], m[2], m[3], m[4], m[6]}, "|")
		if i >= len(got) || got[i] != want {
			t.Errorf("JavaScript reads %s\nas %q, Go as %q", line, got[min(i, len(got)-1)], want)
		}
	}
}

// The pre-commit hooks, with pre-commit when it is installed: the
// bgkit-doctor-system hook on a repository holding the Expo example, which
// fails, and the clean native one, which passes. (bgkit-doctor, which builds
// bgkit with Go, was tried by hand: it needs the Go module proxy.)
func TestPreCommitHook(t *testing.T) {
	needShell(t, "pre-commit", "git")
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		example string
		want    int
	}{
		{"expo-background-task", 1},
		{"native-clean", 0},
	} {
		dir := example(t, tc.example)
		env := []string{
			"PATH=" + binDir + string(os.PathListSeparator) + os.Getenv("PATH"),
			"PRE_COMMIT_HOME=" + filepath.Join(t.TempDir(), "pre-commit"),
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
		}
		for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-q", "-m", "app"}} {
			if r := run(t, dir, env, "git", args...); r.code != 0 {
				t.Fatalf("git %v: %s", args, r.out)
			}
		}
		r := run(t, dir, env, "pre-commit", "try-repo", root, "bgkit-doctor-system", "--all-files")
		if r.code != tc.want {
			t.Errorf("%s: pre-commit exit %d, want %d\n%s", tc.example, r.code, tc.want, r.out)
		}
		if tc.want == 1 && !strings.Contains(r.out, "app.json:30:5: error: ") {
			t.Errorf("%s: want the doctor's gcc lines:\n%s", tc.example, r.out)
		}
	}
}

// The README shows each recipe as it is tested here, so they cannot drift.
func TestReadmeShowsTheRecipes(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{
		filepath.Join("xcode-cloud", "ci_scripts", "ci_post_clone.sh"),
		filepath.Join("gradle", "bgkit.gradle"),
		filepath.Join("vscode", ".vscode", "tasks.json"),
	} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(readme), "\n"+string(b)+"```\n") {
			t.Errorf("README.md does not show %s as it is; paste the file into its code block", file)
		}
	}
	for name, script := range map[string]string{
		"eas-build-post-install": easScript,
		"capacitor:sync:after":   capacitorScript,
	} {
		quoted, _ := json.Marshal(script)
		if want := `"` + name + `": ` + strings.ReplaceAll(string(quoted), `\u003e`, ">"); !strings.Contains(string(readme), want) {
			t.Errorf("README.md lacks the script the test runs:\n%s", want)
		}
	}
}
