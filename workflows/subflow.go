package workflows

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// SubflowType is the canonical type of the Subflow task.
const SubflowType = "io.kestra.plugin.core.flow.Subflow"

// PrepareSubflowActivity loads the flow a Subflow task starts and types the
// inputs given to it. The worker registers it (it needs the store).
const PrepareSubflowActivity = "kestra.PrepareSubflow"

// SubflowRequest asks for the plan and typed inputs of a child execution.
type SubflowRequest struct {
	Namespace string         `json:"namespace"`
	FlowID    string         `json:"flowId"`
	Revision  int            `json:"revision,omitempty"` // 0: the latest
	Inputs    map[string]any `json:"inputs,omitempty"`   // rendered, not yet typed
}

// SubflowPlan is the answer: what the child workflow starts with.
type SubflowPlan struct {
	Plan   *plan.Flow     `json:"plan"`
	Inputs map[string]any `json:"inputs,omitempty"`
}

// Result is what an execution workflow returns: the final execution and the
// outputs tree of its tasks, which a parent's Subflow task renders its
// legacy `outputs` against.
type Result struct {
	Execution *kestra.Execution `json:"execution"`
	Outputs   map[string]any    `json:"outputs,omitempty"`
}

// runSubflow starts the child execution as a child workflow. With wait (the
// default) it waits for the child's end: the task takes the child's state
// (FAILED or KILLED only when transmitFailed, the default) and its outputs.
// Children are linked to the parent by trigger variables and the
// system.correlationId label, never by parentId (Kestra's rule).
func runSubflow(r *runner, ctx workflow.Context, s scope) (map[string]any, error) {
	ns, err := r.stringProp(ctx, s, "namespace", "")
	if err != nil {
		return nil, err
	}
	flowID, err := r.stringProp(ctx, s, "flowId", "")
	if err != nil {
		return nil, err
	}
	revision := 0
	if rv, ok := prop(s.task, "revision"); ok && rv != nil {
		v, err := r.renderTyped(ctx, s, rv)
		if err != nil {
			return nil, fmt.Errorf("revision: %w", err)
		}
		if revision, err = toInt(v); err != nil {
			return nil, fmt.Errorf("revision: %w", err)
		}
	}
	inputs := map[string]any{}
	if raw, ok := prop(s.task, "inputs"); ok && raw != nil {
		v, err := r.renderTyped(ctx, s, raw)
		if err != nil {
			return nil, fmt.Errorf("inputs: %w", err)
		}
		if m, ok := v.(*expression.Map); ok {
			inputs = m.ToMap()
		}
	}
	wait := boolProp(s.task, "wait", true)
	transmitFailed := boolProp(s.task, "transmitFailed", true)

	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 3, NonRetryableErrorTypes: []string{TaskFailedError}},
	})
	var child SubflowPlan
	req := SubflowRequest{Namespace: ns, FlowID: flowID, Revision: revision, Inputs: inputs}
	if err := workflow.ExecuteLocalActivity(lctx, PrepareSubflowActivity, req).Get(ctx, &child); err != nil {
		return nil, taskError(err)
	}

	labels, err := r.subflowLabels(ctx, s, child.Plan.Labels)
	if err != nil {
		return nil, err
	}
	var childID string
	if err := workflow.SideEffect(ctx, func(workflow.Context) any { return kestra.NewID() }).Get(&childID); err != nil {
		return nil, err
	}
	policy := enums.PARENT_CLOSE_POLICY_REQUEST_CANCEL
	if !wait {
		policy = enums.PARENT_CLOSE_POLICY_ABANDON
	}
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:        childID,
		ParentClosePolicy: policy,
		StaticSummary:     fmt.Sprintf("%s.%s from task %s", ns, flowID, s.task.ID),
	})
	future := workflow.ExecuteChildWorkflow(cctx, WorkflowName, Request{
		Plan:   child.Plan,
		Inputs: child.Inputs,
		Labels: labels,
		Trigger: &kestra.ExecutionTrigger{ID: s.task.ID, Type: SubflowType, Variables: map[string]any{
			"executionId": r.exec.ID, "namespace": r.exec.Namespace, "flowId": r.exec.FlowID,
			"flowRevision": r.exec.FlowRevision,
		}},
		CreatedAt: workflow.Now(ctx),
		Envs:      r.req.Envs,
		Globals:   r.req.Globals,
	})
	if err := future.GetChildWorkflowExecution().Get(ctx, nil); err != nil {
		return nil, fmt.Errorf("start subflow %s.%s: %w", ns, flowID, err)
	}
	outputs := map[string]any{"executionId": childID}
	if !wait {
		return outputs, nil
	}
	var res Result
	if err := future.Get(ctx, &res); err != nil {
		var canceled *temporal.CanceledError
		if errors.As(err, &canceled) {
			return nil, err
		}
		return nil, fmt.Errorf("subflow %s.%s: %w", ns, flowID, err)
	}
	state := res.Execution.State.Current
	outputs["state"] = string(state)
	if raw, ok := prop(s.task, "outputs"); ok && raw != nil {
		// Legacy outputs are rendered against the child's task outputs.
		v, err := engine.RenderValue(ExpressionValue(raw), expression.Context{
			Vars:      map[string]any{"outputs": res.Outputs},
			Functions: workflowFunctions{ctx: ctx, r: r},
		})
		if err != nil {
			r.setOutputs(s.task, s.taskRun, s.frame, outputs) // the child's id and state stay visible
			return nil, fmt.Errorf("outputs: %w", err)
		}
		outputs["outputs"] = v
	} else if res.Execution.Outputs != nil {
		outputs["outputs"] = res.Execution.Outputs
	}
	switch {
	case (state == kestra.StateFailed || state == kestra.StateKilled) && transmitFailed:
		r.setOutputs(s.task, s.taskRun, s.frame, outputs)
		return nil, fmt.Errorf("subflow execution %s ended %s", childID, state)
	case state == kestra.StateWarning:
		r.setOutputs(s.task, s.taskRun, s.frame, outputs)
		return nil, warningError{msg: "subflow execution " + childID + " ended WARNING"}
	}
	return outputs, nil
}

// subflowLabels are the child's labels: its flow's, the parent's (with
// inheritLabels), the task's, and the root execution's system.correlationId.
func (r *runner) subflowLabels(ctx workflow.Context, s scope, flowLabels []plan.Label) ([]kestra.Label, error) {
	var labels []kestra.Label
	for _, l := range flowLabels {
		labels = setLabel(labels, kestra.Label{Key: l.Key, Value: l.Value})
	}
	correlation := r.exec.ID
	for _, l := range r.exec.Labels {
		if l.Key == kestra.LabelCorrelationID {
			correlation = l.Value
			continue
		}
		if boolProp(s.task, "inheritLabels", false) && !strings.HasPrefix(l.Key, "system.") {
			labels = setLabel(labels, l)
		}
	}
	if raw, ok := prop(s.task, "labels"); ok && raw != nil {
		v, err := r.renderTyped(ctx, s, raw)
		if err != nil {
			return nil, fmt.Errorf("labels: %w", err)
		}
		list, _ := v.([]any)
		for _, item := range list {
			if m, ok := item.(*expression.Map); ok {
				k, _ := m.Get("key")
				val, _ := m.Get("value")
				labels = setLabel(labels, kestra.Label{Key: stringify(k), Value: stringify(val)})
			}
		}
	}
	return setLabel(labels, kestra.Label{Key: kestra.LabelCorrelationID, Value: correlation}), nil
}

func setLabel(labels []kestra.Label, l kestra.Label) []kestra.Label {
	for i := range labels {
		if labels[i].Key == l.Key {
			labels[i].Value = l.Value
			return labels
		}
	}
	return append(labels, l)
}

func boolProp(t *plan.Task, name string, def bool) bool {
	if v, ok := prop(t, name); ok && v != nil {
		if b, ok := v.(bool); ok {
			return b
		}
	}
	return def
}

func toInt(v any) (int, error) {
	switch x := v.(type) {
	case int64:
		return int(x), nil
	case float64:
		return int(x), nil
	case json.Number:
		i, err := x.Int64()
		return int(i), err
	case string:
		var n int
		_, err := fmt.Sscan(x, &n)
		return n, err
	}
	return 0, fmt.Errorf("not an integer: %v", v)
}
