package cmd

import (
	"github.com/bgkit/bgkit/doctor"
	"github.com/bgkit/bgkit/plistcfg"
)

// summarizePlist is plistcfg.Summarize with the warnings of the doctor's
// Info.plist rules: plist show and the plist edits warn from the same
// catalog as the doctor, each finding under the code plist show --json
// has always given it (doctor.PlistRules).
func summarizePlist(path string, doc *plistcfg.Doc) (*plistcfg.Summary, error) {
	sum, err := plistcfg.Summarize(doc)
	if err != nil {
		return nil, err
	}
	codes := map[string]string{}
	for _, r := range doctor.PlistRules {
		codes[r.ID] = r.Code
	}
	var ws []plistcfg.Warning
	for _, f := range doctor.CheckInfoPlist(path, doc) {
		code := codes[f.Rule]
		if code == "" {
			code = f.Rule
		}
		ws = append(ws, plistcfg.Warning{Code: code, Line: f.Line, Subject: f.Subject, Msg: f.Message})
	}
	sum.Warnings = append(ws, sum.Warnings...)
	return sum, nil
}
