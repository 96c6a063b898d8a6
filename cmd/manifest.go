package cmd

import (
	"strings"

	"github.com/spf13/cobra"

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
