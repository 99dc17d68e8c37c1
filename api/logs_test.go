package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/api"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

func appendLog(t *testing.T, e *env, execID, taskID string, seq int64, level kestra.Level, msg string) {
	t.Helper()
	attempt := 0
	_, err := e.store.AppendLog(context.Background(), store.LogLine{
		LogEntry: kestra.LogEntry{
			Namespace: "company.team", FlowID: "hello", TaskID: taskID, ExecutionID: execID,
			TaskRunID: execID + "-" + taskID, AttemptNumber: &attempt,
			Timestamp: time.Date(2024, 12, 20, 16, 2, 32, int(seq)*1_000_000, time.UTC), Level: level, Message: msg,
		},
		Seq: seq,
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLogs(t *testing.T) {
	e := newEnv(t, api.Config{})
	appendLog(t, e, "E1", "a", 1, kestra.LevelDebug, "debug line")
	appendLog(t, e, "E1", "a", 2, kestra.LevelInfo, "info line")
	appendLog(t, e, "E1", "b", 3, kestra.LevelError, "error line")
	appendLog(t, e, "E2", "a", 1, kestra.LevelInfo, "other execution")
	tests := []struct {
		name, method, target string
		status               int
		contains             []string
		count                int // -1: don't check
	}{
		{"all", "GET", "/api/v1/main/logs/E1", 200, []string{`"message":"debug line"`, `"timestamp":"2024-12-20T16:02:32.001Z"`}, 3},
		{"min level", "GET", "/api/v1/main/logs/E1?minLevel=INFO", 200, nil, 2},
		{"task id", "GET", "/api/v1/main/logs/E1?taskId=b", 200, []string{"error line"}, 1},
		{"task run id", "GET", "/api/v1/main/logs/E1?taskRunId=E1-a&attempt=0", 200, nil, 2},
		{"bad level", "GET", "/api/v1/main/logs/E1?minLevel=LOUD", 400, []string{"minLevel"}, -1},
		{"unknown execution", "GET", "/api/v1/main/logs/nope", 200, nil, 0},
		{"search", "GET", "/api/v1/main/logs/search?q=line&minLevel=INFO", 200, []string{`"total":2`}, -1},
		{"search bad", "GET", "/api/v1/main/logs/search?page=0", 400, nil, -1},
		{"task runs search", "GET", "/api/v1/main/taskruns/search?namespace=company", 200, []string{`"total":0`}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(tt.method, tt.target, nil)
			expectStatus(t, r, tt.status, tt.contains...)
			if tt.count >= 0 {
				if n := len(r.json(t).([]any)); n != tt.count {
					t.Fatalf("%d lines, want %d: %s", n, tt.count, r.Body)
				}
			}
		})
	}

	r := e.do(http.MethodGet, "/api/v1/main/logs/E1/download?minLevel=INFO", nil)
	expectStatus(t, r, 200)
	want := "2024-12-20T16:02:32.002Z INFO info line\n2024-12-20T16:02:32.003Z ERROR error line\n"
	if r.Body.String() != want || !strings.HasPrefix(r.Header().Get("Content-Type"), "text/plain") ||
		!strings.Contains(r.Header().Get("Content-Disposition"), "E1.log") {
		t.Fatalf("download %q %v", r.Body, r.Header())
	}

	expectStatus(t, e.do(http.MethodDelete, "/api/v1/main/logs/E1?taskId=a", nil), 200)
	if n := len(e.do(http.MethodGet, "/api/v1/main/logs/E1", nil).json(t).([]any)); n != 1 {
		t.Fatalf("after delete: %d lines", n)
	}
	expectStatus(t, e.do(http.MethodDelete, "/api/v1/main/logs/company.team/hello", nil), 200)
	if n := len(e.do(http.MethodGet, "/api/v1/main/logs/E2", nil).json(t).([]any)); n != 0 {
		t.Fatalf("after flow delete: %d lines", n)
	}
}

// sseEvent is one parsed event.
type sseEvent struct {
	id   string
	data string
}

// readEvents reads events from an SSE body until n events or EOF.
func readEvents(t *testing.T, sc *bufio.Scanner, n int) []sseEvent {
	t.Helper()
	var out []sseEvent
	var cur sseEvent
	for len(out) < n && sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if cur.id != "" || cur.data != "" {
				out = append(out, cur)
			}
			cur = sseEvent{}
		case strings.HasPrefix(line, "id: "):
			cur.id = strings.TrimPrefix(line, "id: ")
		case strings.HasPrefix(line, "data: "):
			cur.data = strings.TrimPrefix(line, "data: ")
		}
	}
	return out
}

func TestFollowLogs(t *testing.T) {
	e := newEnv(t, api.Config{})
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	appendLog(t, e, "E1", "a", 1, kestra.LevelDebug, "debug line")
	appendLog(t, e, "E1", "a", 2, kestra.LevelInfo, "first")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/v1/main/logs/E1/follow?minLevel=INFO", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	sc := bufio.NewScanner(resp.Body)
	ev := readEvents(t, sc, 1)
	if len(ev) != 1 || ev[0].id != "progress" || !strings.Contains(ev[0].data, `"message":"first"`) {
		t.Fatalf("events %+v", ev)
	}
	appendLog(t, e, "E1", "b", 3, kestra.LevelWarn, "later")
	ev = readEvents(t, sc, 1)
	if len(ev) != 1 || !strings.Contains(ev[0].data, `"message":"later"`) {
		t.Fatalf("events %+v", ev)
	}
}

func TestFollowExecution(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.mustFlow(helloFlow)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	r := e.form("/api/v1/main/executions/company.team/hello", map[string]string{"name": "x"}, nil)
	id := r.path(t, "id").(string)

	resp, err := http.Get(srv.URL + "/api/v1/main/executions/" + id + "/follow")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	ev := readEvents(t, sc, 1)
	if len(ev) != 1 || ev[0].id != "progress" || !strings.Contains(ev[0].data, `"current":"CREATED"`) {
		t.Fatalf("first event %+v", ev)
	}
	e.exec.setState(t, id, kestra.StateRunning)
	ev = readEvents(t, sc, 1)
	if len(ev) != 1 || ev[0].id != "progress" || !strings.Contains(ev[0].data, `"current":"RUNNING"`) {
		t.Fatalf("second event %+v", ev)
	}
	e.exec.setState(t, id, kestra.StateSuccess)
	ev = readEvents(t, sc, 2)
	if len(ev) != 1 || ev[0].id != "end" {
		t.Fatalf("want one end event, got %+v", ev)
	}
	var x kestra.Execution
	if err := json.Unmarshal([]byte(ev[0].data), &x); err != nil || x.State.Current != kestra.StateSuccess {
		t.Fatalf("end data %q: %v", ev[0].data, err)
	}

	// A finished execution: a single end event.
	resp2, err := http.Get(srv.URL + "/api/v1/executions/" + id + "/follow")
	if err != nil {
		t.Fatal(err)
	}
	defer resp2.Body.Close()
	ev = readEvents(t, bufio.NewScanner(resp2.Body), 5)
	if len(ev) != 1 || ev[0].id != "end" {
		t.Fatalf("finished: %+v", ev)
	}
}

func TestFollowUnknownExecution(t *testing.T) {
	e := newEnv(t, api.Config{FollowWait: 300 * time.Millisecond})
	start := time.Now()
	r := e.do(http.MethodGet, "/api/v1/main/executions/nope/follow", nil)
	expectStatus(t, r, 404)
	if time.Since(start) < 300*time.Millisecond {
		t.Fatalf("answered 404 after %v, before FollowWait", time.Since(start))
	}
}
