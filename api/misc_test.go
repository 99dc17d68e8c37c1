package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/api"
)

func TestKV(t *testing.T) {
	e := newEnv(t, api.Config{})
	const base = "/api/v1/main/namespaces/company.team/kv"
	tests := []struct {
		name, method, target, body string
		header                     []string
		status                     int
		contains                   []string
	}{
		{name: "missing", method: "GET", target: base + "/nope", status: 404, contains: []string{"No value found for key 'nope'"}},
		{name: "put string", method: "PUT", target: base + "/s", body: `"hello"`, status: 200},
		{name: "get string", method: "GET", target: base + "/s", status: 200, contains: []string{`"type":"STRING"`, `"value":"hello"`}},
		{name: "put number", method: "PUT", target: base + "/n", body: `42`, header: []string{"Content-Type", "text/plain"}, status: 200},
		{name: "get number", method: "GET", target: base + "/n", status: 200, contains: []string{`"type":"NUMBER"`, `"value":42`}},
		{name: "put json", method: "PUT", target: base + "/j", body: `{"b":1,"a":[true]}`, header: []string{"Content-Type", "application/json"}, status: 200},
		{name: "get json", method: "GET", target: base + "/j", status: 200, contains: []string{`"type":"JSON"`, `"a":[true]`}},
		{name: "put datetime", method: "PUT", target: base + "/d", body: `2024-12-20T16:02:32Z`, status: 200},
		{name: "get datetime", method: "GET", target: base + "/d", status: 200, contains: []string{`"type":"DATETIME"`}},
		{name: "put invalid", method: "PUT", target: base + "/bad", body: `{"a":`, status: 422, contains: []string{"Invalid JSON value"}},
		{name: "put bad ttl", method: "PUT", target: base + "/t", body: `1`, header: []string{"ttl", "soon"}, status: 422, contains: []string{"ttl"}},
		{name: "put bad key", method: "PUT", target: base + "/a%20b", body: `1`, status: 422},
		{name: "put with ttl", method: "PUT", target: base + "/t", body: `"short"`, header: []string{"ttl", "PT1M"}, status: 200},
		{name: "list", method: "GET", target: base, status: 200, contains: []string{`"key":"d"`, `"key":"t"`, `"expirationDate"`}},
		{name: "delete", method: "DELETE", target: base + "/s", status: 200, contains: []string{"true"}},
		{name: "delete again", method: "DELETE", target: base + "/s", status: 200, contains: []string{"false"}},
		{name: "delete many", method: "DELETE", target: base, body: `{"keys":["n","j","zz"]}`, status: 200, contains: []string{`{"keys":["n","j"]}`}},
		{name: "delete many bad body", method: "DELETE", target: base, body: `[`, status: 422, contains: []string{"Invalid json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectStatus(t, e.do(tt.method, tt.target, strings.NewReader(tt.body), tt.header...), tt.status, tt.contains...)
		})
	}
	// Expired: 410.
	later := time.Now().Add(2 * time.Minute)
	e.now.Store(&later)
	expectStatus(t, e.do(http.MethodGet, base+"/t", nil), 410, "expired")
}

func TestBasicAuth(t *testing.T) {
	e := newEnv(t, api.Config{BasicAuth: api.BasicAuth{Username: "admin@kestra.io", Password: "Secret1"}})
	req := func(target, user, pass string) int {
		r, _ := http.NewRequest(http.MethodGet, target, nil)
		if user != "" {
			r.SetBasicAuth(user, pass)
		}
		return e.doReq(r).Code
	}
	tests := []struct {
		name, target, user, pass string
		status                   int
	}{
		{"no credentials", "/api/v1/main/flows/distinct-namespaces", "", "", 401},
		{"wrong password", "/api/v1/main/flows/distinct-namespaces", "admin@kestra.io", "nope", 401},
		{"wrong user", "/api/v1/flows/distinct-namespaces", "root", "Secret1", 401},
		{"right", "/api/v1/flows/distinct-namespaces", "admin@kestra.io", "Secret1", 200},
		{"ping is open", "/ping", "", "", 200},
		{"health is open", "/health", "", "", 200},
		{"webhook is open", "/api/v1/main/executions/webhook/ns/f/key", "", "", 404},
		{"configs needs auth", "/api/v1/configs", "", "", 401},
		{"dot segments are not open", "/api/v1/main/executions/webhook/../../flows/search", "", "", 401},
		{"prefix of an open URL is not open", "/pingpong", "", "", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := req(tt.target, tt.user, tt.pass); got != tt.status {
				t.Fatalf("status %d, want %d", got, tt.status)
			}
		})
	}
	r, _ := http.NewRequest(http.MethodGet, "/api/v1/main/flows/search", nil)
	if rec := e.doReq(r); rec.Header().Get("WWW-Authenticate") == "" {
		t.Fatal("401 without WWW-Authenticate")
	}
}

func TestMisc(t *testing.T) {
	e := newEnv(t, api.Config{MaxBodyBytes: 1 << 10, Version: "1.2.3"})
	tests := []struct {
		name, method, target, body string
		status                     int
		contains                   []string
	}{
		{name: "ping", method: "GET", target: "/ping", status: 200, contains: []string{"pong"}},
		{name: "health", method: "GET", target: "/health", status: 200, contains: []string{`"UP"`}},
		{name: "ready", method: "GET", target: "/ready", status: 200, contains: []string{`"UP"`}},
		{name: "configs", method: "GET", target: "/api/v1/configs", status: 200, contains: []string{`"version":"1.2.3"`, `"isBasicAuthEnabled":false`}},
		{name: "configs under main", method: "GET", target: "/api/v1/main/configs", status: 200},
		{name: "unknown route", method: "GET", target: "/api/v1/main/nothing/here", status: 404, contains: []string{`"message":"Not Found"`}},
		{name: "wrong method", method: "PATCH", target: "/api/v1/main/flows/search", status: 405},
		{name: "body too large", method: "POST", target: "/api/v1/main/flows", body: strings.Repeat("#", 2<<10), status: 413},
		{name: "prometheus", method: "GET", target: "/prometheus", status: 200, contains: []string{"go_goroutines"}},
		{name: "metrics", method: "GET", target: "/metrics", status: 200,
			contains: []string{`kestra_http_requests_total{method="GET",route="/api/v1/main/configs",status="200"} 2`, "kestra_http_request_duration_seconds_bucket"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(tt.method, tt.target, strings.NewReader(tt.body), "Content-Type", "application/x-yaml")
			expectStatus(t, r, tt.status, tt.contains...)
		})
	}
}

// TestBadRequestsNever500 sends malformed requests to every route family.
func TestBadRequestsNever500(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.mustFlow(helloFlow)
	id := e.form("/api/v1/main/executions/company.team/hello", map[string]string{"name": "x"}, nil).path(t, "id").(string)
	junk := []struct{ method, target, ct, body string }{
		{"POST", "/api/v1/main/flows", "application/x-yaml", "\x00\xff: ["},
		{"POST", "/api/v1/main/flows", "application/x-yaml", "- a\n- b\n"},
		{"POST", "/api/v1/main/flows", "application/x-yaml", "a: &a [*a]"},
		{"POST", "/api/v1/main/flows/validate", "application/x-yaml", "{{{"},
		{"PUT", "/api/v1/main/flows/company.team/hello", "application/x-yaml", "id: hello\n"},
		{"POST", "/api/v1/main/executions/company.team/hello", "multipart/form-data; boundary=x", "--x\r\nbroken"},
		{"POST", "/api/v1/main/executions/company.team/hello", "multipart/form-data", ""},
		{"POST", "/api/v1/main/executions/company.team/hello", "bad/;;", ""},
		{"POST", "/api/v1/main/executions/company.team/hello", "application/json", `{"name":"x"}`},
		{"POST", "/api/v1/main/executions/company.team/hello?wait=maybe", "", ""},
		{"POST", "/api/v1/main/executions/company.team/hello?labels=nocolon", "", ""},
		{"GET", "/api/v1/main/executions/search?sort=id:sideways", "", ""},
		{"GET", "/api/v1/main/executions/search?filters[nope][EQUALS]=1", "", ""},
		{"GET", "/api/v1/main/executions/search?size=-1", "", ""},
		{"GET", "/api/v1/main/executions/search?filters[startDate][GREATER_THAN]=yesterday", "", ""},
		{"GET", "/api/v1/main/executions/" + id + "/file?path=%00", "", ""},
		{"POST", "/api/v1/main/executions/" + id + "/labels", "application/json", `{"key":1}`},
		{"POST", "/api/v1/main/executions/" + id + "/restart?revision=-1", "", ""},
		{"GET", "/api/v1/main/logs/" + id + "?attempt=x", "", ""},
		{"PUT", "/api/v1/main/namespaces/company.team/kv/k", "text/plain", ""},
		{"GET", "/api/v1/main/flows/company.team/hello?source=yes-please", "", ""},
	}
	for _, j := range junk {
		r := e.do(j.method, j.target, strings.NewReader(j.body), "Content-Type", j.ct)
		if r.Code >= 500 || (r.Code < 400 && !strings.HasSuffix(j.target, "/validate")) {
			t.Errorf("%s %s (%q): status %d: %s", j.method, j.target, j.body, r.Code, r.Body)
		}
	}
}

func TestLargeUploadRefused(t *testing.T) {
	e := newEnv(t, api.Config{MaxBodyBytes: 4 << 10})
	e.mustFlow(helloFlow)
	body, ct := multipartBody(t, map[string]string{"name": "x"}, map[string]string{"data": strings.Repeat("x", 64<<10)})
	req := httptest.NewRequest(http.MethodPost, "/api/v1/main/executions/company.team/hello", body)
	req.Header.Set("Content-Type", ct)
	req.ContentLength = -1 // chunked: the limit is hit while reading
	r := e.doReq(req)
	expectStatus(t, r, 413)
}
