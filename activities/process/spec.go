package process

import "time"

// EnvSupervisor is the environment variable that turns the binary into a
// supervisor (see MaybeSupervise).
const EnvSupervisor = "KESTRA_TEMPORAL_SUPERVISOR"

// DefaultGrace is how long the tree has between SIGTERM and SIGKILL.
const DefaultGrace = 500 * time.Millisecond

// spec is what the worker sends the supervisor on the control pipe.
type spec struct {
	Args  []string      `json:"args"`
	Env   []string      `json:"env"`
	Dir   string        `json:"dir,omitempty"`
	Grace time.Duration `json:"grace"`
	// RemoveDirOnStop: when stopped (not when the command exits by itself),
	// remove Dir once the tree is dead.
	RemoveDirOnStop bool `json:"removeDirOnStop,omitempty"`
}
