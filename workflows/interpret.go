package workflows

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/kestra-temporal/kestra-temporal/catalog"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// runBlock runs tasks one after the other, then the errors branch if one of
// them failed, then the finally branch. Its state is the worst of the main
// tasks' states: errors handlers never rescue a block (Kestra's
// Execution.guessFinalState), and a failing finally task fails it too.
func (r *runner) runBlock(ctx workflow.Context, tasks, errs, fin []*plan.Task, f frame) kestra.StateType {
	state := r.runSequence(ctx, tasks, f)
	if failed(state) && len(errs) > 0 && ctx.Err() == nil {
		r.runSequence(ctx, errs, f)
	}
	if len(fin) > 0 {
		state = worst(state, r.runSequence(ctx, fin, f))
	}
	return state
}

// runSequence runs tasks in order and stops at the first failure.
func (r *runner) runSequence(ctx workflow.Context, tasks []*plan.Task, f frame) kestra.StateType {
	state := kestra.StateSuccess
	for _, t := range tasks {
		if ctx.Err() != nil {
			return worst(state, kestra.StateKilled)
		}
		state = worst(state, r.runTask(ctx, t, f))
		if failed(state) {
			break
		}
	}
	return state
}

// runTask creates the task run of a task and runs it. It returns the task
// run's final state, after allowFailure and allowWarning.
func (r *runner) runTask(ctx workflow.Context, t *plan.Task, f frame) kestra.StateType {
	if t.Disabled {
		return kestra.StateSuccess // a disabled task has no task run at all
	}
	r.waitIfPaused(ctx)
	tr := r.reuse(t, f)
	if tr != nil && tr.State.Current.IsTerminated() {
		return tr.State.Current // kept by a restart: it does not run again
	}
	reused := tr != nil
	if !reused {
		tr = r.newTaskRun(ctx, t, f)
	}
	if t.LogLevel != "" {
		if r.minLevel == nil {
			r.minLevel = map[string]kestra.Level{}
		}
		r.minLevel[tr.ID] = level(t.LogLevel)
	}
	s := scope{task: t, taskRun: tr, frame: f}
	if t.RunIf != "" && !reused {
		v, err := r.renderTyped(ctx, s, t.RunIf)
		if err != nil {
			r.log(ctx, tr, kestra.LevelError, "runIf: "+err.Error())
			r.setTaskRunState(ctx, tr, kestra.StateFailed)
			return tolerate(kestra.StateFailed, t.AllowFailure, t.AllowWarning)
		}
		if !truthy(v) {
			r.setTaskRunState(ctx, tr, kestra.StateSkipped)
			return kestra.StateSkipped
		}
	}
	var state kestra.StateType
	typ, _ := catalog.Lookup(t.Type)
	if typ != nil && typ.Pending != "" {
		r.setTaskRunState(ctx, tr, kestra.StateRunning)
		r.log(ctx, tr, kestra.LevelError, fmt.Sprintf("%s is not supported yet: %s", t.Type, typ.Pending))
		state = kestra.StateFailed
	} else if typ != nil && typ.Runs == catalog.Flowable {
		state = r.runFlowableWithRetry(ctx, s)
	} else {
		state = r.runRunnable(ctx, s)
	}
	if ctx.Err() != nil && !state.IsTerminated() {
		state = kestra.StateKilled
	}
	state = tolerate(state, t.AllowFailure, t.AllowWarning)
	r.setTaskRunState(ctx, tr, state)
	return state
}

// runRunnable runs a runnable task, with the task's retry policy.
func (r *runner) runRunnable(ctx workflow.Context, s scope) kestra.StateType {
	t, tr := s.task, s.taskRun
	policy := newRetrier(t.Retry, r.flow.Retry)
	start := workflow.Now(ctx)
	for {
		r.startAttempt(ctx, tr)
		outputs, err := r.execute(ctx, s)
		if err == nil {
			if outputs != nil {
				r.setOutputs(t, tr, s.frame, outputs)
			}
			if len(tr.Attempts) > 1 && policy.warningOnRetry() {
				return kestra.StateWarning
			}
			return kestra.StateSuccess
		}
		var canceled *temporal.CanceledError
		if ctx.Err() != nil || errors.As(err, &canceled) {
			return kestra.StateKilled
		}
		var warn warningError
		if errors.As(err, &warn) {
			return kestra.StateWarning
		}
		r.log(ctx, tr, kestra.LevelError, err.Error())
		if policy.newExecution() {
			r.newExecution = policy.p // retried by a new execution, once this one ends
			return kestra.StateFailed
		}
		wait, again := policy.next(ctx, len(tr.Attempts), workflow.Now(ctx).Sub(start))
		if !again {
			return kestra.StateFailed
		}
		r.setTaskRunState(ctx, tr, kestra.StateFailed)
		r.setTaskRunState(ctx, tr, kestra.StateRetrying)
		if err := workflow.Sleep(ctx, wait); err != nil {
			return kestra.StateKilled
		}
	}
}

// warningError ends a task in WARNING rather than FAILED.
type warningError struct{ msg string }

func (w warningError) Error() string { return w.msg }

// execute runs one attempt of a runnable task and returns its outputs.
func (r *runner) execute(ctx workflow.Context, s scope) (map[string]any, error) {
	if run, ok := inlineTasks[s.task.Type]; ok {
		return run(r, ctx, s)
	}
	if typ, ok := catalog.Lookup(s.task.Type); !ok || typ.Runs != catalog.Activity {
		return nil, fmt.Errorf("%s is not supported by this engine yet", s.task.Type)
	}
	return r.executeActivity(ctx, s)
}

// runFlowable runs a flowable task's children.
func (r *runner) runFlowable(ctx workflow.Context, s scope) kestra.StateType {
	run, ok := flowables[s.task.Type]
	if !ok {
		r.log(ctx, s.taskRun, kestra.LevelError, fmt.Sprintf("%s is not supported by this engine yet", s.task.Type))
		return kestra.StateFailed
	}
	return run(r, ctx, s)
}

// runFlowableWithRetry runs a flowable task and, when it fails and its retry
// policy allows, runs it again: children that succeeded are kept, failed
// ones run again in place with a new attempt (Kestra's flowable retry).
func (r *runner) runFlowableWithRetry(ctx workflow.Context, s scope) kestra.StateType {
	r.setTaskRunState(ctx, s.taskRun, kestra.StateRunning)
	state := r.runFlowable(ctx, s)
	policy := newRetrier(s.task.Retry, nil)
	start := s.taskRun.State.StartDate()
	for runs := 1; failed(state) && ctx.Err() == nil && !policy.newExecution(); runs++ {
		wait, again := policy.next(ctx, runs, workflow.Now(ctx).Sub(start))
		if !again {
			break
		}
		r.setTaskRunState(ctx, s.taskRun, kestra.StateFailed)
		r.setTaskRunState(ctx, s.taskRun, kestra.StateRetrying)
		if err := workflow.Sleep(ctx, wait); err != nil {
			return kestra.StateKilled
		}
		r.retryDescendants(ctx, s.taskRun)
		r.setTaskRunState(ctx, s.taskRun, kestra.StateRunning)
		state = r.runFlowable(ctx, s)
	}
	return state
}

// retryDescendants makes the task runs under tr reusable, as a restart
// does: finished ones are kept, failed runnable ones run again with a new
// attempt, failed flowable ones run their children again.
func (r *runner) retryDescendants(ctx workflow.Context, tr *kestra.TaskRun) {
	under := map[string]bool{tr.ID: true}
	if r.previous == nil {
		r.previous = map[previousKey]*kestra.TaskRun{}
	}
	for _, child := range r.taskRuns { // parents come before their children
		if !under[child.ParentTaskRunID] {
			continue
		}
		under[child.ID] = true
		if failed(child.State.Current) {
			next := kestra.StateRestarted
			if typ, ok := catalog.Lookup(r.taskType(child.TaskID)); ok && typ.Runs == catalog.Flowable {
				next = kestra.StateRunning
			}
			r.setTaskRunState(ctx, child, next)
		}
		r.previous[keyOf(child)] = child
	}
}

// taskType is the type of the task with that id.
func (r *runner) taskType(id string) string { return flowTaskType(r.flow, id) }
