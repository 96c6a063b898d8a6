package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/fsutil"
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

// applyChanges is the one place where planned edits become writes, diffs or
// a --check verdict. Diffs go to stdout; a one-line status per file goes to
// stderr. With --check and a pending change it returns errNo (exit 1).
func applyChanges(f *Factory, flags editFlags, changes []fsutil.Change) error {
	var pending []fsutil.Change
	for _, c := range changes {
		if c.Changed() {
			pending = append(pending, c)
		} else {
			fmt.Fprintf(f.IO.ErrOut, "%s: already up to date\n", c.File.Path)
		}
	}
	if flags.DryRun || flags.Check {
		for _, c := range pending {
			fmt.Fprint(f.IO.Out, textdiff.Unified(c.File.Path, c.File.Data, c.New))
		}
		if flags.Check && len(pending) > 0 {
			return errNo
		}
		return nil
	}
	stats := make([]string, len(pending))
	for i, c := range pending {
		add, del := textdiff.Stat(textdiff.Unified(c.File.Path, c.File.Data, c.New))
		stats[i] = fmt.Sprintf("%s: updated (+%d -%d lines)", c.File.Path, add, del)
	}
	if err := fsutil.Commit(pending); err != nil {
		return err
	}
	for _, s := range stats {
		fmt.Fprintln(f.IO.ErrOut, s)
	}
	return nil
}
