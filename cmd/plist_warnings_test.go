package cmd

import (
	"reflect"
	"testing"

	"github.com/bgkit/bgkit/plistcfg"
)

// plist show's warnings come from the doctor's rules under the codes plist
// show --json has always given them, with the value each is about.
func TestPlistWarningsKeepTheirCodes(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []plistcfg.Warning // Code, Line and Subject
	}{
		{"modes", "<key>UIBackgroundModes</key>\n<array>\n<string>processing</string>\n<string>fetchh</string>\n<string>newsstand-content</string>\n<string>bluetooth-central</string>\n</array>\n", []plistcfg.Warning{
			{Code: plistcfg.WarnProcessingWithoutIDs, Line: 6},
			{Code: plistcfg.WarnUnknownMode, Line: 7, Subject: "fetchh"},
			{Code: plistcfg.WarnDeprecatedMode, Line: 8, Subject: "newsstand-content"},
			{Code: plistcfg.WarnMissingUsage, Line: 9, Subject: "bluetooth-central"},
		}},
		{"identifiers", "<key>BGTaskSchedulerPermittedIdentifiers</key>\n<array>\n<string>refresh</string>\n</array>\n", []plistcfg.Warning{
			{Code: plistcfg.WarnIDsWithoutMode, Line: 4},
			{Code: plistcfg.WarnBareTaskID, Line: 6, Subject: "refresh"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := plistcfg.Parse("Info.plist", []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n"+tc.body+"</dict>\n</plist>\n"))
			if err != nil {
				t.Fatal(err)
			}
			sum, err := summarizePlist("Info.plist", doc)
			if err != nil {
				t.Fatal(err)
			}
			var got []plistcfg.Warning
			for _, w := range sum.Warnings {
				if w.Msg == "" {
					t.Errorf("%s: no message", w.Code)
				}
				got = append(got, plistcfg.Warning{Code: w.Code, Line: w.Line, Subject: w.Subject})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}
