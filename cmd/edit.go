package cmd

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/internal/textdiff"
	"github.com/bgkit/bgkit/plistcfg"
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

// openForEdit finds the one file an edit command writes and starts its edit
// (lockForEdit). resolve finds it as show does; file is its --file value. A
// file bgkit found on its own must lie inside the project (after symlinks
// and ".."); a file named with --file is the user's choice. The caller
// releases the edit (a nil edit too).
func openForEdit(f *Factory, flags editFlags, file string, resolve func(*Factory) (string, error)) (string, *fsutil.Edit, error) {
	path, err := resolve(f)
	if err == nil && file == "" {
		_, err = fsutil.Within(f.workDir(), f.path(path))
		err = f.named(err, path)
	}
	if err != nil {
		return "", nil, err
	}
	ed, err := lockForEdit(f, flags, path)
	return path, ed, err
}

// lockForEdit starts the critical section of an edit of one file: other
// bgkit runs editing it wait until this one has read, planned and written
// it (at most 10 seconds, then exit 2). --dry-run and --check write
// nothing, so they take no lock (nil: the file is read as show reads it).
func lockForEdit(f *Factory, flags editFlags, path string) (*fsutil.Edit, error) {
	if flags.DryRun || flags.Check {
		return nil, nil
	}
	ed, err := fsutil.Lock(f.path(path))
	return ed, f.named(err, path)
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
			fmt.Fprintf(f.IO.ErrOut, "%s: already up to date\n", safetext.Escape(c.File.Path))
		}
	}
	if flags.DryRun || flags.Check {
		for _, c := range pending {
			printDiff(f, changeDiff(c.File.Path, c))
		}
		if flags.Check && len(pending) > 0 {
			return errNo
		}
		return nil
	}
	stats := make([]string, len(pending))
	for i, c := range pending {
		add, del := textdiff.Stat(changeDiff(c.File.Path, c))
		stats[i] = fmt.Sprintf("%s: updated (+%d -%d lines)", safetext.Escape(c.File.Path), add, del)
	}
	if err := fsutil.Commit(pending); err != nil {
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
func printDiff(f *Factory, diff string) {
	if f.IO.IsStdoutTTY() {
		diff = safetext.EscapeLines(diff)
	}
	if f.IO.ColorEnabled() {
		diff = textdiff.Colorize(diff)
	}
	fmt.Fprint(f.IO.Out, diff)
}

// changeDiff is the unified diff of a change, labelled path. The bytes of a
// binary property list are not text: its diff shows the XML it decodes to.
func changeDiff(path string, c fsutil.Change) string {
	if bytes.HasPrefix(c.File.Data, []byte("bplist")) {
		oldText, err1 := plistcfg.XMLText(path, c.File.Data)
		newText, err2 := plistcfg.XMLText(path, c.New)
		if err1 == nil && err2 == nil {
			return textdiff.Unified(path, oldText, newText)
		}
	}
	return textdiff.Unified(path, c.File.Data, c.New)
}
