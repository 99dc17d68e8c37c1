package workflows

import (
	"time"

	"github.com/kestra-temporal/kestra-temporal/catalog"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// PrepareReplay builds the execution a replay from a task run continues: a
// new execution (newID, parentId = the replayed one, originalId kept, its
// state history continued with RESTARTED) holding the replayed execution's
// task runs with new ids, except those the replayed task run leads to.
// Following Kestra (which removes the successors of the task run in the
// flow's graph), these are its descendants and, at each level up to the
// root, the siblings that come after it in a block that runs its tasks one
// after the other; siblings running in parallel are kept. The task run
// itself becomes RESTARTED (RUNNING for a flowable task), its ancestors
// RUNNING. ok is false when fromTaskRun is not a task run of exec.
func PrepareReplay(exec *kestra.Execution, flow *plan.Flow, fromTaskRun, newID string, now time.Time) (*kestra.Execution, bool) {
	target := -1
	for i, tr := range exec.TaskRunList {
		if tr.ID == fromTaskRun {
			target = i
		}
	}
	if target < 0 {
		return nil, false
	}
	byID := map[string]kestra.TaskRun{}
	children := map[string][]string{}
	for _, tr := range exec.TaskRunList {
		byID[tr.ID] = tr
		children[tr.ParentTaskRunID] = append(children[tr.ParentTaskRunID], tr.ID)
	}
	removed := map[string]bool{}
	var removeTree func(id string)
	removeTree = func(id string) {
		removed[id] = true
		for _, c := range children[id] {
			removeTree(c)
		}
	}
	for _, c := range children[fromTaskRun] {
		removeTree(c)
	}
	ancestors := map[string]bool{}
	for id := fromTaskRun; ; {
		tr := byID[id]
		if tr.ParentTaskRunID == "" || !runsInParallel(flow, byID[tr.ParentTaskRunID].TaskID) {
			after := false
			for _, sib := range children[tr.ParentTaskRunID] {
				if sib == id {
					after = true
				} else if after {
					removeTree(sib)
				}
			}
		}
		if tr.ParentTaskRunID == "" {
			break
		}
		id = tr.ParentTaskRunID
		ancestors[id] = true
	}

	out := *exec
	out.ID = newID
	out.ParentID = exec.ID
	if out.OriginalID == "" {
		out.OriginalID = exec.ID
	}
	out.Outputs = nil
	out.State = exec.State.WithState(kestra.StateRestarted, now)
	out.Labels = replaceLabel(exec.Labels, kestra.LabelCorrelationID, newID)
	meta := kestra.ExecutionMetadata{AttemptNumber: 1, OriginalCreatedDate: &now}
	out.Metadata = &meta

	ids := map[string]string{}
	out.TaskRunList = nil
	for i, tr := range exec.TaskRunList {
		if removed[tr.ID] {
			continue
		}
		newTR := tr
		newTR.ID = taskRunID(newID+"/replay", i+1)
		newTR.ExecutionID = newID
		ids[tr.ID] = newTR.ID
		if tr.ParentTaskRunID != "" {
			newTR.ParentTaskRunID = ids[tr.ParentTaskRunID]
		}
		flowable := false
		if typ, ok := catalog.Lookup(flowTaskType(flow, tr.TaskID)); ok && typ.Runs == catalog.Flowable {
			flowable = true
		}
		switch {
		case tr.ID == fromTaskRun && !flowable:
			newTR.State = tr.State.WithState(kestra.StateRestarted, now)
			newTR.Outputs = nil
		case tr.ID == fromTaskRun || ancestors[tr.ID]:
			newTR.State = tr.State.WithState(kestra.StateRunning, now)
			newTR.Outputs = nil
		case failed(tr.State.Current):
			newTR.State = tr.State.WithState(kestra.StateRestarted, now)
		}
		out.TaskRunList = append(out.TaskRunList, newTR)
	}
	return &out, true
}

// runsInParallel reports whether a flowable task starts its children side
// by side rather than one after the other.
func runsInParallel(flow *plan.Flow, taskID string) bool {
	var task *plan.Task
	walkTasks(flow.Tasks, func(t *plan.Task) {
		if t.ID == taskID {
			task = t
		}
	})
	if task == nil {
		return false
	}
	switch task.Type {
	case "io.kestra.plugin.core.flow.Parallel", "io.kestra.plugin.core.flow.EachParallel", "io.kestra.plugin.core.flow.Dag":
		return true
	case "io.kestra.plugin.core.flow.ForEach":
		return intProp(task, "concurrencyLimit", 1) != 1
	}
	return false
}

func replaceLabel(labels []kestra.Label, key, value string) []kestra.Label {
	out := make([]kestra.Label, 0, len(labels))
	for _, l := range labels {
		if l.Key == key {
			l.Value = value
		}
		out = append(out, l)
	}
	return out
}
