package main

import (
	"github.com/spf13/cobra"
)

func newFlowValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate PATH...",
		Short: "Validate flow files or directories of flows",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return nil // wired to the translator below
		},
	}
}
