package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/appfile"
	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/internal/textdiff"
)

// editFlags are the flags every file-editing command shares.
type editFlags struct {
	DryRun bool
	Check  bool
}

func (e *editFlags) register(c *cobra.Command) {
	c.Flags().BoolVar(&e.DryRun, "dry-run", false, "print the unified diff and write nothing (exit 0)")
	c.Flags().BoolVar(&e.Check, "check", false, "print the unified diff and write nothing; exit 1 if a change is pending")
	c.MarkFlagsMutuallyExclusive("dry-run", "check")
}

// writes reports whether the edit may write: --dry-run and --check write
// nothing, so they take no lock.
func (e editFlags) writes() bool { return !e.DryRun && !e.Check }

// applyPlan is the one place where planned edits become writes, diffs or
// a --check verdict. Diffs go to stdout; a one-line status per file goes to
// stderr. With --check and a pending change it returns cmdutil.ErrNo (exit 1).
func applyPlan(f *cmdutil.Factory, flags editFlags, plan *appfile.Plan) error {
	var stats []string
	for _, c := range plan.Changes {
		name := safetext.Escape(c.File.Path)
		switch {
		case !c.Changed():
			fmt.Fprintf(f.IO.ErrOut, "%s: already up to date\n", name)
		case !flags.writes():
			if c.Binary {
				fmt.Fprintf(f.IO.ErrOut, "%s: a binary property list; the diff shows it as XML\n", name)
			}
			printDiff(f, c.Diff)
		default:
			add, del := textdiff.Stat(c.Diff)
			how := ""
			if c.Binary {
				how = ", shown as XML; the file stays binary"
			}
			stats = append(stats, fmt.Sprintf("%s: updated (+%d -%d lines%s)", name, add, del, how))
		}
	}
	if !flags.writes() {
		if flags.Check && plan.Pending() {
			return cmdutil.ErrNo
		}
		return nil
	}
	if err := plan.Commit(); err != nil {
		return err
	}
	for _, s := range stats {
		fmt.Fprintln(f.IO.ErrOut, s)
	}
	return nil
}

// printDiff writes a diff to stdout, coloured on a terminal (never with
// NO_COLOR or --no-color). On a terminal its control characters are
// escaped first (a file's escape sequences are shown, not run); a diff
// piped to a file or to patch stays byte for byte.
func printDiff(f *cmdutil.Factory, diff string) {
	if f.IO.IsStdoutTTY() {
		diff = safetext.EscapeLines(diff)
	}
	if f.IO.ColorEnabled() {
		diff = textdiff.Colorize(diff)
	}
	fmt.Fprint(f.IO.Out, diff)
}

// changeDiff is the unified diff of a change, labelled path (appfile.Diff).
func changeDiff(path string, c fsutil.Change) string { return appfile.Diff(path, c) }
