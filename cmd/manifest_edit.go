package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/appfile"
	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/style"
)

type manifestEditOptions struct {
	manifestTarget
	Edit         editFlags
	Add          bool
	Unblock      bool
	Block        bool
	AllowUnknown bool
	Perms        []string
}

func newManifestEditCmd(f *cmdutil.Factory, add bool, runF func(*manifestEditOptions) error) *cobra.Command {
	opts := &manifestEditOptions{Add: add}
	c := &cobra.Command{
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Perms = args
			if runF != nil {
				return runF(opts)
			}
			return runManifestEdit(f, opts)
		},
	}
	if add {
		c.Use = "add-permission PERMISSION..."
		c.Short = "Request permissions with <uses-permission>"
		c.Long = `Add a <uses-permission> for each permission the manifest does not request
yet. A short name such as WAKE_LOCK means android.permission.WAKE_LOCK;
other full names (com.google.android.c2dm.permission.RECEIVE) stay as
given. A name that is not an Android permission bgkit knows is refused
with a suggestion; --allow-unknown lets through one newer than bgkit.

A permission this manifest removes with tools:node="remove" is a conflict
(exit 2, naming the line) unless --unblock, which drops the removal and
leaves exactly one request.`
		c.Example = `  bgkit manifest add-permission RECEIVE_BOOT_COMPLETED WAKE_LOCK
  bgkit manifest add-permission SCHEDULE_EXACT_ALARM --check
  bgkit manifest add-permission POST_NOTIFICATIONS --unblock --dry-run
  bgkit manifest add-permission com.google.android.c2dm.permission.RECEIVE`
		c.Flags().BoolVar(&opts.Unblock, "unblock", false, `drop a tools:node="remove" entry for the permission instead of refusing`)
		c.Flags().BoolVar(&opts.AllowUnknown, "allow-unknown", false, "accept android.permission names bgkit does not know (newer than its list)")
	} else {
		c.Use = "remove-permission PERMISSION..."
		c.Short = "Remove permission requests, or block them with tools:node=\"remove\""
		c.Long = `Remove the <uses-permission> and <uses-permission-sdk-23> elements for each
permission, whole, with their line, however their attributes wrap.
Permissions the manifest does not request are ignored.

A permission a library adds at manifest merge is not in this file: with
--block, bgkit adds <uses-permission android:name="..." tools:node="remove" />
for it (declaring xmlns:tools on <manifest> when missing), which is what
Expo's android.blockedPermissions does. A request in this file is then
replaced by the removal.`
		c.Example = `  bgkit manifest remove-permission READ_PHONE_STATE
  bgkit manifest remove-permission ACCESS_BACKGROUND_LOCATION --block
  bgkit manifest remove-permission FOREGROUND_SERVICE_DATA_SYNC --block --check`
		c.Flags().BoolVar(&opts.Block, "block", false, `add tools:node="remove" so the permission is removed from libraries at merge`)
	}
	// Completion offers permission names, never file names.
	c.ValidArgsFunction = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		values := appfile.PermissionChoices(f.Dir, opts.File, add, opts.Block)
		return cmdutil.CompleteUnused(values, args, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
	opts.manifestTarget.register(c)
	opts.Edit.register(c)
	return c
}

func runManifestEdit(f *cmdutil.Factory, opts *manifestEditOptions) error {
	plan, err := appfile.EditManifest(f.Dir, appfile.ManifestEdit{
		File: opts.File, Add: opts.Add, Perms: opts.Perms,
		AllowUnknown: opts.AllowUnknown, Unblock: opts.Unblock, Block: opts.Block, Lock: opts.Edit.writes(),
	})
	if err != nil {
		return err
	}
	defer plan.Release()
	label := style.New(f.IO.ErrOut, f.IO.ColorEnabledStderr()).NoteLabel.Render("note:")
	for _, n := range plan.Notes {
		fmt.Fprintf(f.IO.ErrOut, "%s %s: %s\n", label, n.Permission, n.Text)
	}
	return applyPlan(f, opts.Edit, plan)
}
