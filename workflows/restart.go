package workflows

import (
	"time"

	"github.com/kestra-temporal/kestra-temporal/catalog"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// PrepareRestart turns a failed execution into the execution a restart
// continues, as Kestra does it in place: same id, state RESTARTED, the task
// runs of errors branches removed, failed runnable task runs RESTARTED (a
// new attempt is added when they run again) and failed flowable task runs
// RUNNING again (their children decide). It returns nil when no task run
// failed ("No task found to restart").
func PrepareRestart(exec *kestra.Execution, flow *plan.Flow, now time.Time) *kestra.Execution {
	errorTasks := map[string]bool{}
	markErrorTasks(flow.Errors, errorTasks, true)
	walkTasks(flow.Tasks, func(t *plan.Task) { markErrorTasks(t.Errors, errorTasks, true) })
	walkTasks(flow.Finally, func(t *plan.Task) { markErrorTasks(t.Errors, errorTasks, true) })

	out := *exec
	out.TaskRunList = nil
	restarted := false
	for _, tr := range exec.TaskRunList {
		if errorTasks[tr.TaskID] {
			continue
		}
		if tr.State.Current == kestra.StateFailed || tr.State.Current == kestra.StateKilled {
			restarted = true
			typ, _ := catalog.Lookup(flowTaskType(flow, tr.TaskID))
			if typ != nil && typ.Runs == catalog.Flowable {
				tr.State = tr.State.WithState(kestra.StateRunning, now)
			} else {
				tr.State = tr.State.WithState(kestra.StateRestarted, now)
			}
		}
		out.TaskRunList = append(out.TaskRunList, tr)
	}
	if !restarted {
		return nil
	}
	out.State = exec.State.WithState(kestra.StateRestarted, now)
	out.Outputs = nil
	out.ParentID = ""
	meta := kestra.ExecutionMetadata{AttemptNumber: 2}
	if exec.Metadata != nil {
		meta = *exec.Metadata
		meta.AttemptNumber++
	}
	out.Metadata = &meta
	return &out
}

// markErrorTasks records the ids of tasks in errors branches, with their
// descendants.
func markErrorTasks(tasks []*plan.Task, ids map[string]bool, inErrors bool) {
	walkTasks(tasks, func(t *plan.Task) {
		if inErrors {
			ids[t.ID] = true
		}
	})
}

// walkTasks calls fn for every task of a tree, children included.
func walkTasks(tasks []*plan.Task, fn func(*plan.Task)) {
	for _, t := range tasks {
		if t == nil {
			continue
		}
		fn(t)
		walkTasks(t.Tasks, fn)
		walkTasks(t.Then, fn)
		walkTasks(t.Else, fn)
		walkTasks(t.Defaults, fn)
		walkTasks(t.Errors, fn)
		walkTasks(t.Finally, fn)
		for _, c := range t.Cases {
			walkTasks(c.Tasks, fn)
		}
		for _, d := range t.Dag {
			walkTasks([]*plan.Task{d.Task}, fn)
		}
		if t.OnPause != nil {
			walkTasks([]*plan.Task{t.OnPause}, fn)
		}
	}
}

// flowTaskType finds the type of a task by id anywhere in a flow.
func flowTaskType(flow *plan.Flow, id string) string {
	typ := ""
	find := func(t *plan.Task) {
		if t.ID == id {
			typ = t.Type
		}
	}
	walkTasks(flow.Tasks, find)
	walkTasks(flow.Errors, find)
	walkTasks(flow.Finally, find)
	walkTasks(flow.AfterExecution, find)
	return typ
}

// previousKey identifies a task run across a restart: the same task, under
// the same parent task run, for the same loop value and iteration.
type previousKey struct {
	taskID, parentID, value string
	iteration               int
}

func keyOf(tr *kestra.TaskRun) previousKey {
	k := previousKey{taskID: tr.TaskID, parentID: tr.ParentTaskRunID, value: tr.Value, iteration: -1}
	if tr.Iteration != nil {
		k.iteration = *tr.Iteration
	}
	return k
}

// restore loads a restarted execution into the runner: its task runs are
// kept in order and their outputs made visible to templates again.
func (r *runner) restore(prev *kestra.Execution) {
	byID := map[string]*kestra.TaskRun{}
	r.previous = map[previousKey]*kestra.TaskRun{}
	for i := range prev.TaskRunList {
		tr := prev.TaskRunList[i]
		p := &tr
		r.taskRuns = append(r.taskRuns, p)
		byID[p.ID] = p
		r.previous[keyOf(p)] = p
	}
	for _, tr := range r.taskRuns {
		if tr.Outputs == nil || !tr.State.Current.IsTerminated() {
			continue
		}
		// Outputs are keyed by the values along the task run's ancestry,
		// outermost first: only loop children carry one.
		var values []string
		for p := tr; p != nil; p = byID[p.ParentTaskRunID] {
			if p.Value != "" {
				values = append([]string{p.Value}, values...)
			}
			if p.ParentTaskRunID == "" {
				break
			}
		}
		r.setOutputs(&plan.Task{ID: tr.TaskID}, tr, frame{values: values}, tr.Outputs)
	}
}

// reuse returns the task run a restart keeps for a task in a frame, if any.
func (r *runner) reuse(t *plan.Task, f frame) *kestra.TaskRun {
	if r.previous == nil {
		return nil
	}
	k := previousKey{taskID: t.ID, value: "", iteration: -1}
	if f.parent != nil {
		k.parentID = f.parent.ID
	}
	if f.hasValue {
		k.value = f.value
	}
	if f.iteration != nil {
		k.iteration = *f.iteration
	}
	tr := r.previous[k]
	if tr != nil {
		delete(r.previous, k)
	}
	return tr
}
