package cmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/internal/style"
	"github.com/bgkit/bgkit/internal/textdiff"
	"github.com/bgkit/bgkit/plistcfg"
	"github.com/bgkit/bgkit/project"
)

// plistTarget is how a plist command finds its file.
type plistTarget struct {
	File   string
	Target string
}

func (t *plistTarget) register(f *Factory, c *cobra.Command) {
	c.Flags().StringVarP(&t.File, "file", "f", "", "the property list to use (default: the app's Info.plist, found from the Xcode project)")
	c.Flags().StringVar(&t.Target, "target", "", "the Xcode application target whose Info.plist to use, when there are several")
	c.MarkFlagsMutuallyExclusive("file", "target")
	c.MarkFlagFilename("file", "plist", "entitlements")
	c.RegisterFlagCompletionFunc("target", func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		_, targets, _ := project.XcodeTargets(f.workDir())
		var names []string
		for _, t := range targets {
			names = append(names, t.Name)
		}
		return completeUnused(names, nil, toComplete), cobra.ShellCompDirectiveNoFileComp
	})
}

// resolve returns the file to work on, as shown from f.Dir.
func (t *plistTarget) resolve(f *Factory) (string, error) {
	if t.File != "" {
		return t.File, nil
	}
	path, err := project.FindInfoPlist(f.workDir(), t.Target)
	return f.shown(path), err
}

// resolveForEdit is resolve for a command that writes: a file bgkit found
// on its own must lie inside the project (after symlinks and ".."); a file
// named with --file is the user's choice.
func (t *plistTarget) resolveForEdit(f *Factory) (string, error) {
	path, err := t.resolve(f)
	if err == nil && t.File == "" {
		_, err = fsutil.Within(f.workDir(), f.path(path))
		err = f.named(err, path)
	}
	return path, err
}

func newPlistCmd(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "plist",
		Short: "Show and edit background modes and task identifiers in Info.plist",
		Long: `Show and edit the background configuration of an iOS app's Info.plist:
UIBackgroundModes and BGTaskSchedulerPermittedIdentifiers.

Edits change only the lines they need, in the file's own indentation and
line endings; comments, key order and value types stay as they are. Binary
and old-style plists keep their format. A file that would not parse after
the change is never written.

Without --file, bgkit reads the Xcode project (*.xcodeproj) for the app
target's INFOPLIST_FILE, then tries the usual places of Expo, React
Native, Capacitor and Flutter projects.`,
		Example: `  bgkit plist show
  bgkit plist add-mode fetch processing
  bgkit plist add-task-id com.example.app.refresh --check
  bgkit plist remove-mode audio --file ios/App/App/Info.plist --dry-run`,
	}
	c.AddCommand(
		newPlistShowCmd(f, nil),
		newPlistEditCmd(f, plistAddMode, nil),
		newPlistEditCmd(f, plistRemoveMode, nil),
		newPlistEditCmd(f, plistAddTaskID, nil),
		newPlistEditCmd(f, plistRemoveTaskID, nil),
	)
	return c
}

// ---- show ----

type plistShowOptions struct {
	plistTarget
	JSON bool
}

func newPlistShowCmd(f *Factory, runF func(*plistShowOptions) error) *cobra.Command {
	opts := &plistShowOptions{}
	c := &cobra.Command{
		Use:   "show",
		Short: "Show the background modes, task identifiers and usage descriptions",
		Long: `Show the app's background configuration: UIBackgroundModes,
BGTaskSchedulerPermittedIdentifiers and the usage-description strings the
background modes need, with line numbers for XML files. Known traps are
reported as warnings on standard error (in "warnings" with --json); they
do not change the exit code.`,
		Example: `  bgkit plist show
  bgkit plist show --file ios/Runner/Info.plist --json
  bgkit plist show --target MyAppDev`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runPlistShow(f, opts)
		},
	}
	opts.plistTarget.register(f, c)
	c.Flags().BoolVar(&opts.JSON, "json", false, "print the configuration as JSON")
	return c
}

// loadPlist reads and parses the file show and the edits work on, with the
// background configuration it holds. An edit reads it under ed's lock; show
// passes nil.
func loadPlist(f *Factory, ed *fsutil.Edit, path string) (*fsutil.File, *plistcfg.Doc, *plistcfg.Summary, error) {
	file, err := f.read(ed, path)
	if err != nil {
		return nil, nil, nil, err
	}
	doc, err := plistcfg.Parse(path, file.Data)
	if err != nil {
		return nil, nil, nil, err
	}
	sum, err := summarizePlist(path, doc)
	if err != nil {
		return nil, nil, nil, err
	}
	return file, doc, sum, nil
}

func runPlistShow(f *Factory, opts *plistShowOptions) error {
	path, err := opts.resolve(f)
	if err != nil {
		return err
	}
	_, _, sum, err := loadPlist(f, nil, path)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writePlistJSON(f.IO.Out, path, sum)
	}
	writePlistText(f, path, sum)
	printPlistWarnings(f, path, sum.Warnings)
	return nil
}

type plistValueJSON struct {
	Value string `json:"value"`
	Line  int    `json:"line,omitempty"`
}

type plistListJSON struct {
	Present bool             `json:"present"`
	Line    int              `json:"line,omitempty"`
	Values  []plistValueJSON `json:"values"`
}

type plistUsageJSON struct {
	Key      string   `json:"key"`
	Present  bool     `json:"present"`
	Line     int      `json:"line,omitempty"`
	Value    string   `json:"value,omitempty"`
	Required bool     `json:"required"`
	NeededBy []string `json:"neededBy"`
}

type plistWarningJSON struct {
	Code    string `json:"code"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

type plistShowJSON struct {
	File              string             `json:"file"`
	Format            string             `json:"format"`
	BackgroundModes   plistListJSON      `json:"backgroundModes"`
	TaskIdentifiers   plistListJSON      `json:"taskIdentifiers"`
	UsageDescriptions []plistUsageJSON   `json:"usageDescriptions"`
	Warnings          []plistWarningJSON `json:"warnings"`
}

func plistList(present bool, line int, items []plistcfg.Item) plistListJSON {
	l := plistListJSON{Present: present, Line: line, Values: []plistValueJSON{}}
	for _, it := range items {
		l.Values = append(l.Values, plistValueJSON{Value: it.Value.(string), Line: it.Line})
	}
	return l
}

func writePlistJSON(w io.Writer, path string, s *plistcfg.Summary) error {
	out := plistShowJSON{
		File:              path,
		Format:            s.Format.String(),
		BackgroundModes:   plistList(s.HasModes, s.ModesLine, s.Modes),
		TaskIdentifiers:   plistList(s.HasIDs, s.IDsLine, s.TaskIDs),
		UsageDescriptions: []plistUsageJSON{},
		Warnings:          []plistWarningJSON{},
	}
	for _, u := range s.Usage {
		needed := u.NeededBy
		if needed == nil {
			needed = []string{}
		}
		out.UsageDescriptions = append(out.UsageDescriptions, plistUsageJSON{Key: u.Key, Present: u.Present, Line: u.Line, Value: u.Value, Required: u.Required, NeededBy: needed})
	}
	for _, w := range s.Warnings {
		out.Warnings = append(out.Warnings, plistWarningJSON{Code: w.Code, Line: w.Line, Message: w.Msg})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writePlistText(f *Factory, path string, s *plistcfg.Summary) {
	w := f.IO.Out
	bold := style.New(w, f.IO.ColorEnabled()).Bold.Render
	at := func(line int) string {
		if line == 0 {
			return ""
		}
		return fmt.Sprintf("  (line %d)", line)
	}
	head := func(line int) string { return strings.TrimPrefix(at(line), " ") }
	// Values come from the file: safetext keeps control characters and
	// escape sequences in them from reaching the terminal.
	fmt.Fprintf(w, "%s (%s)\n", safetext.Escape(path), s.Format)
	list := func(key string, present bool, line int, items []plistcfg.Item) {
		switch {
		case !present:
			fmt.Fprintf(w, "\n%s: not set\n", bold(key))
		case len(items) == 0:
			fmt.Fprintf(w, "\n%s%s: empty\n", bold(key), head(line))
		default:
			fmt.Fprintf(w, "\n%s%s\n", bold(key), head(line))
			width := 0
			for _, it := range items {
				width = max(width, len(safetext.Escape(it.Value.(string))))
			}
			for _, it := range items {
				fmt.Fprintf(w, "  %-*s%s\n", width, safetext.Escape(it.Value.(string)), at(it.Line))
			}
		}
	}
	list(plistcfg.KeyBackgroundModes, s.HasModes, s.ModesLine, s.Modes)
	list(plistcfg.KeyTaskIDs, s.HasIDs, s.IDsLine, s.TaskIDs)
	if len(s.Usage) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s\n", bold("Usage descriptions"))
	for _, u := range s.Usage {
		why := ""
		if len(u.NeededBy) > 0 {
			why = "  [" + strings.Join(u.NeededBy, ", ") + "]"
		}
		if u.Present {
			fmt.Fprintf(w, "  %s: %q%s%s\n", safetext.Escape(u.Key), strings.Join(strings.Fields(u.Value), " "), at(u.Line), why)
		} else {
			state := "not set"
			if u.Required {
				state = "missing"
			}
			fmt.Fprintf(w, "  %s: %s%s\n", safetext.Escape(u.Key), state, why)
		}
	}
}

// printPlistWarnings writes warnings to stderr as "warning: file:line: msg".
func printPlistWarnings(f *Factory, path string, ws []plistcfg.Warning) {
	label := style.New(f.IO.ErrOut, f.IO.ColorEnabledStderr()).WarningLabel.Render("warning:")
	for _, w := range ws {
		where := path
		if w.Line > 0 {
			where = fmt.Sprintf("%s:%d", path, w.Line)
		}
		fmt.Fprintf(f.IO.ErrOut, "%s %s: %s\n", label, safetext.Escape(where), safetext.Escape(w.Msg))
	}
}

// ---- add-mode, remove-mode, add-task-id, remove-task-id ----

// plistModeList is plistcfg.ModeNames() written out, so building the
// command tree computes nothing; TestPlistModeList keeps them in step.
const plistModeList = "audio, location, voip, external-accessory, bluetooth-central, " +
	"bluetooth-peripheral, fetch, remote-notification, processing, workout-processing, " +
	"nearby-interaction, push-to-talk, network-authentication"

type plistEditKind int

const (
	plistAddMode plistEditKind = iota
	plistRemoveMode
	plistAddTaskID
	plistRemoveTaskID
)

type plistEditOptions struct {
	plistTarget
	Edit         editFlags
	AllowUnknown bool
	Kind         plistEditKind
	Values       []string
}

func (k plistEditKind) key() string {
	if k == plistAddMode || k == plistRemoveMode {
		return plistcfg.KeyBackgroundModes
	}
	return plistcfg.KeyTaskIDs
}

func (k plistEditKind) adds() bool { return k == plistAddMode || k == plistAddTaskID }

func newPlistEditCmd(f *Factory, kind plistEditKind, runF func(*plistEditOptions) error) *cobra.Command {
	opts := &plistEditOptions{Kind: kind}
	c := &cobra.Command{
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Values = args
			if runF != nil {
				return runF(opts)
			}
			return runPlistEdit(f, opts)
		},
	}
	switch kind {
	case plistAddMode:
		c.Use = "add-mode MODE..."
		c.Short = "Add background modes to UIBackgroundModes"
		c.Long = `Add background modes to UIBackgroundModes, creating the key when it is
missing. Modes already there are left alone.

Modes are checked against Apple's list: ` + plistModeList + `.
An unknown mode is refused with a suggestion; --allow-unknown lets through a
mode newer than bgkit. newsstand-content is deprecated and warns.`
		c.Example = `  bgkit plist add-mode fetch processing
  bgkit plist add-mode remote-notification --check
  bgkit plist add-mode location --file ios/App/App/Info.plist --dry-run`
		c.Flags().BoolVar(&opts.AllowUnknown, "allow-unknown", false, "accept modes bgkit does not know (newer than its list)")
	case plistRemoveMode:
		c.Use = "remove-mode MODE..."
		c.Short = "Remove background modes from UIBackgroundModes"
		c.Long = `Remove background modes from UIBackgroundModes. Modes that are not there
are ignored; the array stays, empty if nothing is left. Any name is accepted,
so misspelt modes can be cleaned up.`
		c.Example = `  bgkit plist remove-mode audio
  bgkit plist remove-mode fecth --dry-run`
	case plistAddTaskID:
		c.Use = "add-task-id ID..."
		c.Short = "Add task identifiers to BGTaskSchedulerPermittedIdentifiers"
		c.Long = `Add BGTaskScheduler task identifiers to BGTaskSchedulerPermittedIdentifiers,
creating the key when it is missing. Identifiers use reverse-DNS characters
(letters, digits, '-', '_' in dot-separated parts); a final ".*" is allowed
for iOS 26 continued-processing tasks.

Note: once the key exists, iOS 13 and later disable the legacy background
fetch API; bgkit warns when it adds the first identifier.`
		c.Example = `  bgkit plist add-task-id com.example.app.refresh com.example.app.cleanup
  bgkit plist add-task-id com.transistorsoft.fetch --check
  bgkit plist add-task-id 'com.example.app.export.*'`
	case plistRemoveTaskID:
		c.Use = "remove-task-id ID..."
		c.Short = "Remove task identifiers from BGTaskSchedulerPermittedIdentifiers"
		c.Long = `Remove task identifiers from BGTaskSchedulerPermittedIdentifiers.
Identifiers that are not there are ignored; the array stays, empty if
nothing is left.`
		c.Example = `  bgkit plist remove-task-id com.example.app.old-refresh
  bgkit plist remove-task-id com.example.app.cleanup --dry-run`
	}
	c.Args = cobra.MinimumNArgs(1)
	c.ValidArgsFunction = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		var values []string
		switch kind {
		case plistAddMode:
			values = plistcfg.ModeNames()
		case plistRemoveMode, plistRemoveTaskID:
			values = opts.completeValues(f, kind.key())
		}
		return completeUnused(values, args, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
	opts.plistTarget.register(f, c)
	opts.Edit.register(c)
	return c
}

// completeValues lists what the file holds under key, for completing a
// removal; nothing when the file cannot be found or read.
func (t *plistTarget) completeValues(f *Factory, key string) []string {
	path, err := t.resolve(f)
	if err != nil {
		return nil
	}
	file, err := f.read(nil, path)
	if err != nil {
		return nil
	}
	doc, err := plistcfg.Parse(path, file.Data)
	if err != nil {
		return nil
	}
	values, _ := doc.StringValues(key)
	return values
}

// completeUnused returns the values that start with prefix and are not
// already on the command line.
func completeUnused(values, args []string, prefix string) []string {
	var out []string
	for _, v := range values {
		if strings.HasPrefix(v, prefix) && !slices.Contains(args, v) {
			out = append(out, v)
		}
	}
	return out
}

// checkPlistValues validates what the user typed before any file is read.
func checkPlistValues(opts *plistEditOptions) (values []string, warnings []plistcfg.Warning, err error) {
	seen := map[string]bool{}
	for _, v := range opts.Values {
		if seen[v] {
			continue
		}
		seen[v] = true
		values = append(values, v)
		switch opts.Kind {
		case plistAddMode:
			m, err := plistcfg.CheckMode(v)
			var unknown *plistcfg.UnknownModeError
			switch {
			case errors.As(err, &unknown) && opts.AllowUnknown:
				warnings = append(warnings, plistcfg.Warning{Code: plistcfg.WarnUnknownMode, Msg: fmt.Sprintf("adding %q, which bgkit does not know as a background mode (--allow-unknown)", v)})
			case errors.As(err, &unknown):
				return nil, nil, fmt.Errorf("%w\n(a mode newer than bgkit can be added with --allow-unknown)", err)
			case err != nil:
				return nil, nil, err
			case m.Deprecated != "":
				warnings = append(warnings, plistcfg.Warning{Code: plistcfg.WarnDeprecatedMode, Msg: fmt.Sprintf("background mode %s is deprecated: %s", v, m.Deprecated)})
			}
		case plistAddTaskID:
			if err := plistcfg.CheckTaskID(v); err != nil {
				return nil, nil, err
			}
		default:
			if strings.TrimSpace(v) == "" {
				return nil, nil, usageErrorf("an empty value cannot be removed")
			}
		}
	}
	return values, warnings, nil
}

func runPlistEdit(f *Factory, opts *plistEditOptions) error {
	values, warnings, err := checkPlistValues(opts)
	if err != nil {
		return err
	}
	path, err := opts.resolveForEdit(f)
	if err != nil {
		return err
	}
	ed, err := lockForEdit(f, opts.Edit, path)
	if err != nil {
		return err
	}
	defer ed.Release()
	file, before, oldSum, err := loadPlist(f, ed, path)
	if err != nil {
		return err
	}
	key := opts.Kind.key()
	var out []byte
	if opts.Kind.adds() {
		out, err = plistcfg.AddStrings(path, file.Data, key, values...)
	} else {
		out, err = plistcfg.RemoveStrings(path, file.Data, key, values...)
	}
	if err != nil {
		return err
	}
	after, err := plistcfg.Parse(path, out)
	if err != nil {
		return err
	}
	newSum, err := summarizePlist(path, after)
	if err != nil {
		return err
	}
	warnings = append(warnings, plistEditWarnings(opts.Kind, values, oldSum, newSum)...)
	printPlistWarnings(f, path, warnings)
	return applyPlistChange(f, opts.Edit, before.Format(), file, out)
}

// applyPlistChange writes, previews or checks an edit. The bytes of a
// binary plist are not text: its diff shows the XML it decodes to.
func applyPlistChange(f *Factory, flags editFlags, format plistcfg.Format, file *fsutil.File, out []byte) error {
	change := fsutil.Change{File: file, New: out}
	if format != plistcfg.Binary || !change.Changed() {
		return applyChanges(f, flags, []fsutil.Change{change})
	}
	diff := changeDiff(file.Path, change)
	if flags.DryRun || flags.Check {
		fmt.Fprintf(f.IO.ErrOut, "%s: a binary property list; the diff shows it as XML\n", safetext.Escape(file.Path))
		printDiff(f, diff)
		if flags.Check {
			return errNo
		}
		return nil
	}
	if err := fsutil.Commit([]fsutil.Change{change}); err != nil {
		return err
	}
	add, del := textdiff.Stat(diff)
	fmt.Fprintf(f.IO.ErrOut, "%s: updated (+%d -%d lines, shown as XML; the file stays binary)\n", safetext.Escape(file.Path), add, del)
	return nil
}

// plistEditWarnings picks the traps an edit leaves or walks into: the ones
// about how modes and identifiers fit together always, the ones about
// single values only for the values the command touched.
func plistEditWarnings(kind plistEditKind, values []string, before, after *plistcfg.Summary) []plistcfg.Warning {
	touched := map[string]bool{}
	for _, v := range values {
		touched[v] = true
	}
	var ws []plistcfg.Warning
	if kind == plistAddTaskID && len(before.TaskIDs) == 0 && len(after.TaskIDs) > 0 {
		ws = append(ws, plistcfg.LegacyFetchWarning())
	}
	for _, w := range after.Warnings {
		switch w.Code {
		case plistcfg.WarnProcessingWithoutIDs, plistcfg.WarnIDsWithoutMode:
			ws = append(ws, w)
		case plistcfg.WarnBareTaskID:
			if kind == plistAddTaskID && touched[w.Subject] {
				ws = append(ws, w)
			}
		case plistcfg.WarnMissingUsage:
			if kind == plistAddMode && touched[w.Subject] {
				ws = append(ws, w)
			}
		}
	}
	return ws
}
