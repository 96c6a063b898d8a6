package cmd

import (
	"bytes"
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
	_ = c.RegisterFlagCompletionFunc("target", func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, root := range completionRoots(f, args) {
			_, ios, other, _ := project.IOSAppTargets(root)
			for _, t := range append(ios, other...) {
				names = append(names, t.Name+"\t"+t.Platform+" app")
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("module", func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, root := range completionRoots(f, args) {
			mods, _, _ := project.AndroidAppModules(root)
			for _, m := range mods {
				names = append(names, project.ModuleName(m)+"\t"+filepath.ToSlash(m.Dir))
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
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

// doctorProjects finds what to check from the folder the user gave: the
// app that folder is in (walking up, as git finds its top level; stderr
// says which root was used when it is not the folder given), else the apps
// below it (a monorepo). It returns the root the paths are shown from and
// the app folders relative to it. No app at all is an error (exit 2) that
// says what bgkit looked for.
func doctorProjects(f *Factory, dir string) (string, []string, error) {
	appRoot, _, upLibs := project.FindAppRoot(f.path(dir))
	if appRoot != "" {
		abs, _ := filepath.Abs(f.path(dir))
		if filepath.Clean(abs) == filepath.Clean(appRoot) {
			return dir, []string{"."}, nil
		}
		shown := appRoot
		if !filepath.IsAbs(dir) {
			if wd, err := f.getwd(); err == nil {
				if rel, err := filepath.Rel(wd, appRoot); err == nil {
					shown = rel
				}
			}
		}
		fmt.Fprintf(f.IO.ErrOut, "bgkit: checking the app at %s (the folder %s is inside it)\n", shown, dir)
		return shown, []string{"."}, nil
	}
	apps, libs, truncated := project.FindApps(f.path(dir))
	if len(apps) == 0 {
		for _, l := range upLibs {
			if rel, err := filepath.Rel(mustAbs(f.path(dir)), l.Dir); err == nil {
				l.Dir = filepath.ToSlash(rel)
			}
			libs = append([]project.SkippedLibrary{l}, libs...)
		}
		err := &project.NoAppError{Dir: dir, Libs: libs}
		if truncated {
			return "", nil, fmt.Errorf("%v\n(bgkit stopped after listing many folders; give the app's folder)", err)
		}
		return "", nil, err
	}
	if len(apps) > 1 || apps[0] != "." {
		fmt.Fprintf(f.IO.ErrOut, "bgkit: %s is no app; checking %s found below it\n", dir, strings.Join(apps, ", "))
	}
	return dir, apps, nil
}

// appsWith keeps the apps that have the --target and --module named; none
// is a usage error listing the names there are.
func appsWith(f *Factory, root string, dirs []string, opts *doctorOptions) ([]string, error) {
	var keep, names []string
	for _, dir := range dirs {
		app := f.path(filepath.Join(root, filepath.FromSlash(dir)))
		ok := true
		if opts.Target != "" {
			_, ios, other, _ := project.IOSAppTargets(app)
			found := false
			for _, t := range append(ios, other...) {
				names = append(names, dir+": target "+t.Name)
				found = found || t.Name == opts.Target
			}
			ok = ok && found
		}
		if opts.Module != "" {
			mods, _, _ := project.AndroidAppModules(app)
			for _, m := range mods {
				names = append(names, dir+": module "+project.ModuleName(m))
			}
			_, err := project.FindAndroidModule(app, opts.Module)
			ok = ok && err == nil
		}
		if ok {
			keep = append(keep, dir)
		}
	}
	if len(keep) == 0 {
		return nil, usageErrorf("no app of %s has --target %q / --module %q; there are:\n  %s", root, opts.Target, opts.Module, strings.Join(names, "\n  "))
	}
	fmt.Fprintf(f.IO.ErrOut, "bgkit: checking the apps with that target or module: %s\n", strings.Join(keep, ", "))
	return keep, nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func mustAbs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// appRun is one doctor run over an app: the target and module it reads,
// the platform it is restricted to ("" for both), and the label its
// findings carry when the app has several targets.
type appRun struct {
	Detect   project.DetectOptions
	Platform doctor.Platform
	Label    string
}

// appRuns plans the runs over the app at root. When it has several iOS app
// targets or Android application modules and --target/--module does not
// choose, each is checked in a run of its own, restricted to its platform,
// and its findings name it.
func appRuns(root string, opts *doctorOptions, platform doctor.Platform) []appRun {
	iosNames := []string{opts.Target}
	_, ios, _, _ := project.IOSAppTargets(root)
	if opts.Target == "" && len(ios) > 1 && platform != doctor.Android {
		iosNames = nil
		for _, t := range ios {
			iosNames = append(iosNames, t.Name)
		}
	}
	modNames := []string{opts.Module}
	mods, _, _ := project.AndroidAppModules(root)
	if opts.Module == "" && len(mods) > 1 && platform != doctor.IOS {
		modNames = nil
		for _, m := range mods {
			modNames = append(modNames, project.ModuleName(m))
		}
	}
	if len(iosNames) == 1 && len(modNames) == 1 {
		return []appRun{{Detect: project.DetectOptions{IOSTarget: iosNames[0], AndroidModule: modNames[0]}}}
	}
	var runs []appRun
	crossPlatform := false
	for _, name := range []string{"package.json", "pubspec.yaml", "app.json"} {
		if _, err := os.Stat(filepath.Join(root, name)); err == nil {
			crossPlatform = true
		}
	}
	hasIOS := crossPlatform || len(iosNames) > 1 || len(ios) > 0 || opts.Target != "" || isDir(filepath.Join(root, "ios"))
	if platform != doctor.Android && hasIOS {
		for _, t := range iosNames {
			r := appRun{Detect: project.DetectOptions{IOSTarget: t, AndroidModule: modNames[0]}, Platform: doctor.IOS}
			if len(iosNames) > 1 {
				r.Label = "target " + t
			}
			runs = append(runs, r)
		}
	}
	// The other platform's run, when the split is of one platform only,
	// is made only when it has something to read or to say.
	hasAndroid := crossPlatform || len(modNames) > 1 || len(mods) > 0 || opts.Module != "" || isDir(filepath.Join(root, "android"))
	if platform != doctor.IOS && hasAndroid {
		for _, m := range modNames {
			r := appRun{Detect: project.DetectOptions{IOSTarget: iosNames[0], AndroidModule: m}, Platform: doctor.Android}
			if len(modNames) > 1 {
				r.Label = "module " + m
			}
			runs = append(runs, r)
		}
	}
	return runs
}

// doctorTargets runs the doctor on one app, once per run appRuns plans.
// root is the app's folder as shown from f.Dir.
func doctorTargets(f *Factory, root, dir string, opts *doctorOptions, narrow doctor.Options) ([]doctor.Part, error) {
	var parts []doctor.Part
	for _, r := range appRuns(f.path(root), opts, narrow.Platform) {
		p, err := project.DetectWith(f.path(root), r.Detect)
		if err != nil {
			return nil, err
		}
		n := narrow
		if r.Platform != "" {
			n.Platform = r.Platform
		}
		rep := doctor.Run(p, n)
		rep.Root = f.shown(rep.Root)
		parts = append(parts, doctor.Part{Dir: dir, Report: rep, Target: r.Label})
	}
	return parts, nil
}

// completionRoots are the app roots the doctor would check for args.
func completionRoots(f *Factory, args []string) []string {
	dir := f.workDir()
	if len(args) == 1 {
		dir = f.path(args[0])
	}
	if root, _, _ := project.FindAppRoot(dir); root != "" {
		return []string{root}
	}
	apps, _, _ := project.FindApps(dir)
	for i, a := range apps {
		apps[i] = filepath.Join(dir, filepath.FromSlash(a))
	}
	return apps
}

// reportOutput is one rendering of the report: a format and where it goes.
type reportOutput struct{ format, path string }

// parseOutputs reads the --output FORMAT=PATH values. Standard output gets
// --format's rendering unless --output was given without --format.
func parseOutputs(values []string, format string, formatSet bool) ([]reportOutput, error) {
	var outs []reportOutput
	if len(values) == 0 || formatSet {
		outs = append(outs, reportOutput{format, "-"})
	}
	for _, v := range values {
		f, p, ok := strings.Cut(v, "=")
		if !ok || p == "" {
			return nil, usageErrorf("--output %s: want FORMAT=PATH, for example --output sarif=bgkit.sarif (- is standard output)", v)
		}
		if !validFormat(f) {
			return nil, usageErrorf("--output %s: unknown format %q: want %s%s", v, f, strings.Join(doctor.FormatNames(), ", "), didYouMean(f, doctor.FormatNames()))
		}
		outs = append(outs, reportOutput{f, p})
	}
	seen := map[string]bool{}
	for _, o := range outs {
		key := o.path
		if key != "-" {
			key = filepath.Clean(key)
		}
		if seen[key] {
			if o.path == "-" {
				return nil, usageErrorf("two outputs to standard output: give the others a file (--output FORMAT=PATH)")
			}
			return nil, usageErrorf("--output: %s is given twice", o.path)
		}
		seen[key] = true
	}
	return outs, nil
}

// writeReportFile writes one rendering to a file. A regular file (or a new
// one) gets a temporary file beside it, renamed over it, so a reader (or a
// failed run) never sees half a report; a symbolic link is followed, so the
// file it names is replaced, not the link. Anything else that already exists
// (a device such as /dev/null or /dev/stderr, a pipe from the shell's
// process substitution) is written to as it is: renaming over it would put a
// regular file in its place.
func writeReportFile(f *Factory, path, format string, rep *doctor.Report, ro doctor.RenderOptions) error {
	var buf bytes.Buffer
	if err := doctor.Write(&buf, format, rep, ro); err != nil {
		return err
	}
	fail := func(err error) error {
		return fmt.Errorf("cannot write --output %s=%s: %v", format, path, fsutil.UnwrapPath(err))
	}
	target := resolveLinks(f.path(path))
	if info, err := os.Stat(target); err == nil && !info.Mode().IsRegular() {
		if info.IsDir() {
			return fail(errors.New("is a folder"))
		}
		out, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return fail(err)
		}
		_, err = out.Write(buf.Bytes())
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fail(err)
		}
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*")
	if err != nil {
		return fail(err)
	}
	_, err = tmp.Write(buf.Bytes())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), target)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fail(err)
	}
	return nil
}

// resolveLinks follows symbolic links from path to what they name, even
// when that does not exist yet (a link to a report the first run creates).
func resolveLinks(path string) string {
	for range 40 {
		info, err := os.Lstat(path)
		if err != nil || info.Mode()&os.ModeSymlink == 0 {
			return path
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return path
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return path
}

func validFormat(s string) bool {
	_, ok := doctor.LookupFormat(s)
	return ok
}
