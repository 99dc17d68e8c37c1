package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/kestra-temporal/kestra-temporal/api"
	"github.com/kestra-temporal/kestra-temporal/devserver/devservertest"
	"github.com/kestra-temporal/kestra-temporal/engine"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/store/sqlite"
	"github.com/kestra-temporal/kestra-temporal/translator"
)

// TestDeadWorkerTaskRunsElsewhere runs workers as separate OS processes,
// SIGKILLs the one running a shell task, and checks that the task's
// processes die with it, that a second worker runs the task again, once,
// and that the execution ends SUCCESS with one visible attempt: a dead
// worker is Temporal's business, not a Kestra retry.
func TestDeadWorkerTaskRunsElsewhere(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	bin := filepath.Join(t.TempDir(), "kestra-temporal")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	srv := devservertest.Start(t)
	dataDir := t.TempDir()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(dataDir, "kestra.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := srv.NewClientWithOptions(ctx, engine.ClientOptions(client.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	startWorker := func(name string) *exec.Cmd {
		cmd := exec.Command(bin, "worker", "--temporal-address", srv.FrontendAddr(), "--task-queue", "dead-worker",
			"--data-dir", dataDir, "--log-level", "warn")
		log, _ := os.Create(filepath.Join(dataDir, name+".log"))
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
		return cmd
	}
	first := startWorker("first")

	marker := fmt.Sprintf("dead-worker-test-%d", time.Now().UnixNano())
	src := `id: survives
namespace: acme.workers
tasks:
  - id: work
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - sh -c 'sleep 3; echo ` + marker + `'
      - echo finished
`
	r, _ := translator.TranslateOne("flow.yaml", []byte(src))
	eng := engine.New(c, s, engine.Config{TaskQueue: "dead-worker"}, nil)
	execution, err := eng.Start(ctx, api.StartRequest{Flow: r.Flow})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "the task's processes", func() bool { return len(processesWith(marker)) > 0 })

	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_, _ = first.Process.Wait()
	waitFor(t, 2*time.Second, "the dead worker's task processes to be gone", func() bool { return len(processesWith(marker)) == 0 })

	startWorker("second")
	var final *kestra.Execution
	waitFor(t, 60*time.Second, "the execution to end", func() bool {
		e, err := s.GetExecution(ctx, execution.ID)
		if err == nil && e.State.Current.IsTerminated() {
			final = e
			return true
		}
		return false
	})
	if final.State.Current != kestra.StateSuccess {
		t.Fatalf("state %s", final.State.Current)
	}
	if n := len(final.TaskRunList[0].Attempts); n != 1 {
		t.Errorf("%d Kestra attempts: a worker's death must not count as a retry", n)
	}
	lines, _ := s.ExecutionLogs(ctx, execution.ID, store.LogFilter{})
	finished := 0
	for _, l := range lines {
		if l.Message == "finished" {
			finished++
		}
	}
	if finished != 1 {
		t.Errorf("the task finished %d times, want once", finished)
	}
}

func waitFor(t *testing.T, timeout time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// processesWith lists the pids whose command line contains s.
func processesWith(s string) []string {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	var out []string
	for _, d := range dirs {
		cmd, err := os.ReadFile(filepath.Join(d, "cmdline"))
		if err == nil && strings.Contains(string(cmd), s) {
			out = append(out, filepath.Base(d))
		}
	}
	return out
}
