package cmd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/internal/textdiff"
	"github.com/bgkit/bgkit/plistcfg"
)

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
	path, ed, err := openForEdit(f, opts.Edit, opts.File, opts.resolve)
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
