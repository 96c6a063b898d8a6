package cmd

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/bgkit/bgkit/doctor"
	"github.com/bgkit/bgkit/doctor/fixplan"
	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/internal/textdiff"
	"github.com/bgkit/bgkit/project"
)

// fixRun is one doctor run whose findings --fix fixes: the target and
// module it reads and the rules it runs.
type fixRun struct {
	Detect  project.DetectOptions
	Options doctor.Options
}

// doctorFixRuns applies every fixable finding the runs over one app find
// (one run per app target when it has several): it plans all edits in
// memory (fixplan decides which file each fix lands in), one plan for
// all runs, so a file the targets share gets one change holding every fix,
// shown as one diff. It writes them together with fsutil.Commit, or with
// dryRun prints that diff on stdout and writes nothing. What it changed, and
// the fixes left to the user, go to stderr. Each run is narrowed like the
// doctor run it precedes: a skipped rule's fix is not applied behind the
// user's back.
func doctorFixRuns(f *Factory, root string, dryRun bool, runs []fixRun) error {
	det := make([]project.DetectOptions, len(runs))
	for i, r := range runs {
		det[i] = r.Detect
	}
	return runDoctorFix(f, root, dryRun, func(p *project.Project, i int) *doctor.Report {
		opt := runs[i].Options
		opt.Verbose = false
		return doctor.Run(p, opt)
	}, det...)
}

// runDoctorFix is doctorFixRuns with the checks as a parameter, for tests:
// check(p, i) is the report of the i-th run, whose project det[i]
// chooses (no det: one run over the only targets).
//
// A fix is one critical section over every file it edits: those files are
// locked (in one order, so two runs cannot wait on each other forever)
// before they are read for the plan that is written. Which files a fix
// edits is known only from a plan, so a first plan finds them; they are
// locked, and the project is read, checked and planned again under the
// locks. Should that plan need a file not yet locked (the project changed
// in between), the locks are taken again with it, a few times at most.
func runDoctorFix(f *Factory, root string, dryRun bool, check func(p *project.Project, run int) *doctor.Report, det ...project.DetectOptions) error {
	if len(det) == 0 {
		det = []project.DetectOptions{{}}
	}
	var ed *fsutil.Edit
	defer func() { ed.Release() }()
	var toLock []string
	for attempt := 0; ; attempt++ {
		var runs []fixplan.Run
		for i, o := range det {
			p, err := project.DetectWith(f.path(root), o)
			if err != nil {
				return f.named(err, root)
			}
			// The planner gets the files the run could not read with
			// its findings, and reads nothing else again.
			runs = append(runs, check(p, i).FixRun(p))
		}
		p := runs[0].Project
		plan, err := fixplan.PlanRunsLocked(runs, ed)
		if err != nil {
			return err
		}
		missing := false
		for _, c := range plan.Changes {
			if !c.File.Locked() {
				missing = true
				toLock = append(toLock, filepath.Join(p.Root, filepath.FromSlash(c.File.Path)))
			}
		}
		if dryRun || !missing {
			return writeFixes(f, root, plan, dryRun)
		}
		if attempt == maxFixAttempts {
			return fmt.Errorf("doctor --fix: the project's files kept changing while bgkit planned its fixes; nothing was written (run it again)")
		}
		ed.Release()
		if ed, err = fsutil.Lock(toLock...); err != nil {
			return fmt.Errorf("doctor --fix: %w", err)
		}
	}
}

// maxFixAttempts bounds how often doctor --fix locks again for files a new
// plan needs.
const maxFixAttempts = 3

// writeFixes writes a plan (all files or none), or with dryRun prints its
// diff, then reports what it did, with paths shown from root, the app's
// folder as shown from f.Dir.
func writeFixes(f *Factory, root string, plan *fixplan.FixPlan, dryRun bool) error {
	show := func(rel string) string { return displayPath(root, rel) }

	// One diff for every file, labelled as the user sees the paths.
	diffs := make([]string, len(plan.Changes))
	for i, c := range plan.Changes {
		diffs[i] = changeDiff(show(c.File.Path), c)
	}
	if dryRun {
		for _, d := range diffs {
			printDiff(f, d)
		}
	} else if err := fsutil.Commit(plan.Changes); err != nil {
		// Commit writes all files or none, and says which ones when a
		// rename fails half way.
		return fmt.Errorf("doctor --fix: %w", err)
	}
	// Paths and messages quote the project's files: escaped on the way out.
	reportFixes(&safetext.Writer{W: f.IO.ErrOut}, plan, diffs, dryRun, show)
	return nil
}

// reportFixes tells what --fix changed (or would change), what it leaves to
// the user, and which files it would not touch.
func reportFixes(w io.Writer, plan *fixplan.FixPlan, diffs []string, dryRun bool, show func(string) string) {
	verb := "fixed"
	if dryRun {
		verb = "would fix"
	}
	if len(plan.Changes) == 0 && len(plan.Manual) == 0 && len(plan.Skipped) == 0 {
		fmt.Fprintln(w, "doctor --fix: nothing to fix")
		return
	}
	for i, c := range plan.Changes {
		add, del := textdiff.Stat(diffs[i])
		state := "updated"
		if dryRun {
			state = "would update"
		}
		fmt.Fprintf(w, "%s: %s (+%d -%d lines)\n", show(c.File.Path), state, add, del)
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
				head = show(m.File) + " (" + head + ")"
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
