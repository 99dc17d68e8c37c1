package api

import (
	"context"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// Executor runs executions on Temporal. The API validates requests and reads
// the store; everything that changes a running execution goes through here.
// Errors are *kestra.Error with a code the API maps to an HTTP status
// (ENOTFOUND 404, ECONFLICT 409, EINVALID 422…).
type Executor interface {
	// Start creates an execution of a flow revision (state CREATED, stored
	// before Start returns, so that GET finds it) and starts its workflow,
	// now or at req.ScheduleDate.
	Start(ctx context.Context, req StartRequest) (*kestra.Execution, error)
	// Live returns the execution as its workflow sees it now (falls back to
	// the store for finished executions).
	Live(ctx context.Context, executionID string) (*kestra.Execution, error)
	// Kill cancels a running or paused execution (KILLING, then KILLED).
	// ECONFLICT if it is already finished.
	Kill(ctx context.Context, executionID string) error
	// Pause pauses a running execution; ECONFLICT (Kestra: 422) if not running.
	Pause(ctx context.Context, executionID string) error
	// Resume resumes a paused execution with the typed onResume inputs of
	// its Pause task. ECONFLICT if it is not paused.
	Resume(ctx context.Context, executionID string, inputs map[string]any) error
	// Restart re-runs the failed task runs of a FAILED execution in place
	// (same id), or as a new execution when revision differs from the
	// execution's. EINVALID "No task found to restart" when nothing failed.
	Restart(ctx context.Context, executionID string, revision int) (*kestra.Execution, error)
	// Replay creates a new execution (parentId = executionID) that copies
	// the task runs before taskRunID and re-runs from it; an empty
	// taskRunID replays from the start.
	Replay(ctx context.Context, executionID, taskRunID string, revision int) (*kestra.Execution, error)
}

// StartRequest asks for a new execution.
type StartRequest struct {
	Flow *plan.Flow
	// Inputs are typed and validated against the flow's inputs already.
	Inputs map[string]any
	// Labels are the execution's complete labels: the flow's, the
	// request's, then system.correlationId (the API computes them).
	Labels       []kestra.Label
	Trigger      *kestra.ExecutionTrigger
	ScheduleDate *time.Time
	// ExecutionID, when set, is used instead of a new id. The API always
	// sets it: FILE inputs are stored under the execution's id before
	// Start is called.
	ExecutionID string
}
