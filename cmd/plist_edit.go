package cmd

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/appfile"
	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/plistcfg"
)

// plistModeList is plistcfg.ModeNames() written out, so building the
// command tree computes nothing; TestPlistModeList keeps them in step.
const plistModeList = "audio, location, voip, external-accessory, bluetooth-central, " +
	"bluetooth-peripheral, fetch, remote-notification, processing, workout-processing, " +
	"nearby-interaction, push-to-talk, network-authentication"

type plistEditOptions struct {
	plistTarget
	Edit         editFlags
	AllowUnknown bool
	Kind         appfile.PlistEditKind
	Values       []string
}

func newPlistEditCmd(f *cmdutil.Factory, kind appfile.PlistEditKind, runF func(*plistEditOptions) error) *cobra.Command {
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
	case appfile.AddMode:
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
	case appfile.RemoveMode:
		c.Use = "remove-mode MODE..."
		c.Short = "Remove background modes from UIBackgroundModes"
		c.Long = `Remove background modes from UIBackgroundModes. Modes that are not there
are ignored; the array stays, empty if nothing is left. Any name is accepted,
so misspelt modes can be cleaned up.`
		c.Example = `  bgkit plist remove-mode audio
  bgkit plist remove-mode fecth --dry-run`
	case appfile.AddTaskID:
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
	case appfile.RemoveTaskID:
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
		case appfile.AddMode:
			values = plistcfg.ModeNames()
		case appfile.RemoveMode, appfile.RemoveTaskID:
			values = appfile.PlistValues(f.Dir, opts.File, opts.Target, kind.Key())
		}
		return cmdutil.CompleteUnused(values, args, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
	opts.plistTarget.register(f, c)
	opts.Edit.register(c)
	return c
}

func runPlistEdit(f *cmdutil.Factory, opts *plistEditOptions) error {
	plan, err := appfile.EditPlist(f.Dir, appfile.PlistEdit{
		File: opts.File, Target: opts.Target, Kind: opts.Kind, Values: opts.Values,
		AllowUnknown: opts.AllowUnknown, Lock: opts.Edit.writes(),
	})
	if errors.Is(err, appfile.ErrEmptyValue) {
		return &cmdutil.UsageError{Err: err}
	}
	if err != nil {
		return err
	}
	defer plan.Release()
	printPlistWarnings(f, plan.Path, plan.Warnings)
	return applyPlan(f, opts.Edit, plan)
}
