package workflows

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/translator"
)

func TestRestartRerunsFailedTaskRunsInPlace(t *testing.T) {
	const failing = `id: r
namespace: acme
tasks:
  - {id: ok, type: io.kestra.plugin.core.debug.Return, format: "first"}
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: [a, b]
    tasks:
      - {id: ko, type: io.kestra.plugin.core.execution.Fail, condition: "{{ taskrun.value == 'b' }}"}
  - {id: after, type: io.kestra.plugin.core.debug.Return, format: "{{ outputs.ok.value }}"}
errors:
  - {id: alert, type: io.kestra.plugin.core.log.Log, message: failed}
`
	first := execute(t, failing, nil)
	if first.exec.State.Current != kestra.StateFailed {
		t.Fatalf("first run: %s %s", first.exec.State.Current, taskStates(first.exec))
	}
	fixed, _ := translator.TranslateOne("r.yaml", []byte(`id: r
namespace: acme
tasks:
  - {id: ok, type: io.kestra.plugin.core.debug.Return, format: "changed"}
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: [a, b]
    tasks:
      - {id: ko, type: io.kestra.plugin.core.debug.Return, format: "fixed {{ taskrun.value }}"}
  - {id: after, type: io.kestra.plugin.core.debug.Return, format: "{{ outputs.ok.value }}"}
errors:
  - {id: alert, type: io.kestra.plugin.core.log.Log, message: failed}
`))
	restarted := PrepareRestart(first.exec, fixed.Flow, time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC))
	if restarted == nil {
		t.Fatal("nothing to restart")
	}
	if got := taskStates(restarted); got != "ok=SUCCESS each=RUNNING ko[a]=SUCCESS ko[b]=RESTARTED" {
		t.Errorf("prepared: %s", got)
	}
	if restarted.State.Current != kestra.StateRestarted {
		t.Errorf("prepared state %s", restarted.State.Current)
	}

	env, rec := newTestEnv()
	env.SetStartWorkflowOptions(clientStartOptions(first.exec.ID))
	env.ExecuteWorkflow(WorkflowName, Request{Plan: fixed.Flow, Restart: restarted})
	e := finished(t, env, rec)
	if e.ID != first.exec.ID || e.State.Current != kestra.StateSuccess {
		t.Fatalf("restart: %s %s %s", e.ID, e.State.Current, taskStates(e))
	}
	if got := taskStates(e); got != "ok=SUCCESS each=SUCCESS ko[a]=SUCCESS ko[b]=SUCCESS after=SUCCESS" {
		t.Errorf("task runs: %s", got)
	}
	if got := history(e.State); got != "CREATED,RUNNING,FAILED,RESTARTED,RUNNING,SUCCESS" {
		t.Errorf("history %s", got)
	}
	byTask := map[string]kestra.TaskRun{}
	for _, tr := range e.TaskRunList {
		byTask[tr.TaskID+tr.Value] = tr
	}
	if n := len(byTask["ok"].Attempts); n != 1 {
		t.Errorf("ok ran again: %d attempts", n)
	}
	if n := len(byTask["kob"].Attempts); n != 2 || byTask["kob"].ID != first.exec.TaskRunList[3].ID {
		t.Errorf("ko[b]: %d attempts, id kept %v", n, byTask["kob"].ID == first.exec.TaskRunList[3].ID)
	}
	if v := byTask["after"].Outputs["value"]; v != "first" {
		t.Errorf("after sees %v: outputs of kept task runs must survive the restart", v)
	}
	if PrepareRestart(e, fixed.Flow, time.Now()) != nil {
		t.Error("a successful execution has nothing to restart")
	}
}

func TestPrepareReplay(t *testing.T) {
	first := execute(t, `id: r
namespace: acme
tasks:
  - {id: a, type: io.kestra.plugin.core.debug.Return, format: "A"}
  - id: seq
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - {id: b, type: io.kestra.plugin.core.debug.Return, format: "B"}
      - {id: c, type: io.kestra.plugin.core.debug.Return, format: "C"}
  - {id: d, type: io.kestra.plugin.core.debug.Return, format: "D"}
`, nil)
	b := first.exec.TaskRunList[2]
	if _, ok := PrepareReplay(first.exec, first.plan, "nope", "new", time.Now()); ok {
		t.Error("unknown task run accepted")
	}
	replay, ok := PrepareReplay(first.exec, first.plan, b.ID, "new", time.Now())
	if !ok {
		t.Fatal("replay refused")
	}
	if replay.ID != "new" || replay.ParentID != first.exec.ID || replay.State.Current != kestra.StateRestarted {
		t.Errorf("replay execution %s parent %s state %s", replay.ID, replay.ParentID, replay.State.Current)
	}
	if got := taskStates(replay); got != "a=SUCCESS seq=RUNNING b=RESTARTED" { // c and d come after b
		t.Errorf("task runs %s", got)
	}
	if replay.TaskRunList[2].ParentTaskRunID != replay.TaskRunList[1].ID || replay.TaskRunList[0].ID == first.exec.TaskRunList[0].ID {
		t.Error("task run ids are not remapped")
	}
}

func TestFlowableRetryRerunsFailedChildren(t *testing.T) {
	res := execute(t, `id: r
namespace: acme
tasks:
  - id: seq
    type: io.kestra.plugin.core.flow.Sequential
    retry: {type: constant, interval: PT1S, maxAttempt: 3}
    tasks:
      - {id: ok, type: io.kestra.plugin.core.debug.Return, format: x}
      - {id: child, type: io.kestra.plugin.core.execution.Fail}
`, nil)
	if res.exec.State.Current != kestra.StateFailed {
		t.Fatalf("state %s", res.exec.State.Current)
	}
	if got := taskStates(res.exec); got != "seq=FAILED ok=SUCCESS child=FAILED" {
		t.Errorf("task runs %s", got)
	}
	if n := len(res.exec.TaskRunList[1].Attempts); n != 1 {
		t.Errorf("ok ran %d times", n)
	}
	if n := len(res.exec.TaskRunList[2].Attempts); n != 3 {
		t.Errorf("child attempts = %d, want 3", n)
	}
}

func TestRetryAsNewExecution(t *testing.T) {
	res := execute(t, `id: r
namespace: acme
labels: {a: b}
tasks:
  - id: fail
    type: io.kestra.plugin.core.execution.Fail
    retry: {behavior: CREATE_NEW_EXECUTION, type: constant, maxAttempt: 3, interval: PT1S}
`, nil)
	if res.exec.State.Current != kestra.StateRetried || len(res.exec.TaskRunList[0].Attempts) != 1 {
		t.Fatalf("state %s, %d attempts", res.exec.State.Current, len(res.exec.TaskRunList[0].Attempts))
	}
	// Every execution of the retry chain projected itself; keep the last
	// projection of each.
	last := map[string]*kestra.Execution{}
	var order []string
	for _, p := range res.rec.projections {
		if _, seen := last[p.Execution.ID]; !seen {
			order = append(order, p.Execution.ID)
		}
		last[p.Execution.ID] = p.Execution
	}
	var states []string
	for _, id := range order {
		e := last[id]
		states = append(states, fmt.Sprintf("%s#%d", e.State.Current, e.Metadata.AttemptNumber))
	}
	if got := strings.Join(states, " "); got != "RETRIED#1 RETRIED#2 FAILED#3" {
		t.Errorf("executions: %s", got)
	}
}
