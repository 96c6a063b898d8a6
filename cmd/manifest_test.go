package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/iostreams"
	"github.com/bgkit/bgkit/internal/testutil"
)

func TestManifestEditFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		add     bool
		args    []string
		want    manifestEditOptions
		wantErr string
	}{
		{"add", true, []string{"WAKE_LOCK", "RECEIVE_BOOT_COMPLETED", "--file", "m.xml", "--check", "--unblock"},
			manifestEditOptions{manifestTarget: manifestTarget{File: "m.xml"}, Edit: editFlags{Check: true}, Add: true, Unblock: true, Perms: []string{"WAKE_LOCK", "RECEIVE_BOOT_COMPLETED"}}, ""},
		{"add short file flag", true, []string{"-f", "x.xml", "--allow-unknown", "NEW_ONE"},
			manifestEditOptions{manifestTarget: manifestTarget{File: "x.xml"}, Add: true, AllowUnknown: true, Perms: []string{"NEW_ONE"}}, ""},
		{"remove", false, []string{"--block", "--dry-run", "ACCESS_BACKGROUND_LOCATION"},
			manifestEditOptions{Edit: editFlags{DryRun: true}, Block: true, Perms: []string{"ACCESS_BACKGROUND_LOCATION"}}, ""},
		{"no permission", true, nil, manifestEditOptions{}, "requires at least 1 arg"},
		{"check and dry-run", false, []string{"X", "--check", "--dry-run"}, manifestEditOptions{}, "none of the others"},
		{"block is for remove", true, []string{"X", "--block"}, manifestEditOptions{}, "unknown flag: --block"},
		{"unblock is for add", false, []string{"X", "--unblock"}, manifestEditOptions{}, "unknown flag: --unblock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			var got *manifestEditOptions
			c := newManifestEditCmd(&cmdutil.Factory{IO: ios}, tt.add, func(o *manifestEditOptions) error { got = o; return nil })
			c.SetArgs(tt.args)
			c.SetOut(&bytes.Buffer{})
			c.SetErr(&bytes.Buffer{})
			err := c.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.File != tt.want.File || got.Edit != tt.want.Edit || got.Add != tt.want.Add || got.Unblock != tt.want.Unblock ||
				got.Block != tt.want.Block || got.AllowUnknown != tt.want.AllowUnknown || strings.Join(got.Perms, ",") != strings.Join(tt.want.Perms, ",") {
				t.Errorf("options = %+v, want %+v", *got, tt.want)
			}
		})
	}
}

const showManifest = `<manifest xmlns:android="http://schemas.android.com/apk/res/android">
    <uses-permission android:name="android.permission.WAKE_LOCK" />
    <application>
        <service android:name=".Sync" android:foregroundServiceType="dataSync" />
    </application>
</manifest>
`

func TestManifestShowStreams(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "AndroidManifest.xml")
	if err := os.WriteFile(path, []byte(showManifest), 0o644); err != nil {
		t.Fatal(err)
	}
	escape := regexp.MustCompile("\x1b\\[")
	for _, tc := range []struct {
		name    string
		tty     bool
		noColor bool
		color   bool
	}{
		{"terminal", true, false, true},
		{"terminal with NO_COLOR", true, true, false},
		{"pipe", false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ios, _, out, errOut := iostreams.Test()
			ios.SetTTY(tc.tty)
			ios.SetNoColor(tc.noColor)
			err := runManifestShow(&cmdutil.Factory{IO: ios}, &manifestShowOptions{manifestTarget: manifestTarget{File: path}})
			if err != nil {
				t.Fatal(err)
			}
			if escape.MatchString(out.String()) != tc.color {
				t.Errorf("colour = %v, want %v:\n%q", !tc.color, tc.color, out)
			}
			plain := escape.ReplaceAllString(strings.ReplaceAll(out.String(), "\x1b[0m", ""), "")
			plain = regexp.MustCompile(`1m`).ReplaceAllString(plain, "")
			for _, want := range []string{
				"android.permission.WAKE_LOCK  (line 2)",
				".Sync  (line 4)  foregroundServiceType=dataSync",
				"Boot receivers: none",
			} {
				if !strings.Contains(plain, want) {
					t.Errorf("stdout lacks %q:\n%s", want, plain)
				}
			}
			if errOut.Len() != 0 {
				t.Errorf("stderr = %q", errOut)
			}
		})
	}
}

// TestManifestCorpusCLI runs the commands on copies of the corpus: every
// valid file is patched and then left alone; every invalid one is refused
// with exit 2, its name and a line, and is not touched.
func TestManifestCorpusCLI(t *testing.T) {
	t.Parallel()
	run := func(args ...string) (int, string, string) {
		ios, _, out, errOut := iostreams.Test()
		code := Run(&cmdutil.Factory{IO: ios}, args)
		return code, out.String(), errOut.String()
	}
	copyFile := func(t *testing.T, src string) (string, []byte) {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(t.TempDir(), "AndroidManifest.xml")
		if err := os.WriteFile(dst, data, 0o640); err != nil {
			t.Fatal(err)
		}
		return dst, data
	}
	for _, src := range testutil.CorpusFiles(t, "manifest") {
		t.Run(filepath.Base(src), func(t *testing.T) {
			path, _ := copyFile(t, src)
			if code, _, stderr := run("manifest", "add-permission", "SCHEDULE_EXACT_ALARM", "com.bgkit.test.permission.CLI", "--unblock", "--file", path); code != 0 {
				t.Fatalf("add: exit %d: %s", code, stderr)
			}
			written, _ := os.ReadFile(path)
			st, _ := os.Stat(path)
			if st.Mode().Perm() != 0o640 {
				t.Errorf("mode = %v, want 0640", st.Mode().Perm())
			}
			// A second run writes nothing: the modification time stays.
			past := time.Now().Add(-time.Hour).Truncate(time.Second)
			if err := os.Chtimes(path, past, past); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := run("manifest", "add-permission", "SCHEDULE_EXACT_ALARM", "com.bgkit.test.permission.CLI", "--file", path)
			if code != 0 || stdout != "" || !strings.Contains(stderr, "already up to date") {
				t.Errorf("second run: exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
			if st, err := os.Stat(path); err != nil || !st.ModTime().Equal(past) {
				t.Errorf("second run wrote the file (mtime %v, want %v)", st.ModTime(), past)
			}
			code, stdout, stderr = run("manifest", "add-permission", "SCHEDULE_EXACT_ALARM", "com.bgkit.test.permission.CLI", "--check", "--file", path)
			if code != 0 || stdout != "" || !strings.Contains(stderr, "already up to date") {
				t.Errorf("--check after the change: exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
			if code, _, stderr := run("manifest", "remove-permission", "com.bgkit.test.permission.CLI", "--file", path); code != 0 {
				t.Fatalf("remove: exit %d: %s", code, stderr)
			}
			removed, _ := os.ReadFile(path)
			past = past.Add(-time.Hour)
			if err := os.Chtimes(path, past, past); err != nil {
				t.Fatal(err)
			}
			if code, _, stderr := run("manifest", "remove-permission", "com.bgkit.test.permission.CLI", "--file", path); code != 0 || !strings.Contains(stderr, "already up to date") {
				t.Errorf("second remove: exit %d: %s", code, stderr)
			}
			if st, err := os.Stat(path); err != nil || !st.ModTime().Equal(past) {
				t.Errorf("second remove wrote the file (mtime %v, want %v)", st.ModTime(), past)
			}
			if bytes.Contains(removed, []byte("com.bgkit.test.permission.CLI")) || len(removed) >= len(written) {
				t.Error("remove-permission left the permission")
			}
			if code, stdout, _ := run("manifest", "show", "--json", "--file", path); code != 0 || !strings.Contains(stdout, `"android.permission.SCHEDULE_EXACT_ALARM"`) {
				t.Errorf("show: exit %d, stdout %q", code, stdout)
			}
		})
	}
	for _, src := range testutil.CorpusFiles(t, "manifest/invalid") {
		t.Run("invalid/"+filepath.Base(src), func(t *testing.T) {
			path, data := copyFile(t, src)
			for _, args := range [][]string{
				{"manifest", "add-permission", "WAKE_LOCK", "--unblock", "--file", path},
				{"manifest", "remove-permission", "INTERNET", "--block", "--file", path},
				{"manifest", "show", "--file", path},
			} {
				code, stdout, stderr := run(args...)
				if code != 2 {
					t.Errorf("%s: exit %d, want 2", args[1], code)
				}
				if !regexp.MustCompile(regexp.QuoteMeta(path) + `:\d+:\d+: `).MatchString(stderr) {
					t.Errorf("%s: stderr %q does not name the file and line", args[1], stderr)
				}
				if stdout != "" {
					t.Errorf("%s: stdout %q", args[1], stdout)
				}
			}
			if now, _ := os.ReadFile(path); !bytes.Equal(now, data) {
				t.Error("the file was changed")
			}
		})
	}
}

// TestManifestEditKeepsBytes runs the editing commands on a file with a
// byte-order mark, CRLF line endings, tabs, wrapped attributes and no final
// newline, reached through a symlink: only the lines the change needs
// differ, the link stays a link and the file keeps its mode.
func TestManifestEditKeepsBytes(t *testing.T) {
	t.Parallel()
	const orig = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n" +
		"<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\"\r\n" +
		"\tpackage=\"com.example\">\r\n" +
		"\t<!-- <uses-permission android:name=\"android.permission.WAKE_LOCK\"/> -->\r\n" +
		"\t<uses-permission\r\n" +
		"\t\tandroid:name=\"android.permission.ACCESS_FINE_LOCATION\"\r\n" +
		"\t\tandroid:maxSdkVersion=\"30\"/>\r\n" +
		"\t<uses-permission android:name='android.permission.INTERNET'/>\r\n" +
		"\t<application/>\r\n" +
		"</manifest>"
	const added = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n" +
		"<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\"\r\n" +
		"\tpackage=\"com.example\">\r\n" +
		"\t<!-- <uses-permission android:name=\"android.permission.WAKE_LOCK\"/> -->\r\n" +
		"\t<uses-permission\r\n" +
		"\t\tandroid:name=\"android.permission.ACCESS_FINE_LOCATION\"\r\n" +
		"\t\tandroid:maxSdkVersion=\"30\"/>\r\n" +
		"\t<uses-permission android:name='android.permission.INTERNET'/>\r\n" +
		"\t<uses-permission android:name='android.permission.WAKE_LOCK'/>\r\n" +
		"\t<application/>\r\n" +
		"</manifest>"
	const removed = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n" +
		"<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\"\r\n" +
		"\tpackage=\"com.example\">\r\n" +
		"\t<!-- <uses-permission android:name=\"android.permission.WAKE_LOCK\"/> -->\r\n" +
		"\t<uses-permission android:name='android.permission.INTERNET'/>\r\n" +
		"\t<uses-permission android:name='android.permission.WAKE_LOCK'/>\r\n" +
		"\t<application/>\r\n" +
		"</manifest>"
	dir := t.TempDir()
	target := filepath.Join(dir, "real.xml")
	link := filepath.Join(dir, "AndroidManifest.xml")
	if err := os.WriteFile(target, []byte(orig), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.xml", link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	for _, step := range []struct {
		args []string
		want string
	}{
		{[]string{"manifest", "add-permission", "WAKE_LOCK", "--file", link}, added},
		{[]string{"manifest", "remove-permission", "ACCESS_FINE_LOCATION", "--file", link}, removed},
	} {
		ios, _, out, errOut := iostreams.Test()
		if code := Run(&cmdutil.Factory{IO: ios}, step.args); code != 0 {
			t.Fatalf("%s: exit %d: %s", step.args[1], code, errOut)
		}
		if out.Len() != 0 {
			t.Errorf("%s: stdout %q", step.args[1], out)
		}
		got, err := os.ReadFile(target)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != step.want {
			t.Errorf("%s:\ngot  %q\nwant %q", step.args[1], got, step.want)
		}
		if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s: the link was replaced", step.args[1])
		}
		if st, err := os.Stat(target); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", step.args[1], st.Mode().Perm())
		}
	}
}
