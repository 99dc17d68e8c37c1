package devserver_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/kestra-temporal/kestra-temporal/devserver"
)

const persistedID = "persisted-greet"

// runChild is the other process of TestRestartKeepsWorkflows: it runs a
// server on dir, completes one workflow and stops.
func runChild(dir string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := devserver.Start(ctx, devserver.Options{DataDir: dir, DisableUI: true})
	if err != nil {
		return err
	}
	defer s.Stop()
	c, err := s.NewClient(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	w := newGreetWorker(c, "child")
	if err := w.Start(); err != nil {
		return fmt.Errorf("start worker: %w", err)
	}
	defer w.Stop()
	out, err := greet(ctx, c, client.StartWorkflowOptions{ID: persistedID, TaskQueue: "child"}, "from the child")
	if err != nil {
		return err
	}
	fmt.Println("child result:", out, "frontend:", s.FrontendAddr())
	return nil
}

// TestRestartKeepsWorkflows runs a workflow in another process on a data
// directory (which also shows two processes running servers side by side),
// then reads its history from a server started here on the same directory,
// with an extra search attribute and another retention.
func TestRestartKeepsWorkflows(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child process: %v\n%s", err, out)
	}
	t.Logf("%s", strings.TrimSpace(string(out)))

	extra := devserver.DefaultSearchAttributes()
	extra["KestraAttempt"] = enumspb.INDEXED_VALUE_TYPE_INT
	opts := devserver.Options{DataDir: dir, DisableUI: true, Retention: 48 * time.Hour, SearchAttributes: extra}
	ctx := testContext(t)

	s := startServer(t, opts)
	c, err := s.NewClient(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got string
	if err := c.GetWorkflow(ctx, persistedID, "").Get(ctx, &got); err != nil {
		t.Fatalf("result of the child's workflow: %v", err)
	}
	if got != "hello from the child" {
		t.Fatalf("result %q", got)
	}
	if n := countEvents(ctx, t, c, persistedID, enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED); n != 1 {
		t.Fatalf("history has %d ActivityTaskCompleted events, want 1", n)
	}

	desc, err := c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: s.Namespace()})
	if err != nil {
		t.Fatal(err)
	}
	if got := desc.GetConfig().GetWorkflowExecutionRetentionTtl().AsDuration(); got != 48*time.Hour {
		t.Errorf("retention %s, want 48h", got)
	}
	list, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: s.Namespace()})
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(pick(list.GetCustomAttributes(), extra), extra) {
		t.Errorf("custom search attributes %v, want %v among them", list.GetCustomAttributes(), extra)
	}

	// In this process: run a second workflow, stop, start again, find both.
	w := newGreetWorker(c, "parent")
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	if _, err := greet(ctx, c, client.StartWorkflowOptions{ID: "second", TaskQueue: "parent"}, "again"); err != nil {
		t.Fatal(err)
	}
	w.Stop()
	c.Close()
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	s = startServer(t, opts)
	c, err = s.NewClient(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, id := range []string{persistedID, "second"} {
		if n := countEvents(ctx, t, c, id, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED); n != 1 {
			t.Errorf("workflow %s: %d WorkflowExecutionCompleted events after restart, want 1", id, n)
		}
	}
}

func startServer(tb testing.TB, opts devserver.Options) *devserver.Server {
	tb.Helper()
	s, err := devserver.Start(testContext(tb), opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Stop(); err != nil {
			tb.Error(err)
		}
	})
	return s
}

func countEvents(ctx context.Context, tb testing.TB, c client.Client, id string, typ enumspb.EventType) int {
	tb.Helper()
	it := c.GetWorkflowHistory(ctx, id, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	n := 0
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			tb.Fatalf("history of %s: %v", id, err)
		}
		if ev.GetEventType() == typ {
			n++
		}
	}
	return n
}

func pick[V any](m map[string]V, keys map[string]V) map[string]V {
	out := map[string]V{}
	for k := range keys {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return out
}
