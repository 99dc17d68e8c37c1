package api_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/api"
	"github.com/kestra-temporal/kestra-temporal/kestra"
)

func TestCreateExecution(t *testing.T) {
	e := newEnv(t, api.Config{BaseURL: "http://kestra.example/"})
	e.mustFlow(helloFlow)
	e.mustFlow("id: off\nnamespace: company.team\ndisabled: true\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: x\n")
	tests := []struct {
		name     string
		target   string
		fields   map[string]string
		files    map[string]string
		status   int
		contains []string
		paths    map[string]any
	}{
		{name: "unknown flow", target: "/api/v1/main/executions/foo/bar", status: 404, contains: []string{"Flow not found"}},
		{name: "disabled flow", target: "/api/v1/main/executions/company.team/off", status: 409, contains: []string{"disabled"}},
		{name: "missing required input", target: "/api/v1/main/executions/company.team/hello", status: 422,
			contains: []string{"Invalid entity", "Invalid input for `name`, missing required input, but received `null`"}},
		{name: "wrong input type", target: "/api/v1/main/executions/company.team/hello",
			fields: map[string]string{"name": "x", "count": "many"}, status: 422,
			contains: []string{"Invalid input for `count`, For input string: \\\"many\\\", but received `many`"}},
		{name: "file as a path", target: "/api/v1/main/executions/company.team/hello",
			fields: map[string]string{"name": "x", "data": "/etc/passwd"}, status: 422, contains: []string{"Invalid input for `data`"}},
		{name: "system label", target: "/api/v1/main/executions/company.team/hello?labels=system.x:1",
			fields: map[string]string{"name": "x"}, status: 422, contains: []string{"system.x"}},
		{name: "bad scheduleDate", target: "/api/v1/main/executions/company.team/hello?scheduleDate=tomorrow",
			fields: map[string]string{"name": "x"}, status: 400, contains: []string{"scheduleDate"}},
		{name: "bad revision", target: "/api/v1/main/executions/company.team/hello?revision=9",
			fields: map[string]string{"name": "x"}, status: 404},
		{name: "typed inputs, file, labels", target: "/api/v1/main/executions/company.team/hello?labels=a:label-1&labels=url:https://some-url.com",
			fields: map[string]string{"name": "world", "count": "42"}, files: map[string]string{"data": "some: content\n"}, status: 200,
			paths: map[string]any{
				"state.current": "CREATED", "namespace": "company.team", "flowId": "hello", "flowRevision": 1.0,
				"inputs.name": "world", "inputs.count": 42.0,
				"labels.0.key": "team", "labels.1.key": "a", "labels.1.value": "label-1", "labels.2.value": "https://some-url.com",
				"labels.3.key": "system.correlationId",
			}},
		{name: "optional input is null", target: "/api/v1/executions/company.team/hello",
			fields: map[string]string{"name": "x"}, status: 200, paths: map[string]any{"inputs.count": nil}},
		{name: "deprecated trigger path", target: "/api/v1/main/executions/trigger/company.team/hello",
			fields: map[string]string{"name": "x"}, status: 200, paths: map[string]any{"flowId": "hello"}},
		{name: "scheduleDate", target: "/api/v1/main/executions/company.team/hello?scheduleDate=2030-01-02T03:04:05Z",
			fields: map[string]string{"name": "x"}, status: 200, paths: map[string]any{"scheduleDate": "2030-01-02T03:04:05Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.form(tt.target, tt.fields, tt.files)
			expectStatus(t, r, tt.status, tt.contains...)
			for p, want := range tt.paths {
				if got := r.path(t, p); got != want {
					t.Errorf("%s = %#v, want %#v", p, got, want)
				}
			}
			if r.Code != 200 {
				return
			}
			id := r.path(t, "id").(string)
			if r.path(t, "url") != "http://kestra.example/ui/main/executions/company.team/hello/"+id {
				t.Errorf("url = %v", r.path(t, "url"))
			}
			if r.path(t, "labels.3.value") != id && r.path(t, "labels.1.value") != id {
				t.Errorf("correlation id: %s", r.Body)
			}
			if got := r.path(t, "inputs.count"); got == nil {
				if _, ok := r.path(t, "inputs").(map[string]any)["count"]; !ok {
					t.Errorf("missing optional input absent: %s", r.Body)
				}
			}
			if tt.files != nil {
				uri, _ := r.path(t, "inputs.data").(string)
				want := "kestra:///company/team/hello/executions/" + id + "/inputs/data/data.upl"
				if uri != want {
					t.Fatalf("file uri %q, want %q", uri, want)
				}
				d := e.do(http.MethodGet, "/api/v1/main/executions/"+id+"/file?path="+uri, nil)
				expectStatus(t, d, 200)
				if d.Body.String() != tt.files["data"] {
					t.Fatalf("downloaded %q", d.Body)
				}
			}
			g := e.do(http.MethodGet, "/api/v1/main/executions/"+id, nil)
			expectStatus(t, g, 200)
			if g.path(t, "id") != id {
				t.Fatalf("get: %s", g.Body)
			}
		})
	}
}

func TestCreateExecutionWait(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.mustFlow(helloFlow)
	e.exec.onStart = func(x *kestra.Execution) {
		go func() {
			time.Sleep(50 * time.Millisecond)
			e.exec.setState(t, x.ID, kestra.StateRunning)
			time.Sleep(50 * time.Millisecond)
			e.exec.setState(t, x.ID, kestra.StatePaused)
			time.Sleep(50 * time.Millisecond)
			e.exec.setState(t, x.ID, kestra.StateRunning)
			e.exec.setState(t, x.ID, kestra.StateSuccess)
		}()
	}
	r := e.form("/api/v1/main/executions/company.team/hello?wait=true", map[string]string{"name": "x"}, nil)
	expectStatus(t, r, 200)
	if r.path(t, "state.current") != "SUCCESS" || r.path(t, "url") == nil {
		t.Fatalf("want SUCCESS with url: %s", r.Body)
	}
}

func TestExecutionActions(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.mustFlow(helloFlow)
	e.mustFlow(pauseFlow)
	newExec := func(st kestra.StateType) string {
		r := e.form("/api/v1/main/executions/company.team/hello", map[string]string{"name": "x"}, nil)
		expectStatus(t, r, 200)
		id := r.path(t, "id").(string)
		e.exec.setState(t, id, kestra.StateRunning)
		if st != kestra.StateRunning {
			e.exec.setState(t, id, st)
		}
		return id
	}
	running, finished, failed := newExec(kestra.StateRunning), newExec(kestra.StateSuccess), newExec(kestra.StateFailed)
	tests := []struct {
		name, method, target string
		status               int
		contains             []string
	}{
		{"get unknown", "GET", "/api/v1/main/executions/nope", 404, []string{"Execution not found"}},
		{"kill finished", "DELETE", "/api/v1/main/executions/" + finished + "/kill", 409, []string{"Execution is already finished, can't kill it"}},
		{"kill unknown", "DELETE", "/api/v1/main/executions/nope/kill", 404, nil},
		{"resume running", "POST", "/api/v1/main/executions/" + running + "/resume", 409, []string{"not PAUSED"}},
		{"pause finished", "POST", "/api/v1/main/executions/" + finished + "/pause", 422, []string{"only a RUNNING execution can be paused"}},
		{"restart success", "POST", "/api/v1/main/executions/" + finished + "/restart", 422, []string{"No task found to restart"}},
		{"restart running", "POST", "/api/v1/main/executions/" + running + "/restart", 409, []string{"RUNNING"}},
		{"restart failed", "POST", "/api/v1/main/executions/" + failed + "/restart", 200, []string{`"RESTARTED"`}},
		{"replay unknown task run", "POST", "/api/v1/main/executions/" + finished + "/replay?taskRunId=nope", 422, []string{"No task found"}},
		{"replay", "POST", "/api/v1/main/executions/" + finished + "/replay", 200, []string{`"parentId":"` + finished + `"`}},
		{"replay running", "POST", "/api/v1/main/executions/" + running + "/replay", 409, nil},
		{"labels on running", "POST", "/api/v1/main/executions/" + running + "/labels", 400, []string{"terminated"}},
		{"pause running", "POST", "/api/v1/main/executions/" + running + "/pause", 200, nil},
		{"kill paused", "DELETE", "/api/v1/main/executions/" + running + "/kill", 202, nil},
		{"flow of execution", "GET", "/api/v1/main/executions/" + finished + "/flow", 200, []string{`"id":"hello"`}},
		{"list by flow", "GET", "/api/v1/main/executions?namespace=company.team&flowId=hello", 200, []string{`"total":4`}},
		{"list without flow", "GET", "/api/v1/main/executions?namespace=company.team", 400, nil},
		{"search by state", "GET", "/api/v1/main/executions/search?state=FAILED", 200, []string{`"total":0`}},
		{"search filters", "GET", "/api/v1/main/executions/search?filters[state][IN]=SUCCESS&filters[flowId][EQUALS]=hello", 200, []string{`"total":1`}},
		{"search bad state", "GET", "/api/v1/main/executions/search?state=NOPE", 400, []string{"NOPE"}},
		{"file of another flow", "GET", "/api/v1/main/executions/" + finished + "/file?path=kestra:///company/team/other/executions/" + finished + "/inputs/data/data.upl", 422, []string{"Invalid prefix path"}},
		{"file of another namespace", "GET", "/api/v1/main/executions/" + finished + "/file?path=kestra:///company/hello/executions/" + finished + "/x", 422, []string{"Invalid prefix path"}},
		{"file of another execution of the flow", "GET", "/api/v1/main/executions/" + finished + "/file?path=kestra:///company/team/hello/executions/other/inputs/data/data.upl", 302, []string{"/api/v1/main/executions/other/file?path=kestra%3A%2F%2F%2Fcompany%2Fteam%2Fhello%2Fexecutions%2Fother%2Finputs%2Fdata%2Fdata.upl"}},
		{"flow directory", "GET", "/api/v1/main/executions/" + finished + "/file?path=kestra:///company/team/hello/executions/", 422, []string{"Invalid prefix path"}},
		{"file traversal", "GET", "/api/v1/main/executions/" + finished + "/file?path=kestra:///company/team/hello/executions/" + finished + "/../other/x", 422, []string{"Invalid prefix path"}},
		{"file other scheme", "GET", "/api/v1/main/executions/" + finished + "/file?path=file:///etc/passwd", 422, []string{"Invalid prefix path"}},
		{"file missing", "GET", "/api/v1/main/executions/" + finished + "/file?path=kestra:///company/team/hello/executions/" + finished + "/x.txt", 404, nil},
		{"file without path", "GET", "/api/v1/main/executions/" + finished + "/file", 400, nil},
		{"delete", "DELETE", "/api/v1/main/executions/" + finished, 204, nil},
		{"get deleted", "GET", "/api/v1/main/executions/" + finished, 404, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			if strings.HasSuffix(tt.target, "/labels") {
				body = strings.NewReader(`[{"key":"k","value":"v"}]`)
			}
			expectStatus(t, e.do(tt.method, tt.target, body, "Content-Type", "application/json"), tt.status, tt.contains...)
		})
	}
	if len(e.exec.killed) != 1 || e.exec.killed[0] != running {
		t.Errorf("killed %v", e.exec.killed)
	}
}

func TestSetLabels(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.mustFlow(helloFlow)
	r := e.form("/api/v1/main/executions/company.team/hello?labels=a:1", map[string]string{"name": "x"}, nil)
	id := r.path(t, "id").(string)
	e.exec.setState(t, id, kestra.StateRunning)
	e.exec.setState(t, id, kestra.StateSuccess)
	r = e.do(http.MethodPost, "/api/v1/main/executions/"+id+"/labels", strings.NewReader(`[{"key":"a","value":"2"},{"key":"b","value":"3"}]`))
	expectStatus(t, r, 200)
	got := map[string]any{}
	for _, l := range r.path(t, "labels").([]any) {
		m := l.(map[string]any)
		got[m["key"].(string)] = m["value"]
	}
	if got["a"] != "2" || got["b"] != "3" || got["team"] != "a" {
		t.Fatalf("labels %v", got)
	}
	expectStatus(t, e.do(http.MethodPost, "/api/v1/main/executions/"+id+"/labels", strings.NewReader(`[{"key":"system.x","value":"1"}]`)), 422)
	expectStatus(t, e.do(http.MethodPost, "/api/v1/main/executions/"+id+"/labels", strings.NewReader(`{`)), 422, "Invalid json")
}

func TestResume(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.mustFlow(pauseFlow)
	id := e.mustExecution("io.kestra.tests", "pause_on_resume")
	ctx := context.Background()
	x, err := e.store.GetExecution(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	x.State = x.State.WithState(kestra.StateRunning, now).WithState(kestra.StatePaused, now)
	x.TaskRunList = []kestra.TaskRun{{
		ID: "tr1", ExecutionID: id, Namespace: x.Namespace, FlowID: x.FlowID, TaskID: "pause",
		State: kestra.NewState(kestra.StatePaused, now),
	}}
	if _, err := e.store.UpsertExecution(ctx, x, 1000); err != nil {
		t.Fatal(err)
	}
	e.exec.seq.Store(1000)

	r := e.form("/api/v1/main/executions/"+id+"/resume", nil, nil)
	expectStatus(t, r, 422, "Invalid input for `asked`, missing required input, but received `null`")

	r = e.form("/api/v1/main/executions/"+id+"/resume", map[string]string{"asked": "myString"}, map[string]string{"data": "any content\n"})
	expectStatus(t, r, 204)
	got := e.exec.resumed[id]
	uri, _ := got["data"].(string)
	if got["asked"] != "myString" || !strings.HasPrefix(uri, "kestra:///io/kestra/tests/pause_on_resume/executions/"+id+"/inputs/data/") {
		t.Fatalf("resume inputs %v", got)
	}
	d := e.do(http.MethodGet, "/api/v1/main/executions/"+id+"/file?path="+uri, nil)
	expectStatus(t, d, 200)
	if d.Body.String() != "any content\n" || !strings.Contains(d.Header().Get("Content-Disposition"), "data.upl") {
		t.Fatalf("download %q %v", d.Body, d.Header())
	}
	m := e.do(http.MethodGet, "/api/v1/main/executions/"+id+"/file/metas?path="+uri, nil)
	expectStatus(t, m, 200, `"size":12`)
	// Now RUNNING: a second resume is a conflict.
	expectStatus(t, e.form("/api/v1/main/executions/"+id+"/resume", map[string]string{"asked": "x"}, nil), 409)
}

func TestValidateExecutionInputs(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.mustFlow(helloFlow)
	r := e.form("/api/v1/main/executions/company.team/hello/validate", map[string]string{"count": "x"}, map[string]string{"data": "abc"})
	expectStatus(t, r, 200)
	checks := map[string]any{
		"id": "hello", "namespace": "company.team",
		"inputs.0.input.id": "name", "inputs.0.errors.0.message": "Invalid input for `name`, missing required input, but received `null`",
		"inputs.1.input.id": "count", "inputs.1.value": "x", "inputs.1.enabled": true,
		"inputs.2.input.id": "data",
	}
	for p, want := range checks {
		if got := r.path(t, p); got != want {
			t.Errorf("%s = %#v, want %#v", p, got, want)
		}
	}
	if uri, _ := r.path(t, "inputs.2.value").(string); !strings.HasPrefix(uri, "kestra:///company/team/hello/executions/") {
		t.Errorf("file value %q", uri)
	}
	if n := len(r.path(t, "inputs.2.errors").([]any)); n != 0 {
		t.Errorf("file errors: %s", r.Body)
	}
	// Nothing was created.
	if l := e.do(http.MethodGet, "/api/v1/main/executions/search", nil); l.path(t, "total") != 0.0 {
		t.Fatalf("an execution was created: %s", l.Body)
	}
}

func TestBulk(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.mustFlow(helloFlow)
	start := func(states ...kestra.StateType) string {
		id := e.form("/api/v1/main/executions/company.team/hello", map[string]string{"name": "x"}, nil).path(t, "id").(string)
		for _, st := range states {
			e.exec.setState(t, id, st)
		}
		return id
	}
	r1, r2 := start(kestra.StateRunning), start(kestra.StateRunning)
	done := start(kestra.StateRunning, kestra.StateSuccess)
	ids := func(ids ...string) *strings.Reader {
		return strings.NewReader(`["` + strings.Join(ids, `","`) + `"]`)
	}
	// One refused id refuses the whole batch.
	r := e.do(http.MethodDelete, "/api/v1/main/executions/kill/by-ids", ids(r1, done, "nope"))
	expectStatus(t, r, 422, `"invalidValue":"`+done+`"`, `"invalidValue":"nope"`, "execution not found")
	if len(e.exec.killed) != 0 {
		t.Fatalf("killed %v", e.exec.killed)
	}
	expectStatus(t, e.do(http.MethodDelete, "/api/v1/main/executions/kill/by-ids", ids(r1, r2)), 200, `{"count":2}`)
	expectStatus(t, e.do(http.MethodPost, "/api/v1/main/executions/restart/by-ids", ids(done)), 422)
	expectStatus(t, e.do(http.MethodPost, "/api/v1/main/executions/resume/by-ids", ids(done)), 422)
	expectStatus(t, e.do(http.MethodDelete, "/api/v1/main/executions/by-ids", ids(done)), 200, `{"count":1}`)
	expectStatus(t, e.do(http.MethodGet, "/api/v1/main/executions/"+done, nil), 404)
	expectStatus(t, e.do(http.MethodDelete, "/api/v1/main/executions/by-ids", strings.NewReader(`{`)), 422, "Invalid json")
}

func TestInputDefaultsWithFunctions(t *testing.T) {
	e := newEnv(t, api.Config{})
	expectStatus(t, e.do(http.MethodPut, "/api/v1/main/namespaces/company.team/kv/greeting", strings.NewReader(`"bonjour"`)), 200)
	e.mustFlow(`id: dyn
namespace: company.team
variables:
  who: world
inputs:
  - id: when
    type: DATETIME
    defaults: "{{ now() }}"
  - id: greeting
    type: STRING
    defaults: "{{ kv('greeting') }} {{ vars.who }} from {{ flow.namespace }}"
  - id: missing
    type: STRING
    required: false
    defaults: "{{ kv('nope') ?? 'none' }}"
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: x
`)
	r := e.form("/api/v1/main/executions/company.team/dyn", nil, nil)
	expectStatus(t, r, 200)
	if r.path(t, "inputs.greeting") != "bonjour world from company.team" || r.path(t, "inputs.missing") != "none" {
		t.Fatalf("inputs: %s", r.Body)
	}
	if when, _ := r.path(t, "inputs.when").(string); !strings.HasSuffix(when, "Z") || len(when) < 20 {
		t.Fatalf("when: %q", when)
	}
}
