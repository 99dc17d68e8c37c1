package main

import "github.com/spf13/cobra"

func newFlowCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "flow",
		Short: "Validate, deploy and run flows",
	}
	cmd.AddCommand(newFlowValidateCmd())
	return cmd
}
