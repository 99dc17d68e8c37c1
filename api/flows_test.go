package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/api"
)

func TestFlows(t *testing.T) {
	e := newEnv(t, api.Config{})
	helloV2 := strings.Replace(helloFlow, "hello {{", "hi {{", 1)
	tests := []struct {
		name, method, target, body string
		status                     int
		contains                   []string
		paths                      map[string]any
	}{
		{name: "create", method: "POST", target: "/api/v1/main/flows", body: helloFlow, status: 200,
			paths: map[string]any{"id": "hello", "namespace": "company.team", "revision": 1.0, "source": helloFlow,
				"labels.0.key": "team", "labels.0.value": "a", "tasks.0.id": "log", "deleted": false, "disabled": false}},
		{name: "create again", method: "POST", target: "/api/v1/main/flows", body: helloFlow, status: 422,
			contains: []string{"Flow id already exists"}},
		{name: "invalid YAML names line and column", method: "POST", target: "/api/v1/main/flows",
			body: "id: x\nnamespace: a\ntasks:\n  - id: t\n   type: foo\n", status: 422,
			contains: []string{"Invalid entity", "line 5"}},
		{name: "unknown task type", method: "POST", target: "/api/v1/main/flows",
			body: "id: x\nnamespace: a\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.UnknownTask\n", status: 422,
			contains: []string{"UnknownTask", "(line 5, column"}},
		{name: "empty body", method: "POST", target: "/api/v1/main/flows", body: "", status: 422},
		{name: "get", method: "GET", target: "/api/v1/main/flows/company.team/hello", status: 200,
			paths: map[string]any{"id": "hello", "revision": 1.0, "source": nil}},
		{name: "get with source, legacy base path", method: "GET", target: "/api/v1/flows/company.team/hello?source=true", status: 200,
			paths: map[string]any{"source": helloFlow}},
		{name: "get unknown", method: "GET", target: "/api/v1/main/flows/company.team/nope", status: 404},
		{name: "get bad revision", method: "GET", target: "/api/v1/main/flows/company.team/hello?revision=x", status: 400},
		{name: "update unchanged keeps revision", method: "PUT", target: "/api/v1/main/flows/company.team/hello", body: helloFlow, status: 200,
			paths: map[string]any{"revision": 1.0}},
		{name: "update", method: "PUT", target: "/api/v1/main/flows/company.team/hello", body: helloV2, status: 200,
			paths: map[string]any{"revision": 2.0, "source": helloV2}},
		{name: "update other id", method: "PUT", target: "/api/v1/main/flows/company.team/other", body: helloFlow, status: 422,
			contains: []string{"flow.id"}},
		{name: "update unknown", method: "PUT", target: "/api/v1/main/flows/company.team/nope",
			body: strings.Replace(helloFlow, "id: hello", "id: nope", 1), status: 404},
		{name: "revisions", method: "GET", target: "/api/v1/main/flows/company.team/hello/revisions", status: 200,
			paths: map[string]any{"0.revision": 1.0, "1.revision": 2.0, "1.source": helloV2}},
		{name: "get revision 1", method: "GET", target: "/api/v1/main/flows/company.team/hello?revision=1&source=true", status: 200,
			paths: map[string]any{"source": helloFlow}},
		{name: "task", method: "GET", target: "/api/v1/main/flows/company.team/hello/tasks/log", status: 200,
			paths: map[string]any{"id": "log", "type": "io.kestra.plugin.core.log.Log", "message": "hi {{ inputs.name }}"}},
		{name: "unknown task", method: "GET", target: "/api/v1/main/flows/company.team/hello/tasks/nope", status: 404},
		{name: "list namespace", method: "GET", target: "/api/v1/main/flows/company.team", status: 200,
			paths: map[string]any{"0.id": "hello"}},
		{name: "search", method: "GET", target: "/api/v1/main/flows/search?filters[namespace][EQUALS]=company.team", status: 200,
			paths: map[string]any{"total": 1.0, "results.0.id": "hello"}},
		{name: "search flat", method: "GET", target: "/api/v1/main/flows/search?namespace=company&q=hel", status: 200,
			paths: map[string]any{"total": 1.0}},
		{name: "search bad filter", method: "GET", target: "/api/v1/main/flows/search?filters[state][EQUALS]=x", status: 400},
		{name: "distinct namespaces", method: "GET", target: "/api/v1/main/flows/distinct-namespaces", status: 200,
			paths: map[string]any{"0": "company.team"}},
		{name: "namespaces", method: "GET", target: "/api/v1/main/namespaces/search", status: 200,
			paths: map[string]any{"total": 3.0, "results.0.id": "company", "results.1.id": "company.team", "results.2.id": "system"}},
		{name: "namespaces filtered and paged", method: "GET", target: "/api/v1/main/namespaces/search?q=TEAM&size=1", status: 200,
			paths: map[string]any{"total": 1.0, "results.0.id": "company.team"}},
		{name: "namespaces bad page", method: "GET", target: "/api/v1/main/namespaces/search?page=0", status: 400},
		{name: "namespace", method: "GET", target: "/api/v1/main/namespaces/company.team", status: 200, paths: map[string]any{"id": "company.team"}},
		{name: "delete", method: "DELETE", target: "/api/v1/main/flows/company.team/hello", status: 204},
		{name: "get deleted", method: "GET", target: "/api/v1/main/flows/company.team/hello", status: 404},
		{name: "get deleted allowed", method: "GET", target: "/api/v1/main/flows/company.team/hello?allowDeleted=true", status: 200,
			paths: map[string]any{"deleted": true}},
		{name: "delete again", method: "DELETE", target: "/api/v1/main/flows/company.team/hello", status: 404},
		{name: "recreate after delete", method: "POST", target: "/api/v1/main/flows", body: helloFlow, status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r response
			if tt.body != "" || tt.method == "POST" || tt.method == "PUT" {
				r = e.yaml(tt.method, tt.target, tt.body)
			} else {
				r = e.do(tt.method, tt.target, nil)
			}
			expectStatus(t, r, tt.status, tt.contains...)
			for p, want := range tt.paths {
				if got := r.path(t, p); got != want {
					t.Errorf("%s = %#v, want %#v", p, got, want)
				}
			}
			if r.Code >= 400 {
				if msg, _ := r.path(t, "message").(string); msg == "" {
					t.Errorf("error body without message: %s", r.Body)
				}
				if href := r.path(t, "_links.self.href"); href != tt.target {
					t.Errorf("_links.self.href = %v", href)
				}
			}
		})
	}
}

func TestValidateFlows(t *testing.T) {
	e := newEnv(t, api.Config{})
	body := helloFlow + "---\nid: bad\nnamespace: company.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.UnknownTask\n"
	r := e.yaml(http.MethodPost, "/api/v1/main/flows/validate", body)
	expectStatus(t, r, 200)
	if got := r.path(t, "0.constraints"); got != nil {
		t.Errorf("valid flow has constraints %v", got)
	}
	if c, _ := r.path(t, "1.constraints").(string); !strings.Contains(c, "UnknownTask") {
		t.Errorf("constraints %q", c)
	}
	if r.path(t, "1.index") != 1.0 || r.path(t, "1.flow") != "bad" {
		t.Errorf("violation: %s", r.Body)
	}
}

func TestNamespaceSync(t *testing.T) {
	e := newEnv(t, api.Config{})
	a := "id: a\nnamespace: ns.sync\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: a\n"
	b := strings.ReplaceAll(a, "id: a", "id: b")
	r := e.yaml(http.MethodPost, "/api/v1/main/flows/ns.sync", a+"---\n"+b)
	expectStatus(t, r, 200)
	if n := len(r.json(t).([]any)); n != 2 {
		t.Fatalf("want 2 flows, got %d", n)
	}
	// delete=false keeps b.
	expectStatus(t, e.yaml(http.MethodPost, "/api/v1/main/flows/ns.sync?delete=false", a), 200)
	expectStatus(t, e.do(http.MethodGet, "/api/v1/main/flows/ns.sync/b", nil), 200)
	// The default deletes b.
	r = e.yaml(http.MethodPost, "/api/v1/main/flows/ns.sync", a)
	expectStatus(t, r, 200)
	if r.path(t, "1.id") != "b" || r.path(t, "1.deleted") != true {
		t.Fatalf("want b deleted: %s", r.Body)
	}
	expectStatus(t, e.do(http.MethodGet, "/api/v1/main/flows/ns.sync/b", nil), 404)
	// Wrong namespace, duplicates, invalid flows.
	expectStatus(t, e.yaml(http.MethodPost, "/api/v1/main/flows/other.ns", a), 422, "flow.namespace")
	expectStatus(t, e.yaml(http.MethodPost, "/api/v1/main/flows/ns.sync", a+"---\n"+a), 422, "Duplicate")
	expectStatus(t, e.yaml(http.MethodPost, "/api/v1/main/flows/ns.sync", "id: [\n"), 422, "line")
	// Bulk without namespace deletes nothing.
	r = e.yaml(http.MethodPost, "/api/v1/main/flows/bulk", b)
	expectStatus(t, r, 200)
	expectStatus(t, e.do(http.MethodGet, "/api/v1/main/flows/ns.sync/a", nil), 200)
}
