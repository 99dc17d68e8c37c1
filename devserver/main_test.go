package devserver_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/kestra-temporal/kestra-temporal/devserver"
	"github.com/kestra-temporal/kestra-temporal/devserver/devservertest"
)

// shared is the server most tests use, started once by TestMain.
var shared *devserver.Server

// childEnv, when set, makes the test binary act as a separate process
// running a server on the data directory it names (see restart_test.go).
const childEnv = "DEVSERVER_TEST_CHILD_DATADIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		if err := runChild(dir); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	devservertest.Main(m, func(s *devserver.Server) { shared = s })
}

// Greet runs one activity.
func Greet(ctx workflow.Context, name string) (string, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 1},
	})
	var out string
	err := workflow.ExecuteActivity(ctx, Hello, name).Get(ctx, &out)
	return out, err
}

// Hello is Greet's activity.
func Hello(_ context.Context, name string) (string, error) { return "hello " + name, nil }

// startWorker runs a worker for Greet on taskQueue until the test ends.
func startWorker(tb testing.TB, c client.Client, taskQueue string) {
	tb.Helper()
	w := newGreetWorker(c, taskQueue)
	if err := w.Start(); err != nil {
		tb.Fatalf("start worker: %v", err)
	}
	tb.Cleanup(w.Stop)
}

func newGreetWorker(c client.Client, taskQueue string) worker.Worker {
	w := worker.New(c, taskQueue, worker.Options{})
	w.RegisterWorkflow(Greet)
	w.RegisterActivity(Hello)
	return w
}

// greet starts Greet and waits for its result.
func greet(ctx context.Context, c client.Client, opts client.StartWorkflowOptions, name string) (string, error) {
	run, err := c.ExecuteWorkflow(ctx, opts, Greet, name)
	if err != nil {
		return "", fmt.Errorf("start workflow: %w", err)
	}
	var out string
	if err := run.Get(ctx, &out); err != nil {
		return "", fmt.Errorf("workflow result: %w", err)
	}
	return out, nil
}

func testContext(tb testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	tb.Cleanup(cancel)
	return ctx
}
