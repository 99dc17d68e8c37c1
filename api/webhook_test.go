package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/api"
)

func TestWebhook(t *testing.T) {
	e := newEnv(t, api.Config{BasicAuth: api.BasicAuth{Username: "u", Password: "p"}})
	const flows = `id: webhook
namespace: io.kestra.tests
labels:
  flow-label-1: flow-label-1
tasks:
  - id: out
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger | json }}"
triggers:
  - id: webhook
    type: io.kestra.plugin.core.trigger.Webhook
    key: a-secret-key
---
id: webhook-dynamic-key
namespace: io.kestra.tests
tasks:
  - id: out
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger | json }}"
triggers:
  - id: webhook
    type: io.kestra.plugin.core.trigger.Webhook
    key: "{{ flow.id }}"
---
id: webhook-with-condition
namespace: io.kestra.tests
tasks:
  - id: out
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger | json }}"
triggers:
  - id: webhook
    type: io.kestra.plugin.core.trigger.Webhook
    key: webhookKey
    conditions:
      - type: io.kestra.plugin.core.condition.ExpressionCondition
        expression: "{{ trigger.body.hello == 'world' }}"
`
	r := e.do(http.MethodPost, "/api/v1/main/flows/io.kestra.tests", strings.NewReader(flows), "Content-Type", "application/x-yaml")
	if r.Code == http.StatusUnauthorized {
		req, _ := http.NewRequest(http.MethodPost, "/api/v1/main/flows/io.kestra.tests", strings.NewReader(flows))
		req.SetBasicAuth("u", "p")
		req.Header.Set("Content-Type", "application/x-yaml")
		r = e.doReq(req)
	}
	expectStatus(t, r, 200)
	const base = "/api/v1/main/executions/webhook/io.kestra.tests/"
	tests := []struct {
		name, method, target, body string
		status                     int
		paths                      map[string]any
	}{
		{name: "json body and parameters", method: "POST", target: base + "webhook/a-secret-key?name=john&age=12&age=13", body: `{"a": 1, "b": true}`, status: 200,
			paths: map[string]any{"trigger.variables.body.a": 1.0, "trigger.variables.body.b": true, "trigger.variables.parameters.name.0": "john",
				"trigger.variables.parameters.age.1": "13", "labels.0.key": "flow-label-1", "trigger.id": "webhook", "namespace": "io.kestra.tests"}},
		{name: "array body", method: "PUT", target: base + "webhook/a-secret-key", body: `[{"a": 1}]`, status: 200,
			paths: map[string]any{"trigger.variables.body.0.a": 1.0}},
		{name: "text body", method: "POST", target: base + "webhook/a-secret-key", body: "bla", status: 200,
			paths: map[string]any{"trigger.variables.body": "bla"}},
		{name: "get", method: "GET", target: base + "webhook/a-secret-key", status: 200,
			paths: map[string]any{"trigger.variables.body": nil}},
		{name: "wrong key", method: "GET", target: base + "webhook/nope", status: 404},
		{name: "unknown flow", method: "GET", target: base + "nope/a-secret-key", status: 404},
		{name: "legacy path", method: "GET", target: "/api/v1/executions/webhook/io.kestra.tests/webhook/a-secret-key", status: 200},
		{name: "dynamic key", method: "GET", target: base + "webhook-dynamic-key/webhook-dynamic-key", status: 200},
		{name: "condition holds", method: "POST", target: base + "webhook-with-condition/webhookKey", body: `{"hello": "world"}`, status: 200},
		{name: "condition fails", method: "POST", target: base + "webhook-with-condition/webhookKey", body: `{"hello": "webhook"}`, status: 204},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(tt.method, tt.target, strings.NewReader(tt.body))
			expectStatus(t, r, tt.status)
			for p, want := range tt.paths {
				if got := r.path(t, p); got != want {
					t.Errorf("%s = %#v, want %#v", p, got, want)
				}
			}
			if tt.status == 200 {
				id := r.path(t, "id").(string)
				x, err := e.store.GetExecution(t.Context(), id)
				if err != nil || x.Trigger == nil || x.Trigger.Type != "io.kestra.plugin.core.trigger.Webhook" {
					t.Fatalf("stored execution: %+v %v", x, err)
				}
			}
			if tt.status == 204 && r.Body.Len() != 0 {
				t.Fatalf("204 with a body: %s", r.Body)
			}
		})
	}
}
