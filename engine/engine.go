// Package engine connects Kestra's API to Temporal: it starts executions as
// workflows, queries, kills, pauses and resumes them, and builds the worker
// that runs them. It implements api.Executor.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/kestra-temporal/kestra-temporal/api"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/translator"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// DefaultTaskQueue is the task queue executions and their tasks run on.
const DefaultTaskQueue = "kestra"

// Search attributes set on every execution so that Temporal Web can filter
// by them. The server must have them registered (the embedded server does);
// Config.SearchAttributes turns them off for a server that lacks them.
var (
	AttrNamespace = temporal.NewSearchAttributeKeyKeyword("KestraNamespace")
	AttrFlowID    = temporal.NewSearchAttributeKeyKeyword("KestraFlowId")
	AttrLabels    = temporal.NewSearchAttributeKeyKeywordList("KestraLabels")
)

// Config tunes an Engine.
type Config struct {
	TaskQueue string
	// SearchAttributes sets the Kestra search attributes on workflows.
	SearchAttributes bool
	// Envs are passed to executions as the `envs` variable.
	Envs map[string]string
	// Globals are passed to executions as the `globals` variable.
	Globals map[string]any
}

// Engine runs executions on Temporal and records them in the store.
type Engine struct {
	client client.Client
	store  store.Store
	cfg    Config
	log    *slog.Logger
}

var (
	_ api.Executor    = (*Engine)(nil)
	_ api.LabelSetter = (*Engine)(nil)
)

// New returns an Engine using a connected Temporal client.
func New(c client.Client, s store.Store, cfg Config, log *slog.Logger) *Engine {
	if cfg.TaskQueue == "" {
		cfg.TaskQueue = DefaultTaskQueue
	}
	if log == nil {
		log = slog.Default()
	}
	return &Engine{client: c, store: s, cfg: cfg, log: log}
}

// Start creates the execution in the store (CREATED) and starts its
// workflow, whose ID is the execution ID.
func (e *Engine) Start(ctx context.Context, req api.StartRequest) (*kestra.Execution, error) {
	id := req.ExecutionID
	if id == "" {
		id = kestra.NewID()
	}
	now := time.Now().UTC()
	labels := withCorrelation(req.Labels, id)
	exec := &kestra.Execution{
		ID: id, Namespace: req.Flow.Namespace, FlowID: req.Flow.ID, FlowRevision: req.Flow.Revision,
		Inputs: req.Inputs, Labels: labels, State: kestra.NewState(kestra.StateCreated, now),
		OriginalID: id, Trigger: req.Trigger, TenantID: "main",
		Metadata:     &kestra.ExecutionMetadata{AttemptNumber: 1, OriginalCreatedDate: &now},
		ScheduleDate: req.ScheduleDate,
	}
	// Sequence 0: the workflow's first projection replaces this document.
	if _, err := e.store.UpsertExecution(ctx, exec, 0); err != nil {
		return nil, fmt.Errorf("engine: record execution %s: %w", id, err)
	}
	opts := client.StartWorkflowOptions{
		ID:                                       id,
		TaskQueue:                                e.cfg.TaskQueue,
		WorkflowExecutionErrorWhenAlreadyStarted: true,
		StaticSummary:                            fmt.Sprintf("%s.%s", req.Flow.Namespace, req.Flow.ID),
		Memo:                                     map[string]any{"namespace": req.Flow.Namespace, "flowId": req.Flow.ID, "revision": req.Flow.Revision},
	}
	if req.ScheduleDate != nil && req.ScheduleDate.After(now) {
		opts.StartDelay = req.ScheduleDate.Sub(now)
	}
	if e.cfg.SearchAttributes {
		keys := make([]string, len(labels))
		for i, l := range labels {
			keys[i] = l.Key + ":" + l.Value
		}
		opts.TypedSearchAttributes = temporal.NewSearchAttributes(
			AttrNamespace.ValueSet(req.Flow.Namespace), AttrFlowID.ValueSet(req.Flow.ID), AttrLabels.ValueSet(keys))
	}
	_, err := e.client.ExecuteWorkflow(ctx, opts, workflows.WorkflowName, workflows.Request{
		Plan: req.Flow, Inputs: req.Inputs, Labels: labels, Trigger: req.Trigger,
		Envs: e.cfg.Envs, Globals: e.cfg.Globals, CreatedAt: now,
	})
	if err != nil {
		failed := *exec
		failed.State = exec.State.WithState(kestra.StateFailed, time.Now().UTC())
		if _, werr := e.store.UpsertExecution(context.WithoutCancel(ctx), &failed, 1); werr != nil {
			e.log.Error("record failed start", "execution", id, "error", werr)
		}
		return nil, fmt.Errorf("engine: start execution %s: %w", id, err)
	}
	return exec, nil
}

// withCorrelation adds system.correlationId (the execution's own id) unless
// the labels carry one.
func withCorrelation(labels []kestra.Label, id string) []kestra.Label {
	out := make([]kestra.Label, 0, len(labels)+1)
	has := false
	for _, l := range labels {
		if l.Key == kestra.LabelCorrelationID {
			has = true
		}
		out = append(out, l)
	}
	if !has {
		out = append(out, kestra.Label{Key: kestra.LabelCorrelationID, Value: id})
	}
	return out
}

// Live returns the execution as its workflow sees it, or as stored once the
// workflow is gone.
func (e *Engine) Live(ctx context.Context, id string) (*kestra.Execution, error) {
	v, err := e.client.QueryWorkflow(ctx, id, "", workflows.QueryExecution)
	if err == nil {
		var exec kestra.Execution
		if err := v.Get(&exec); err != nil {
			return nil, fmt.Errorf("engine: decode execution %s: %w", id, err)
		}
		return &exec, nil
	}
	return e.store.GetExecution(ctx, id)
}

// running returns the stored execution and refuses a finished one.
func (e *Engine) running(ctx context.Context, id, action string) (*kestra.Execution, error) {
	exec, err := e.store.GetExecution(ctx, id)
	if err != nil {
		return nil, err
	}
	if exec.State.Current.IsTerminated() {
		return nil, kestra.Errorf(kestra.ECONFLICT, "Execution is already finished, can't %s it", action)
	}
	return exec, nil
}

// Kill cancels the execution's workflow: KILLING, then KILLED once its
// running tasks have stopped.
func (e *Engine) Kill(ctx context.Context, id string) error {
	if _, err := e.running(ctx, id, "kill"); err != nil {
		return err
	}
	if err := e.client.CancelWorkflow(ctx, id, ""); err != nil {
		var nf *serviceerror.NotFound
		if errors.As(err, &nf) {
			return kestra.Errorf(kestra.ECONFLICT, "Execution is already finished, can't kill it")
		}
		return fmt.Errorf("engine: kill %s: %w", id, err)
	}
	return nil
}

// Pause pauses a running execution.
func (e *Engine) Pause(ctx context.Context, id string) error {
	if _, err := e.running(ctx, id, "pause"); err != nil {
		return err
	}
	return e.update(ctx, id, workflows.UpdatePause)
}

// Resume resumes a paused execution with typed onResume inputs.
func (e *Engine) Resume(ctx context.Context, id string, inputs map[string]any) error {
	if _, err := e.running(ctx, id, "resume"); err != nil {
		return err
	}
	if inputs == nil {
		inputs = map[string]any{}
	}
	return e.update(ctx, id, workflows.UpdateResume, inputs)
}

// update sends an update and maps a validator's refusal to a conflict.
func (e *Engine) update(ctx context.Context, id, name string, args ...any) error {
	h, err := e.client.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: id, UpdateName: name, Args: args, WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = h.Get(ctx, nil) // a validator's refusal comes back here
	}
	if err == nil {
		return nil
	}
	var nf *serviceerror.NotFound
	switch {
	case errors.As(err, &nf):
		return kestra.Errorf(kestra.ECONFLICT, "Execution is already finished")
	case strings.Contains(err.Error(), workflows.ErrNotPaused.Error()):
		return kestra.Errorf(kestra.ECONFLICT, "Execution is not paused")
	case strings.Contains(err.Error(), workflows.ErrNotRunning.Error()):
		return kestra.Errorf(kestra.EINVALID, "Execution is not running")
	}
	return fmt.Errorf("engine: %s %s: %w", name, id, err)
}

// Restart re-runs the failed task runs of a FAILED execution in place (same
// id: a new run of the same workflow ID). With a revision other than the
// execution's, Kestra creates a new execution instead: that is a replay
// from the first failed task run on that revision.
func (e *Engine) Restart(ctx context.Context, id string, revision int) (*kestra.Execution, error) {
	exec, err := e.store.GetExecution(ctx, id)
	if err != nil {
		return nil, err
	}
	if s := exec.State.Current; s != kestra.StateFailed && s != kestra.StateKilled {
		return nil, kestra.Errorf(kestra.ECONFLICT, "Execution must be FAILED to be restarted, it is %s", s)
	}
	if revision != 0 && revision != exec.FlowRevision {
		for _, tr := range exec.TaskRunList {
			if tr.State.Current == kestra.StateFailed {
				return e.Replay(ctx, id, tr.ID, revision)
			}
		}
	}
	flow, err := e.plan(ctx, exec.Namespace, exec.FlowID, exec.FlowRevision)
	if err != nil {
		return nil, err
	}
	restarted := workflows.PrepareRestart(exec, flow, time.Now().UTC())
	if restarted == nil {
		return nil, kestra.Errorf(kestra.EINVALID, "No task found to restart")
	}
	return e.continueRun(ctx, flow, restarted)
}

// Replay creates a new execution that re-runs the replayed one from a task
// run (from the start when taskRunID is empty), on its revision or another.
func (e *Engine) Replay(ctx context.Context, id, taskRunID string, revision int) (*kestra.Execution, error) {
	exec, err := e.store.GetExecution(ctx, id)
	if err != nil {
		return nil, err
	}
	if !exec.State.Current.IsTerminated() {
		return nil, kestra.Errorf(kestra.ECONFLICT, "Execution must be finished to be replayed, it is %s", exec.State.Current)
	}
	if revision == 0 {
		revision = exec.FlowRevision
	}
	flow, err := e.plan(ctx, exec.Namespace, exec.FlowID, revision)
	if err != nil {
		return nil, err
	}
	newID := kestra.NewID()
	if taskRunID == "" {
		labels := make([]kestra.Label, 0, len(exec.Labels))
		for _, l := range exec.Labels {
			if l.Key != kestra.LabelCorrelationID {
				labels = append(labels, l)
			}
		}
		started, err := e.Start(ctx, api.StartRequest{Flow: flow, Inputs: exec.Inputs, Labels: labels, Trigger: exec.Trigger, ExecutionID: newID})
		if err != nil {
			return nil, err
		}
		started.ParentID = exec.ID
		return started, nil
	}
	replay, ok := workflows.PrepareReplay(exec, flow, taskRunID, newID, time.Now().UTC())
	if !ok {
		return nil, kestra.Errorf(kestra.EINVALID, "No task found")
	}
	replay.FlowRevision = flow.Revision
	return e.continueRun(ctx, flow, replay)
}

// continueRun records a restarted or replayed execution and starts the
// workflow run that continues it.
func (e *Engine) continueRun(ctx context.Context, flow *plan.Flow, exec *kestra.Execution) (*kestra.Execution, error) {
	// Sequences of a new run start past anything an earlier run projected:
	// those count changes from 0, a restart's from the current time.
	seq := time.Now().UnixNano()
	if _, err := e.store.UpsertExecution(ctx, exec, seq); err != nil {
		return nil, fmt.Errorf("engine: record restarted execution %s: %w", exec.ID, err)
	}
	_, err := e.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: exec.ID, TaskQueue: e.cfg.TaskQueue, WorkflowExecutionErrorWhenAlreadyStarted: true,
		StaticSummary: fmt.Sprintf("%s.%s (restarted)", exec.Namespace, exec.FlowID),
	}, workflows.WorkflowName, workflows.Request{
		Plan: flow, Inputs: exec.Inputs, Labels: exec.Labels, Trigger: exec.Trigger,
		Envs: e.cfg.Envs, Globals: e.cfg.Globals, Restart: exec, SequenceBase: seq,
	})
	if err != nil {
		return nil, fmt.Errorf("engine: continue execution %s: %w", exec.ID, err)
	}
	return exec, nil
}

// plan loads and translates a flow revision.
func (e *Engine) plan(ctx context.Context, namespace, flowID string, revision int) (*plan.Flow, error) {
	f, err := e.store.GetFlow(ctx, namespace, flowID, store.GetFlowOptions{Revision: revision, AllowDeleted: true})
	if err != nil {
		return nil, err
	}
	r, err := translator.TranslateOne(namespace+"/"+flowID, []byte(f.Source))
	if err != nil {
		return nil, kestra.Errorf(kestra.EINVALID, "flow %s.%s revision %d: %v", namespace, flowID, f.Revision, err)
	}
	if !r.Valid() {
		return nil, kestra.Errorf(kestra.EINVALID, "flow %s.%s revision %d is invalid: %v", namespace, flowID, f.Revision, r.Err())
	}
	r.Flow.Revision = f.Revision
	return r.Flow, nil
}

// SetLabels replaces the labels of a terminated execution. Its workflow is
// over, so the store is written directly, with a sequence past anything the
// workflow projected.
func (e *Engine) SetLabels(ctx context.Context, id string, labels []kestra.Label) error {
	exec, err := e.store.GetExecution(ctx, id)
	if err != nil {
		return err
	}
	if !exec.State.Current.IsTerminated() {
		return kestra.Errorf(kestra.ECONFLICT, "Execution %s is %s: labels can only be set on a terminated execution", id, exec.State.Current)
	}
	exec.Labels = labels
	if _, err := e.store.UpsertExecution(ctx, exec, time.Now().UnixNano()); err != nil {
		return fmt.Errorf("engine: set labels of %s: %w", id, err)
	}
	return nil
}
