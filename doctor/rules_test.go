package doctor

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/bgkit/bgkit/internal/testutil"
	"github.com/bgkit/bgkit/project"
)

func init() {
	// Golden files are refreshed with -update; another test file of the
	// package may declare the flag first.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files in testdata")
	}
}

func drUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// drUnpack writes the archive's files under prefix/ into a new temporary
// project root.
func drUnpack(t testing.TB, a *txtar.Archive, prefix string) string {
	t.Helper()
	root := t.TempDir()
	n := 0
	for _, f := range a.Files {
		name, ok := strings.CutPrefix(f.Name, prefix+"/")
		if !ok {
			continue
		}
		n++
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if n == 0 {
		t.Fatalf("the archive has no %s/ files", prefix)
	}
	return root
}

func drRun(t testing.TB, root string, opt Options) *Report {
	t.Helper()
	p, err := project.Detect(root)
	if err != nil {
		t.Fatal(err)
	}
	return Run(p, opt)
}

func drOf(fs []Finding, rule string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// TestRuleFixtures runs every rule on projects that break it and projects
// that satisfy it (testdata/rules/RULE.txtar). Each case is a folder:
// fail/ and pass/, and named pairs fail-CASE/ and pass-CASE/ for each
// library or situation the rule covers. A line "fail-CASE: FILE:LINE" in
// the archive's comment names a finding the case must report there.
func TestRuleFixtures(t *testing.T) {
	for _, rule := range Catalog.Rules() {
		if rule.Run == nil {
			continue
		}
		t.Run(rule.ID, func(t *testing.T) {
			a, err := txtar.ParseFile(filepath.Join("testdata", "rules", rule.ID+".txtar"))
			if err != nil {
				t.Fatalf("every rule needs a fixture: %v", err)
			}
			cases := drCases(a)
			for name := range cases {
				kind, suffix, _ := strings.Cut(name, "-")
				other := map[string]string{"fail": "pass", "pass": "fail"}[kind]
				if suffix != "" {
					other += "-" + suffix
				}
				if !cases[other] {
					t.Errorf("case %s/ has no %s/ to pair with", name, other)
				}
			}
			if !cases["fail"] || !cases["pass"] {
				t.Fatalf("the fixture needs fail/ and pass/; it has %v", sortedStrings(mapKeys(cases)))
			}
			want := drWants(t, a)
			for _, name := range sortedStrings(mapKeys(cases)) {
				t.Run(name, func(t *testing.T) {
					rep := drRun(t, drUnpack(t, a, name), Options{Rules: []string{rule.ID}, Verbose: true})
					got := drOf(rep.Findings, rule.ID)
					if strings.HasPrefix(name, "pass") {
						if len(got) > 0 {
							t.Fatalf("%d findings: %+v", len(got), got)
						}
						return
					}
					drCheckFail(t, rule, got, rep.Findings, name == "fail")
					for _, w := range want[name] {
						// "FILE:LINE" or "FILE:LINE SEVERITY": a severity,
						// when given, is part of the contract (a finding
						// bgkit cannot be sure of must not be an error).
						loc, sev, _ := strings.Cut(w, " ")
						found := false
						for _, f := range got {
							at := filepath.ToSlash(f.File)
							if f.Line > 0 {
								at += fmt.Sprintf(":%d", f.Line)
							}
							if at == loc && (sev == "" || string(f.Severity) == sev) {
								found = true
							}
						}
						if !found {
							t.Errorf("no %s finding at %s; findings: %+v", rule.ID, w, got)
						}
					}
				})
			}
			for name := range want {
				if !cases[name] {
					t.Errorf("the comment expects findings of %s/, which the archive does not have", name)
				}
			}
		})
	}
}

// drCases lists the archive's case folders (fail, pass, fail-CASE, pass-CASE).
func drCases(a *txtar.Archive) map[string]bool {
	cases := map[string]bool{}
	for _, f := range a.Files {
		dir, _, ok := strings.Cut(f.Name, "/")
		if ok && (dir == "fail" || dir == "pass" || strings.HasPrefix(dir, "fail-") || strings.HasPrefix(dir, "pass-")) {
			cases[dir] = true
		}
	}
	return cases
}

// drWants reads the "fail-CASE: FILE:LINE [SEVERITY]" lines of the
// archive's comment.
func drWants(t *testing.T, a *txtar.Archive) map[string][]string {
	t.Helper()
	want := map[string][]string{}
	for _, line := range strings.Split(string(a.Comment), "\n") {
		name, loc, ok := strings.Cut(strings.TrimSpace(line), ": ")
		if !ok || !(name == "fail" || strings.HasPrefix(name, "fail-")) || strings.ContainsAny(name, " /") {
			continue
		}
		want[name] = append(want[name], strings.TrimSpace(loc))
	}
	return want
}

// drCheckFail asserts what every finding of a failing case must carry.
// The fail/ case of a fixable rule must carry a fix.
func drCheckFail(t *testing.T, rule *Rule, got, all []Finding, wantFix bool) {
	t.Helper()
	if len(got) == 0 {
		t.Fatalf("no %s finding; findings: %+v", rule.ID, all)
	}
	fixable := false
	for _, f := range got {
		if f.Message == "" || f.File == "" {
			t.Errorf("finding without a message or a file: %+v", f)
		}
		if f.Platform != rule.Platform && rule.Platform != Both {
			t.Errorf("finding for platform %s from a %s rule", f.Platform, rule.Platform)
		}
		if f.Fixable && f.Fix != nil {
			fixable = true
		}
		if f.Fixable && !rule.Fixable {
			t.Errorf("fixable finding from a rule the catalog says is not fixable: %+v", f)
		}
	}
	if wantFix && rule.Fixable && !fixable {
		t.Errorf("the rule is fixable but no finding carries a fix: %+v", got)
	}
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestCatalogComplete(t *testing.T) {
	rules := Catalog.Rules()
	if len(rules) < 25 {
		t.Fatalf("only %d rules", len(rules))
	}
	for _, r := range rules {
		if r.Title == "" || strings.HasSuffix(r.Title, ".") {
			t.Errorf("%s: title %q (want one line, no final period)", r.ID, r.Title)
		}
		if !strings.HasPrefix(r.Docs, "https://") {
			t.Errorf("%s: docs link %q", r.ID, r.Docs)
		}
		if r.Why == "" || !strings.HasPrefix(r.Why, string(r.Severity)) {
			t.Errorf("%s: severity reason %q must start with its severity %q", r.ID, r.Why, r.Severity)
		}
		switch r.Platform {
		case IOS, Android, Both:
		default:
			t.Errorf("%s: platform %q", r.ID, r.Platform)
		}
		// --explain and SARIF's fullDescription/help need both.
		if len(strings.Fields(r.Text)) < 20 {
			t.Errorf("%s: no explanation (Text in ruledocs.go: what the rule checks and why, a few sentences)", r.ID)
		}
		if len(strings.Fields(r.Remedy)) < 5 {
			t.Errorf("%s: no remedy (Remedy in ruledocs.go: how to fix a finding)", r.ID)
		}
		if r.Text == r.Title || r.Remedy == r.Text {
			t.Errorf("%s: Text and Remedy repeat the title or each other", r.ID)
		}
		if (r.Before != "") && (r.After == "") {
			t.Errorf("%s: Before without After", r.ID)
		}
		if r.Fixable && !strings.Contains(r.Remedy, "--fix") {
			t.Errorf("%s is fixable: its remedy should say what --fix does", r.ID)
		}
	}
}

// TestRuleDocs keeps the documentation and the catalog in step: no
// documentation for a rule that does not exist.
func TestRuleDocs(t *testing.T) {
	for id := range ruleDocs {
		if _, ok := Catalog.Lookup(id); !ok {
			t.Errorf("ruleDocs has %s, which the catalog does not", id)
		}
	}
}

// TestSeverityPolicy keeps the policy table and the catalog in step: no
// reason for a rule that does not exist.
func TestSeverityPolicy(t *testing.T) {
	for id := range severityWhy {
		if _, ok := Catalog.Lookup(id); !ok {
			t.Errorf("severityWhy has %s, which the catalog does not", id)
		}
	}
}

func TestRegistry(t *testing.T) {
	var reg Registry
	ok := Rule{ID: "a-rule", Title: "A", Severity: Error, Platform: IOS, Docs: "https://example.com", Why: "error: it fails"}
	if err := reg.Register(ok); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []Rule{
		ok, // duplicate
		{ID: "Bad ID", Title: "B", Severity: Error},
		{ID: "b-rule", Title: "B", Severity: "fatal"},
		{ID: "", Title: "B", Severity: Error},
		{ID: "no-why", Title: "B", Severity: Error, Platform: IOS, Docs: "https://example.com"},
		{ID: "no-source", Title: "B", Severity: Error, Platform: IOS, Why: "error: it fails"},
	} {
		if err := reg.Register(bad); err == nil {
			t.Errorf("Register(%+v) = nil, want an error", bad)
		}
	}
	if len(reg.Rules()) != 1 {
		t.Errorf("%d rules registered, want 1", len(reg.Rules()))
	}
}

func TestCheckIDs(t *testing.T) {
	tests := []struct {
		ids        []string
		wantErr    bool
		suggestion string
	}{
		{[]string{"ios-mode-missing", "file-invalid"}, false, ""},
		{[]string{"ios-mode-mising"}, true, "ios-mode-missing"},
		{[]string{"processing-without-identifiers"}, true, "ios-processing-without-identifiers"},
		{[]string{"zzzzzzzzzzzzzzzzzzzzzzzz"}, true, ""},
	}
	for _, tt := range tests {
		err := Catalog.CheckIDs(tt.ids)
		var ue *UnknownRuleError
		if !tt.wantErr {
			if err != nil {
				t.Errorf("CheckIDs(%v) = %v", tt.ids, err)
			}
			continue
		}
		if !errors.As(err, &ue) {
			t.Fatalf("CheckIDs(%v) = %v, want an UnknownRuleError", tt.ids, err)
		}
		if ue.Suggestion != tt.suggestion {
			t.Errorf("CheckIDs(%v) suggests %q, want %q", tt.ids, ue.Suggestion, tt.suggestion)
		}
	}
}

// TestRuleCrashIsAFinding: a rule that panics is reported, the others run.
func TestRuleCrashIsAFinding(t *testing.T) {
	reg := &Registry{}
	reg.mustRegister(
		Rule{ID: "boom", Title: "Crashes", Severity: Warning, Platform: IOS, Docs: "https://example.com", Why: "test", Run: func(c *Check) {
			var m map[string]int
			m["x"] = 1 // nil map: panics
		}},
		Rule{ID: "fine", Title: "Works", Severity: Warning, Platform: Android, Docs: "https://example.com", Why: "test", Run: func(c *Check) {
			c.report(Loc{File: "a.txt", Line: 1}, nil, "still ran")
		}},
	)
	p, err := project.Detect(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rep := runCatalog(reg, p, Options{})
	if len(rep.Findings) != 2 {
		t.Fatalf("findings = %+v, want the crash and the other rule's", rep.Findings)
	}
	crash := drOf(rep.Findings, RuleCrashed)
	if len(crash) != 1 || crash[0].Severity != Error || !strings.Contains(crash[0].Message, "rule boom crashed") || !strings.Contains(crash[0].Message, "--skip boom") {
		t.Errorf("crash finding = %+v", crash)
	}
	if got := drOf(rep.Findings, "fine"); len(got) != 1 || got[0].Message != "still ran" {
		t.Errorf("other rule = %+v", got)
	}
}

func TestOptionsNarrowTheRun(t *testing.T) {
	root := filepath.Join("..", "examples", "capacitor-background-runner")
	all := drRun(t, root, Options{})
	if len(all.Findings) == 0 {
		t.Fatal("the example reports nothing")
	}
	ios := drRun(t, root, Options{Platform: IOS})
	for _, f := range ios.Findings {
		if f.Platform == Android {
			t.Errorf("--platform ios reported %+v", f)
		}
	}
	if len(ios.Findings) >= len(all.Findings) {
		t.Errorf("--platform ios did not narrow: %d of %d", len(ios.Findings), len(all.Findings))
	}
	skip := drRun(t, root, Options{Skip: []string{"ios-mode-missing"}})
	if len(drOf(skip.Findings, "ios-mode-missing")) != 0 || len(skip.Findings) != len(all.Findings)-1 {
		t.Errorf("--skip: %+v", skip.Findings)
	}
	only := drRun(t, root, Options{Rules: []string{"ios-mode-missing"}})
	if len(only.Findings) != 1 || len(only.Rules) != 1 {
		t.Errorf("--rule: %d findings, %d rules", len(only.Findings), len(only.Rules))
	}
}

// exampleFindings are what each example's README says is wrong on purpose.
var exampleFindings = map[string][]string{
	"expo-background-task": {
		"ios-mode-missing app.json:14",
		"ios-legacy-fetch-with-identifiers package.json:12",
		"android-permission-blocked app.json:27",
		"expo-plugin-missing app.json:30",
	},
	"capacitor-background-runner": {
		"capacitor-runner-appdelegate ios/App/App/AppDelegate.swift:10",
		"ios-identifier-missing ios/App/App/Info.plist:5",
		"ios-mode-missing ios/App/App/Info.plist:29",
		"android-interval-too-short capacitor.config.json:11",
		"android-play-background-location package.json:13",
		"android-play-exact-alarm package.json:13",
	},
	"rn-background-fetch": {
		"ios-identifier-missing ios/BgFetchDemo/Info.plist:5",
		"ios-transistorsoft-id-prefix ios/BgFetchDemo/Info.plist:7",
		"ios-mode-missing ios/BgFetchDemo/Info.plist:40",
		"android-exported-missing android/app/src/main/AndroidManifest.xml:27",
	},
	"flutter-workmanager": {
		"ios-processing-without-identifiers ios/Runner/Info.plist:33",
		"android-permission-blocked android/app/src/main/AndroidManifest.xml:7",
	},
	"native-clean": nil,
}

func TestExamples(t *testing.T) {
	for name, want := range exampleFindings {
		t.Run(name, func(t *testing.T) {
			rep := drRun(t, filepath.Join("..", "examples", name), Options{})
			var got []string
			for _, f := range rep.Findings {
				got = append(got, fmt.Sprintf("%s %s:%d", f.Rule, filepath.ToSlash(f.File), f.Line))
			}
			if strings.Join(sortedStrings(got), "\n") != strings.Join(sortedStrings(want), "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestGolden renders an example in every format (text also styled) and
// compares with testdata/golden; -update rewrites them.
func TestGolden(t *testing.T) {
	for _, name := range []string{"capacitor-background-runner", "expo-background-task"} {
		rep := drRun(t, filepath.Join("..", "examples", name), Options{})
		rep.Root = "examples/" + name
		verbose := drRun(t, filepath.Join("..", "examples", name), Options{Verbose: true})
		verbose.Root = rep.Root
		cases := []struct {
			file string
			rep  *Report
			fmt  string
			opt  RenderOptions
		}{
			{name + ".txt", rep, "text", RenderOptions{Prefix: rep.Root}},
			{name + ".color.txt", rep, "text", RenderOptions{Prefix: rep.Root, Color: true}},
			{name + ".verbose.txt", verbose, "text", RenderOptions{Prefix: rep.Root, Verbose: true}},
			{name + ".json", rep, "json", RenderOptions{Prefix: rep.Root}},
			{name + ".sarif", rep, "sarif", RenderOptions{Prefix: rep.Root, Version: "test"}},
			{name + ".github", rep, "github", RenderOptions{Prefix: rep.Root}},
			{name + ".gcc", rep, "gcc", RenderOptions{Prefix: rep.Root}},
			{name + ".junit.xml", rep, "junit", RenderOptions{Prefix: rep.Root}},
			{name + ".checkstyle.xml", rep, "checkstyle", RenderOptions{Prefix: rep.Root}},
			{name + ".codeclimate.json", rep, "codeclimate", RenderOptions{Prefix: rep.Root}},
		}
		for _, tc := range cases {
			t.Run(tc.file, func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, tc.fmt, tc.rep, tc.opt); err != nil {
					t.Fatal(err)
				}
				drGolden(t, filepath.Join("testdata", "golden", tc.file), buf.Bytes())
			})
		}
	}
	var buf bytes.Buffer
	if err := WriteRules(&buf, Catalog.Rules(), "markdown"); err != nil {
		t.Fatal(err)
	}
	drGolden(t, filepath.Join("testdata", "golden", "rules.md"), buf.Bytes())
}

func drGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if drUpdating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./doctor -run TestGolden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test ./doctor -run TestGolden -update and review the diff):\n--- got\n%s", path, got)
	}
}

func TestEscaping(t *testing.T) {
	rep := &Report{Findings: []Finding{{Rule: "r", Severity: Warning, Platform: IOS, File: "a,b:c%.plist", Line: 3, Message: "50% done\nnext: line"}}}
	var buf bytes.Buffer
	if err := WriteGitHub(&buf, rep, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "::warning file=a%2Cb%3Ac%25.plist,line=3,title=r::50%25 done%0Anext: line\n"
	if buf.String() != want {
		t.Errorf("github = %q, want %q", buf.String(), want)
	}
	buf.Reset()
	rep.Findings[0].File = ""
	if err := WriteGCC(&buf, rep, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := "bgkit: warning: 50% done\nnext: line [r]\n"; buf.String() != want {
		t.Errorf("gcc = %q, want %q", buf.String(), want)
	}
}

// TestCorpus places every file of the shared corpus in a synthetic project
// where bgkit looks for it: no crash, and invalid files become findings.
func TestCorpus(t *testing.T) {
	dir := testutil.CorpusDir(t)
	kinds := []struct {
		sub  string
		dest string
		base map[string]string
	}{
		{"infoplist", "ios/App/Info.plist", nil},
		{"infoplist/invalid", "ios/App/Info.plist", nil},
		{"entitlements", "ios/App/App.entitlements", map[string]string{"ios/App/Info.plist": plistWithPush}},
		{"entitlements/invalid", "ios/App/App.entitlements", map[string]string{"ios/App/Info.plist": plistWithPush}},
		{"manifest", "android/app/src/main/AndroidManifest.xml", map[string]string{"android/app/build.gradle": "apply plugin: 'com.android.application'\nandroid { defaultConfig { targetSdkVersion 35 } }\n"}},
		{"manifest/invalid", "android/app/src/main/AndroidManifest.xml", nil},
		{"expo", "app.json", map[string]string{"package.json": `{"dependencies": {"expo": "~54.0.0", "expo-background-task": "~1.0.0", "expo-background-fetch": "~14.0.0", "@react-native-firebase/messaging": "^22.0.0"}}`}},
		{"expo/invalid", "app.json", map[string]string{"package.json": `{"dependencies": {"expo": "~54.0.0"}}`}},
		{"capacitor", "capacitor.config.json", map[string]string{"package.json": `{"dependencies": {"@capacitor/core": "^7.0.0", "@capacitor/background-runner": "^2.0.0"}}`}},
	}
	total := 0
	for _, k := range kinds {
		entries, err := os.ReadDir(filepath.Join(dir, k.sub))
		if err != nil {
			t.Fatal(err)
		}
		invalid := strings.HasSuffix(k.sub, "/invalid")
		for _, e := range entries {
			if !e.Type().IsRegular() {
				continue
			}
			total++
			data, err := os.ReadFile(filepath.Join(dir, k.sub, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			t.Run(k.sub+"/"+e.Name(), func(t *testing.T) {
				root := t.TempDir()
				files := map[string]string{k.dest: string(data)}
				for n, v := range k.base {
					files[n] = v
				}
				for n, v := range files {
					p := filepath.Join(root, filepath.FromSlash(n))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, []byte(v), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				rep := drRun(t, root, Options{Verbose: true})
				if c := drOf(rep.Findings, RuleCrashed); len(c) > 0 {
					t.Fatalf("a rule crashed: %+v", c)
				}
				problems := append(drOf(rep.Findings, "file-invalid"), drOf(rep.Findings, "config-not-strict-json")...)
				var onFile []Finding
				for _, f := range problems {
					if filepath.ToSlash(f.File) == k.dest {
						onFile = append(onFile, f)
					}
				}
				if invalid && len(onFile) == 0 {
					t.Errorf("invalid file not reported; findings: %+v", rep.Findings)
				}
				if !invalid && len(drOf(onFile, "file-invalid")) > 0 {
					t.Errorf("valid file reported as invalid: %+v", onFile)
				}
			})
		}
	}
	if total < 50 {
		t.Errorf("only %d corpus files", total)
	}
}

const plistWithPush = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>UIBackgroundModes</key>
	<array>
		<string>remote-notification</string>
	</array>
</dict>
</plist>
`

// TestNeverWalksDependencyTrees fills node_modules, Pods, build trees and
// .git with named pipes at the names bgkit reads: opening one for reading
// blocks, so a doctor that looked inside would hang instead of finishing.
func TestNeverWalksDependencyTrees(t *testing.T) {
	src := filepath.Join("..", "examples", "capacitor-background-runner")
	root := t.TempDir()
	drCopyDir(t, src, root)
	want := drRun(t, root, Options{})
	traps := 0
	for _, dir := range []string{
		"node_modules", "node_modules/@capacitor/background-runner", "node_modules/react-native", "node_modules/.bin",
		"ios/App/Pods", "ios/App/Pods/Target Support Files", "ios/build", "ios/DerivedData", "android/.gradle", "android/build",
		"android/app/build/intermediates/merged_manifest/release", ".git", "build", "public/node_modules",
	} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"package.json", "Info.plist", "AndroidManifest.xml", "app.json", "capacitor.config.json", "build.gradle", "AppDelegate.swift", "index.js", "main.dart", "Podfile.lock"} {
			if err := mkfifo(filepath.Join(root, dir, name)); err != nil {
				t.Skipf("named pipes unavailable: %v", err)
			}
			traps++
		}
	}
	done := make(chan *Report, 1)
	go func() {
		p, err := project.Detect(root)
		if err != nil {
			done <- nil
			return
		}
		done <- Run(p, Options{Verbose: true})
	}()
	select {
	case got := <-done:
		if got == nil {
			t.Fatal("Detect failed")
		}
		if len(got.Findings) != len(want.Findings) {
			t.Errorf("with the traps: %d findings, without: %d", len(got.Findings), len(want.Findings))
		}
	case <-time.After(10 * time.Second):
		// Release the reader that is stuck on a pipe so the test ends.
		t.Fatalf("the doctor opened one of %d files inside a dependency or build tree", traps)
	}
}

func drCopyDir(t testing.TB, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkDoctorExample(b *testing.B) {
	for _, name := range []string{"capacitor-background-runner", "expo-background-task", "rn-background-fetch"} {
		root := filepath.Join("..", "examples", name)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				p, err := project.Detect(root)
				if err != nil {
					b.Fatal(err)
				}
				if rep := Run(p, Options{}); len(rep.Findings) == 0 {
					b.Fatal("no findings")
				}
			}
		})
	}
}

// BenchmarkDoctorBigNodeModules runs the doctor on an example with a
// node_modules tree of 100,000 files beside it: the time must not depend
// on it.
func BenchmarkDoctorBigNodeModules(b *testing.B) {
	root := b.TempDir()
	drCopyDir(b, filepath.Join("..", "examples", "expo-background-task"), root)
	const files = 100_000
	for i := 0; i < files; i++ {
		dir := filepath.Join(root, "node_modules", fmt.Sprintf("pkg-%03d", i/100), "lib")
		if i%100 == 0 {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				b.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%d.js", i)), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		p, err := project.Detect(root)
		if err != nil {
			b.Fatal(err)
		}
		if rep := Run(p, Options{}); len(rep.Findings) == 0 {
			b.Fatal("no findings")
		}
	}
}
