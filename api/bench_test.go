package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/api"
)

// BenchmarkWebhook measures the API's share of a webhook-triggered
// execution (flow lookup, translation, store write by the fake executor).
func BenchmarkWebhook(b *testing.B) {
	e := newEnv(b, api.Config{})
	src := `id: bench
namespace: company.team
tasks:
  - id: out
    type: io.kestra.plugin.core.output.OutputValues
    values:
      body: "{{ trigger.body }}"
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: done
triggers:
  - id: webhook
    type: io.kestra.plugin.core.trigger.Webhook
    key: k
`
	req := httptest.NewRequest(http.MethodPost, "/api/v1/main/flows", strings.NewReader(src))
	req.Header.Set("Content-Type", "application/x-yaml")
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatal(rec.Body.String())
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/main/executions/webhook/company.team/bench/k", strings.NewReader(`{"a":1}`))
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Body.String())
		}
	}
}
