package cmd

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/style"
	"github.com/bgkit/bgkit/manifest"
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

func newManifestEditCmd(f *Factory, add bool, runF func(*manifestEditOptions) error) *cobra.Command {
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
	// Completion: add-permission offers the permissions bgkit knows that the
	// manifest does not request yet; remove-permission the ones it requests
	// (with --block, also the ones a library could add). Never file names.
	c.ValidArgsFunction = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		requested := opts.completePermissions(f)
		var values []string
		if add || opts.Block {
			for _, p := range manifest.KnownPermissionNames() {
				if add && slices.Contains(requested, p) {
					continue
				}
				values = append(values, p)
			}
		}
		if !add {
			values = append(requested, values...)
			slices.Sort(values)
			values = slices.Compact(values)
		}
		return completeUnused(values, args, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
	opts.manifestTarget.register(c)
	opts.Edit.register(c)
	return c
}

// checkManifestPerms validates what the user typed before any file is read.
func checkManifestPerms(opts *manifestEditOptions) ([]string, error) {
	var out []string
	for _, p := range opts.Perms {
		full, err := manifest.ExpandPermission(p)
		if err != nil {
			return nil, err
		}
		if opts.Add && !opts.AllowUnknown && !manifest.KnownPermission(full) {
			msg := fmt.Sprintf("%s is not an Android permission bgkit knows", full)
			if s := manifest.SuggestPermission(full); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", strings.TrimPrefix(s, "android.permission."))
			}
			return nil, fmt.Errorf("%s\n(a permission newer than bgkit can be added with --allow-unknown)", msg)
		}
		out = append(out, full)
	}
	return out, nil
}

func runManifestEdit(f *Factory, opts *manifestEditOptions) error {
	perms, err := checkManifestPerms(opts)
	if err != nil {
		return err
	}
	path, ed, err := openForEdit(f, opts.Edit, opts.File, opts.resolve)
	if err != nil {
		return err
	}
	defer ed.Release()
	file, err := f.read(ed, path)
	if err != nil {
		return err
	}
	var out []byte
	if opts.Add {
		out, err = manifest.AddPermissions(path, file.Data, perms, manifest.AddOptions{Unblock: opts.Unblock})
		if err == nil {
			printPolicyNotes(f, path, file.Data, perms)
		}
	} else {
		out, err = manifest.RemovePermissions(path, file.Data, perms, manifest.RemoveOptions{Block: opts.Block})
	}
	if err != nil {
		return err
	}
	return applyChanges(f, opts.Edit, []fsutil.Change{{File: file, New: out}})
}

// printPolicyNotes tells, on stderr, what the permissions this run requests
// for the first time ask of the app.
func printPolicyNotes(f *Factory, path string, before []byte, perms []string) {
	m, err := manifest.Parse(path, before)
	if err != nil {
		return
	}
	label := style.New(f.IO.ErrOut, f.IO.ColorEnabledStderr()).NoteLabel.Render("note:")
	for _, p := range perms {
		if len(m.Requested(p)) > 0 {
			continue
		}
		if note := manifest.PolicyNote(p); note != "" {
			fmt.Fprintf(f.IO.ErrOut, "%s %s: %s\n", label, p, note)
		}
	}
}
