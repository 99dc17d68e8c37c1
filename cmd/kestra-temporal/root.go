package main

import (
	"errors"
	"strconv"

	"github.com/spf13/cobra"
)

// newRootCmd builds the command tree. Each subcommand lives in its own file.
func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "kestra-temporal",
		Short:         "Kestra flows and REST API, run on Temporal",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newFlowCmd(), newServerCmd(), newServeCmd(), newWorkerCmd(), newEvalCmd())
	return root
}

// exitError ends the process with a given status without printing anything
// more: the command already told the user what went wrong.
type exitError struct{ code int }

func (e exitError) Error() string { return "exit status " + strconv.Itoa(e.code) }

func asExit(err error, target *exitError) bool { return errors.As(err, target) }
