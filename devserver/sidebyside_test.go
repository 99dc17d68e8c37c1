package devserver_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/kestra-temporal/kestra-temporal/devserver"
	"github.com/kestra-temporal/kestra-temporal/devserver/devservertest"
)

// TestServersSideBySide starts two servers at once in this process (beside
// the shared one) and checks that they are independent.
func TestServersSideBySide(t *testing.T) {
	ctx := testContext(t)
	var (
		servers [2]*devserver.Server
		errs    [2]error
		wg      sync.WaitGroup
	)
	for i := range servers {
		wg.Go(func() {
			servers[i], errs[i] = devserver.Start(ctx, devservertest.Options())
		})
	}
	wg.Wait()
	for i, s := range servers {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		t.Cleanup(func() { s.Stop() })
	}
	if servers[0].FrontendAddr() == servers[1].FrontendAddr() {
		t.Fatalf("both servers on %s", servers[0].FrontendAddr())
	}

	first := devservertest.NewClient(t, servers[0])
	startWorker(t, first, "side")
	if _, err := greet(ctx, first, client.StartWorkflowOptions{ID: "only-on-first", TaskQueue: "side"}, "first"); err != nil {
		t.Fatal(err)
	}
	second := devservertest.NewClient(t, servers[1])
	_, err := second.DescribeWorkflowExecution(ctx, "only-on-first", "")
	var notFound *serviceerror.NotFound
	if !errors.As(err, &notFound) {
		t.Fatalf("the second server knows the first one's workflow: err = %v", err)
	}
}

func TestStartWithCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if s, err := devserver.Start(ctx, devservertest.Options()); err == nil {
		s.Stop()
		t.Fatal("Start with a canceled context succeeded")
	}
}
