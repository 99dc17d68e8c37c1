// Package devservertest starts the embedded Temporal server of package
// devserver for tests.
//
// Starting a server costs about half a second, so a package whose tests all
// talk to Temporal should share one server per test binary through Main:
//
//	var srv *devserver.Server
//
//	func TestMain(m *testing.M) {
//		devservertest.Main(m, func(s *devserver.Server) { srv = s })
//	}
//
//	func TestSomething(t *testing.T) {
//		c := devservertest.NewClient(t, srv)
//		w := worker.New(c, t.Name(), worker.Options{}) // a task queue per test keeps tests apart
//		...
//	}
//
// Tests sharing the server should use their own task queues and workflow IDs.
// Start gives a test a server of its own, stopped when the test ends.
package devservertest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/kestra-temporal/kestra-temporal/devserver"
)

// startTimeout bounds a server start in tests (normally well under a second).
const startTimeout = 30 * time.Second

// Options returns the options tests use: in memory, free ports, no UI.
func Options() devserver.Options {
	return devserver.Options{Ephemeral: true, DisableUI: true}
}

// Start starts a server with Options(), modified by the given functions, and
// stops it when tb ends.
func Start(tb testing.TB, modify ...func(*devserver.Options)) *devserver.Server {
	tb.Helper()
	opts := Options()
	for _, f := range modify {
		f(&opts)
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	s, err := devserver.Start(ctx, opts)
	if err != nil {
		tb.Fatalf("devservertest: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Stop(); err != nil {
			tb.Errorf("devservertest: %v", err)
		}
	})
	return s
}

// Main starts one server with Options() for the whole test binary, hands it
// to use, runs the tests, stops the server and exits. Call it from TestMain.
func Main(m *testing.M, use func(*devserver.Server)) {
	MainWithOptions(m, Options(), use)
}

// MainWithOptions is Main with the given options.
func MainWithOptions(m *testing.M, opts devserver.Options, use func(*devserver.Server)) {
	os.Exit(runMain(m, opts, use))
}

func runMain(m *testing.M, opts devserver.Options, use func(*devserver.Server)) int {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	s, err := devserver.Start(ctx, opts)
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "devservertest: %v\n", err)
		return 1
	}
	use(s)
	code := m.Run()
	if err := s.Stop(); err != nil {
		fmt.Fprintf(os.Stderr, "devservertest: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// NewClient dials s in its namespace and closes the client when tb ends.
func NewClient(tb testing.TB, s *devserver.Server) client.Client {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := s.NewClient(ctx)
	if err != nil {
		tb.Fatalf("devservertest: %v", err)
	}
	tb.Cleanup(c.Close)
	return c
}
