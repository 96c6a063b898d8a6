package project

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestPlanRuns(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("settings.gradle", "include ':phone', ':wear'\n")
	for _, m := range []string{"phone", "wear"} {
		write(m+"/build.gradle", "plugins { id 'com.android.application' }\n")
		write(m+"/src/main/AndroidManifest.xml", "<manifest/>\n")
	}
	got := PlanRuns(root, "", "", "")
	want := []AppRun{
		{Detect: DetectOptions{AndroidModule: "phone"}, Platform: "android", Label: "module phone"},
		{Detect: DetectOptions{AndroidModule: "wear"}, Platform: "android", Label: "module wear"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("two application modules:\n got %+v\nwant %+v", got, want)
	}
	// A chosen module, or --platform ios, makes one run over both platforms.
	for _, tc := range []struct{ module, platform string }{{"wear", ""}, {"", "ios"}} {
		got := PlanRuns(root, "", tc.module, tc.platform)
		want := []AppRun{{Detect: DetectOptions{AndroidModule: tc.module}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("module %q platform %q: got %+v, want %+v", tc.module, tc.platform, got, want)
		}
	}

	keep, names := AppsWith(filepath.Dir(root), []string{filepath.Base(root)}, "", "wear")
	if len(keep) != 1 || len(names) != 2 {
		t.Errorf("AppsWith module wear: keep %q, names %q", keep, names)
	}
	if keep, _ := AppsWith(filepath.Dir(root), []string{filepath.Base(root)}, "", "tv"); len(keep) != 0 {
		t.Errorf("AppsWith module tv: keep %q", keep)
	}
}
