package main

import (
	"os"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/activities/process"
)

func TestMain(m *testing.M) {
	// Task processes run under a supervisor that is this binary started
	// again: let it take over before any test runs.
	process.MaybeSupervise()
	os.Exit(m.Run())
}
