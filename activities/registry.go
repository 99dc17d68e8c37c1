package activities

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/worker"

	"github.com/kestra-temporal/kestra-temporal/catalog"
	"github.com/kestra-temporal/kestra-temporal/storage"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// Deps is what activities need from the process that runs them.
type Deps struct {
	Store  store.Store
	Logger *slog.Logger
	// Env reads the environment (secrets are SECRET_<KEY> variables).
	// Default os.Getenv.
	Env func(string) string
	// WorkDir is where task working directories are created, one per
	// attempt, removed afterwards. Default <os.TempDir()>/kestra-temporal.
	WorkDir string
	// Storage is internal storage (output files, kestra:// inputs, read()).
	// Optional: without it those features fail the task with a clear
	// message.
	Storage storage.Storage
}

func (d Deps) withDefaults() Deps {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Env == nil {
		d.Env = os.Getenv
	}
	if d.WorkDir == "" {
		d.WorkDir = filepath.Join(os.TempDir(), "kestra-temporal")
	}
	return d
}

// executor runs one attempt of a task type. A task failure (in Kestra's
// sense) is returned as a failure error (see fail); any other error is an
// infrastructure error Temporal retries.
type executor func(ctx context.Context, r *run) (workflows.TaskResult, error)

var executors = catalog.NewExecutors[executor](catalog.Activity)

// register declares the executor of a type at init; a mistake panics.
func register(name string, e executor) {
	if err := executors.Register(name, e); err != nil {
		panic(err)
	}
}

// Implemented lists the canonical names of the task types this package
// runs, sorted.
func Implemented() []string {
	var out []string
	for _, t := range catalog.Types() {
		if _, ok := executors.Lookup(t.Name); ok && t.Runs == catalog.Activity {
			out = append(out, t.Name)
		}
	}
	slices.Sort(out)
	return out
}

// Verify reports the catalog's activity types that have no executor yet.
func Verify() error {
	if err := executors.Verify(); err != nil {
		return fmt.Errorf("activities: %w", err)
	}
	return nil
}

// Register registers every implemented task type under its canonical name,
// and the projection local activity (workflows.ProjectActivity).
func Register(w worker.Registry, deps Deps) error {
	if deps.Store == nil {
		return fmt.Errorf("activities: register: no store")
	}
	d := deps.withDefaults()
	for _, name := range Implemented() {
		e, _ := executors.Lookup(name)
		w.RegisterActivityWithOptions(d.activity(name, e), activity.RegisterOptions{Name: name})
	}
	w.RegisterActivityWithOptions(d.project, activity.RegisterOptions{Name: workflows.ProjectActivity})
	w.RegisterActivityWithOptions(d.function, activity.RegisterOptions{Name: workflows.FunctionActivity})
	return nil
}

// HeartbeatInterval is how often running activities heartbeat.
const HeartbeatInterval = time.Second

// TuneWorkerOptions sets the worker options activities depend on: the SDK
// sends heartbeats at most every 0.8 × HeartbeatTimeout (4 s) unless told
// otherwise, which would delay a Kill by up to 4 s; this lowers the throttle
// to HeartbeatInterval so cancellation reaches a task within about 1 s.
func TuneWorkerOptions(o *worker.Options) {
	o.MaxHeartbeatThrottleInterval = HeartbeatInterval
	o.DefaultHeartbeatThrottleInterval = HeartbeatInterval
}
