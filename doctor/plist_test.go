package doctor

import (
	"strconv"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/plistcfg"
)

func plistDoc(t *testing.T, body string) *plistcfg.Doc {
	t.Helper()
	doc, err := plistcfg.Parse("Info.plist", []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n"+body+"</dict>\n</plist>\n"))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// CheckInfoPlist runs the catalog's Info.plist rules on a lone file: each
// trap is found once, by the rule the doctor reports it under.
func TestCheckInfoPlist(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string // rule@line
	}{
		{"clean", "<key>UIBackgroundModes</key>\n<array>\n<string>fetch</string>\n</array>\n", nil},
		{"processing without ids", "<key>UIBackgroundModes</key>\n<array>\n<string>processing</string>\n</array>\n",
			[]string{"ios-processing-without-identifiers@6"}},
		{"ids without mode", "<key>BGTaskSchedulerPermittedIdentifiers</key>\n<array>\n<string>com.example.a</string>\n</array>\n",
			[]string{"ios-identifiers-without-mode@4"}},
		{"unknown, deprecated, usage", "<key>UIBackgroundModes</key>\n<array>\n<string>fetchh</string>\n<string>newsstand-content</string>\n<string>bluetooth-central</string>\n</array>\n",
			[]string{"ios-mode-unknown@6", "ios-mode-deprecated@7", "ios-usage-description-missing@8"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range CheckInfoPlist("Info.plist", plistDoc(t, tc.body)) {
				got = append(got, f.Rule+"@"+strconv.Itoa(f.Line))
				if f.File != "Info.plist" || f.Message == "" {
					t.Errorf("finding %+v", f)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	for _, pr := range PlistRules {
		if r, ok := Catalog.Lookup(pr.ID); !ok || r.Platform != IOS || pr.Code == "" {
			t.Errorf("plist rule %s: not an iOS rule of the catalog, or no code", pr.ID)
		}
	}
}

// FuzzCheckInfoPlist: whatever a parsed Info.plist holds, the catalog's
// Info.plist rules report on it without crashing, each finding on the file.
func FuzzCheckInfoPlist(f *testing.F) {
	f.Add("<key>UIBackgroundModes</key>\n<array>\n<string>processing</string>\n<string>fetchh</string>\n</array>\n")
	f.Add("<key>BGTaskSchedulerPermittedIdentifiers</key>\n<array>\n<string>a</string>\n</array>\n<key>UIBackgroundModes</key>\n<string>x</string>\n")
	f.Add("<key>UIBackgroundModes</key>\n<array>\n<string>location</string>\n<integer>1</integer>\n</array>\n")
	f.Fuzz(func(t *testing.T, body string) {
		doc, err := plistcfg.Parse("Info.plist", []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n"+body+"</dict>\n</plist>\n"))
		if err != nil {
			return
		}
		for _, fd := range CheckInfoPlist("Info.plist", doc) {
			if fd.Rule == RuleCrashed {
				t.Fatalf("a rule crashed: %s", fd.Message)
			}
			if fd.File != "Info.plist" || fd.Message == "" {
				t.Fatalf("finding %+v", fd)
			}
		}
	})
}
