package workflows

import (
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// WorkflowName is the Temporal workflow type every execution runs as.
const WorkflowName = "KestraExecution"

// Request starts an execution. The Temporal workflow ID is the execution ID.
type Request struct {
	Plan *plan.Flow `json:"plan"`
	// Inputs are the execution's typed inputs, already validated.
	Inputs map[string]any `json:"inputs,omitempty"`
	// Labels are the execution's labels (flow labels, request labels and
	// system.correlationId), already merged.
	Labels  []kestra.Label           `json:"labels,omitempty"`
	Trigger *kestra.ExecutionTrigger `json:"trigger,omitempty"`
	// Envs are the KESTRA_-prefixed environment variables captured when the
	// execution was created (prefix stripped, lower-cased), so that replaying
	// the workflow never reads the environment.
	Envs map[string]string `json:"envs,omitempty"`
	// Globals are the server's kestra.variables.globals.
	Globals map[string]any `json:"globals,omitempty"`
	// CreatedAt is when the execution was created (state CREATED).
	CreatedAt time.Time `json:"createdAt"`
	// OriginalID is kept across replays; empty means the execution's own id.
	OriginalID string `json:"originalId,omitempty"`
	ParentID   string `json:"parentId,omitempty"`
	// Restart, when set, is the execution a restart continues (see
	// PrepareRestart): its finished task runs are kept, the others run again.
	Restart *kestra.Execution `json:"restart,omitempty"`
	// Attempt numbers the executions of a CREATE_NEW_EXECUTION retry (1 for
	// the first); OriginalCreatedAt is when the first of them was created.
	Attempt           int        `json:"attempt,omitempty"`
	OriginalCreatedAt *time.Time `json:"originalCreatedAt,omitempty"`
	// SequenceBase is where the projection sequence of this run starts, so
	// that a restarted run's writes are newer than the failed run's.
	SequenceBase int64 `json:"sequenceBase,omitempty"`
}

// QueryExecution is the query that returns the live execution.
const QueryExecution = "execution"
