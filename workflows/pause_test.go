package workflows

import (
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/testsuite"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/translator"
)

// updateResult captures an update's outcome in the test environment.
type updateResult struct {
	rejected, failed error
	done             bool
}

func (u *updateResult) callbacks() *testsuite.TestUpdateCallback {
	return &testsuite.TestUpdateCallback{
		OnAccept:   func() {},
		OnReject:   func(err error) { u.rejected = err; u.done = true },
		OnComplete: func(_ any, err error) { u.failed = err; u.done = true },
	}
}

// pauseEnv prepares a test environment for a flow; steps run at the given
// delays after the start.
func pauseEnv(t *testing.T, src string) (*testsuite.TestWorkflowEnvironment, Request, *recorder) {
	t.Helper()
	r, err := translator.TranslateOne("p.yaml", []byte(src))
	if err != nil || !r.Valid() {
		t.Fatalf("%v %v", err, r.Errors)
	}
	env, rec := newTestEnv()
	return env, Request{Plan: r.Flow}, rec
}

func history(s kestra.State) string {
	var out []string
	for _, h := range s.Histories {
		out = append(out, string(h.State))
	}
	return strings.Join(out, ",")
}

func TestPauseDelayResumesByItself(t *testing.T) {
	env, req, rec := pauseEnv(t, `id: p
namespace: acme
tasks:
  - {id: pause, type: io.kestra.plugin.core.flow.Pause, delay: PT10S}
  - {id: after, type: io.kestra.plugin.core.debug.Return, format: x}
`)
	env.RegisterDelayedCallback(func() {
		v, _ := env.QueryWorkflow(QueryExecution)
		var live kestra.Execution
		_ = v.Get(&live)
		if live.State.Current != kestra.StatePaused || live.TaskRunList[0].State.Current != kestra.StatePaused {
			t.Errorf("while paused: %s %s", live.State.Current, taskStates(&live))
		}
	}, 5*time.Second)
	env.ExecuteWorkflow(WorkflowName, req)
	exec := finished(t, env, rec)
	if exec.State.Current != kestra.StateSuccess || taskStates(exec) != "pause=SUCCESS after=SUCCESS" {
		t.Fatalf("%s: %s", exec.State.Current, taskStates(exec))
	}
	if got := history(exec.TaskRunList[0].State); got != "CREATED,RUNNING,PAUSED,RUNNING,SUCCESS" {
		t.Errorf("pause history %s", got)
	}
	if got := history(exec.State); got != "CREATED,RUNNING,PAUSED,RUNNING,SUCCESS" {
		t.Errorf("execution history %s", got)
	}
	if exec.TaskRunList[0].Attempts != nil {
		t.Errorf("a flowable task run has no attempts")
	}
}

func TestPauseTimeoutFails(t *testing.T) {
	env, req, rec := pauseEnv(t, `id: p
namespace: acme
tasks:
  - {id: pause, type: io.kestra.plugin.core.flow.Pause, timeout: PT5S}
  - {id: after, type: io.kestra.plugin.core.debug.Return, format: x}
`)
	env.ExecuteWorkflow(WorkflowName, req)
	exec := finished(t, env, rec)
	if exec.State.Current != kestra.StateFailed || history(exec.TaskRunList[0].State) != "CREATED,RUNNING,PAUSED,FAILED" {
		t.Fatalf("%s: %s %s", exec.State.Current, taskStates(exec), history(exec.TaskRunList[0].State))
	}
}

func TestResumeWithInputs(t *testing.T) {
	env, req, rec := pauseEnv(t, `id: p
namespace: acme
tasks:
  - id: pause
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - {id: asked, type: STRING}
  - {id: last, type: io.kestra.plugin.core.debug.Return, format: "{{ outputs.pause.onResume.asked }}"}
`)
	early, ok := &updateResult{}, &updateResult{}
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(UpdateResume, "early", early.callbacks(), map[string]any{})
	}, 0)
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(UpdateResume, "ok", ok.callbacks(), map[string]any{"asked": "yes"})
	}, time.Hour)
	env.ExecuteWorkflow(WorkflowName, req)
	exec := finished(t, env, rec)
	if early.rejected == nil {
		t.Error("resume of a running execution was accepted")
	}
	if ok.rejected != nil || ok.failed != nil {
		t.Errorf("resume refused: %v %v", ok.rejected, ok.failed)
	}
	if exec.State.Current != kestra.StateSuccess || exec.TaskRunList[1].Outputs["value"] != "yes" {
		t.Fatalf("%s %v", exec.State.Current, exec.TaskRunList[1].Outputs)
	}
}

func TestPauseAndResumeARunningExecution(t *testing.T) {
	env, req, rec := pauseEnv(t, `id: p
namespace: acme
tasks:
  - {id: nap, type: io.kestra.plugin.core.flow.Sleep, duration: PT10S}
  - {id: next, type: io.kestra.plugin.core.debug.Return, format: x}
`)
	pause, again, resume := &updateResult{}, &updateResult{}, &updateResult{}
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(UpdatePause, "pause", pause.callbacks())
	}, time.Second)
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(UpdatePause, "again", again.callbacks())
		v, _ := env.QueryWorkflow(QueryExecution)
		var live kestra.Execution
		_ = v.Get(&live)
		if live.State.Current != kestra.StatePaused || len(live.TaskRunList) != 1 {
			t.Errorf("paused execution started a task: %s %s", live.State.Current, taskStates(&live))
		}
		env.UpdateWorkflow(UpdateResume, "resume", resume.callbacks(), map[string]any{})
	}, time.Minute)
	env.ExecuteWorkflow(WorkflowName, req)
	exec := finished(t, env, rec)
	if pause.rejected != nil || resume.rejected != nil || again.rejected == nil {
		t.Errorf("updates: pause %v, pause again %v, resume %v", pause.rejected, again.rejected, resume.rejected)
	}
	if exec.State.Current != kestra.StateSuccess || history(exec.State) != "CREATED,RUNNING,PAUSED,RUNNING,SUCCESS" {
		t.Fatalf("%s %s", history(exec.State), taskStates(exec))
	}
}
