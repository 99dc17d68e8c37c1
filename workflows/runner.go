package workflows

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// runner interprets one execution's plan inside the workflow. It owns the
// Kestra execution document and changes it only from workflow code, so every
// change is replayed identically.
type runner struct {
	req      *Request
	flow     *plan.Flow
	exec     *kestra.Execution
	taskRuns []*kestra.TaskRun
	// outputs holds task outputs as the templates see them:
	// outputs[taskId] or outputs[taskId][value1][value2]… inside loops.
	outputs map[string]any
	logs    []LogLine
	logSeq  int
	// changes counts modifications; the projector writes when it moves.
	changes int64
	// sequence numbers the task runs created so far (for their ids).
	sequence int
	pause    pauses
	// previous holds, during a restart, the task runs of the failed run not
	// yet matched to a task.
	previous map[previousKey]*kestra.TaskRun
	// minLevel holds the logLevel of the task runs whose task sets one.
	minLevel map[string]kestra.Level
	proj     *projector
	// newExecution is the retry policy asking for a new execution when this
	// one fails (a CREATE_NEW_EXECUTION retry of a failed task).
	newExecution *plan.Retry
}

// frame is where a task runs: its enclosing flowable task run and the loop
// values around it.
type frame struct {
	parent *kestra.TaskRun
	// values are the enclosing loop values, outermost first: they key the
	// task's outputs.
	values []string
	// value is taskrun.value for tasks created in this frame.
	value string
	// hasValue distinguishes an empty loop value from no loop.
	hasValue bool
	// parents are the enclosing task runs that carry a value or outputs,
	// nearest first (Kestra's `parents`).
	parents []parentEntry
	// iteration numbers the runs of a LoopUntil's children.
	iteration *int
}

type parentEntry struct {
	taskRun *kestra.TaskRun
	value   string
	has     bool
}

// child returns the frame for the children of a flowable task run. Only a
// loop gives its children a value (taskrun.value): children of other
// flowables have none, as in Kestra, but their outputs stay keyed by the
// values of the enclosing loops.
func (f frame) child(tr *kestra.TaskRun, value string, isLoop bool) frame {
	c := frame{parent: tr, values: f.values}
	if isLoop {
		c.values = append(append([]string(nil), f.values...), value)
		c.value, c.hasValue = value, true
	}
	entry := parentEntry{taskRun: tr, value: tr.Value, has: f.hasValue}
	c.parents = append([]parentEntry{entry}, f.parents...)
	return c
}

func newRunner(ctx workflow.Context, req *Request) *runner {
	info := workflow.GetInfo(ctx)
	now := workflow.Now(ctx)
	created := req.CreatedAt
	if created.IsZero() {
		created = now
	}
	exec := &kestra.Execution{
		ID:           info.WorkflowExecution.ID,
		Namespace:    req.Plan.Namespace,
		FlowID:       req.Plan.ID,
		FlowRevision: req.Plan.Revision,
		Inputs:       req.Inputs,
		Labels:       req.Labels,
		State:        kestra.NewState(kestra.StateCreated, created),
		OriginalID:   req.OriginalID,
		ParentID:     req.ParentID,
		Trigger:      req.Trigger,
		Metadata:     &kestra.ExecutionMetadata{AttemptNumber: max(req.Attempt, 1), OriginalCreatedDate: originalCreated(req, created)},
		TenantID:     "main",
	}
	if exec.OriginalID == "" {
		exec.OriginalID = exec.ID
	}
	r := &runner{req: req, flow: req.Plan, exec: exec, outputs: map[string]any{}, changes: req.SequenceBase}
	if prev := req.Restart; prev != nil {
		restarted := *prev
		restarted.TaskRunList = nil
		r.exec = &restarted
		r.restore(prev)
	}
	return r
}

func originalCreated(req *Request, created time.Time) *time.Time {
	if req.OriginalCreatedAt != nil {
		return req.OriginalCreatedAt
	}
	return &created
}

// setState moves the execution to a new state.
func (r *runner) setState(ctx workflow.Context, s kestra.StateType) {
	if r.exec.State.Current == s {
		return
	}
	r.exec.State = r.exec.State.WithState(s, workflow.Now(ctx))
	r.changes++
}

// newTaskRun creates the task run of a task in a frame, in state CREATED.
func (r *runner) newTaskRun(ctx workflow.Context, t *plan.Task, f frame) *kestra.TaskRun {
	r.sequence++
	idSeed := r.exec.ID
	if m := r.exec.Metadata; m != nil && m.AttemptNumber > 1 {
		idSeed = fmt.Sprintf("%s/%d", r.exec.ID, m.AttemptNumber) // a restart's new task runs
	}
	tr := &kestra.TaskRun{
		ID:          taskRunID(idSeed, r.sequence),
		ExecutionID: r.exec.ID,
		Namespace:   r.exec.Namespace,
		FlowID:      r.exec.FlowID,
		TaskID:      t.ID,
		State:       kestra.NewState(kestra.StateCreated, workflow.Now(ctx)),
		TenantID:    "main",
	}
	if f.parent != nil {
		tr.ParentTaskRunID = f.parent.ID
	}
	if f.hasValue {
		tr.Value = f.value
	}
	tr.Iteration = f.iteration
	r.taskRuns = append(r.taskRuns, tr)
	r.changes++
	return tr
}

// setTaskRunState moves a task run (and its current attempt, if any) to a
// state.
func (r *runner) setTaskRunState(ctx workflow.Context, tr *kestra.TaskRun, s kestra.StateType) {
	now := workflow.Now(ctx)
	if tr.State.Current != s {
		tr.State = tr.State.WithState(s, now)
	}
	if n := len(tr.Attempts); n > 0 && tr.Attempts[n-1].State.Current != s && !tr.Attempts[n-1].State.Current.IsTerminated() {
		tr.Attempts[n-1].State = tr.Attempts[n-1].State.WithState(s, now)
	}
	r.changes++
}

// startAttempt appends a RUNNING attempt to a runnable task run.
func (r *runner) startAttempt(ctx workflow.Context, tr *kestra.TaskRun) {
	tr.Attempts = append(tr.Attempts, kestra.TaskRunAttempt{State: kestra.NewState(kestra.StateRunning, workflow.Now(ctx))})
	if tr.State.Current != kestra.StateRunning {
		tr.State = tr.State.WithState(kestra.StateRunning, workflow.Now(ctx))
	}
	r.changes++
}

// setOutputs records a task run's outputs, nested by loop values for the
// templates.
func (r *runner) setOutputs(t *plan.Task, tr *kestra.TaskRun, f frame, outputs map[string]any) {
	tr.Outputs = outputs
	r.changes++
	if len(f.values) == 0 {
		r.outputs[t.ID] = outputs
		return
	}
	m, _ := r.outputs[t.ID].(map[string]any)
	if m == nil {
		m = map[string]any{}
		r.outputs[t.ID] = m
	}
	for _, v := range f.values[:len(f.values)-1] {
		next, _ := m[v].(map[string]any)
		if next == nil {
			next = map[string]any{}
			m[v] = next
		}
		m = next
	}
	m[f.values[len(f.values)-1]] = outputs
}

// log records a log line of a task run, written to the store with the next
// projection, unless the task's logLevel filters it out.
func (r *runner) log(ctx workflow.Context, tr *kestra.TaskRun, level kestra.Level, msg string) {
	if min, ok := r.minLevel[tr.ID]; ok && level < min {
		return
	}
	attempt := len(tr.Attempts)
	if attempt > 0 {
		attempt--
	}
	r.appendLog(kestra.LogEntry{
		Namespace:     r.exec.Namespace,
		FlowID:        r.exec.FlowID,
		TaskID:        tr.TaskID,
		ExecutionID:   r.exec.ID,
		TaskRunID:     tr.ID,
		AttemptNumber: &attempt,
		Timestamp:     workflow.Now(ctx),
		Level:         level,
		Thread:        "workflow",
		Message:       msg,
		TenantID:      "main",
	})
}

// appendLog queues a log line for the next projection.
func (r *runner) appendLog(e kestra.LogEntry) {
	r.logSeq++
	r.logs = append(r.logs, LogLine{LogEntry: e, Key: fmt.Sprintf("%s/workflow/%d", r.exec.ID, r.logSeq)})
	r.changes++
}

// snapshot returns the execution as Kestra serialises it.
func (r *runner) snapshot() *kestra.Execution {
	e := *r.exec
	e.TaskRunList = make([]kestra.TaskRun, len(r.taskRuns))
	for i, tr := range r.taskRuns {
		e.TaskRunList[i] = *tr
	}
	return &e
}

// renderer returns the expression context of a task run.
func (r *runner) vars(ctx workflow.Context, t *plan.Task, tr *kestra.TaskRun, f frame) *expression.Map {
	v := expression.NewMap(12)
	v.Set("flow", expression.MapOf("id", r.flow.ID, "namespace", r.flow.Namespace, "revision", int64(r.flow.Revision), "tenantId", "main"))
	v.Set("execution", expression.MapOf("id", r.exec.ID, "startDate", isoTime(r.exec.State.StartDate()),
		"originalId", r.exec.OriginalID, "state", string(r.exec.State.Current)))
	if t != nil {
		v.Set("task", expression.MapOf("id", t.ID, "type", t.Type))
	}
	if tr != nil {
		run := expression.MapOf("id", tr.ID, "startDate", isoTime(tr.State.StartDate()), "attemptsCount", int64(max(len(tr.Attempts)-1, 0)))
		if tr.ParentTaskRunID != "" {
			run.Set("parentId", tr.ParentTaskRunID)
		}
		if f.hasValue {
			run.Set("value", f.value)
		}
		if tr.Iteration != nil {
			run.Set("iteration", int64(*tr.Iteration))
		}
		v.Set("taskrun", run)
	}
	var parents []any
	for _, p := range f.parents {
		// Kestra lists only the ancestors that carry a value or outputs.
		if !p.has && p.taskRun.Outputs == nil {
			continue
		}
		entry := expression.NewMap(2)
		run := expression.NewMap(1)
		if p.has {
			run.Set("value", p.value)
		}
		entry.Set("taskrun", run)
		entry.Set("outputs", p.taskRun.Outputs)
		parents = append(parents, entry)
	}
	if len(parents) > 0 {
		v.Set("parents", parents)
		v.Set("parent", parents[0])
	}
	v.Set("outputs", r.outputs)
	if len(r.exec.Inputs) > 0 {
		// Kestra has no `inputs` variable in an execution without inputs.
		v.Set("inputs", r.exec.Inputs)
	}
	if r.flow.Variables != nil {
		v.Set("vars", ExpressionValue(r.flow.Variables))
	}
	if r.exec.Trigger != nil {
		v.Set("trigger", r.exec.Trigger.Variables)
	}
	v.Set("labels", labelsVar(r.exec.Labels))
	envs := map[string]any{}
	for k, val := range r.req.Envs {
		envs[k] = val
	}
	v.Set("envs", envs)
	if r.req.Globals != nil {
		v.Set("globals", r.req.Globals)
	}
	return v
}

func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }

// ExpressionValue converts a plan value (a property as planned) to the
// expression engine's values; activities render plan properties with it too.
func ExpressionValue(v any) any {
	switch x := v.(type) {
	case *plan.Map:
		m := expression.NewMap(x.Len())
		for _, k := range x.Keys() {
			val, _ := x.Get(k)
			m.Set(k, ExpressionValue(val))
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = ExpressionValue(e)
		}
		return out
	}
	return v
}

// labelsVar is the `labels` variable: system labels are nested under
// "system" (labels.system.correlationId), others are plain keys.
func labelsVar(labels []kestra.Label) *expression.Map {
	out := expression.NewMap(len(labels))
	var system *expression.Map
	for _, l := range labels {
		if key, ok := strings.CutPrefix(l.Key, "system."); ok {
			if system == nil {
				system = expression.NewMap(2)
				out.Set("system", system)
			}
			system.Set(key, l.Value)
			continue
		}
		out.Set(l.Key, l.Value)
	}
	return out
}
