// Package doctor checks a project's background-work configuration against a
// catalog of rules and reports findings with file:line, a reason and a fix.
// Run checks one project; Session is one doctor command over the apps
// under a folder (project.Locate): it plans each app's runs (one per app
// target or module), applies --fix (Fix) and merges the runs' reports
// (Check), reading each file once through a project.Cache; WriteOutputs
// renders the report in each --output format.
//
// CONTRACT (relied on by cmd/; keep these names and signatures; add
// fields freely). Fixes are planned by doctor/fixplan, which a Report
// hands its findings and the files it could not read (Report.FixRun).
package doctor

import (
	"github.com/bgkit/bgkit/doctor/fixplan"
	"github.com/bgkit/bgkit/project"
)

// Severity of a finding.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Platform a rule is about.
type Platform string

const (
	IOS     Platform = "ios"
	Android Platform = "android"
	Both    Platform = "all"
)

// ActionKind says what a fix does; the fix planner (doctor/fixplan)
// decides where it lands.
type ActionKind = fixplan.ActionKind

const (
	AddBackgroundModes    = fixplan.AddBackgroundModes
	RemoveBackgroundModes = fixplan.RemoveBackgroundModes
	AddTaskIdentifiers    = fixplan.AddTaskIdentifiers
	SetEntitlement        = fixplan.SetEntitlement
	AddPermissions        = fixplan.AddPermissions
	UnblockPermissions    = fixplan.UnblockPermissions
	AddExpoPlugins        = fixplan.AddExpoPlugins
)

// Action is a mechanical fix.
type Action = fixplan.Action

// Finding is one problem (or, with verbose output, one passed check).
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Platform Platform `json:"platform"`
	Message  string   `json:"message"`        // what is wrong and what to do
	File     string   `json:"file,omitempty"` // relative to the project root
	Line     int      `json:"line,omitempty"`
	Column   int      `json:"column,omitempty"`
	Fixable  bool     `json:"fixable"`
	Fix      *Action  `json:"-"`
	// Target names the iOS target or Android module the finding is about
	// when the run checked several (Message then starts with it too, so
	// every format shows it).
	Target string `json:"target,omitempty"`
	// Subject is the value the finding is about (a background mode, a
	// task identifier) when it is about one; no format shows it.
	Subject string `json:"-"`
}

// Note codes (Note.Code).
const (
	// NoteNotChecked: a part of the project bgkit could not check: a
	// platform, an iOS target or Android module, or one rule's check whose
	// input is unknown (then Rule names it). Message says why and what to
	// pass or fix to get it checked.
	NoteNotChecked = project.NoteNotChecked
	// NoteInfo: worth knowing, but nothing went unchecked because of it
	// (the root used, files not evaluated whose JSON twin was read).
	NoteInfo = project.NoteInfo
)

// Note is what a report says beside its findings. Every format carries
// the notes: text in its own section, JSON "notes", SARIF
// invocations[].toolExecutionNotifications, github ::notice, gcc note:.
// Notes do not count for the exit code, but with --strict a not-checked
// note fails the run like a warning; a run that checked nothing at all
// (Report.NothingChecked) never passes.
type Note struct {
	Code     string   `json:"code"`
	Rule     string   `json:"rule,omitempty"` // the rule whose check was skipped
	Platform Platform `json:"platform,omitempty"`
	Target   string   `json:"target,omitempty"`
	Message  string   `json:"message"`
	File     string   `json:"file,omitempty"` // relative to the project root
	Line     int      `json:"line,omitempty"`
}

// Options narrow a run.
type Options struct {
	Platform Platform // "" for every platform
	Rules    []string // only these rule IDs ("" = all)
	Skip     []string // not these rule IDs
	Verbose  bool     // also collect passed checks with their evidence
}

// Report is the result of a run; paths are relative to the project root.
type Report struct {
	Root     string
	Findings []Finding
	Passed   []Finding // with Verbose: checks that passed, Message holds the evidence

	Frameworks []string
	Libraries  []project.Library // the libraries the catalog knows, and the frameworks' packages
	Notes      []Note            // what could not be checked, and what the user should know
	Rules      []*Rule           // the rules that ran
	// Checked lists the platforms whose configuration (native files or
	// the app config) was read; empty means nothing was checked.
	Checked []Platform

	// problems are the files the run could not read, for the fix planner.
	problems []project.FileProblem
}

// NotChecked returns the not-checked notes.
func (r *Report) NotChecked() []Note {
	var out []Note
	for _, n := range r.Notes {
		if n.Code == NoteNotChecked {
			out = append(out, n)
		}
	}
	return out
}

// Run checks the project. A rule that panics becomes a finding of its own
// while the other rules still run.
func Run(p *project.Project, opt Options) *Report {
	r := runCatalog(Catalog, p, opt)
	markFixable(p, r.Findings, r.problems)
	return r
}

// markFixable makes "fixable" mean what --fix will really do: a finding is
// fixable only when the planner can place its fix in a file it may edit
// (not in app.config.js/ts, not in an entitlements file that does not exist
// yet, not in a file that does not parse).
func markFixable(p *project.Project, findings []Finding, problems []project.FileProblem) {
	var idx []int
	run := fixRun(p, nil, problems)
	for i := range findings {
		if f := &findings[i]; f.Fix != nil && f.Fixable {
			idx = append(idx, i)
			run.Fixes = append(run.Fixes, fixOf(*f))
		}
	}
	for j, ok := range fixplan.Fixable(run) {
		findings[idx[j]].Fixable = ok
	}
}

// FixRun hands the fix planner what this run found: its findings' fixes
// and the files it could not read, so the planner reads no more than the
// files it edits.
func (r *Report) FixRun(p *project.Project) fixplan.Run {
	return fixRun(p, r.Findings, r.problems)
}

// fixRun is the planner's run of findings; problems nil means the
// project reader's.
func fixRun(p *project.Project, findings []Finding, problems []project.FileProblem) fixplan.Run {
	run := fixplan.Run{Project: p, Problems: problems}
	for _, f := range findings {
		if f.Fix != nil {
			run.Fixes = append(run.Fixes, fixOf(f))
		}
	}
	return run
}

func fixOf(f Finding) fixplan.Fix {
	return fixplan.Fix{Rule: f.Rule, File: f.File, Message: f.Message, Action: *f.Fix}
}
