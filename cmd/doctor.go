package cmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/doctor"
	"github.com/bgkit/bgkit/project"
)

type doctorOptions struct {
	Format    string
	JSON      bool
	Strict    bool
	Platform  string
	Rules     []string
	Skip      []string
	ListRules bool
	Verbose   bool
	Fix       bool
	DryRun    bool
}

func newDoctorCmd(f *Factory) *cobra.Command {
	opts := &doctorOptions{}
	c := &cobra.Command{
		Use:   "doctor [DIR]",
		Short: "Find missing or contradictory background configuration",
		Long: `doctor reads the project in DIR (default: the current folder) and reports
every missing or contradictory piece of background-work configuration:
UIBackgroundModes and BGTaskSchedulerPermittedIdentifiers each library needs,
entitlements, usage descriptions, Android permissions a library needs but the
app removes, intent filters without android:exported, foreground service
types, Play-policy-sensitive permissions, intervals under Android's 15-minute
floor, the Capacitor background runner's script and AppDelegate glue, and
Expo plugins and app.json values that never reach the native folders.

It understands Expo (with or without committed ios/ and android/), bare
React Native, Capacitor, Flutter and native projects. It reads known files
only (never node_modules, Pods or build trees), works offline and never
prompts. A file it cannot parse is reported as a finding.

Each finding has a stable rule ID (see --list-rules), a severity, the file
and line, and what to do. --fix applies the fixable ones (in app.json for
an Expo project without native folders, in the native files otherwise),
then checks again and reports what remains.

Formats (--format): text (grouped and coloured on a terminal, one plain line
per finding otherwise), json, sarif (2.1.0, for code scanning), github
(workflow annotations) and gcc (file:line:col: severity: message [rule]).

Exit codes:
  0  no errors (warnings and infos do not fail, unless --strict)
  1  errors found (with --strict, warnings too)
  2  the doctor could not run: usage error, unreadable folder`,
		Example: `  bgkit doctor
  bgkit doctor examples/expo-background-task
  bgkit doctor --format json > doctor.json
  bgkit doctor --format sarif > bgkit.sarif        # upload to code scanning
  bgkit doctor --format github                     # annotations in GitHub Actions
  bgkit doctor --platform ios --skip ios-mode-unused
  bgkit doctor --rule ios-processing-without-identifiers --strict
  bgkit doctor --fix --dry-run                     # show the fixes as one diff
  bgkit doctor --list-rules --format markdown`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := "."
			if len(args) == 1 {
				root = args[0]
			}
			return runDoctor(f, cmd, opts, root)
		},
	}
	fl := c.Flags()
	fl.StringVar(&opts.Format, "format", "text", "output `FORMAT`: text, json, sarif, github or gcc (--list-rules: text, json or markdown)")
	fl.BoolVar(&opts.JSON, "json", false, "same as --format json")
	fl.BoolVar(&opts.Strict, "strict", false, "count warnings as errors for the exit code")
	fl.StringVar(&opts.Platform, "platform", "", "check only `PLATFORM`: ios or android")
	fl.StringSliceVar(&opts.Rules, "rule", nil, "run only rule `ID` (repeatable, or comma-separated)")
	fl.StringSliceVar(&opts.Skip, "skip", nil, "do not run rule `ID` (repeatable, or comma-separated)")
	fl.BoolVar(&opts.ListRules, "list-rules", false, "list the rules and exit")
	fl.BoolVarP(&opts.Verbose, "verbose", "v", false, "also list the checks that passed, with their evidence")
	fl.BoolVar(&opts.Fix, "fix", false, "apply the fixable findings, then check again and report what remains")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "with --fix: print the fixes as one unified diff and write nothing")
	c.MarkFlagsMutuallyExclusive("json", "format")
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(append(doctor.Formats, "markdown"), cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("platform", cobra.FixedCompletions([]string{"ios", "android"}, cobra.ShellCompDirectiveNoFileComp))
	ruleIDs := func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var ids []string
		for _, r := range doctor.Catalog.Rules() {
			ids = append(ids, r.ID+"\t"+r.Title)
		}
		return ids, cobra.ShellCompDirectiveNoFileComp
	}
	_ = c.RegisterFlagCompletionFunc("rule", ruleIDs)
	_ = c.RegisterFlagCompletionFunc("skip", ruleIDs)
	return c
}

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
		return usageErrorf("--format %s: want %s (markdown is for --list-rules)", opts.Format, strings.Join(doctor.Formats, ", "))
	}
	st, err := os.Stat(root)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("cannot read the project at %s: %v", root, err)
	}
	if !st.IsDir() {
		return usageErrorf("%s is not a folder: give the project's root folder", root)
	}
	dirs, err := doctorProjects(root)
	if err != nil {
		return err
	}
	out := f.IO.Out
	color := f.IO.ColorEnabled()
	narrow := doctor.Options{Platform: platform, Rules: opts.Rules, Skip: opts.Skip}
	if opts.Fix {
		for _, dir := range dirs {
			if err := doctorFixWith(f, filepath.Join(root, dir), opts.DryRun, narrow); err != nil {
				return err
			}
		}
		if opts.DryRun {
			// The diff is the result on stdout. Nothing was written, so the
			// report that follows (on stderr) is of the project as it is
			// now, and the exit code is the doctor's on it; say so.
			out, color = f.IO.ErrOut, f.IO.ColorEnabledStderr()
			if opts.Format == "text" {
				fmt.Fprintln(out, "Nothing was written. The report below is of the project as it is now; run bgkit doctor --fix to make the changes above.")
			}
		}
	}
	narrow.Verbose = opts.Verbose
	var parts []doctor.Part
	for _, dir := range dirs {
		p, err := project.Detect(filepath.Join(root, dir))
		if err != nil {
			return err
		}
		parts = append(parts, doctor.Part{Dir: dir, Report: doctor.Run(p, narrow)})
	}
	rep := parts[0].Report
	if len(parts) > 1 || dirs[0] != "." {
		rep = doctor.Merge(root, parts)
	}
	if err := doctor.Write(out, opts.Format, rep, doctor.RenderOptions{
		Color: color && opts.Format == "text", Verbose: opts.Verbose, Version: version(), Prefix: root,
	}); err != nil {
		return err
	}
	if rep.Failed(opts.Strict) {
		return errNo
	}
	return nil
}

// doctorProjects returns the folders to check, relative to root: "." when
// root is a mobile project, else the projects of a monorepo (apps/mobile,
// packages/app, ...), else "." (which reports that no framework was found).
func doctorProjects(root string) ([]string, error) {
	p, err := project.Detect(root)
	if err != nil {
		return nil, err
	}
	if len(p.Frameworks) > 0 {
		return []string{"."}, nil
	}
	var dirs []string
	for _, sub := range project.Subprojects(root) {
		sp, err := project.Detect(filepath.Join(root, filepath.FromSlash(sub)))
		if err == nil && len(sp.Frameworks) > 0 {
			dirs = append(dirs, sub)
		}
	}
	if len(dirs) == 0 {
		return []string{"."}, nil
	}
	return dirs, nil
}

func validFormat(s string) bool {
	for _, f := range doctor.Formats {
		if f == s {
			return true
		}
	}
	return false
}
