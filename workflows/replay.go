package workflows

import (
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
)

// PrepareReplay builds the execution a replay from a task run continues: a
// new execution (newID, parentId = the replayed one, originalId kept) that
// copies the task runs created before fromTaskRun, with new ids, marks that
// task run RESTARTED and its enclosing task runs RUNNING, and drops what
// came after. ok is false when fromTaskRun is not a task run of exec.
func PrepareReplay(exec *kestra.Execution, fromTaskRun, newID string, now time.Time) (*kestra.Execution, bool) {
	target := -1
	for i, tr := range exec.TaskRunList {
		if tr.ID == fromTaskRun {
			target = i
		}
	}
	if target < 0 {
		return nil, false
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

	ancestors := map[string]bool{}
	byID := map[string]kestra.TaskRun{}
	for _, tr := range exec.TaskRunList {
		byID[tr.ID] = tr
	}
	for p := exec.TaskRunList[target].ParentTaskRunID; p != ""; p = byID[p].ParentTaskRunID {
		ancestors[p] = true
	}
	ids := map[string]string{}
	out.TaskRunList = nil
	for i, tr := range exec.TaskRunList[:target+1] {
		newTR := tr
		newTR.ID = taskRunID(newID+"/replay", i+1)
		newTR.ExecutionID = newID
		ids[tr.ID] = newTR.ID
		if tr.ParentTaskRunID != "" {
			newTR.ParentTaskRunID = ids[tr.ParentTaskRunID]
		}
		switch {
		case i == target:
			newTR.State = tr.State.WithState(kestra.StateRestarted, now)
			newTR.Outputs = nil
		case ancestors[tr.ID]:
			newTR.State = tr.State.WithState(kestra.StateRunning, now)
			newTR.Outputs = nil
		case !tr.State.Current.IsTerminated() || tr.State.Current == kestra.StateFailed || tr.State.Current == kestra.StateKilled:
			continue // unfinished or failed elsewhere: it runs again
		}
		out.TaskRunList = append(out.TaskRunList, newTR)
	}
	return &out, true
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
