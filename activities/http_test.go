package activities

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestHTTPRequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/echo":
			body, _ := io.ReadAll(r.Body)
			w.Header().Set("X-Method", r.Method)
			w.Header().Add("X-Multi", "a")
			w.Header().Add("X-Multi", "b")
			user, pass, _ := r.BasicAuth()
			fmt.Fprintf(w, "%s|%s|%s|%s|%s|%s", r.Header.Get("Content-Type"), body, r.Header.Get("X-Custom"), user+":"+pass, r.Header.Get("Authorization"), r.URL.RawQuery)
		case "/form":
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
				_ = r.ParseMultipartForm(1 << 20)
				fmt.Fprintf(w, "multipart a=%s b=%s", r.FormValue("a"), r.FormValue("b"))
				return
			}
			_ = r.ParseForm()
			fmt.Fprintf(w, "form %s a=%s b=%s", r.Header.Get("Content-Type"), r.PostFormValue("a"), r.PostFormValue("b"))
		case "/missing":
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, "no such thing")
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		case "/redirect":
			http.Redirect(w, r, "/echo", http.StatusFound)
		case "/slow":
			time.Sleep(2 * time.Second)
		}
	}))
	defer srv.Close()
	h := newHarness(t, map[string]string{"SECRET_TOKEN": "dG9r"}) // tok
	tests := []struct {
		name    string
		task    string
		outputs func(t *testing.T, o map[string]any)
		failure string
	}{
		{
			name: "GET",
			task: "uri: " + srv.URL + "/echo?q={{ flow.id }}",
			outputs: func(t *testing.T, o map[string]any) {
				eq(t, fmt.Sprint(o["code"]), "200")
				eq(t, fmt.Sprint(o["body"]), "|||:||q=f")
				eq(t, fmt.Sprint(o["uri"]), srv.URL+"/echo?q=f")
				hd := o["headers"].(map[string]any)
				eq(t, js(hd["x-method"]), `["GET"]`)
				eq(t, js(hd["x-multi"]), `["a","b"]`)
			},
		},
		{
			name: "POST a JSON body with headers and basic auth",
			task: "uri: " + srv.URL + "/echo\nmethod: POST\nbody: '{\"a\": \"{{ flow.id }}\"}'\nheaders: {X-Custom: \"c-{{ flow.namespace }}\"}\noptions: {auth: {type: BASIC, username: u, password: p}}",
			outputs: func(t *testing.T, o map[string]any) {
				eq(t, fmt.Sprint(o["body"]), `application/json|{"a": "f"}|c-company.team|u:p|Basic dTpw|`)
			},
		},
		{
			name: "bearer token from a secret and a content type",
			task: "uri: " + srv.URL + "/echo\nmethod: PUT\ncontentType: text/plain\nbody: hi\noptions: {auth: {type: BEARER, token: \"{{ secret('TOKEN') }}\"}}",
			outputs: func(t *testing.T, o map[string]any) {
				eq(t, fmt.Sprint(o["body"]), `text/plain|hi||:|Bearer tok|`)
			},
		},
		{
			name: "url-encoded form",
			task: "uri: " + srv.URL + "/form\nmethod: POST\nformData: {a: \"{{ flow.id }}\", b: 2}",
			outputs: func(t *testing.T, o map[string]any) {
				eq(t, fmt.Sprint(o["body"]), "form application/x-www-form-urlencoded a=f b=2")
			},
		},
		{
			name: "multipart form",
			task: "uri: " + srv.URL + "/form\nmethod: POST\ncontentType: multipart/form-data\nformData: {a: x, b: y}",
			outputs: func(t *testing.T, o map[string]any) {
				eq(t, fmt.Sprint(o["body"]), "multipart a=x b=y")
			},
		},
		{
			name:    "404 fails",
			task:    "uri: " + srv.URL + "/missing",
			failure: "Failed http request with response code '404' and body:\nno such thing",
		},
		{
			name: "404 allowed",
			task: "uri: " + srv.URL + "/missing\noptions: {allowFailed: true}",
			outputs: func(t *testing.T, o map[string]any) {
				eq(t, fmt.Sprint(o["code"]), "404")
				eq(t, fmt.Sprint(o["body"]), "no such thing")
			},
		},
		{
			name: "deprecated allowFailed",
			task: "uri: " + srv.URL + "/missing\nallowFailed: true",
			outputs: func(t *testing.T, o map[string]any) {
				eq(t, fmt.Sprint(o["code"]), "404")
			},
		},
		{
			name:    "allowedResponseCodes",
			task:    "uri: " + srv.URL + "/echo\noptions: {allowedResponseCodes: [201]}",
			failure: "Failed http request with response code '200' and body:\n|||:||",
		},
		{
			name: "empty body",
			task: "uri: " + srv.URL + "/empty",
			outputs: func(t *testing.T, o map[string]any) {
				eq(t, fmt.Sprint(o["code"]), "204")
				if o["body"] != nil {
					t.Errorf("body %v", o["body"])
				}
			},
		},
		{
			name: "redirects not followed",
			task: "uri: " + srv.URL + "/redirect\noptions: {followRedirects: false}",
			outputs: func(t *testing.T, o map[string]any) {
				eq(t, fmt.Sprint(o["code"]), "302")
			},
		},
		{
			name: "redirects followed",
			task: "uri: " + srv.URL + "/redirect",
			outputs: func(t *testing.T, o map[string]any) {
				eq(t, fmt.Sprint(o["code"]), "200")
			},
		},
		{
			name:    "read timeout",
			task:    "uri: " + srv.URL + "/slow\noptions: {readTimeout: PT0.2S}",
			failure: "GET " + srv.URL + "/slow: net/http: timeout awaiting response headers",
		},
		{
			name:    "connection refused",
			task:    "uri: http://127.0.0.1:1/x",
			failure: "GET http://127.0.0.1:1/x: dial tcp 127.0.0.1:1: connect: connection refused",
		},
		{
			name:    "encryptBody",
			task:    "uri: " + srv.URL + "/echo\nencryptBody: true",
			failure: "encryptBody needs an encryption key, which is not configurable yet",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := h.run(task(t, "- id: t\n  type: io.kestra.plugin.core.http.Request\n"+indentBody(tc.task)), nil)
			if r.err != nil {
				t.Fatalf("infrastructure error: %v", r.err)
			}
			if r.failure != tc.failure {
				t.Fatalf("failure %q, want %q", r.failure, tc.failure)
			}
			if tc.outputs != nil {
				tc.outputs(t, r.res.Outputs)
			}
		})
	}
}
