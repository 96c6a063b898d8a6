package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/doctor"
	"github.com/bgkit/bgkit/internal/fsutil"
)

func runDoctor(f *Factory, cmd *cobra.Command, opts *doctorOptions, root string) error {
	if opts.JSON {
		opts.Format = "json"
	}
	platform := doctor.Platform("")
	switch strings.ToLower(opts.Platform) {
	case "":
	case "ios":
		platform = doctor.IOS
	case "android":
		platform = doctor.Android
	default:
		return usageErrorf("--platform %s: want ios or android", opts.Platform)
	}
	if opts.DryRun && !opts.Fix {
		return usageErrorf("--dry-run needs --fix (the doctor itself never writes)")
	}
	for _, ids := range [][]string{opts.Rules, opts.Skip} {
		if err := doctor.Catalog.CheckIDs(ids); err != nil {
			return &UsageError{Err: err}
		}
	}
	if opts.Explain != "" {
		return explainRule(f, opts)
	}
	if opts.ListRules && len(opts.Outputs) > 0 {
		return usageErrorf("--output writes the report; --list-rules prints the catalog on stdout (use --format and a redirect)")
	}
	if opts.ListRules {
		var rules []*doctor.Rule
		for _, r := range doctor.Catalog.Rules() {
			if platform == "" || r.Platform == platform || r.Platform == doctor.Both {
				rules = append(rules, r)
			}
		}
		if err := doctor.WriteRules(f.IO.Out, rules, opts.Format); err != nil {
			return &UsageError{Err: err}
		}
		return nil
	}
	if !validFormat(opts.Format) {
		return usageErrorf("--format %s: want %s (markdown is for --list-rules)%s", opts.Format, strings.Join(doctor.FormatNames(), ", "), didYouMean(opts.Format, doctor.FormatNames()))
	}
	outputs, err := parseOutputs(opts.Outputs, opts.Format, cmd.Flags().Changed("format") || opts.JSON)
	if err != nil {
		return err
	}
	st, err := os.Stat(f.path(root))
	if err != nil {
		return fmt.Errorf("cannot read the project at %s: %v", root, fsutil.UnwrapPath(err))
	}
	if !st.IsDir() {
		return usageErrorf("%s is not a folder: give the project's root folder", root)
	}
	// A folder bgkit cannot list is no project it can check: exit 2, not
	// findings about files it only failed to see.
	if d, err := os.Open(f.path(root)); err != nil {
		return fmt.Errorf("cannot read the project folder %s: %v", root, fsutil.UnwrapPath(err))
	} else {
		_, err = d.ReadDir(1)
		d.Close()
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("cannot read the project folder %s: %v", root, fsutil.UnwrapPath(err))
		}
	}
	root, dirs, err := doctorProjects(f, root)
	if err != nil {
		return err
	}
	if len(dirs) > 1 && (opts.Target != "" || opts.Module != "") {
		// In a repository of several apps, --target and --module choose
		// the apps that have them.
		dirs, err = appsWith(f, root, dirs, opts)
		if err != nil {
			return err
		}
	}
	out := f.IO.Out
	color := f.IO.ColorEnabled()
	narrow := doctor.Options{Platform: platform, Rules: opts.Rules, Skip: opts.Skip}
	if opts.Fix {
		for _, dir := range dirs {
			app := filepath.Join(root, dir)
			// One plan for all of an app's targets: the files they share
			// get one change (and one diff) with every fix.
			var runs []fixRun
			for _, r := range appRuns(f.path(app), opts, platform) {
				n := narrow
				if r.Platform != "" {
					n.Platform = r.Platform
				}
				runs = append(runs, fixRun{Detect: r.Detect, Options: n})
			}
			if err := doctorFixRuns(f, app, opts.DryRun, runs); err != nil {
				return err
			}
		}
		if opts.DryRun {
			// The diff is the result on stdout. Nothing was written, so the
			// report that follows (on stderr) is of the project as it is
			// now, and the exit code is the doctor's on it; say so.
			out, color = f.IO.ErrOut, f.IO.ColorEnabledStderr()
			if slices.Contains(outputs, reportOutput{"text", "-"}) {
				fmt.Fprintln(out, "Nothing was written. The report below is of the project as it is now; run bgkit doctor --fix to make the changes above.")
			}
		}
	}
	narrow.Verbose = opts.Verbose
	var parts []doctor.Part
	for _, dir := range dirs {
		ps, err := doctorTargets(f, filepath.Join(root, dir), dir, opts, narrow)
		if err != nil {
			return err
		}
		parts = append(parts, ps...)
	}
	rep := parts[0].Report
	if len(parts) > 1 || dirs[0] != "." || parts[0].Target != "" {
		rep = doctor.Merge(root, parts)
	}
	// One report, rendered in each format asked for; a file that cannot
	// be written does not stop the others.
	var werr error
	for _, o := range outputs {
		ro := doctor.RenderOptions{Verbose: opts.Verbose, Version: version(), Prefix: root}
		var err error
		if o.path == "-" {
			ro.Color = color && o.format == "text"
			err = doctor.Write(out, o.format, rep, ro)
		} else {
			err = writeReportFile(f, o.path, o.format, rep, ro)
		}
		if err != nil && werr == nil {
			werr = err
		}
	}
	if werr != nil {
		return werr
	}
	if rep.NothingChecked() {
		// A gate that passes a project it never checked is worse than
		// none: the report above says why, the exit code says "could not".
		if slices.Contains(outputs, reportOutput{"text", "-"}) {
			return &ExitError{Code: ExitFailed, Err: fmt.Errorf("nothing was checked in %s: see \"not checked\" above", root)}
		}
		return &ExitError{Code: ExitFailed, Err: fmt.Errorf("nothing was checked in %s", root)}
	}
	if rep.Failed(opts.Strict) {
		return errNo
	}
	return nil
}
