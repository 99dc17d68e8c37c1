package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// Projection is what the workflow hands to the store: the execution as it
// stands and the log lines written since the previous projection. Sequence
// grows with every change, so a store can ignore a stale write.
type Projection struct {
	Execution *kestra.Execution `json:"execution"`
	Logs      []LogLine         `json:"logs,omitempty"`
	Sequence  int64             `json:"sequence"`
}

// LogLine is a log line written by workflow code. Key is unique within the
// execution and the same on every replay, so the store drops a line it
// already has.
type LogLine struct {
	// LogEntry is a named field, not an embedded one: kestra.LogEntry's
	// MarshalJSON would otherwise be promoted and drop the key.
	LogEntry kestra.LogEntry `json:"entry"`
	Key      string          `json:"key"`
}

// ProjectActivity is the local activity that writes a Projection to the
// store. The worker registers it under this name.
const ProjectActivity = "kestra.Project"

// Execute is the workflow of one Kestra execution: it interprets the plan
// and keeps the execution document, answering the "execution" query with
// it and projecting it to the store as it changes.
func Execute(ctx workflow.Context, req Request) (*Result, error) {
	if req.Plan == nil || req.Plan.Version != plan.Version {
		return nil, temporal.NewNonRetryableApplicationError(fmt.Sprintf("unsupported plan version (want %d)", plan.Version), "BadPlan", nil)
	}
	r := newRunner(ctx, &req)
	if err := workflow.SetQueryHandler(ctx, QueryExecution, func() (*kestra.Execution, error) {
		return r.snapshot(), nil
	}); err != nil {
		return nil, fmt.Errorf("register query: %w", err)
	}
	if err := r.registerPauseUpdates(ctx); err != nil {
		return nil, err
	}
	proj := r.startProjector(ctx)
	r.proj = proj

	r.setState(ctx, kestra.StateRunning)
	workflow.Go(ctx, func(gctx workflow.Context) {
		// A cancelled workflow is a killed execution: show KILLING while the
		// running tasks stop.
		gctx.Done().Receive(gctx, nil)
		if !r.exec.State.Current.IsTerminated() {
			r.setState(ctx, kestra.StateKilling)
		}
	})
	state := r.runBlock(ctx, r.flow.Tasks, r.flow.Errors, r.flow.Finally, frame{})
	// The end of the execution is recorded even when it was cancelled.
	dctx, cancel := workflow.NewDisconnectedContext(ctx)
	defer cancel()
	if ctx.Err() != nil {
		state = kestra.StateKilled
		r.setState(dctx, kestra.StateKilling) // no-op when the watcher got there first
	}
	if state != kestra.StateKilled && len(r.flow.Outputs) > 0 {
		if err := r.renderFlowOutputs(dctx); err != nil {
			r.exec.Outputs = nil
			state = kestra.StateFailed
		}
	}
	final := terminal(state)
	retry := r.retryAsNewExecution(dctx, final)
	if retry != nil {
		final = kestra.StateRetried
	}
	r.setState(dctx, final)
	proj.finish(dctx)
	if retry != nil {
		r.startRetry(dctx, retry)
	}
	// The result leaves the task runs out: they are in the store, and a big
	// execution would exceed Temporal's payload limit.
	result := *r.exec
	return &Result{Execution: &result, Outputs: r.outputs}, nil
}

// terminal maps a block state to the execution's final state.
func terminal(s kestra.StateType) kestra.StateType {
	if s == kestra.StateSkipped || s == kestra.StateRunning || s == kestra.StateCreated {
		return kestra.StateSuccess
	}
	return s
}

// renderFlowOutputs renders the flow's outputs into the execution. A render
// error fails the execution and drops every output (FlowOutputTest).
func (r *runner) renderFlowOutputs(ctx workflow.Context) error {
	out := map[string]any{}
	for _, o := range r.flow.Outputs {
		var v any
		var err error
		if str, ok := o.Value.(string); ok && o.Type == "STRING" {
			// A STRING output is text: a map renders as its JSON.
			v, err = r.renderString(ctx, scope{}, str)
		} else {
			v, err = r.renderTyped(ctx, scope{}, o.Value)
		}
		if err != nil {
			r.logExecution(ctx, kestra.LevelError, fmt.Sprintf("output %s: %v", o.ID, err))
			return err
		}
		out[o.ID] = v
	}
	r.exec.Outputs = out
	r.changes++
	return nil
}

// logExecution records a log line of the execution itself.
func (r *runner) logExecution(ctx workflow.Context, level kestra.Level, msg string) {
	r.appendLog(kestra.LogEntry{
		Namespace: r.exec.Namespace, FlowID: r.exec.FlowID, ExecutionID: r.exec.ID,
		Timestamp: workflow.Now(ctx), Level: level, Thread: "workflow", Message: msg, TenantID: "main",
	})
}

// projector writes the execution to the store whenever it changed, from its
// own coroutine: while one write is in flight, further changes accumulate
// and go out together in the next one, so a burst of changes costs one
// write.
type projector struct {
	r         *runner
	projected int64
	done      bool
	stopped   bool
}

func (r *runner) startProjector(ctx workflow.Context) *projector {
	p := &projector{r: r}
	workflow.Go(ctx, func(gctx workflow.Context) {
		// Disconnected: the end of a killed execution is projected too.
		dctx, cancel := workflow.NewDisconnectedContext(gctx)
		defer cancel()
		dctx = workflow.WithLocalActivityOptions(dctx, workflow.LocalActivityOptions{
			StartToCloseTimeout: 30 * time.Second,
			// The store must get every change: retry until it answers.
			RetryPolicy: &temporal.RetryPolicy{InitialInterval: 100 * time.Millisecond, BackoffCoefficient: 2, MaximumInterval: 10 * time.Second},
		})
		for {
			_ = workflow.Await(dctx, func() bool { return r.changes != p.projected || p.done })
			if r.changes == p.projected {
				p.stopped = true
				return
			}
			seq := r.changes
			logs := r.logs
			r.logs = nil
			pr := Projection{Execution: r.snapshot(), Logs: logs, Sequence: seq}
			if err := workflow.ExecuteLocalActivity(dctx, ProjectActivity, pr).Get(dctx, nil); err != nil {
				workflow.GetLogger(dctx).Error("projection failed", "error", err)
			}
			p.projected = seq
		}
	})
	return p
}

// finish waits until every change has been projected.
func (p *projector) finish(ctx workflow.Context) {
	p.done = true
	_ = workflow.Await(ctx, func() bool { return p.stopped })
}

// newExecutionRetry is a pending CREATE_NEW_EXECUTION retry.
type newExecutionRetry struct {
	wait time.Duration
}

// retryAsNewExecution decides whether a failed execution is retried by a
// new execution: a task failed under a CREATE_NEW_EXECUTION policy, or the
// flow's own retry has that behavior, and the policy has attempts and time
// left (counted over the executions of the retry, from the first one).
func (r *runner) retryAsNewExecution(ctx workflow.Context, final kestra.StateType) *newExecutionRetry {
	if final != kestra.StateFailed {
		return nil
	}
	p := r.newExecution
	if p == nil && r.flow.Retry != nil && r.flow.Retry.Behavior == "CREATE_NEW_EXECUTION" {
		p = r.flow.Retry
	}
	if p == nil {
		return nil
	}
	attempt := r.exec.Metadata.AttemptNumber
	elapsed := workflow.Now(ctx).Sub(*r.exec.Metadata.OriginalCreatedDate)
	wait, again := retrier{p: &plan.Retry{
		Type: p.Type, MaxAttempt: p.MaxAttempt, MaxDuration: p.MaxDuration,
		Interval: p.Interval, MaxInterval: p.MaxInterval, MinInterval: p.MinInterval, DelayFactor: p.DelayFactor,
	}}.next(ctx, attempt, elapsed)
	if !again {
		return nil
	}
	return &newExecutionRetry{wait: wait}
}

// startRetry starts the next execution of a CREATE_NEW_EXECUTION retry as
// an abandoned child workflow: it lives on when this one ends.
func (r *runner) startRetry(ctx workflow.Context, retry *newExecutionRetry) {
	if err := workflow.Sleep(ctx, retry.wait); err != nil {
		return
	}
	var id string
	if err := workflow.SideEffect(ctx, func(workflow.Context) any { return kestra.NewID() }).Get(&id); err != nil {
		return
	}
	labels := make([]kestra.Label, 0, len(r.exec.Labels))
	for _, l := range r.exec.Labels {
		if l.Key == kestra.LabelCorrelationID {
			l.Value = id
		}
		labels = append(labels, l)
	}
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID: id, ParentClosePolicy: enums.PARENT_CLOSE_POLICY_ABANDON,
		StaticSummary: fmt.Sprintf("%s.%s (retry %d)", r.exec.Namespace, r.exec.FlowID, r.exec.Metadata.AttemptNumber+1),
	})
	f := workflow.ExecuteChildWorkflow(cctx, WorkflowName, Request{
		Plan: r.flow, Inputs: r.exec.Inputs, Labels: labels, Trigger: r.exec.Trigger,
		Envs: r.req.Envs, Globals: r.req.Globals, CreatedAt: workflow.Now(ctx),
		Attempt: r.exec.Metadata.AttemptNumber + 1, OriginalCreatedAt: r.exec.Metadata.OriginalCreatedDate,
	})
	if err := f.GetChildWorkflowExecution().Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Error("start retry execution", "error", err)
	}
}
