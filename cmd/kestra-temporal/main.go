// Command kestra-temporal runs Kestra flows on Temporal: it validates flows,
// serves Kestra's REST API and runs the Temporal worker that executes them.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/kestra-temporal/kestra-temporal/activities/process"
)

func main() {
	// A task's process supervisor is this binary re-executed: it must not
	// get any further.
	process.MaybeSupervise()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := newRootCmd().ExecuteContext(ctx)
	stop()
	if err != nil {
		var ex exitError
		if asExit(err, &ex) {
			os.Exit(ex.code)
		}
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}
