package engine_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/kestra-temporal/kestra-temporal/activities"
	"github.com/kestra-temporal/kestra-temporal/activities/process"
	"github.com/kestra-temporal/kestra-temporal/api"
	"github.com/kestra-temporal/kestra-temporal/devserver"
	"github.com/kestra-temporal/kestra-temporal/devserver/devservertest"
	"github.com/kestra-temporal/kestra-temporal/engine"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/store/sqlite"
	"github.com/kestra-temporal/kestra-temporal/translator"
)

var record = flag.Bool("record", false, "record workflow histories into ../workflows/testdata/histories for its replay test")

// server is the embedded Temporal server every test of this package shares.
var server *devserver.Server

func TestMain(m *testing.M) {
	process.MaybeSupervise() // this binary is also the supervisor of task processes
	flag.Parse()
	devservertest.Main(m, func(s *devserver.Server) { server = s })
}

// harness is a worker and an engine on the shared server, with a store of
// their own.
type harness struct {
	eng    *engine.Engine
	store  store.Store
	client client.Client
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	ctx := context.Background()
	c, err := server.NewClientWithOptions(ctx, engine.ClientOptions(client.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "kestra.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	queue := "test-" + strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())
	w := worker.New(c, queue, engine.WorkerOptions())
	engine.RegisterWorkflows(w, s)
	if err := activities.Register(w, activities.Deps{Store: s, WorkDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)
	return &harness{eng: engine.New(c, s, engine.Config{TaskQueue: queue, SearchAttributes: true}, nil), store: s, client: c}
}

// start translates and stores a flow, then starts an execution of it.
func (h *harness) start(t *testing.T, src string, inputs map[string]any) *kestra.Execution {
	t.Helper()
	r, err := translator.TranslateOne("flow.yaml", []byte(src))
	if err != nil || !r.Valid() {
		t.Fatalf("%v %v", err, r.Errors)
	}
	ctx := context.Background()
	f, err := h.store.SaveFlow(ctx, &store.Flow{Namespace: r.Flow.Namespace, ID: r.Flow.ID, Source: src})
	if err != nil {
		t.Fatal(err)
	}
	r.Flow.Revision = f.Revision
	exec, err := h.eng.Start(ctx, api.StartRequest{Flow: r.Flow, Inputs: inputs})
	if err != nil {
		t.Fatal(err)
	}
	return exec
}

// wait polls the store until the execution reaches a state in want.
func (h *harness) wait(t *testing.T, id string, timeout time.Duration, want ...kestra.StateType) *kestra.Execution {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last *kestra.Execution
	for time.Now().Before(deadline) {
		e, err := h.store.GetExecution(context.Background(), id)
		if err == nil {
			last = e
			for _, s := range want {
				if e.State.Current == s {
					return e
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	state := "missing"
	if last != nil {
		state = string(last.State.Current)
	}
	t.Fatalf("execution %s is %s after %s, want %v", id, state, timeout, want)
	return nil
}

func (h *harness) logs(t *testing.T, id string) []string {
	t.Helper()
	lines, err := h.store.ExecutionLogs(context.Background(), id, store.LogFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range lines {
		out = append(out, l.TaskID+"/"+l.Level.String()+": "+l.Message)
	}
	return out
}

// recordHistory writes the execution's workflow history for the replay test.
func (h *harness) recordHistory(t *testing.T, id, name string) {
	t.Helper()
	if !*record {
		return
	}
	iter := h.client.GetWorkflowHistory(context.Background(), id, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	var events []json.RawMessage
	for iter.HasNext() {
		ev, err := iter.Next()
		if err != nil {
			t.Fatal(err)
		}
		b, err := protojson.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, b)
	}
	doc, _ := json.MarshalIndent(map[string]any{"workflowId": id, "history": map[string]any{"events": events}}, "", " ")
	if err := os.WriteFile(filepath.Join("..", "workflows", "testdata", "histories", name+".json"), doc, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestExecutionOnTheRealServer(t *testing.T) {
	h := newHarness(t)
	exec := h.start(t, `id: real
namespace: acme.engine
inputs:
  - {id: who, type: STRING}
tasks:
  - {id: hello, type: io.kestra.plugin.core.log.Log, message: "hello {{ inputs.who }}"}
  - id: shell
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - echo from the shell
      - echo '::{"outputs":{"n":42}}::'
  - id: loop
    type: io.kestra.plugin.core.flow.ForEach
    values: [a, b]
    concurrencyLimit: 0
    tasks:
      - {id: each, type: io.kestra.plugin.core.debug.Return, format: "{{ taskrun.value }}{{ outputs.shell.vars.n }}"}
outputs:
  - {id: last, type: STRING, value: "{{ outputs.each.b.value }}"}
`, map[string]any{"who": "temporal"})
	e := h.wait(t, exec.ID, 30*time.Second, kestra.StateSuccess, kestra.StateFailed)
	if e.State.Current != kestra.StateSuccess {
		t.Fatalf("state %s, logs %q", e.State.Current, h.logs(t, exec.ID))
	}
	if e.Outputs["last"] != "b42" {
		t.Errorf("outputs %v", e.Outputs)
	}
	logs := strings.Join(h.logs(t, exec.ID), "\n")
	for _, want := range []string{"hello/INFO: hello temporal", "shell/INFO: from the shell"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
	h.recordHistory(t, exec.ID, "foreach-shell")

	labels := []kestra.Label{{Key: "reviewed", Value: "yes"}}
	if err := h.eng.SetLabels(context.Background(), exec.ID, labels); err != nil {
		t.Fatal(err)
	}
	if e, _ := h.store.GetExecution(context.Background(), exec.ID); len(e.Labels) != 1 || e.Labels[0] != labels[0] {
		t.Errorf("labels %v", e.Labels)
	}
}

func TestKillStopsTheProcessTree(t *testing.T) {
	h := newHarness(t)
	marker := fmt.Sprintf("kestra-kill-test-%d", time.Now().UnixNano())
	exec := h.start(t, `id: long
namespace: acme.engine
tasks:
  - id: nap
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - sh -c 'sleep 600; echo `+marker+`' &
      - sleep 600
`, nil)
	deadline := time.Now().Add(20 * time.Second)
	for len(processesWith(marker)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the task's processes never started")
		}
		time.Sleep(50 * time.Millisecond)
	}
	killed := time.Now()
	if err := h.eng.Kill(context.Background(), exec.ID); err != nil {
		t.Fatal(err)
	}
	for len(processesWith(marker)) > 0 {
		if time.Since(killed) > 2*time.Second {
			t.Fatalf("processes still alive 2 s after the kill: %v", processesWith(marker))
		}
		time.Sleep(20 * time.Millisecond)
	}
	e := h.wait(t, exec.ID, 10*time.Second, kestra.StateKilled)
	var hist []string
	for _, s := range e.State.Histories {
		hist = append(hist, string(s.State))
	}
	if got := strings.Join(hist, ","); got != "CREATED,RUNNING,KILLING,KILLED" {
		t.Errorf("history %s", got)
	}
	if err := h.eng.Kill(context.Background(), exec.ID); kestra.ErrorCode(err) != kestra.ECONFLICT {
		t.Errorf("kill of a killed execution: %v", err)
	}
}

// processesWith lists the pids whose command line contains s.
func processesWith(s string) []string {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	var out []string
	for _, d := range dirs {
		cmd, err := os.ReadFile(filepath.Join(d, "cmdline"))
		if err == nil && strings.Contains(string(cmd), s) {
			out = append(out, filepath.Base(d))
		}
	}
	return out
}

func TestPauseResumeRestartOnTheRealServer(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	exec := h.start(t, `id: gated
namespace: acme.engine
tasks:
  - id: gate
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - {id: ok, type: BOOLEAN}
  - {id: check, type: io.kestra.plugin.core.execution.Fail, condition: "{{ outputs.gate.onResume.ok == false }}"}
`, nil)
	h.wait(t, exec.ID, 20*time.Second, kestra.StatePaused)
	if err := h.eng.Pause(ctx, exec.ID); kestra.ErrorCode(err) != kestra.EINVALID {
		t.Errorf("pause of a paused execution: %v", err)
	}
	if err := h.eng.Resume(ctx, exec.ID, map[string]any{"ok": false}); err != nil {
		t.Fatal(err)
	}
	if err := h.eng.Resume(ctx, exec.ID, nil); kestra.ErrorCode(err) == "" {
		t.Error("a second resume was accepted")
	}
	e := h.wait(t, exec.ID, 20*time.Second, kestra.StateFailed)
	if _, err := h.eng.Restart(ctx, exec.ID, 0); err != nil {
		t.Fatal(err)
	}
	// The restart runs `check` again: it fails again, in place.
	e = h.wait(t, exec.ID, 20*time.Second, kestra.StateFailed)
	var hist []string
	for _, s := range e.State.Histories {
		hist = append(hist, string(s.State))
	}
	if got := strings.Join(hist, ","); !strings.HasSuffix(got, "FAILED,RESTARTED,RUNNING,FAILED") {
		t.Errorf("history %s", got)
	}
	if n := len(e.TaskRunList[1].Attempts); n != 2 {
		t.Errorf("check attempts = %d, want 2", n)
	}
	h.recordHistory(t, exec.ID, "pause-resume-restart")
}
