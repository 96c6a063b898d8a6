package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"howett.net/plist"

	"github.com/bgkit/bgkit/appfile"
	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/internal/testutil"
	"github.com/bgkit/bgkit/plistcfg"
)

// runPlistArgs runs bgkit with args in dir and returns the exit code and
// both streams.
func runPlistArgs(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	code := Run(&cmdutil.Factory{IO: ios}, append([]string{"-C", dir}, args...))
	return code, out.String(), errOut.String()
}

func TestPlistEditFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want plistEditOptions
	}{
		{[]string{"fetch", "processing"}, plistEditOptions{Values: []string{"fetch", "processing"}}},
		{[]string{"fetch", "--file", "x.plist", "--check"}, plistEditOptions{plistTarget: plistTarget{File: "x.plist"}, Edit: editFlags{Check: true}, Values: []string{"fetch"}}},
		{[]string{"x", "--allow-unknown", "--target", "App", "--dry-run"}, plistEditOptions{plistTarget: plistTarget{Target: "App"}, Edit: editFlags{DryRun: true}, AllowUnknown: true, Values: []string{"x"}}},
	}
	for _, tt := range tests {
		var got *plistEditOptions
		ios, _, _, _ := iostreams.Test()
		c := newPlistEditCmd(&cmdutil.Factory{IO: ios}, appfile.AddMode, func(o *plistEditOptions) error { got = o; return nil })
		c.SetArgs(tt.args)
		if err := c.Execute(); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		if got.File != tt.want.File || got.Target != tt.want.Target || got.Edit != tt.want.Edit ||
			got.AllowUnknown != tt.want.AllowUnknown || strings.Join(got.Values, ",") != strings.Join(tt.want.Values, ",") {
			t.Errorf("%v: parsed %+v, want %+v", tt.args, *got, tt.want)
		}
	}
}

func TestPlistModeList(t *testing.T) {
	t.Parallel()
	if want := strings.Join(plistcfg.ModeNames(), ", "); plistModeList != want {
		t.Errorf("plistModeList = %q\nwant %q", plistModeList, want)
	}
}

// TestPlistCorpusCLI runs add-mode and add-task-id through the whole
// command over every corpus Info.plist (exit 0, then exit 0 with nothing to
// do), and every broken file (exit 2, file untouched).
func TestPlistCorpusCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyIn := func(src string) string {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, filepath.Base(src))
		if err := os.WriteFile(dst, data, 0o640); err != nil {
			t.Fatal(err)
		}
		return filepath.Base(src)
	}
	for _, src := range testutil.CorpusFiles(t, "infoplist") {
		name := copyIn(src)
		for _, args := range [][]string{
			{"plist", "add-mode", "fetch", "processing", "--file", name},
			{"plist", "add-task-id", "com.example.app.refresh", "--file", name},
		} {
			if code, _, errOut := runPlistArgs(t, dir, args...); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, errOut)
			}
			after, _ := os.ReadFile(filepath.Join(dir, name))
			args = append(args, "--check")
			if code, out, errOut := runPlistArgs(t, dir, args...); code != 0 || out != "" || !strings.Contains(errOut, "already up to date") {
				t.Fatalf("%v: second run exit %d, stdout %q, stderr %q", args, code, out, errOut)
			}
			if again, _ := os.ReadFile(filepath.Join(dir, name)); !bytes.Equal(again, after) {
				t.Fatalf("%v: --check wrote the file", args)
			}
		}
		if st, _ := os.Stat(filepath.Join(dir, name)); st.Mode().Perm() != 0o640 {
			t.Errorf("%s: mode changed to %v", name, st.Mode().Perm())
		}
		code, out, _ := runPlistArgs(t, dir, "plist", "show", "--json", "--file", name)
		if code != 0 || !strings.Contains(out, `"value": "processing"`) || !strings.Contains(out, `"value": "com.example.app.refresh"`) {
			t.Errorf("%s: show --json exit %d:\n%s", name, code, out)
		}
	}
	var invalid []string
	for _, sub := range []string{"infoplist/invalid", "entitlements/invalid"} {
		invalid = append(invalid, testutil.CorpusFiles(t, sub)...)
	}
	for _, src := range invalid {
		name := copyIn(src)
		orig, _ := os.ReadFile(filepath.Join(dir, name))
		for _, args := range [][]string{
			{"plist", "add-mode", "fetch", "--file", name},
			{"plist", "remove-task-id", "com.example.a", "--file", name},
			{"plist", "show", "--file", name},
		} {
			code, _, errOut := runPlistArgs(t, dir, args...)
			if code != 2 || !strings.HasPrefix(errOut, "bgkit: "+name+":") {
				t.Errorf("%v: exit %d, stderr %q; want 2 and an error naming the file", args, code, errOut)
			}
			if now, _ := os.ReadFile(filepath.Join(dir, name)); !bytes.Equal(now, orig) {
				t.Errorf("%v: the file was changed", args)
			}
		}
	}
}

// TestPlistShowStreams runs show with in-memory streams: plain text without
// a terminal or with NO_COLOR, bold headings and a yellow "warning:" on one.
func TestPlistShowStreams(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "Info.plist"), []byte("<plist><dict>\n<key>UIBackgroundModes</key>\n<array>\n<string>processing</string>\n</array>\n</dict></plist>\n"), 0o644)
	for _, tc := range []struct {
		name      string
		tty, nocl bool
		wantEsc   bool
	}{
		{"pipe", false, false, false},
		{"terminal", true, false, true},
		{"terminal with NO_COLOR", true, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ios, _, out, errOut := iostreams.Test()
			ios.SetTTY(tc.tty)
			ios.SetNoColor(tc.nocl)
			if err := runPlistShow(&cmdutil.Factory{IO: ios, Dir: fsutil.Dir(dir)}, &plistShowOptions{plistTarget: plistTarget{File: "Info.plist"}}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "processing  (line 4)") {
				t.Errorf("stdout:\n%s", out)
			}
			if !strings.Contains(errOut.String(), "Info.plist:4: UIBackgroundModes has processing (Info.plist:4) but BGTaskSchedulerPermittedIdentifiers is missing or empty") {
				t.Errorf("stderr:\n%s", errOut)
			}
			if got := strings.Contains(out.String()+errOut.String(), "\x1b["); got != tc.wantEsc {
				t.Errorf("escape sequences: %v, want %v\n%q\n%q", got, tc.wantEsc, out, errOut)
			}
		})
	}
}

// TestPlistBinaryDiff: the diff of a binary plist is shown as the XML it
// decodes to (its bytes are not text), --check still exits 1 without
// writing, and a write keeps the file binary.
func TestPlistBinaryDiff(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data, err := plist.Marshal(map[string]any{"CFBundleName": "Tides", "UIBackgroundModes": []any{"audio"}}, plist.BinaryFormat)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "Info.plist")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		flag string
		code int
	}{{"--dry-run", 0}, {"--check", 1}} {
		code, out, errOut := runPlistArgs(t, dir, "plist", "add-mode", "fetch", "--file", "Info.plist", tc.flag)
		if code != tc.code {
			t.Fatalf("%s: exit %d, want %d: %s", tc.flag, code, tc.code, errOut)
		}
		if strings.Contains(out, "bplist") || strings.ContainsRune(out, 0) || !utf8.ValidString(out) {
			t.Errorf("%s: the diff holds the binary bytes:\n%q", tc.flag, out)
		}
		if !strings.Contains(out, "+++ b/Info.plist\n") || !regexp.MustCompile(`(?m)^\+\t+<string>fetch</string>$`).MatchString(out) || !regexp.MustCompile(`(?m)^ \t+<string>audio</string>$`).MatchString(out) {
			t.Errorf("%s: stdout is not a diff of the XML text:\n%s", tc.flag, out)
		}
		if !strings.Contains(errOut, "Info.plist: a binary property list; the diff shows it as XML") {
			t.Errorf("%s: stderr %q", tc.flag, errOut)
		}
		if now, _ := os.ReadFile(file); !bytes.Equal(now, data) {
			t.Fatalf("%s wrote the file", tc.flag)
		}
	}
	code, out, errOut := runPlistArgs(t, dir, "plist", "add-mode", "fetch", "--file", "Info.plist")
	if code != 0 || out != "" || errOut != "Info.plist: updated (+1 -0 lines, shown as XML; the file stays binary)\n" {
		t.Errorf("write: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	now, _ := os.ReadFile(file)
	var got map[string]any
	if f, err := plist.Unmarshal(now, &got); err != nil || f != plist.BinaryFormat || !reflect.DeepEqual(got["UIBackgroundModes"], []any{"audio", "fetch"}) {
		t.Errorf("after the write: format %v, %v, %v", f, got, err)
	}
}

// TestPlistCompletion: modes complete from Apple's list (not file names),
// removals from what the file holds, --target from the Xcode project, and
// -C is honoured.
func TestPlistCompletion(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "app", "Tides"), 0o755)
	os.WriteFile(filepath.Join(dir, "app", "Tides", "Info.plist"), []byte("<plist><dict>\n<key>UIBackgroundModes</key>\n<array>\n<string>audio</string>\n<string>fetch</string>\n</array>\n<key>BGTaskSchedulerPermittedIdentifiers</key>\n<array>\n<string>com.example.tides.refresh</string>\n</array>\n</dict></plist>\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "native", "Weather.xcodeproj"), 0o755)
	os.WriteFile(filepath.Join(dir, "native", "Weather.xcodeproj", "project.pbxproj"), []byte(`{ objects = {
		P = {isa = PBXProject; buildConfigurationList = L; targets = (T1, T2); };
		L = {isa = XCConfigurationList; buildConfigurations = (); };
		T1 = {isa = PBXNativeTarget; name = Weather; productType = "com.apple.product-type.application"; };
		T2 = {isa = PBXNativeTarget; name = WeatherDev; productType = "com.apple.product-type.application"; };
	}; rootObject = P; }`), 0o644)
	tests := []struct {
		args []string
		want []string // the candidates, in order
	}{
		{[]string{"plist", "add-mode", "f"}, []string{"fetch"}},
		{[]string{"plist", "add-mode", "fetch", "p"}, []string{"processing", "push-to-talk"}},
		{[]string{"plist", "add-mode", "fetch", "f"}, nil},
		{[]string{"plist", "add-task-id", ""}, nil},
		{[]string{"-C", filepath.Join(dir, "app"), "plist", "remove-mode", ""}, []string{"audio", "fetch"}},
		{[]string{"-C", filepath.Join(dir, "app"), "plist", "remove-mode", "audio", ""}, []string{"fetch"}},
		{[]string{"plist", "remove-mode", "--file", "app/Tides/Info.plist", "a"}, []string{"audio"}},
		{[]string{"-C", filepath.Join(dir, "app"), "plist", "remove-task-id", ""}, []string{"com.example.tides.refresh"}},
		{[]string{"plist", "remove-mode", ""}, nil}, // no Info.plist here
		{[]string{"-C", filepath.Join(dir, "native"), "plist", "show", "--target", ""}, []string{"Weather", "WeatherDev"}},
		{[]string{"-C", filepath.Join(dir, "native"), "plist", "add-mode", "--target", "WeatherD"}, []string{"WeatherDev"}},
	}
	for _, tt := range tests {
		code, out, errOut := runPlistArgs(t, dir, append([]string{"__complete"}, tt.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, errOut)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		directive := lines[len(lines)-1]
		got := lines[:len(lines)-1]
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%v: candidates %q, want %q", tt.args, got, tt.want)
		}
		if directive != ":4" { // ShellCompDirectiveNoFileComp: never file names
			t.Errorf("%v: directive %s, want :4", tt.args, directive)
		}
	}
}
