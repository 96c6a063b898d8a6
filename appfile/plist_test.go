package appfile

import (
	"reflect"
	"strings"
	"testing"

	"github.com/bgkit/bgkit/plistcfg"
)

func TestCheckPlistValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind    PlistEditKind
		allow   bool
		values  []string
		want    string // deduplicated values, or the error
		warning string
	}{
		{AddMode, false, []string{"fetch", "fetch", "audio"}, "fetch,audio", ""},
		{AddMode, false, []string{"Fetch"}, `unknown background mode "Fetch" (did you mean "fetch"?)`, ""},
		{AddMode, false, []string{"remote-notifications"}, `did you mean "remote-notification"?`, ""},
		{AddMode, false, []string{"bluetooth"}, `did you mean "bluetooth-central"?`, ""},
		{AddMode, false, []string{"zzzzzzzzzz"}, `unknown background mode "zzzzzzzzzz"; known modes`, ""},
		{AddMode, true, []string{"future-mode"}, "future-mode", "does not know"},
		{AddMode, true, []string{"a b"}, "invalid background mode", ""},
		{AddMode, false, []string{"newsstand-content"}, "newsstand-content", "deprecated"},
		{AddTaskID, false, []string{"com.example.a", "com.example.b.*"}, "com.example.a,com.example.b.*", ""},
		{AddTaskID, false, []string{"com.example;reboot"}, "invalid task identifier", ""},
		{AddTaskID, false, []string{".*"}, "needs a prefix", ""},
		{RemoveMode, false, []string{"anything-goes"}, "anything-goes", ""},
		{RemoveTaskID, false, []string{" "}, "empty value", ""},
	}
	for _, tt := range tests {
		values, warnings, err := checkPlistValues(tt.kind, tt.values, tt.allow)
		got := strings.Join(values, ",")
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("%v: got %q, want %q", tt.values, got, tt.want)
		}
		var ws []string
		for _, w := range warnings {
			ws = append(ws, w.Message)
		}
		if w := strings.Join(ws, "; "); (tt.warning == "") != (w == "") || !strings.Contains(w, tt.warning) {
			t.Errorf("%v: warnings %q, want %q", tt.values, w, tt.warning)
		}
	}
}

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
