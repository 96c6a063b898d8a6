package doctor

import (
	"fmt"

	"github.com/bgkit/bgkit/plistcfg"
	"github.com/bgkit/bgkit/project"
)

// PlistRules are the catalog's rules that need nothing but an Info.plist,
// with the code `bgkit plist show --json` gave their warnings before the
// doctor checked them (kept as aliases, so that output stays compatible).
// They run, in this order, in CheckInfoPlist.
var PlistRules = []struct{ ID, Code string }{
	{"ios-processing-without-identifiers", plistcfg.WarnProcessingWithoutIDs},
	{"ios-identifiers-without-mode", plistcfg.WarnIDsWithoutMode},
	{"ios-mode-unknown", plistcfg.WarnUnknownMode},
	{"ios-mode-deprecated", plistcfg.WarnDeprecatedMode},
	{"ios-usage-description-missing", plistcfg.WarnMissingUsage},
}

// CheckInfoPlist runs PlistRules over one parsed Info.plist, named file in
// the findings, as `bgkit plist show` and the plist edits do: the same
// checks as the doctor's, without a project around the file (so no
// library's needs are known). A rule that crashes is a rule-crashed
// finding, as in a doctor run.
func CheckInfoPlist(file string, doc *plistcfg.Doc) []Finding {
	facts := &Facts{P: &project.Project{InfoPlist: file, Frameworks: []string{project.NativeIOS}}, Sources: map[string]string{}}
	facts.IOS = facts.iosFromPlist(file, doc)
	var out []Finding
	for _, pr := range PlistRules {
		rule, ok := Catalog.Lookup(pr.ID)
		if !ok {
			continue
		}
		c := &Check{Facts: facts, rule: rule}
		if crash := runRule(rule, c); crash != "" {
			out = append(out, Finding{Rule: RuleCrashed, Severity: Error, Platform: rule.Platform, File: file,
				Message: fmt.Sprintf("rule %s crashed (%s); its checks did not run. Please report it with this message", rule.ID, crash)})
			continue
		}
		out = append(out, c.findings...)
	}
	return out
}
