package cmd

import "github.com/spf13/cobra"

func newTriggerCmd(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "trigger",
		Short: "Make background work run now on a simulator, emulator or device",
	}
	c.AddCommand(newTriggerAndroidCmd(f), newTriggerIOSCmd(f), newTriggerFetchCmd(f))
	return c
}
