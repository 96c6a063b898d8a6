package doctor

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/internal/fsutil"
)

func noSuggestion(string, []string) string { return "" }

func TestParseOutputs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		values    []string
		format    string
		formatSet bool
		want      []Output
		err       string
	}{
		{nil, "text", false, []Output{{"text", "-"}}, ""},
		{[]string{"sarif=a.sarif"}, "text", false, []Output{{"sarif", "a.sarif"}}, ""},
		{[]string{"sarif=a.sarif"}, "json", true, []Output{{"json", "-"}, {"sarif", "a.sarif"}}, ""},
		{[]string{"text=-", "junit=x/../r.xml"}, "text", false, []Output{{"text", "-"}, {"junit", "x/../r.xml"}}, ""},
		{[]string{"sarif"}, "text", false, nil, "--output sarif: want FORMAT=PATH"},
		{[]string{"sarif="}, "text", false, nil, "want FORMAT=PATH"},
		{[]string{"xml=r.xml"}, "text", false, nil, `--output xml=r.xml: unknown format "xml": want text, `},
		{[]string{"json=-"}, "text", true, nil, "two outputs to standard output"},
		{[]string{"json=r", "sarif=./r"}, "text", false, nil, "--output: ./r is given twice"},
	} {
		got, err := ParseOutputs(tc.values, tc.format, tc.formatSet, noSuggestion)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseOutputs(%q): err %v, want %q", tc.values, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseOutputs(%q, %q, %v) = %v, %v; want %v", tc.values, tc.format, tc.formatSet, got, err, tc.want)
		}
	}
	_, err := ParseOutputs([]string{"srif=x"}, "text", false, func(s string, names []string) string { return " (did you mean sarif?)" })
	if err == nil || !strings.HasSuffix(err.Error(), " (did you mean sarif?)") {
		t.Errorf("the suggestion is not said: %v", err)
	}
}

// WriteOutputs writes every output it can, in colour only for text on
// stdout, and returns the first failure.
func TestWriteOutputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rep := &Report{Root: ".", Checked: []Platform{IOS}}
	var stdout strings.Builder
	outs := []Output{{"text", "-"}, {"json", "missing/r.json"}, {"sarif", "r.sarif"}}
	err := WriteOutputs(outs, rep, RenderOptions{}, &stdout, true, fsutil.Dir(dir))
	if err == nil || !strings.Contains(err.Error(), "cannot write --output json=missing/r.json: ") {
		t.Errorf("err = %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "r.sarif")); err != nil || !strings.Contains(string(b), `"version": "2.1.0"`) {
		t.Errorf("r.sarif: %v\n%s", err, b)
	}
	if stdout.Len() == 0 {
		t.Error("nothing on stdout")
	}
}

func TestParsePlatform(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Platform{"": "", "iOS": IOS, "android": Android} {
		if got, err := ParsePlatform(in); err != nil || got != want {
			t.Errorf("ParsePlatform(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParsePlatform("web"); err == nil || err.Error() != "--platform web: want ios or android" {
		t.Errorf("ParsePlatform(web): %v", err)
	}
}

func TestRulesFor(t *testing.T) {
	t.Parallel()
	all := Catalog.RulesFor("")
	ios := Catalog.RulesFor(IOS)
	if len(all) != len(Catalog.Rules()) || len(ios) == 0 || len(ios) >= len(all) {
		t.Fatalf("%d rules, %d for iOS", len(all), len(ios))
	}
	for _, r := range ios {
		if r.Platform != IOS && r.Platform != Both {
			t.Errorf("%s (%s) listed for iOS", r.ID, r.Platform)
		}
	}
}

// FuzzParseOutputs: any --output values either fail or give known formats,
// non-empty paths and one output per place.
func FuzzParseOutputs(f *testing.F) {
	f.Add("sarif=a.sarif", "json=-", true)
	f.Add("text=-", "junit=x/../r.xml", false)
	f.Add("=", "a==b", false)
	f.Fuzz(func(t *testing.T, a, b string, formatSet bool) {
		outs, err := ParseOutputs([]string{a, b}, "text", formatSet, noSuggestion)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, o := range outs {
			if _, ok := LookupFormat(o.Format); !ok || o.Path == "" {
				t.Fatalf("%q, %q: output %+v", a, b, o)
			}
			key := o.Path
			if key != "-" {
				key = filepath.Clean(key)
			}
			if seen[key] {
				t.Fatalf("%q, %q: %s twice in %+v", a, b, o.Path, outs)
			}
			seen[key] = true
		}
	})
}
