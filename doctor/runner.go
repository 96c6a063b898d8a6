package doctor

import (
	"fmt"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/bgkit/bgkit/project"
)

// Check is what a rule sees while it runs: the project's facts, and where
// it reports findings and passed checks.
type Check struct {
	*Facts
	rule     *Rule
	findings []Finding
	passed   []Finding
	skipped  []Note
	verbose  bool
}

// skip records a check the rule could not make because its input is
// unknown: a not-checked note naming the rule, never a pass.
func (c *Check) skip(loc Loc, format string, args ...any) {
	c.skipped = append(c.skipped, Note{
		Code: NoteNotChecked, Rule: c.rule.ID, Platform: c.rule.Platform,
		Message: fmt.Sprintf(format, args...), File: loc.File, Line: loc.Line,
	})
}

// Report records a finding. Rule, platform and severity default to the
// rule's; a fix makes it fixable.
func (c *Check) Report(f Finding) {
	f.Rule = c.rule.ID
	if f.Platform == "" {
		f.Platform = c.rule.Platform
	}
	if f.Severity == "" {
		f.Severity = c.rule.Severity
	}
	if f.Fix != nil {
		f.Fixable = !c.manualFix(f)
	}
	c.findings = append(c.findings, f)
}

// manualFix reports whether a fix would land in an app config that is
// code (app.config.js/ts): bgkit does not edit code, so the fix is manual
// (--fix prints the snippet to add).
func (c *Check) manualFix(f Finding) bool {
	if !c.P.ExpoConfigIsCode {
		return false
	}
	switch {
	case f.Fix.Kind == AddExpoPlugins:
		return true
	case f.Platform == IOS:
		return c.IOS != nil && c.IOS.Managed
	case f.Platform == Android:
		return c.Android != nil && c.Android.Managed
	}
	return false
}

// report is Report with a location and a formatted message.
func (c *Check) report(loc Loc, fix *Action, format string, args ...any) {
	c.Report(Finding{Message: fmt.Sprintf(format, args...), File: loc.File, Line: loc.Line, Column: loc.Col, Fix: fix})
}

// reportAbout is report for a finding about one value (Finding.Subject).
func (c *Check) reportAbout(subject string, loc Loc, fix *Action, format string, args ...any) {
	c.Report(Finding{Message: fmt.Sprintf(format, args...), File: loc.File, Line: loc.Line, Column: loc.Col, Fix: fix, Subject: subject})
}

// pass records a check that passed, with its evidence.
func (c *Check) pass(loc Loc, format string, args ...any) {
	if !c.verbose {
		return
	}
	c.passed = append(c.passed, Finding{
		Rule: c.rule.ID, Severity: c.rule.Severity, Platform: c.rule.Platform,
		Message: fmt.Sprintf(format, args...), File: loc.File, Line: loc.Line, Column: loc.Col,
	})
}

func runCatalog(reg *Registry, p *project.Project, opt Options) *Report {
	facts := loadFacts(p)
	rep := &Report{Root: p.Root, Frameworks: p.Frameworks, problems: facts.Problems}
	for _, n := range p.Notes {
		if opt.Platform != "" && opt.Platform != Both && n.Platform != "" && Platform(n.Platform) != opt.Platform {
			continue
		}
		rep.Notes = append(rep.Notes, Note{Code: n.Code, Platform: Platform(n.Platform), Message: n.Message, File: n.File, Line: n.Line})
	}
	if facts.IOS != nil && (opt.Platform == "" || opt.Platform == Both || opt.Platform == IOS) {
		rep.Checked = append(rep.Checked, IOS)
	}
	if facts.Android != nil && (opt.Platform == "" || opt.Platform == Both || opt.Platform == Android) {
		rep.Checked = append(rep.Checked, Android)
	}
	for _, l := range p.Libraries {
		if _, ok := lookupLib(l.Name); ok || frameworkLibs[l.Name] {
			rep.Libraries = append(rep.Libraries, l)
		}
	}
	only := map[string]bool{}
	for _, id := range opt.Rules {
		if id != "" {
			only[id] = true
		}
	}
	skip := map[string]bool{}
	for _, id := range opt.Skip {
		skip[id] = true
	}
	// A platform the project does not build gets no findings.
	absent := map[Platform]bool{}
	for _, pl := range []Platform{IOS, Android} {
		if no, why := facts.platformAbsent(pl); no {
			absent[pl] = true
			rep.Notes = append(rep.Notes, Note{Code: NoteInfo, Platform: pl,
				Message: fmt.Sprintf("no %s platform (%s): its rules were not run", map[Platform]string{IOS: "iOS", Android: "Android"}[pl], why)})
		}
	}
	for _, rule := range reg.Rules() {
		if rule.Run == nil || skip[rule.ID] || (len(only) > 0 && !only[rule.ID]) {
			continue
		}
		if opt.Platform != "" && opt.Platform != Both && rule.Platform != Both && rule.Platform != opt.Platform {
			continue
		}
		rep.Rules = append(rep.Rules, rule)
		c := &Check{Facts: facts, rule: rule, verbose: opt.Verbose}
		if crash := runRule(rule, c); crash != "" {
			rep.Findings = append(rep.Findings, Finding{
				Rule: RuleCrashed, Severity: Error, Platform: rule.Platform,
				Message: fmt.Sprintf("rule %s crashed (%s); its checks did not run, the others did. Please report it with this message and skip the rule with --skip %s meanwhile", rule.ID, crash, rule.ID),
			})
			continue
		}
		for _, f := range c.findings {
			if opt.Platform != "" && opt.Platform != Both && f.Platform != Both && f.Platform != opt.Platform {
				continue
			}
			if absent[f.Platform] {
				continue
			}
			rep.Findings = append(rep.Findings, f)
		}
		rep.Passed = append(rep.Passed, c.passed...)
		rep.Notes = append(rep.Notes, c.skipped...)
	}
	anchorLines(facts, rep.Findings, rep.Notes)
	sortFindings(rep.Findings)
	sortFindings(rep.Passed)
	return rep
}

// runRule runs one rule and turns a panic into a message.
func runRule(rule *Rule, c *Check) (crash string) {
	defer func() {
		if r := recover(); r != nil {
			stack := string(debug.Stack())
			// The frame that panicked is the most useful line to report.
			where := ""
			for _, l := range strings.Split(stack, "\n") {
				l = strings.TrimSpace(l)
				if strings.Contains(l, "/doctor/") && strings.Contains(l, ".go:") && !strings.Contains(l, "runner.go") {
					where = l
					if i := strings.LastIndex(where, "/doctor/"); i >= 0 {
						where = "doctor/" + where[i+len("/doctor/"):]
					}
					if i := strings.Index(where, " +0x"); i >= 0 {
						where = where[:i]
					}
					break
				}
			}
			crash = fmt.Sprint(r)
			if where != "" {
				crash += " at " + where
			}
		}
	}()
	rule.Run(c)
	return ""
}

// sortFindings orders by platform, then file and line, then rule: the
// order a reader fixes things in.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if x, y := platformOrder(a.Platform), platformOrder(b.Platform); x != y {
			return x < y
		}
		if a.File != b.File {
			if a.File == "" || b.File == "" {
				return b.File == ""
			}
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

// Summary counts findings by severity.
type Summary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
	// NotChecked counts the not-checked notes.
	NotChecked int `json:"notChecked"`
}

// Summary counts the report's findings.
func (r *Report) Summary() Summary {
	var s Summary
	for _, f := range r.Findings {
		switch f.Severity {
		case Error:
			s.Errors++
		case Warning:
			s.Warnings++
		default:
			s.Infos++
		}
	}
	s.NotChecked = len(r.NotChecked())
	return s
}

// Failed reports whether the run found errors (or, strict, warnings and
// not-checked notes). A run that checked nothing is a failure of its own
// (NothingChecked), which the CLI reports with exit code 2.
func (r *Report) Failed(strict bool) bool {
	s := r.Summary()
	return s.Errors > 0 || strict && (s.Warnings > 0 || s.NotChecked > 0)
}

// NothingChecked reports whether no platform's configuration was read and
// no error or warning was found (a file that does not parse is an error
// about it): such a run never passes (the CLI exits 2).
func (r *Report) NothingChecked() bool {
	s := r.Summary()
	return len(r.Checked) == 0 && s.Errors == 0 && s.Warnings == 0
}
