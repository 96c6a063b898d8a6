package cmd

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/doctor"
	"github.com/bgkit/bgkit/internal/cmdutil"
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
	Explain   string
	Verbose   bool
	Fix       bool
	DryRun    bool
	Target    string
	Module    string
	Outputs   []string
}

func newDoctorCmd(f *cmdutil.Factory) *cobra.Command {
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

` + formatsHelp() + `
--output FORMAT=PATH writes several from one run (- is standard output);
it replaces the text on standard output unless --format is also given.

DIR may be any folder inside the app (ios/, android/app, ...): bgkit walks
up to the app's root, as git finds its top level, and says on stderr which
root it used. A folder inside no app is searched for apps a few folders
down (monorepos), skipping libraries (Capacitor and Flutter plugins, React
Native libraries) and never entering node_modules, Pods or build trees.
Several iOS app targets or Android application modules are each checked,
each finding naming its target; --target and --module choose one.

What could not be checked (a platform, a target, a rule whose input is
unknown) is a "not checked" note in every format, never a pass; -v lists
skipped checks apart from passed ones.

Exit codes:
  0  no errors (warnings, infos and notes do not fail, unless --strict)
  1  errors found (with --strict, warnings and not-checked notes too)
  2  the doctor could not run: usage error, unreadable folder, no mobile
     project in DIR, above or below it, unknown --target/--module, or
     nothing at all was checked`,
		Example: `  bgkit doctor
  bgkit doctor examples/expo-background-task
  bgkit doctor --format json > doctor.json
  bgkit doctor --format sarif > bgkit.sarif        # upload to code scanning
  bgkit doctor --format github                     # annotations in GitHub Actions
  bgkit doctor --output text=- --output sarif=bgkit.sarif --output junit=bgkit.xml
  bgkit doctor --platform ios --skip ios-mode-unused
  cd ios && bgkit doctor                           # checks the whole app
  bgkit doctor --target MyApp --module app         # one iOS target, one Android module
  bgkit doctor --rule ios-processing-without-identifiers --strict
  bgkit doctor --fix --dry-run                     # show the fixes as one diff
  bgkit doctor --list-rules --format markdown
  bgkit doctor --explain ios-processing-without-identifiers`,
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
	fl.StringVar(&opts.Format, "format", "text", "output `FORMAT`: "+strings.Join(doctor.FormatNames(), ", ")+" (--list-rules: "+strings.Join(doctor.RuleFormats, ", ")+")")
	fl.StringArrayVarP(&opts.Outputs, "output", "o", nil, "also write the report as `FORMAT=PATH` (repeatable; PATH - is standard output)")
	fl.BoolVar(&opts.JSON, "json", false, "same as --format json")
	fl.BoolVar(&opts.Strict, "strict", false, "count warnings as errors for the exit code")
	fl.StringVar(&opts.Platform, "platform", "", "check only `PLATFORM`: ios or android")
	fl.StringSliceVar(&opts.Rules, "rule", nil, "run only rule `ID` (repeatable, or comma-separated)")
	fl.StringSliceVar(&opts.Skip, "skip", nil, "do not run rule `ID` (repeatable, or comma-separated)")
	fl.BoolVar(&opts.ListRules, "list-rules", false, "list the rules and exit")
	fl.StringVar(&opts.Explain, "explain", "", "explain rule `ID`: what it checks, why, and how to fix it (--format text or json)")
	fl.BoolVarP(&opts.Verbose, "verbose", "v", false, "also list the checks that passed, with their evidence")
	fl.BoolVar(&opts.Fix, "fix", false, "apply the fixable findings, then check again and report what remains")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "with --fix: print the fixes as one unified diff and write nothing")
	fl.StringVar(&opts.Target, "target", "", "check only the Xcode application target `NAME` (default: every iOS app target)")
	fl.StringVar(&opts.Module, "module", "", "check only the Android application module `NAME` (default: every application module)")
	c.MarkFlagsMutuallyExclusive("json", "format")
	// The app roots the doctor would check for args.
	roots := func(args []string) []string {
		if len(args) == 1 {
			return project.CompletionRoots(f.Dir.Path(args[0]))
		}
		return project.CompletionRoots(f.Dir.Root())
	}
	_ = c.RegisterFlagCompletionFunc("target", func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		return project.TargetNames(roots(args)), cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("module", func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		return project.ModuleNames(roots(args)), cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("format", func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		// markdown is only for --list-rules.
		if l, _ := cmd.Flags().GetBool("list-rules"); l {
			return doctor.RuleFormats, cobra.ShellCompDirectiveNoFileComp
		}
		if e, _ := cmd.Flags().GetString("explain"); e != "" {
			return doctor.ExplainFormats, cobra.ShellCompDirectiveNoFileComp
		}
		return doctor.FormatNames(), cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("output", func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if i := strings.Index(toComplete, "="); i >= 0 {
			return nil, cobra.ShellCompDirectiveDefault // a path
		}
		var out []string
		for _, f := range doctor.FormatNames() {
			out = append(out, f+"=")
		}
		return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("platform", cobra.FixedCompletions([]string{"ios", "android"}, cobra.ShellCompDirectiveNoFileComp))
	ruleIDs := func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var ids []string
		for _, r := range doctor.Catalog.Rules() {
			ids = append(ids, r.ID+"\t"+r.Title)
		}
		return ids, cobra.ShellCompDirectiveNoFileComp
	}
	_ = c.RegisterFlagCompletionFunc("rule", ruleIDs)
	_ = c.RegisterFlagCompletionFunc("explain", ruleIDs)
	_ = c.RegisterFlagCompletionFunc("skip", ruleIDs)
	return c
}
