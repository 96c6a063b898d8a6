package doctor

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/doctor/fixplan"
	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/textdiff"
	"github.com/bgkit/bgkit/project"
)

// FixResult is what doctor --fix did (or, in a dry run, would do) in one
// app.
type FixResult struct {
	App    string // the app's folder as shown
	DryRun bool   // nothing was written
	Plan   *fixplan.FixPlan
	Diffs  []string // the diff of each of the plan's changes, paths shown from App's parent
}

// Fix applies the fixable findings of every app, one app after the other.
// Each app gets one plan for all of its runs (fixplan decides which file
// each fix lands in), so a file its targets share gets one change holding
// every fix, shown as one diff; the plan is written with fsutil.Commit
// (all files or none), or with dryRun not at all. Each run is narrowed like
// the check that follows: a skipped rule's fix is not applied behind the
// user's back. diff renders a change labelled with its path as shown.
// The results of the apps done come back with an error.
func (s *Session) Fix(dryRun bool, diff func(path string, c fsutil.Change) string) ([]*FixResult, error) {
	var results []*FixResult
	for _, dir := range s.Apps {
		path, shown := s.app(dir)
		// A first plan reads what the planning of the runs read; the
		// plan that is written reads the files again, under the locks.
		runs, opts := s.runs(path, s.files())
		det := make([]project.DetectOptions, len(runs))
		for i, r := range runs {
			det[i] = r.Detect
		}
		check := func(p *project.Project, i int) *Report {
			o := opts[i]
			o.Verbose = false
			return Run(p, o)
		}
		r, err := fixApp(path, shown, dryRun, s.ReadFile, diff, check, det...)
		if err != nil {
			return results, s.Dir.Named(err, shown)
		}
		results = append(results, r)
	}
	if !dryRun {
		// What was read before is stale now.
		s.cache = nil
	}
	return results, nil
}

// fixApp plans the fixes of the app at root (shown as shown), renders
// their diffs, and writes them unless dryRun. check(p, i) is the report of the i-th run, whose project det[i]
// chooses (no det: one run over the only targets); tests pass their own.
//
// A fix is one critical section over every file it edits: those files are
// locked (in one order, so two runs cannot wait on each other forever)
// before they are read for the plan that is written. Which files a fix
// edits is known only from a plan, so a first plan finds them; they are
// locked, and the project is read, checked and planned again under the
// locks. Should that plan need a file not yet locked (the project changed
// in between), the locks are taken again with it, a few times at most.
func fixApp(root, shown string, dryRun bool, readFile func(string, int64) ([]byte, error), diff func(string, fsutil.Change) string, check func(p *project.Project, run int) *Report, det ...project.DetectOptions) (*FixResult, error) {
	if len(det) == 0 {
		det = []project.DetectOptions{{}}
	}
	var ed *fsutil.Edit
	defer func() { ed.Release() }()
	var toLock []string
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			// Read again, under the locks: what the last attempt read
			// may have changed since.
			c := &project.Cache{ReadFile: readFile}
			for i := range det {
				det[i].Cache = c
			}
		}
		var runs []fixplan.Run
		for i, o := range det {
			p, err := project.DetectWith(root, o)
			if err != nil {
				return nil, err
			}
			// The planner gets the files the run could not read with
			// its findings, and reads nothing else again.
			runs = append(runs, check(p, i).FixRun(p))
		}
		p := runs[0].Project
		plan, err := fixplan.PlanRunsLocked(runs, ed)
		if err != nil {
			return nil, err
		}
		missing := false
		for _, c := range plan.Changes {
			if !c.File.Locked() {
				missing = true
				toLock = append(toLock, filepath.Join(p.Root, filepath.FromSlash(c.File.Path)))
			}
		}
		if dryRun || !missing {
			r := &FixResult{App: shown, DryRun: dryRun, Plan: plan, Diffs: make([]string, len(plan.Changes))}
			for i, c := range plan.Changes {
				r.Diffs[i] = diff(r.Show(c.File.Path), c)
			}
			if !dryRun {
				// Commit writes all files or none, and says which ones
				// when a rename fails half way.
				if err := fsutil.Commit(plan.Changes); err != nil {
					return nil, fmt.Errorf("doctor --fix: %w", err)
				}
			}
			return r, nil
		}
		if attempt == maxFixAttempts {
			return nil, fmt.Errorf("doctor --fix: the project's files kept changing while bgkit planned its fixes; nothing was written (run it again)")
		}
		ed.Release()
		if ed, err = fsutil.Lock(toLock...); err != nil {
			return nil, fmt.Errorf("doctor --fix: %w", err)
		}
	}
}

// maxFixAttempts bounds how often doctor --fix locks again for files a new
// plan needs.
const maxFixAttempts = 3

// Show shows a path of the app (relative to its folder) as the user named
// the folder.
func (r *FixResult) Show(rel string) string { return displayPath(r.App, rel) }

// WriteSummary tells what the fix changed (or would change), what it
// leaves to the user, and which files it would not touch.
func (r *FixResult) WriteSummary(w io.Writer) {
	plan := r.Plan
	verb := "fixed"
	if r.DryRun {
		verb = "would fix"
	}
	if len(plan.Changes) == 0 && len(plan.Manual) == 0 && len(plan.Skipped) == 0 {
		fmt.Fprintln(w, "doctor --fix: nothing to fix")
		return
	}
	for i, c := range plan.Changes {
		add, del := textdiff.Stat(r.Diffs[i])
		state := "updated"
		if r.DryRun {
			state = "would update"
		}
		fmt.Fprintf(w, "%s: %s (+%d -%d lines)\n", r.Show(c.File.Path), state, add, del)
		for _, fx := range plan.Fixed {
			if fx.File == c.File.Path {
				fmt.Fprintf(w, "  %s %s: %s\n", verb, fx.Rule, fx.What)
			}
		}
	}
	if len(plan.Manual) > 0 {
		fmt.Fprintln(w, "To do by hand (bgkit does not make these changes):")
		for _, m := range plan.Manual {
			head := strings.Join(m.Rules, ", ")
			if m.File != "" {
				head = r.Show(m.File) + " (" + head + ")"
			}
			fmt.Fprintf(w, "  %s: %s\n", head, indentMore(m.Text, "    "))
		}
	}
	if len(plan.Skipped) > 0 {
		fmt.Fprintln(w, "Not fixed:")
		for _, s := range plan.Skipped {
			left := ""
			if s.Untouched {
				left = "the file was left as it is; "
			}
			fmt.Fprintf(w, "  %v\n    %sfix this first, then run bgkit doctor --fix again (%s)\n", s.Err, left, strings.Join(s.Rules, ", "))
		}
	}
}

// indentMore indents every line after the first.
func indentMore(text, indent string) string {
	text = strings.TrimRight(text, "\n")
	lines := strings.Split(text, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = indent + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// displayPath shows a root-relative path as the user named the root.
func displayPath(root, rel string) string {
	if root == "" || root == "." {
		return rel
	}
	return filepath.ToSlash(filepath.Join(root, filepath.FromSlash(rel)))
}
