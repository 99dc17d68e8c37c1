package main

import (
	"log/slog"

	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
)

// clientOptionsWithLogger routes the Temporal SDK's logs to slog, at warn
// and above unless the logger is more verbose.
func clientOptionsWithLogger(log *slog.Logger) client.Options {
	return client.Options{Logger: tlog.NewStructuredLogger(log.With("component", "temporal-sdk"))}
}
