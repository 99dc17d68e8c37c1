package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/api"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/storage"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/store/sqlite"
)

// fakeExecutor stores executions the way the real executor's projection
// does, without running anything.
type fakeExecutor struct {
	store store.Store
	seq   atomic.Int64

	mu      sync.Mutex
	starts  []api.StartRequest
	resumed map[string]map[string]any
	killed  []string
	// onStart, when set, runs after Start stored the execution.
	onStart func(e *kestra.Execution)
}

func (f *fakeExecutor) save(ctx context.Context, e *kestra.Execution) error {
	_, err := f.store.UpsertExecution(ctx, e, f.seq.Add(1))
	return err
}

// setState moves a stored execution to st.
func (f *fakeExecutor) setState(t *testing.T, id string, st kestra.StateType) *kestra.Execution {
	t.Helper()
	ctx := context.Background()
	e, err := f.store.GetExecution(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	e.State = e.State.WithState(st, time.Now())
	if err := f.save(ctx, e); err != nil {
		t.Fatal(err)
	}
	return e
}

func (f *fakeExecutor) Start(ctx context.Context, req api.StartRequest) (*kestra.Execution, error) {
	id := req.ExecutionID
	if id == "" {
		id = kestra.NewID()
	}
	e := &kestra.Execution{
		ID: id, Namespace: req.Flow.Namespace, FlowID: req.Flow.ID, FlowRevision: req.Flow.Revision,
		Inputs: req.Inputs, Labels: req.Labels, State: kestra.NewState(kestra.StateCreated, time.Now()),
		OriginalID: id, ScheduleDate: req.ScheduleDate, TenantID: "main", Trigger: req.Trigger,
	}
	if err := f.save(ctx, e); err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.starts = append(f.starts, req)
	hook := f.onStart
	f.mu.Unlock()
	if hook != nil {
		hook(e)
	}
	return e, nil
}

func (f *fakeExecutor) Live(ctx context.Context, id string) (*kestra.Execution, error) {
	return f.store.GetExecution(ctx, id)
}

func (f *fakeExecutor) transition(ctx context.Context, id string, st kestra.StateType) (*kestra.Execution, error) {
	e, err := f.store.GetExecution(ctx, id)
	if err != nil {
		return nil, err
	}
	e.State = e.State.WithState(st, time.Now())
	return e, f.save(ctx, e)
}

func (f *fakeExecutor) Kill(ctx context.Context, id string) error {
	f.mu.Lock()
	f.killed = append(f.killed, id)
	f.mu.Unlock()
	_, err := f.transition(ctx, id, kestra.StateKilling)
	return err
}

func (f *fakeExecutor) Pause(ctx context.Context, id string) error {
	_, err := f.transition(ctx, id, kestra.StatePaused)
	return err
}

func (f *fakeExecutor) Resume(ctx context.Context, id string, inputs map[string]any) error {
	f.mu.Lock()
	if f.resumed == nil {
		f.resumed = map[string]map[string]any{}
	}
	f.resumed[id] = inputs
	f.mu.Unlock()
	_, err := f.transition(ctx, id, kestra.StateRunning)
	return err
}

func (f *fakeExecutor) Restart(ctx context.Context, id string, _ int) (*kestra.Execution, error) {
	return f.transition(ctx, id, kestra.StateRestarted)
}

func (f *fakeExecutor) Replay(ctx context.Context, id, _ string, _ int) (*kestra.Execution, error) {
	src, err := f.store.GetExecution(ctx, id)
	if err != nil {
		return nil, err
	}
	e := &kestra.Execution{
		ID: kestra.NewID(), Namespace: src.Namespace, FlowID: src.FlowID, FlowRevision: src.FlowRevision,
		Inputs: src.Inputs, Labels: src.Labels, ParentID: src.ID, OriginalID: src.OriginalID,
		State: kestra.NewState(kestra.StateRestarted, time.Now()),
	}
	return e, f.save(ctx, e)
}

func (f *fakeExecutor) SetLabels(ctx context.Context, id string, labels []kestra.Label) error {
	e, err := f.store.GetExecution(ctx, id)
	if err != nil {
		return err
	}
	e.Labels = labels
	return f.save(ctx, e)
}

// env is a server on a real SQLite store and local storage.
type env struct {
	t     testing.TB
	h     http.Handler
	store store.Store
	exec  *fakeExecutor
	files *storage.Local
	now   atomic.Pointer[time.Time]
}

func newEnv(t testing.TB, cfg api.Config) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	e := &env{t: t}
	st, err := sqlite.Open(ctx, filepath.Join(dir, "kestra.db"), store.Options{Now: func() time.Time {
		if p := e.now.Load(); p != nil {
			return *p
		}
		return time.Now()
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	files, err := storage.NewLocal(filepath.Join(dir, "storage"))
	if err != nil {
		t.Fatal(err)
	}
	e.store, e.files = st, files
	e.exec = &fakeExecutor{store: st}
	if cfg.Heartbeat == 0 {
		cfg.Heartbeat = 50 * time.Millisecond
	}
	e.h = api.New(cfg, api.Deps{Store: st, Executor: e.exec, Files: files})
	return e
}

type response struct {
	*httptest.ResponseRecorder
}

// json decodes the body into a generic value.
func (r response) json(t testing.TB) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(r.Body.Bytes(), &v); err != nil {
		t.Fatalf("body is not JSON (%v): %s", err, r.Body.String())
	}
	return v
}

// path returns a value of a JSON body by dotted path (numbers index lists).
func (r response) path(t testing.TB, p string) any {
	t.Helper()
	return lookup(r.json(t), p)
}

func lookup(v any, p string) any {
	if p == "" {
		return v
	}
	for _, k := range strings.Split(p, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i := 0
			for _, c := range k {
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func (e *env) do(method, target string, body io.Reader, header ...string) response {
	e.t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return response{rec}
}

func (e *env) yaml(method, target, src string) response {
	e.t.Helper()
	return e.do(method, target, strings.NewReader(src), "Content-Type", "application/x-yaml")
}

// multipartBody builds a form: fields, then files as parts named "files"
// whose filename is the key.
func multipartBody(t testing.TB, fields map[string]string, files map[string]string) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range files {
		fw, err := mw.CreateFormFile("files", name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write([]byte(content))
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, mw.FormDataContentType()
}

func (e *env) form(target string, fields map[string]string, files map[string]string) response {
	e.t.Helper()
	body, ct := multipartBody(e.t, fields, files)
	return e.do(http.MethodPost, target, body, "Content-Type", ct)
}

// mustFlow creates a flow or fails the test.
func (e *env) mustFlow(src string) {
	e.t.Helper()
	if r := e.yaml(http.MethodPost, "/api/v1/main/flows", src); r.Code != http.StatusOK {
		e.t.Fatalf("create flow: %d %s", r.Code, r.Body)
	}
}

// mustExecution starts an execution of a flow without inputs.
func (e *env) mustExecution(ns, id string) string {
	e.t.Helper()
	r := e.do(http.MethodPost, "/api/v1/main/executions/"+ns+"/"+id, nil)
	if r.Code != http.StatusOK {
		e.t.Fatalf("create execution: %d %s", r.Code, r.Body)
	}
	return r.path(e.t, "id").(string)
}

func expectStatus(t *testing.T, r response, status int, contains ...string) {
	t.Helper()
	if r.Code != status {
		t.Fatalf("status %d, want %d: %s", r.Code, status, r.Body)
	}
	for _, c := range contains {
		if !strings.Contains(r.Body.String(), c) {
			t.Fatalf("body does not contain %q: %s", c, r.Body)
		}
	}
}

const helloFlow = `id: hello
namespace: company.team
labels:
  team: a
inputs:
  - id: name
    type: STRING
  - id: count
    type: INT
    required: false
  - id: data
    type: FILE
    required: false
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "hello {{ inputs.name }}"
`

const pauseFlow = `id: pause_on_resume
namespace: io.kestra.tests
tasks:
  - id: pause
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - id: asked
        type: STRING
      - id: data
        type: FILE
        required: false
  - id: last
    type: io.kestra.plugin.core.log.Log
    message: "{{ outputs.pause.onResume.asked }}"
`

func (e *env) doReq(req *http.Request) response {
	e.t.Helper()
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return response{rec}
}
