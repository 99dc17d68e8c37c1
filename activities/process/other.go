//go:build !linux

package process

import (
	"context"
	"errors"
	"time"
)

// Command is a command to run under a supervisor (Linux only).
type Command struct {
	Args           []string
	Env            []string
	Dir            string
	Grace          time.Duration
	Stdout, Stderr func(line string)
	MaxLine        int
	// RemoveDirOnStop: see the Linux implementation.
	RemoveDirOnStop bool
}

// Result is how the command ended.
type Result struct{ ExitCode int }

// MaybeSupervise does nothing outside Linux.
func MaybeSupervise() {}

// Run is only supported on Linux.
func Run(context.Context, Command) (Result, error) {
	return Result{}, errors.New("process: running commands needs Linux")
}
