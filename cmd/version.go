package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/buildinfo"
	"github.com/bgkit/bgkit/internal/cmdutil"
)

func newVersionCmd(f *cmdutil.Factory) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "version",
		Short: "Print bgkit's version, commit, build date and Go version",
		Long: `version prints what bgkit was built from: its version (a release's tag, or
the module version go install recorded, or "(devel)"), the commit, the
commit's date, whether the tree had uncommitted changes, and the Go version.
bgkit --version prints the version alone.`,
		Example: `  bgkit version
  bgkit version --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			in := buildinfo.Read()
			if asJSON {
				return cmdutil.WriteJSON(f, in)
			}
			fmt.Fprint(f.IO.Out, in.Long())
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print a JSON object: version, commit, date, modified, goVersion")
	return c
}
