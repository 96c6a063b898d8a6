package cmd

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/doctor"
	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/project"
)

func runDoctor(f *cmdutil.Factory, cmd *cobra.Command, opts *doctorOptions, root string) error {
	if opts.JSON {
		opts.Format = "json"
	}
	platform, err := doctor.ParsePlatform(opts.Platform)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	if opts.DryRun && !opts.Fix {
		return cmdutil.UsageErrorf("--dry-run needs --fix (the doctor itself never writes)")
	}
	for _, ids := range [][]string{opts.Rules, opts.Skip} {
		if err := doctor.Catalog.CheckIDs(ids); err != nil {
			return &cmdutil.UsageError{Err: err}
		}
	}
	if opts.Explain != "" {
		return explainRule(f, opts)
	}
	if opts.ListRules && len(opts.Outputs) > 0 {
		return cmdutil.UsageErrorf("--output writes the report; --list-rules prints the catalog on stdout (use --format and a redirect)")
	}
	if opts.ListRules {
		if err := doctor.WriteRules(f.IO.Out, doctor.Catalog.RulesFor(platform), opts.Format); err != nil {
			return &cmdutil.UsageError{Err: err}
		}
		return nil
	}
	if _, ok := doctor.LookupFormat(opts.Format); !ok {
		return cmdutil.UsageErrorf("--format %s: want %s (markdown is for --list-rules)%s", opts.Format, strings.Join(doctor.FormatNames(), ", "), cmdutil.DidYouMean(opts.Format, doctor.FormatNames()))
	}
	outputs, err := doctor.ParseOutputs(opts.Outputs, opts.Format, cmd.Flags().Changed("format") || opts.JSON, cmdutil.DidYouMean)
	if err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	dir := f.Dir
	loc, err := project.Locate(dir, root)
	if nf := (*project.NotAFolderError)(nil); errors.As(err, &nf) {
		return &cmdutil.UsageError{Err: err}
	} else if err != nil {
		return err
	}
	if loc.Above {
		fmt.Fprintf(f.IO.ErrOut, "bgkit: checking the app at %s (the folder %s is inside it)\n", loc.Root, root)
	} else if loc.Below {
		fmt.Fprintf(f.IO.ErrOut, "bgkit: %s is no app; checking %s found below it\n", root, strings.Join(loc.Apps, ", "))
	}
	s := &doctor.Session{Dir: dir, Root: loc.Root, Apps: loc.Apps, Target: opts.Target, Module: opts.Module,
		Options: doctor.Options{Platform: platform, Rules: opts.Rules, Skip: opts.Skip}}
	if len(loc.Apps) > 1 && (opts.Target != "" || opts.Module != "") {
		names, ok := s.KeepAppsWith()
		if !ok {
			return cmdutil.UsageErrorf("no app of %s has --target %q / --module %q; there are:\n  %s", loc.Root, opts.Target, opts.Module, strings.Join(names, "\n  "))
		}
		fmt.Fprintf(f.IO.ErrOut, "bgkit: checking the apps with that target or module: %s\n", strings.Join(s.Apps, ", "))
	}
	out, color := f.IO.Out, f.IO.ColorEnabled()
	if opts.Fix {
		fixed, err := s.Fix(opts.DryRun, changeDiff)
		for _, r := range fixed {
			printFixes(f, r)
		}
		if err != nil {
			return err
		}
		if opts.DryRun {
			// The diff is the result on stdout. Nothing was written, so the
			// report that follows (on stderr) is of the project as it is
			// now, and the exit code is the doctor's on it; say so.
			out, color = f.IO.ErrOut, f.IO.ColorEnabledStderr()
			if slices.Contains(outputs, doctor.TextToStdout) {
				fmt.Fprintln(out, "Nothing was written. The report below is of the project as it is now; run bgkit doctor --fix to make the changes above.")
			}
		}
	}
	s.Verbose = opts.Verbose
	rep, err := s.Check()
	if err != nil {
		return err
	}
	// One report, rendered in each format asked for.
	ro := doctor.RenderOptions{Verbose: opts.Verbose, Version: version(), Prefix: loc.Root}
	if err := doctor.WriteOutputs(outputs, rep, ro, out, color, dir); err != nil {
		return err
	}
	if rep.NothingChecked() {
		// A gate that passes a project it never checked is worse than
		// none: the report above says why, the exit code says "could not".
		if slices.Contains(outputs, doctor.TextToStdout) {
			return &cmdutil.ExitError{Code: cmdutil.ExitFailed, Err: fmt.Errorf("nothing was checked in %s: see \"not checked\" above", loc.Root)}
		}
		return &cmdutil.ExitError{Code: cmdutil.ExitFailed, Err: fmt.Errorf("nothing was checked in %s", loc.Root)}
	}
	if rep.Failed(opts.Strict) {
		return cmdutil.ErrNo
	}
	return nil
}

// printFixes shows what doctor --fix did in one app: with --dry-run the
// diff of every file on stdout; what it changed (or would change) and the
// fixes left to the user on stderr, the project's paths and messages
// escaped on the way out.
func printFixes(f *cmdutil.Factory, r *doctor.FixResult) {
	for _, d := range r.Diffs {
		if r.DryRun {
			printDiff(f, d)
		}
	}
	r.WriteSummary(&safetext.Writer{W: f.IO.ErrOut})
}
