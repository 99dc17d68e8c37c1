package activities

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

func TestProject(t *testing.T) {
	h := newHarness(t, nil)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	exec := func(state kestra.StateType) *kestra.Execution {
		return &kestra.Execution{ID: "exec1", Namespace: "company.team", FlowID: "f", FlowRevision: 1,
			State: kestra.NewState(state, now)}
	}
	line := func(i int) workflows.LogLine {
		return workflows.LogLine{Key: fmt.Sprintf("exec1/workflow/%d", i), LogEntry: kestra.LogEntry{
			Namespace: "company.team", FlowID: "f", ExecutionID: "exec1", Timestamp: now,
			Level: kestra.LevelInfo, Message: fmt.Sprintf("line %d", i)}}
	}
	project := func(p workflows.Projection) {
		t.Helper()
		if _, err := h.env.ExecuteActivity(workflows.ProjectActivity, p); err != nil {
			t.Fatal(err)
		}
	}
	project(workflows.Projection{Execution: exec(kestra.StateRunning), Sequence: 2, Logs: []workflows.LogLine{line(1), line(2)}})
	// A replayed projection adds no line twice; a stale one changes nothing.
	project(workflows.Projection{Execution: exec(kestra.StateRunning), Sequence: 2, Logs: []workflows.LogLine{line(1), line(2)}})
	project(workflows.Projection{Execution: exec(kestra.StateSuccess), Sequence: 3, Logs: []workflows.LogLine{line(3)}})
	project(workflows.Projection{Execution: exec(kestra.StateFailed), Sequence: 1})
	got, err := h.store.GetExecution(context.Background(), "exec1")
	if err != nil {
		t.Fatal(err)
	}
	if got.State.Current != kestra.StateSuccess {
		t.Errorf("state %s, want SUCCESS", got.State.Current)
	}
	lines, err := h.store.ExecutionLogs(context.Background(), "exec1", store.LogFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, l := range lines {
		msgs = append(msgs, l.Message)
	}
	eq(t, strings.Join(msgs, ","), "line 1,line 2,line 3")
}

// TestTaskLogs checks the task log lines' fields and keys, and that the
// level filter of the task applies.
func TestTaskLogs(t *testing.T) {
	h := newHarness(t, nil)
	r := h.run(task(t, `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  logLevel: WARN
  commands: ['echo info', 'echo err >&2']`), nil)
	if r.failure != "" || r.err != nil {
		t.Fatal(r.failure, r.err)
	}
	eq(t, strings.Join(r.messages(), "\n"), "ERROR err")
	l := r.logs[0]
	if l.TaskID != "t" || l.FlowID != "f" || l.Namespace != "company.team" || l.AttemptNumber == nil || *l.AttemptNumber != 0 || l.TenantID != "main" {
		t.Errorf("log entry %+v", l.LogEntry)
	}
	if want := l.TaskRunID + "/0/1/1"; l.Key != "" && l.Key != want {
		t.Errorf("key %q, want %q", l.Key, want)
	}
	// Many lines arrive complete and in order.
	r = h.run(task(t, `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  commands: ['seq 1 3000']`), nil)
	if len(r.logs) != 3000 || r.logs[0].Message != "1" || r.logs[2999].Message != "3000" {
		t.Errorf("%d lines", len(r.logs))
	}
}
