package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/devserver/devservertest"
	"github.com/kestra-temporal/kestra-temporal/store/postgres/pgtest"
)

// TestServeWithPostgres drives a real `serve` (API and worker) against a
// Temporal server and PostgreSQL over HTTP, as a user's scripts would.
func TestServeWithPostgres(t *testing.T) {
	databaseURL := pgtest.URL(t)
	srv := devservertest.Start(t)
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		cmd := newRootCmd()
		cmd.SetArgs([]string{"serve", "--temporal-address", srv.FrontendAddr(), "--database-url", databaseURL,
			"--listen", "127.0.0.1:" + strconv.Itoa(port), "--data-dir", t.TempDir(), "--log-level", "warn",
			"--task-queue", "serve-test"})
		done <- cmd.ExecuteContext(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	waitFor(t, 30*time.Second, "the API", func() bool {
		resp, err := http.Get(base + "/ping")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == 200
	})

	flow := "id: hello\nnamespace: acme.serve\ninputs:\n  - {id: who, type: STRING}\ntasks:\n" +
		"  - {id: greet, type: io.kestra.plugin.core.log.Log, message: \"hi {{ inputs.who }}\"}\n" +
		"  - {id: sh, type: io.kestra.plugin.scripts.shell.Commands, commands: [\"echo from {{ inputs.who }}\"]}\n"
	status, body := call(t, "POST", base+"/api/v1/main/flows", "application/x-yaml", flow)
	if status != 200 {
		t.Fatalf("create flow: %d %s", status, body)
	}
	status, body = call(t, "POST", base+"/api/v1/executions/acme.serve/hello?wait=true",
		"application/x-www-form-urlencoded", "who=postgres")
	if status != 200 {
		t.Fatalf("run: %d %s", status, body)
	}
	var exec struct {
		ID    string `json:"id"`
		State struct {
			Current string `json:"current"`
		} `json:"state"`
	}
	if err := json.Unmarshal([]byte(body), &exec); err != nil || exec.State.Current != "SUCCESS" {
		t.Fatalf("execution: %v %s", err, body)
	}
	_, body = call(t, "GET", base+"/api/v1/main/logs/"+exec.ID, "", "")
	for _, want := range []string{"hi postgres", "from postgres"} {
		if !strings.Contains(body, want) {
			t.Errorf("logs lack %q: %s", want, body)
		}
	}
	status, body = call(t, "GET", base+"/api/v1/main/executions/search?namespace=acme.serve", "", "")
	if status != 200 || !strings.Contains(body, exec.ID) {
		t.Errorf("search: %d %s", status, body)
	}
}

func call(t *testing.T, method, url, contentType, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
