package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/appfile"
	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/internal/safetext"
	"github.com/bgkit/bgkit/internal/style"
)

// plistTarget is how a plist command finds its file.
type plistTarget struct {
	File   string
	Target string
}

func (t *plistTarget) register(f *cmdutil.Factory, c *cobra.Command) {
	c.Flags().StringVarP(&t.File, "file", "f", "", "the property list to use (default: the app's Info.plist, found from the Xcode project)")
	c.Flags().StringVar(&t.Target, "target", "", "the Xcode application target whose Info.plist to use, when there are several")
	c.MarkFlagsMutuallyExclusive("file", "target")
	c.MarkFlagFilename("file", "plist", "entitlements")
	c.RegisterFlagCompletionFunc("target", func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		names := appfile.TargetNames(f.Dir)
		return cmdutil.CompleteUnused(names, nil, toComplete), cobra.ShellCompDirectiveNoFileComp
	})
}

func newPlistCmd(f *cmdutil.Factory) *cobra.Command {
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
		newPlistEditCmd(f, appfile.AddMode, nil),
		newPlistEditCmd(f, appfile.RemoveMode, nil),
		newPlistEditCmd(f, appfile.AddTaskID, nil),
		newPlistEditCmd(f, appfile.RemoveTaskID, nil),
	)
	return c
}

// printPlistWarnings writes warnings to stderr as "warning: file:line: msg".
func printPlistWarnings(f *cmdutil.Factory, path string, ws []appfile.Warning) {
	label := style.New(f.IO.ErrOut, f.IO.ColorEnabledStderr()).WarningLabel.Render("warning:")
	for _, w := range ws {
		where := path
		if w.Line > 0 {
			where = fmt.Sprintf("%s:%d", path, w.Line)
		}
		fmt.Fprintf(f.IO.ErrOut, "%s %s: %s\n", label, safetext.Escape(where), safetext.Escape(w.Message))
	}
}
