package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/internal/style"
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

// resolve returns the file to work on, as shown from f.Dir (the project
// finders return paths relative to the folder they search).
func (t *plistTarget) resolve(f *Factory) (string, error) {
	if t.File != "" {
		return t.File, nil
	}
	path, err := project.FindInfoPlist(f.workDir(), t.Target)
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
