package workflows

import (
	"fmt"
	"time"

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
	kestra.LogEntry
	Key string `json:"key"`
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
	r.setState(dctx, terminal(state))
	proj.finish(dctx)
	// The result leaves the task runs out: they are in the store, and a big
	// execution would exceed Temporal's payload limit.
	final := *r.exec
	return &Result{Execution: &final, Outputs: r.outputs}, nil
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
