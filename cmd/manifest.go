package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/internal/style"
	"github.com/bgkit/bgkit/manifest"
	"github.com/bgkit/bgkit/project"
)

// manifestTarget is how a manifest command finds its file.
type manifestTarget struct {
	File string
}

func (t *manifestTarget) register(c *cobra.Command) {
	c.Flags().StringVarP(&t.File, "file", "f", "", "the AndroidManifest.xml to use (default: the app module's main manifest)")
	c.MarkFlagFilename("file", "xml")
}

func (t *manifestTarget) resolve(f *Factory) (string, error) {
	if t.File != "" {
		return t.File, nil
	}
	path, err := project.FindAndroidManifest(f.workDir())
	return f.shown(path), err
}

// resolveForEdit is resolve for a command that writes: a manifest bgkit
// found on its own must lie inside the project (after symlinks and "..").
func (t *manifestTarget) resolveForEdit(f *Factory) (string, error) {
	path, err := t.resolve(f)
	if err == nil && t.File == "" {
		_, err = fsutil.Within(f.workDir(), f.path(path))
		err = f.named(err, path)
	}
	return path, err
}

func newManifestCmd(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "manifest",
		Short: "Show and edit permissions in AndroidManifest.xml",
		Long: `Show and edit the permissions of an Android app's AndroidManifest.xml.

Edits change only the lines they need: a new <uses-permission> goes right
after the last one, in the file's indentation, quotes and line endings;
a removed one takes its line with it. Comments, attribute layout, a BOM and
a missing final newline stay as they are. A file that would not parse after
the change is never written, and a second run changes nothing.

Without --file, bgkit finds the app module's main manifest: the module that
settings.gradle(.kts) includes and that applies com.android.application
(android/app/src/main/AndroidManifest.xml in React Native, Expo, Capacitor
and Flutter projects).`,
		Example: `  bgkit manifest show
  bgkit manifest add-permission RECEIVE_BOOT_COMPLETED WAKE_LOCK
  bgkit manifest remove-permission ACCESS_BACKGROUND_LOCATION --block --check
  bgkit manifest show --file android/app/src/main/AndroidManifest.xml --json`,
	}
	c.AddCommand(
		newManifestShowCmd(f, nil),
		newManifestEditCmd(f, true, nil),
		newManifestEditCmd(f, false, nil),
	)
	return c
}

// ---- show ----

type manifestShowOptions struct {
	manifestTarget
	JSON bool
}

func newManifestShowCmd(f *Factory, runF func(*manifestShowOptions) error) *cobra.Command {
	opts := &manifestShowOptions{}
	c := &cobra.Command{
		Use:   "show",
		Short: "Show permissions, removals, boot receivers and services",
		Long: `Show what an AndroidManifest.xml says about background work, each with its
line: the permissions it requests (<uses-permission> and
<uses-permission-sdk-23>, with minSdkVersion and maxSdkVersion), the
permissions it removes from libraries with tools:node="remove", the
receivers that listen for BOOT_COMPLETED, and the services with their
foregroundServiceType. Commented-out elements are not shown.`,
		Example: `  bgkit manifest show
  bgkit manifest show --json
  bgkit manifest show --file android/app/src/main/AndroidManifest.xml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runManifestShow(f, opts)
		},
	}
	opts.manifestTarget.register(c)
	c.Flags().BoolVar(&opts.JSON, "json", false, "print the result as JSON")
	return c
}

func runManifestShow(f *Factory, opts *manifestShowOptions) error {
	path, err := opts.resolve(f)
	if err != nil {
		return err
	}
	file, err := f.read(nil, path)
	if err != nil {
		return err
	}
	m, err := manifest.Parse(path, file.Data)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeManifestJSON(f.IO.Out, path, m)
	}
	writeManifestText(f, path, m)
	return nil
}

type manifestPermJSON struct {
	Name   string `json:"name"`
	Tag    string `json:"tag"`
	Line   int    `json:"line"`
	Col    int    `json:"col"`
	MinSDK string `json:"minSdk,omitempty"`
	MaxSDK string `json:"maxSdk,omitempty"`
}

type manifestComponentJSON struct {
	Name                  string   `json:"name"`
	Line                  int      `json:"line"`
	Exported              *bool    `json:"exported"`
	Actions               []string `json:"actions,omitempty"`
	ForegroundServiceType string   `json:"foregroundServiceType,omitempty"`
	Permission            string   `json:"permission,omitempty"`
}

type manifestShowJSON struct {
	File          string                  `json:"file"`
	Package       string                  `json:"package,omitempty"`
	MinSDK        string                  `json:"minSdk,omitempty"`
	TargetSDK     string                  `json:"targetSdk,omitempty"`
	Permissions   []manifestPermJSON      `json:"permissions"`
	Removed       []manifestPermJSON      `json:"removed"`
	BootReceivers []manifestComponentJSON `json:"bootReceivers"`
	Services      []manifestComponentJSON `json:"services"`
}

func manifestComponent(c manifest.Component, actions bool) manifestComponentJSON {
	j := manifestComponentJSON{Name: c.Name, Line: c.Line, Exported: c.Exported, ForegroundServiceType: c.ForegroundServiceType, Permission: c.Permission}
	if actions {
		j.Actions = c.Actions
	}
	return j
}

func writeManifestJSON(w io.Writer, path string, m *manifest.Manifest) error {
	out := manifestShowJSON{
		File: path, Package: m.Package, MinSDK: m.MinSDK, TargetSDK: m.TargetSDK,
		Permissions: []manifestPermJSON{}, Removed: []manifestPermJSON{},
		BootReceivers: []manifestComponentJSON{}, Services: []manifestComponentJSON{},
	}
	for _, p := range m.Permissions {
		j := manifestPermJSON{Name: p.Name, Tag: p.Tag, Line: p.Line, Col: p.Col, MinSDK: p.MinSDK, MaxSDK: p.MaxSDK}
		if p.Removed {
			out.Removed = append(out.Removed, j)
		} else {
			out.Permissions = append(out.Permissions, j)
		}
	}
	for _, c := range m.BootReceivers() {
		out.BootReceivers = append(out.BootReceivers, manifestComponent(c, true))
	}
	for _, c := range m.Services() {
		out.Services = append(out.Services, manifestComponent(c, false))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeManifestText(f *Factory, path string, m *manifest.Manifest) {
	w := f.IO.Out
	bold := style.New(w, f.IO.ColorEnabled()).Bold.Render
	fmt.Fprintln(w, safetext.Escape(path))
	var facts []string
	if m.Package != "" {
		facts = append(facts, "package "+m.Package)
	}
	if m.MinSDK != "" {
		facts = append(facts, "minSdk "+m.MinSDK)
	}
	if m.TargetSDK != "" {
		facts = append(facts, "targetSdk "+m.TargetSDK)
	}
	if len(facts) > 0 {
		fmt.Fprintf(w, "  %s\n", safetext.Escape(strings.Join(facts, ", ")))
	}

	type row struct {
		name string
		line int
		note string
	}
	section := func(title string, rows []row, empty string) {
		if len(rows) == 0 {
			fmt.Fprintf(w, "\n%s: %s\n", bold(title), empty)
			return
		}
		fmt.Fprintf(w, "\n%s\n", bold(title))
		width := 0
		for _, r := range rows {
			width = max(width, len(r.name))
		}
		for _, r := range rows {
			// Names and notes come from the file: no control characters
			// or escape sequences reach the terminal.
			r.name, r.note = safetext.Escape(r.name), safetext.Escape(r.note)
			line := fmt.Sprintf("  %-*s  (line %d)", width, r.name, r.line)
			if r.note != "" {
				line += "  " + r.note
			}
			fmt.Fprintln(w, line)
		}
	}
	var perms, removed, boot, services []row
	for _, p := range m.Permissions {
		var notes []string
		if p.Tag != "uses-permission" {
			notes = append(notes, p.Tag)
		}
		if p.MinSDK != "" {
			notes = append(notes, "minSdk "+p.MinSDK)
		}
		if p.MaxSDK != "" {
			notes = append(notes, "maxSdk "+p.MaxSDK)
		}
		r := row{p.Name, p.Line, strings.Join(notes, ", ")}
		if p.Removed {
			removed = append(removed, r)
		} else {
			perms = append(perms, r)
		}
	}
	exported := func(c manifest.Component) string {
		if c.Exported == nil {
			return "exported not set"
		}
		return fmt.Sprintf("exported=%t", *c.Exported)
	}
	for _, c := range m.BootReceivers() {
		boot = append(boot, row{c.Name, c.Line, exported(c)})
	}
	for _, c := range m.Services() {
		note := "no foregroundServiceType"
		if c.ForegroundServiceType != "" {
			note = "foregroundServiceType=" + c.ForegroundServiceType
		}
		services = append(services, row{c.Name, c.Line, note})
	}
	section("Permissions", perms, "none")
	section(`Removed with tools:node="remove"`, removed, "none")
	section("Boot receivers", boot, "none")
	section("Services", services, "none")
}

// ---- add-permission, remove-permission ----

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

// completePermissions lists the permissions the manifest requests, short
// for android.permission.*; nothing when it cannot be found or read.
func (t *manifestTarget) completePermissions(f *Factory) []string {
	path, err := t.resolve(f)
	if err != nil {
		return nil
	}
	file, err := f.read(nil, path)
	if err != nil {
		return nil
	}
	m, err := manifest.Parse(path, file.Data)
	if err != nil {
		return nil
	}
	var out []string
	for _, p := range m.Permissions {
		if !p.Removed {
			out = append(out, strings.TrimPrefix(p.Name, "android.permission."))
		}
	}
	return out
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
	path, err := opts.resolveForEdit(f)
	if err != nil {
		return err
	}
	ed, err := lockForEdit(f, opts.Edit, path)
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
