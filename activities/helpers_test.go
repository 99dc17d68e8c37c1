package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"go.temporal.io/sdk/activity"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"

	"github.com/kestra-temporal/kestra-temporal/activities/process"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/store/sqlite"
	"github.com/kestra-temporal/kestra-temporal/translator"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

func TestMain(m *testing.M) {
	process.MaybeSupervise()
	os.Exit(m.Run())
}

// registry adapts the test activity environment to worker.Registry.
type registry struct {
	worker.Registry
	env *testsuite.TestActivityEnvironment
}

func (r registry) RegisterActivityWithOptions(a any, o activity.RegisterOptions) {
	r.env.RegisterActivityWithOptions(a, o)
}

// harness runs tasks through Register in Temporal's activity test
// environment against a real (in-memory SQLite) store.
type harness struct {
	t     *testing.T
	store store.Store
	env   *testsuite.TestActivityEnvironment
	deps  Deps
}

func newHarness(t *testing.T, envVars map[string]string, opts ...func(*Deps)) *harness {
	t.Helper()
	st, err := sqlite.Open(context.Background(), sqlite.Memory, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	h := &harness{t: t, store: st, env: suite.NewTestActivityEnvironment()}
	h.deps = Deps{
		Store:   st,
		Env:     func(k string) string { return envVars[k] },
		WorkDir: t.TempDir(),
	}
	for _, o := range opts {
		o(&h.deps)
	}
	if err := Register(registry{env: h.env}, h.deps); err != nil {
		t.Fatal(err)
	}
	return h
}

// task translates a one-task flow and returns the task with its request.
func task(t *testing.T, yamlTask string) *plan.Task {
	t.Helper()
	src := "id: f\nnamespace: company.team\ntasks:\n" + indent(yamlTask)
	res, err := translator.TranslateOne("test.yaml", []byte(src))
	if err != nil {
		t.Fatalf("translate: %v", err)
	}
	if !res.Valid() {
		t.Fatalf("invalid flow: %v", res.Errors)
	}
	return res.Flow.Tasks[0]
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return strings.Join(lines, "\n") + "\n"
}

var testRun atomic.Int64

// request builds the request the workflow would send.
func request(t *testing.T, tk *plan.Task, extra map[string]any) workflows.TaskRequest {
	t.Helper()
	trID := fmt.Sprintf("taskrun%d", testRun.Add(1))
	vars := map[string]any{
		"flow":      map[string]any{"id": "f", "namespace": "company.team", "revision": 1, "tenantId": "main"},
		"execution": map[string]any{"id": "exec1", "startDate": "2026-01-02T03:04:05.000Z"},
		"task":      map[string]any{"id": tk.ID, "type": tk.Type},
		"taskrun":   map[string]any{"id": trID, "attemptsCount": 0},
		"inputs":    map[string]any{},
		"outputs":   map[string]any{},
	}
	for k, v := range extra {
		vars[k] = v
	}
	b, err := json.Marshal(vars)
	if err != nil {
		t.Fatal(err)
	}
	return workflows.TaskRequest{
		Task: tk,
		TaskRun: kestra.TaskRun{
			ID: trID, ExecutionID: "exec1", Namespace: "company.team", FlowID: "f", TaskID: tk.ID,
			Attempts: []kestra.TaskRunAttempt{{}},
		},
		Vars: b,
	}
}

// result is one task attempt's outcome.
type result struct {
	res     workflows.TaskResult
	err     error  // infrastructure error
	failure string // task failure message
	logs    []store.LogLine
}

func (h *harness) run(tk *plan.Task, extra map[string]any) result {
	h.t.Helper()
	req := request(h.t, tk, extra)
	var out result
	v, err := h.env.ExecuteActivity(tk.Type, req)
	var app *temporal.ApplicationError
	switch {
	case errors.As(err, &app) && app.Type() == workflows.TaskFailedError:
		out.failure = app.Message()
		if app.HasDetails() {
			if err := app.Details(&out.res); err != nil {
				h.t.Fatal(err)
			}
		}
		if !app.NonRetryable() {
			h.t.Errorf("task failure %q is retryable", app.Message())
		}
	case err != nil:
		out.err = err
	default:
		if err := v.Get(&out.res); err != nil {
			h.t.Fatal(err)
		}
	}
	logs, err := h.store.ExecutionLogs(context.Background(), "exec1", store.LogFilter{TaskRunID: req.TaskRun.ID})
	if err != nil {
		h.t.Fatal(err)
	}
	out.logs = logs
	return out
}

// messages summarises log lines as "LEVEL message".
func (r result) messages() []string {
	var out []string
	for _, l := range r.logs {
		out = append(out, l.Level.String()+" "+l.Message)
	}
	return out
}

func (r result) hasLog(s string) bool {
	for _, m := range r.messages() {
		if m == s {
			return true
		}
	}
	return false
}

// js renders a value as JSON for comparisons.
func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
