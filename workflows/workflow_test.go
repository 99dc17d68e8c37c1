package workflows

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
	"github.com/kestra-temporal/kestra-temporal/translator"
)

// newTestEnv returns a test environment that logs only warnings, with the
// workflow and a recording projection registered.
func newTestEnv() (*testsuite.TestWorkflowEnvironment, *recorder) {
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	env := suite.NewTestWorkflowEnvironment()
	env.SetDataConverter(DataConverter)
	env.RegisterWorkflowWithOptions(Execute, workflow.RegisterOptions{Name: WorkflowName})
	rec := &recorder{}
	env.RegisterActivityWithOptions(rec.project, activity.RegisterOptions{Name: ProjectActivity})
	return env, rec
}

// finished returns the execution as the store last received it, after
// checking that the workflow completed and returned it without task runs.
func finished(t *testing.T, env *testsuite.TestWorkflowEnvironment, rec *recorder) *kestra.Execution {
	t.Helper()
	if !env.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	var out Result
	if err := env.GetWorkflowResult(&out); err != nil {
		t.Fatal(err)
	}
	var last *kestra.Execution
	for _, p := range rec.projections {
		if p.Execution.ID == out.Execution.ID {
			last = p.Execution
		}
	}
	if out.Execution.State.Current != last.State.Current || len(out.Execution.TaskRunList) != 0 {
		t.Fatalf("result %s with %d task runs, last projection %s", out.Execution.State.Current,
			len(out.Execution.TaskRunList), last.State.Current)
	}
	return last
}

// recorder is a stand-in store for the projection local activity.
type recorder struct {
	mu          sync.Mutex
	projections []Projection
	logs        []LogLine
}

func (rec *recorder) project(_ context.Context, p Projection) error {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.projections = append(rec.projections, p)
	rec.logs = append(rec.logs, p.Logs...)
	return nil
}

type result struct {
	plan *plan.Flow
	exec *kestra.Execution
	rec  *recorder
	err  error
}

// execute translates a flow and runs it in Temporal's test environment.
func execute(t *testing.T, src string, inputs map[string]any) result {
	t.Helper()
	r, err := translator.TranslateOne("test.yaml", []byte(src))
	if err != nil || !r.Valid() {
		t.Fatalf("invalid test flow: %v %v", err, r.Errors)
	}
	env, rec := newTestEnv()
	env.SetStartTime(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	env.ExecuteWorkflow(WorkflowName, Request{Plan: r.Flow, Inputs: inputs})
	res := result{plan: r.Flow, rec: rec, err: env.GetWorkflowError()}
	if res.err == nil {
		res.exec = finished(t, env, rec)
	}
	return res
}

// taskStates summarises task runs as "taskId[value]=STATE" in creation order.
func taskStates(e *kestra.Execution) string {
	var parts []string
	for _, tr := range e.TaskRunList {
		id := tr.TaskID
		if tr.Value != "" {
			id += "[" + tr.Value + "]"
		}
		parts = append(parts, id+"="+string(tr.State.Current))
	}
	return strings.Join(parts, " ")
}

func TestFlows(t *testing.T) {
	tests := []struct {
		name   string
		flow   string
		inputs map[string]any
		state  kestra.StateType
		tasks  string
	}{
		{
			name: "sequence of returns",
			flow: `
tasks:
  - {id: a, type: io.kestra.plugin.core.debug.Return, format: "A"}
  - {id: b, type: io.kestra.plugin.core.debug.Return, format: "{{ outputs.a.value }}B"}`,
			state: kestra.StateSuccess, tasks: "a=SUCCESS b=SUCCESS",
		},
		{
			name: "a failure stops the block, runs errors, then finally",
			flow: `
tasks:
  - id: seq
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - {id: ok, type: io.kestra.plugin.core.debug.Return, format: x}
      - {id: ko, type: io.kestra.plugin.core.execution.Fail}
      - {id: never, type: io.kestra.plugin.core.debug.Return, format: x}
    errors:
      - {id: local, type: io.kestra.plugin.core.log.Log, message: local}
  - {id: after, type: io.kestra.plugin.core.debug.Return, format: x}
errors:
  - {id: global, type: io.kestra.plugin.core.log.Log, message: global}
finally:
  - {id: fin, type: io.kestra.plugin.core.log.Log, message: fin}`,
			state: kestra.StateFailed,
			tasks: "seq=FAILED ok=SUCCESS ko=FAILED local=SUCCESS global=SUCCESS fin=SUCCESS",
		},
		{
			name: "allowFailure and allowWarning",
			flow: `
tasks:
  - {id: tolerated, type: io.kestra.plugin.core.execution.Fail, allowFailure: true}
  - id: wrapper
    type: io.kestra.plugin.core.flow.AllowFailure
    tasks:
      - {id: inner, type: io.kestra.plugin.core.execution.Fail}
  - {id: quiet, type: io.kestra.plugin.core.execution.Fail, allowFailure: true, allowWarning: true}
  - {id: last, type: io.kestra.plugin.core.debug.Return, format: x}`,
			state: kestra.StateWarning,
			tasks: "tolerated=WARNING wrapper=WARNING inner=FAILED quiet=SUCCESS last=SUCCESS",
		},
		{
			name: "disabled tasks have no task run; runIf false skips",
			flow: `
tasks:
  - {id: off, type: io.kestra.plugin.core.debug.Return, format: x, disabled: true}
  - {id: skipped, type: io.kestra.plugin.core.debug.Return, format: x, runIf: "{{ 1 == 2 }}"}
  - {id: kept, type: io.kestra.plugin.core.debug.Return, format: x, runIf: "true"}
  - {id: broken, type: io.kestra.plugin.core.debug.Return, format: x, runIf: "{{ outputs.nope.value }}"}`,
			state: kestra.StateFailed, tasks: "skipped=SKIPPED kept=SUCCESS broken=FAILED",
		},
		{
			name: "if and switch",
			flow: `
tasks:
  - id: check
    type: io.kestra.plugin.core.flow.If
    condition: "{{ inputs.n > 1 }}"
    then: [{id: big, type: io.kestra.plugin.core.debug.Return, format: x}]
    else: [{id: small, type: io.kestra.plugin.core.debug.Return, format: x}]
  - id: route
    type: io.kestra.plugin.core.flow.Switch
    value: "{{ inputs.kind }}"
    cases:
      a: [{id: case-a, type: io.kestra.plugin.core.debug.Return, format: x}]
    defaults: [{id: other, type: io.kestra.plugin.core.debug.Return, format: x}]
  - id: nowhere
    type: io.kestra.plugin.core.flow.Switch
    value: "z"
    cases:
      a: [{id: case-z, type: io.kestra.plugin.core.debug.Return, format: x}]`,
			inputs: map[string]any{"n": 2, "kind": "a"},
			state:  kestra.StateFailed, tasks: "check=SUCCESS big=SUCCESS route=SUCCESS case-a=SUCCESS nowhere=FAILED",
		},
		{
			name: "parallel runs every child",
			flow: `
tasks:
  - id: par
    type: io.kestra.plugin.core.flow.Parallel
    concurrent: 2
    tasks:
      - {id: p1, type: io.kestra.plugin.core.flow.Sleep, duration: PT2S}
      - {id: p2, type: io.kestra.plugin.core.debug.Return, format: x}
      - {id: p3, type: io.kestra.plugin.core.debug.Return, format: x}`,
			state: kestra.StateSuccess, tasks: "par=SUCCESS p1=SUCCESS p2=SUCCESS p3=SUCCESS",
		},
		{
			name: "nested loops key outputs by every value",
			flow: `
tasks:
  - id: outer
    type: io.kestra.plugin.core.flow.EachSequential
    value: ["s1", "s2"]
    tasks:
      - id: inner
        type: io.kestra.plugin.core.flow.ForEach
        values: '["a a", "b"]'
        tasks:
          - {id: r, type: io.kestra.plugin.core.debug.Return, format: "{{ parent.taskrun.value }}/{{ taskrun.value }}"}
  - {id: read, type: io.kestra.plugin.core.debug.Return, format: "{{ outputs.r.s2['a a'].value }}"}`,
			state: kestra.StateSuccess,
			tasks: "outer=SUCCESS inner[s1]=SUCCESS r[a a]=SUCCESS r[b]=SUCCESS inner[s2]=SUCCESS r[a a]=SUCCESS r[b]=SUCCESS read=SUCCESS",
		},
		{
			name: "a null loop value fails the loop",
			flow: `
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: [1, null]
    tasks: [{id: r, type: io.kestra.plugin.core.debug.Return, format: x}]`,
			state: kestra.StateFailed, tasks: "each=FAILED",
		},
		{
			name: "dag follows dependencies",
			flow: `
tasks:
  - id: dag
    type: io.kestra.plugin.core.flow.Dag
    tasks:
      - task: {id: c, type: io.kestra.plugin.core.debug.Return, format: "{{ outputs.a.value }}{{ outputs.b.value }}"}
        dependsOn: [a, b]
      - task: {id: a, type: io.kestra.plugin.core.debug.Return, format: A}
      - task: {id: b, type: io.kestra.plugin.core.debug.Return, format: B}
        dependsOn: [a]`,
			state: kestra.StateSuccess, tasks: "dag=SUCCESS a=SUCCESS b=SUCCESS c=SUCCESS",
		},
		{
			name: "loop until a condition",
			flow: `
tasks:
  - id: loop
    type: io.kestra.plugin.core.flow.LoopUntil
    condition: "{{ outputs.count.values.n == '3' }}"
    checkFrequency: {interval: PT1S}
    tasks:
      - id: count
        type: io.kestra.plugin.core.output.OutputValues
        values: {n: "{{ outputs.loop.iterationCount + 1 }}"}`,
			state: kestra.StateSuccess, tasks: "loop=SUCCESS count=SUCCESS count=SUCCESS count=SUCCESS",
		},
		{
			name: "a type that cannot run yet fails at once",
			flow: `
tasks:
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    tasks: [{id: inner, type: io.kestra.plugin.scripts.shell.Commands, commands: [ls]}]`,
			state: kestra.StateFailed, tasks: "wd=FAILED",
		},
		{
			name: "retries are visible attempts",
			flow: `
tasks:
  - id: flaky
    type: io.kestra.plugin.core.execution.Fail
    retry: {type: constant, interval: PT1S, maxAttempt: 3}`,
			state: kestra.StateFailed, tasks: "flaky=FAILED",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := execute(t, "id: f\nnamespace: acme\n"+strings.TrimPrefix(tt.flow, "\n"), tt.inputs)
			if res.err != nil {
				t.Fatal(res.err)
			}
			if res.exec.State.Current != tt.state {
				t.Errorf("state = %s, want %s (%s)", res.exec.State.Current, tt.state, taskStates(res.exec))
			}
			if got := taskStates(res.exec); got != tt.tasks {
				t.Errorf("task runs:\n got %s\nwant %s", got, tt.tasks)
			}
		})
	}
}

func TestOutputsAndLogs(t *testing.T) {
	res := execute(t, `id: f
namespace: acme
inputs:
  - {id: who, type: STRING}
tasks:
  - {id: hello, type: io.kestra.plugin.core.log.Log, message: ["hi {{ inputs.who }}", "bye"], level: WARN}
  - {id: ret, type: io.kestra.plugin.core.debug.Return, format: "{{ flow.namespace }}.{{ flow.id }} {{ task.id }}"}
  - id: vals
    type: io.kestra.plugin.core.output.OutputValues
    values: {a: "{{ outputs.ret.value }}", n: "{{ 1 + 1 }}"}
  - {id: tag, type: io.kestra.plugin.core.execution.Labels, labels: {team: "{{ inputs.who }}"}}
outputs:
  - {id: final, type: STRING, value: "{{ outputs.vals.values.a }}!"}
`, map[string]any{"who": "ann"})
	if res.err != nil {
		t.Fatal(res.err)
	}
	e := res.exec
	if e.State.Current != kestra.StateSuccess {
		t.Fatalf("state %s", e.State.Current)
	}
	if got := fmt.Sprint(e.TaskRunList[1].Outputs["value"]); got != "acme.f ret" {
		t.Errorf("return = %q", got)
	}
	if e.Outputs["final"] != "acme.f ret!" {
		t.Errorf("flow outputs = %v", e.Outputs)
	}
	if len(e.Labels) != 1 || e.Labels[0] != (kestra.Label{Key: "team", Value: "ann"}) {
		t.Errorf("labels = %v", e.Labels)
	}
	var msgs []string
	for _, l := range res.rec.logs {
		msgs = append(msgs, l.LogEntry.Level.String()+" "+l.LogEntry.Message)
	}
	if strings.Join(msgs, "|") != "WARN hi ann|WARN bye" {
		t.Errorf("logs = %q", msgs)
	}
	last := res.rec.projections[len(res.rec.projections)-1]
	if last.Execution.State.Current != kestra.StateSuccess {
		t.Errorf("last projection state %s", last.Execution.State.Current)
	}
	for i := 1; i < len(res.rec.projections); i++ {
		if res.rec.projections[i].Sequence <= res.rec.projections[i-1].Sequence {
			t.Errorf("projection sequences not increasing")
		}
	}
	hist := e.State.Histories
	if len(hist) != 3 || hist[0].State != kestra.StateCreated || hist[1].State != kestra.StateRunning {
		t.Errorf("histories = %v", hist)
	}
	if n := len(e.TaskRunList[0].Attempts); n != 1 {
		t.Errorf("Log attempts = %d", n)
	}
}

func TestRetriesAreVisibleAttempts(t *testing.T) {
	res := execute(t, `id: f
namespace: acme
tasks:
  - id: flaky
    type: io.kestra.plugin.core.execution.Fail
    retry: {type: exponential, interval: PT1S, maxInterval: PT3S, maxAttempt: 4}
`, nil)
	tr := res.exec.TaskRunList[0]
	if len(tr.Attempts) != 4 {
		t.Fatalf("attempts = %d, want 4", len(tr.Attempts))
	}
	for i, a := range tr.Attempts {
		if a.State.Current != kestra.StateFailed {
			t.Errorf("attempt %d = %s", i, a.State.Current)
		}
	}
	var seq []string
	for _, h := range tr.State.Histories {
		seq = append(seq, string(h.State))
	}
	if got := strings.Join(seq, ","); got != "CREATED,RUNNING,FAILED,RETRYING,RUNNING,FAILED,RETRYING,RUNNING,FAILED,RETRYING,RUNNING,FAILED" {
		t.Errorf("task run history = %s", got)
	}
	// exponential: 1s, 2s, then capped at 3s
	gaps := []time.Duration{}
	for i := 1; i < len(tr.Attempts); i++ {
		gaps = append(gaps, tr.Attempts[i].State.StartDate().Sub(tr.Attempts[i-1].State.StartDate()))
	}
	if fmt.Sprint(gaps) != "[1s 2s 3s]" {
		t.Errorf("intervals = %v", gaps)
	}
}

func TestKillCancelsRunningTasks(t *testing.T) {
	r, _ := translator.TranslateOne("k.yaml", []byte(`id: k
namespace: acme
tasks:
  - {id: nap, type: io.kestra.plugin.core.flow.Sleep, duration: PT1H}
  - {id: never, type: io.kestra.plugin.core.debug.Return, format: x}
finally:
  - {id: fin, type: io.kestra.plugin.core.log.Log, message: cleanup}
`))
	env, rec := newTestEnv()
	env.RegisterDelayedCallback(func() {
		var live kestra.Execution
		v, err := env.QueryWorkflow(QueryExecution)
		if err != nil {
			t.Errorf("query: %v", err)
		} else if err := v.Get(&live); err != nil || live.State.Current != kestra.StateRunning ||
			taskStates(&live) != "nap=RUNNING" {
			t.Errorf("live execution: %v %s %s", err, live.State.Current, taskStates(&live))
		}
		env.CancelWorkflow()
	}, time.Minute)
	env.ExecuteWorkflow(WorkflowName, Request{Plan: r.Flow})
	exec := *finished(t, env, rec)
	if exec.State.Current != kestra.StateKilled {
		t.Errorf("state = %s", exec.State.Current)
	}
	var seq []string
	for _, h := range exec.State.Histories {
		seq = append(seq, string(h.State))
	}
	if strings.Join(seq, ",") != "CREATED,RUNNING,KILLING,KILLED" {
		t.Errorf("history = %v", seq)
	}
	if got := taskStates(&exec); got != "nap=KILLED" {
		t.Errorf("task runs = %s", got)
	}
	last := rec.projections[len(rec.projections)-1].Execution
	if last.State.Current != kestra.StateKilled {
		t.Errorf("last projection = %s", last.State.Current)
	}
}

func TestSubflow(t *testing.T) {
	child := `id: child
namespace: acme
inputs:
  - {id: n, type: INT}
tasks:
  - {id: double, type: io.kestra.plugin.core.debug.Return, format: "{{ inputs.n * 2 }}"}
  - {id: maybe-fail, type: io.kestra.plugin.core.execution.Fail, condition: "{{ inputs.n > 10 }}"}
outputs:
  - {id: result, type: STRING, value: "{{ outputs.double.value }}"}
`
	parent := `id: parent
namespace: acme
labels: {team: a}
tasks:
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: acme
    flowId: child
    inputs: {n: "{{ inputs.n }}"}
    inheritLabels: true
    labels: {from: parent}
  - id: legacy
    type: io.kestra.plugin.core.flow.Subflow
    namespace: acme
    flowId: child
    inputs: {n: 1}
    outputs: {got: "{{ outputs.double.value }}"}
  - {id: show, type: io.kestra.plugin.core.debug.Return, format: "{{ outputs.call.outputs.result }}/{{ outputs.legacy.outputs.got }}"}
`
	childPlan, _ := translator.TranslateOne("child.yaml", []byte(child))
	parentPlan, _ := translator.TranslateOne("parent.yaml", []byte(parent))
	for _, tt := range []struct {
		n     int
		state kestra.StateType
		show  string
	}{{3, kestra.StateSuccess, "6/2"}, {20, kestra.StateFailed, ""}} {
		env, rec := newTestEnv()
		var got []SubflowRequest
		env.RegisterActivityWithOptions(func(_ context.Context, req SubflowRequest) (SubflowPlan, error) {
			got = append(got, req)
			n, _ := toInt(fmt.Sprint(req.Inputs["n"]))
			return SubflowPlan{Plan: childPlan.Flow, Inputs: map[string]any{"n": n}}, nil
		}, activity.RegisterOptions{Name: PrepareSubflowActivity})
		env.ExecuteWorkflow(WorkflowName, Request{Plan: parentPlan.Flow, Inputs: map[string]any{"n": tt.n},
			Labels: []kestra.Label{{Key: "team", Value: "a"}}})
		e := finished(t, env, rec)
		if e.State.Current != tt.state {
			t.Fatalf("n=%d: state %s (%s) %v", tt.n, e.State.Current, taskStates(e), rec.logs)
		}
		call := e.TaskRunList[0]
		if len(call.Attempts) != 1 || call.Outputs["executionId"] == "" {
			t.Errorf("n=%d: subflow task run %+v", tt.n, call)
		}
		if tt.state == kestra.StateSuccess {
			if v := e.TaskRunList[2].Outputs["value"]; v != tt.show {
				t.Errorf("show = %v, want %s", v, tt.show)
			}
			if call.Outputs["state"] != "SUCCESS" {
				t.Errorf("child state output %v", call.Outputs["state"])
			}
		}
		if len(got) == 0 || got[0].Namespace != "acme" || got[0].FlowID != "child" {
			t.Errorf("prepare requests %+v", got)
		}
	}
}

// clientStartOptions starts a test workflow under a given execution id.
func clientStartOptions(id string) client.StartWorkflowOptions {
	return client.StartWorkflowOptions{ID: id}
}

func TestLogLineKeepsItsKeyThroughJSON(t *testing.T) {
	in := LogLine{LogEntry: kestra.LogEntry{Namespace: "n", FlowID: "f", Message: "m", Level: kestra.LevelInfo}, Key: "e/workflow/1"}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out LogLine
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.Key != in.Key || out.LogEntry.Message != "m" || out.LogEntry.Level != kestra.LevelInfo {
		t.Errorf("round trip %s -> %+v", b, out)
	}
}
