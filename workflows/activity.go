package workflows

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
	"github.com/kestra-temporal/kestra-temporal/translator"
)

// TaskRequest is what an activity receives to run one attempt of a task:
// the task as planned (properties unrendered: the activity renders them,
// with the I/O-backed expression functions workflow code lacks) and the
// variables its templates see.
type TaskRequest struct {
	Task    *plan.Task     `json:"task"`
	TaskRun kestra.TaskRun `json:"taskRun"`
	// Vars is the render context as JSON (order-preserving).
	Vars json.RawMessage `json:"vars"`
}

// TaskResult is an activity's answer for a successful attempt.
type TaskResult struct {
	Outputs map[string]any `json:"outputs,omitempty"`
	// Warning ends the task in WARNING instead of SUCCESS.
	Warning bool `json:"warning,omitempty"`
}

// TaskFailedError is the application error type of a task that failed as
// Kestra means it (a non-zero exit code, an HTTP error…). Temporal must not
// retry it: retries of failed tasks follow the flow's retry policy.
const TaskFailedError = "KestraTaskFailed"

// Activity timeouts. A worker that dies under a task stops heartbeating and
// the task is retried on another worker after HeartbeatTimeout; Kill reaches
// a running task at its next heartbeat.
const (
	HeartbeatTimeout   = 5 * time.Second
	DefaultTaskTimeout = 24 * time.Hour
)

// executeActivity runs one attempt of a task as a Temporal activity named
// after the task's canonical type.
func (r *runner) executeActivity(ctx workflow.Context, s scope) (map[string]any, error) {
	vars, err := json.Marshal(r.vars(ctx, s.task, s.taskRun, s.frame))
	if err != nil {
		return nil, fmt.Errorf("encode variables: %w", err)
	}
	timeout := DefaultTaskTimeout
	if s.task.Timeout != "" {
		ts, err := r.renderString(ctx, s, s.task.Timeout)
		if err != nil {
			return nil, fmt.Errorf("timeout: %w", err)
		}
		if timeout, err = translator.ParseDuration(ts); err != nil {
			return nil, fmt.Errorf("timeout: %w", err)
		}
	}
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		ActivityID:          fmt.Sprintf("%s-%d", s.taskRun.ID, len(s.taskRun.Attempts)),
		Summary:             fmt.Sprintf("%s (%s)", s.task.ID, s.task.Type),
		StartToCloseTimeout: timeout,
		HeartbeatTimeout:    HeartbeatTimeout,
		WaitForCancellation: true,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:        time.Second,
			BackoffCoefficient:     2,
			MaximumInterval:        time.Minute,
			NonRetryableErrorTypes: []string{TaskFailedError},
		},
	})
	req := TaskRequest{Task: s.task, TaskRun: *s.taskRun, Vars: vars}
	var res TaskResult
	if err := workflow.ExecuteActivity(actx, s.task.Type, req).Get(ctx, &res); err != nil {
		return nil, taskError(err)
	}
	if res.Warning {
		if res.Outputs != nil {
			r.setOutputs(s.task, s.taskRun, s.frame, res.Outputs)
		}
		return nil, warningError{msg: "the task ended with warnings"}
	}
	return res.Outputs, nil
}

// taskError unwraps an activity failure to the task's own message.
func taskError(err error) error {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return errors.New(app.Message())
	}
	return err
}
