package cmd

import (
	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/cmdutil"
)

// manifestTarget is how a manifest command finds its file.
type manifestTarget struct {
	File string
}

func (t *manifestTarget) register(c *cobra.Command) {
	c.Flags().StringVarP(&t.File, "file", "f", "", "the AndroidManifest.xml to use (default: the app module's main manifest)")
	c.MarkFlagFilename("file", "xml")
}

func newManifestCmd(f *cmdutil.Factory) *cobra.Command {
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
