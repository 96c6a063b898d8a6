package cmd

import "github.com/spf13/cobra"

// newTriggerIOSCmd is a placeholder until the command is built.
func newTriggerIOSCmd(f *Factory) *cobra.Command {
	return &cobra.Command{Use: "ios", Short: "(not built yet)", Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageErrorf("%s is not built yet", cmd.CommandPath())
		}}
}
