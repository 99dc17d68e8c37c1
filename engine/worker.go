package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/kestra-temporal/kestra-temporal/inputs"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/translator"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// RegisterWorkflows registers the execution workflow and the engine's own
// activities (those that need the store but run no task) on a worker.
func RegisterWorkflows(w worker.Registry, s store.Store) {
	w.RegisterWorkflowWithOptions(workflows.Execute, workflow.RegisterOptions{Name: workflows.WorkflowName})
	p := &subflows{store: s}
	w.RegisterActivityWithOptions(p.prepare, activity.RegisterOptions{Name: workflows.PrepareSubflowActivity})
}

// ClientOptions completes Temporal client options with the project's data
// converter, which every client and worker must share.
func ClientOptions(o client.Options) client.Options {
	o.DataConverter = workflows.DataConverter
	return o
}

// subflows prepares the child executions of Subflow tasks.
type subflows struct{ store store.Store }

// prepare loads the child flow's revision, translates it and types the
// inputs the Subflow task gives it. Errors a retry cannot fix fail the task.
func (p *subflows) prepare(ctx context.Context, req workflows.SubflowRequest) (*workflows.SubflowPlan, error) {
	f, err := p.store.GetFlow(ctx, req.Namespace, req.FlowID, store.GetFlowOptions{Revision: req.Revision})
	if err != nil {
		if kestra.ErrorCode(err) == kestra.ENOTFOUND {
			return nil, taskFailure(fmt.Sprintf("Unable to find flow '%s.%s'", req.Namespace, req.FlowID))
		}
		return nil, fmt.Errorf("load subflow: %w", err)
	}
	if f.Disabled {
		return nil, taskFailure(fmt.Sprintf("Flow '%s.%s' is disabled", req.Namespace, req.FlowID))
	}
	r, err := translator.TranslateOne(req.Namespace+"/"+req.FlowID, []byte(f.Source))
	if err != nil {
		return nil, taskFailure(err.Error())
	}
	if !r.Valid() {
		return nil, taskFailure(fmt.Sprintf("flow %s.%s is invalid: %v", req.Namespace, req.FlowID, r.Err()))
	}
	r.Flow.Revision = f.Revision
	raw := map[string][]string{}
	for k, v := range req.Inputs {
		raw[k] = []string{formValue(v)}
	}
	typed, err := inputs.Parse(r.Flow.Inputs, raw, nil, inputs.Options{})
	if err != nil {
		var bad *inputs.Error
		if errors.As(err, &bad) {
			return nil, taskFailure(bad.Error())
		}
		return nil, fmt.Errorf("subflow inputs: %w", err)
	}
	return &workflows.SubflowPlan{Plan: r.Flow, Inputs: typed}, nil
}

// formValue writes a rendered input value the way a form would carry it.
func formValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// taskFailure is an error that fails the task without a Temporal retry.
func taskFailure(msg string) error {
	return temporal.NewNonRetryableApplicationError(msg, workflows.TaskFailedError, nil)
}

// WorkerOptions are the options of every worker of the project. Heartbeats
// leave the worker at most once a second (the SDK would otherwise hold them
// back for up to 0.8 × HeartbeatTimeout): a kill reaches a running task,
// and its processes are gone, within about a second, for the cost of one
// heartbeat call per second per running task.
func WorkerOptions() worker.Options {
	return worker.Options{MaxHeartbeatThrottleInterval: time.Second}
}
