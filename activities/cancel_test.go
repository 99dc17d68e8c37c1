package activities

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
)

// marked lists live processes whose environment holds marker.
func marked(marker string) []int {
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/environ")
		if err != nil || !bytes.Contains(b, []byte(marker)) {
			continue
		}
		if st, err := os.ReadFile("/proc/" + e.Name() + "/stat"); err == nil {
			if i := bytes.LastIndexByte(st, ')'); i > 0 && bytes.HasPrefix(bytes.TrimSpace(st[i+1:]), []byte("Z")) {
				continue
			}
		}
		out = append(out, pid)
	}
	return out
}

func waitUntil(t *testing.T, what string, timeout time.Duration, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > timeout {
			t.Fatalf("%s: not within %s", what, timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Since(start)
}

// TestShellCancel cancels a running shell task (what a Kill does once the
// cancellation reached the activity) and checks in /proc that its whole
// process tree is gone within 2 s.
func TestShellCancel(t *testing.T) {
	h := newHarness(t, nil)
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	marker := hex.EncodeToString(b)
	tk := task(t, `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  env: {KT_MARK: "`+marker+`"}
  commands: ['sleep 600 & sleep 601']`)
	req := request(t, tk, nil)
	d := h.deps.withDefaults()
	e, _ := executors.Lookup(tk.Type)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := d.activity(tk.Type, e)(ctx, req)
		done <- err
	}()
	waitUntil(t, "processes started", 10*time.Second, func() bool { return len(marked(marker)) >= 3 })
	cancel()
	took := waitUntil(t, "process tree gone", 2*time.Second, func() bool { return len(marked(marker)) == 0 })
	t.Logf("process tree gone %s after cancellation", took)
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("activity returned %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("activity did not return")
	}
	entries, _ := os.ReadDir(h.deps.WorkDir)
	if len(entries) != 0 {
		t.Errorf("working directory left behind: %v", entries)
	}
}

// TestHeartbeats checks that a running task heartbeats. The SDK's test
// environment throttles heartbeats to one per 30 s whatever the worker
// options (it ignores MaxHeartbeatThrottleInterval), so only the first one
// is observable here.
func TestHeartbeats(t *testing.T) {
	h := newHarness(t, nil)
	var beats atomic.Int32
	h.env.SetOnActivityHeartbeatListener(func(*activity.Info, converter.EncodedValues) { beats.Add(1) })
	r := h.run(task(t, `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  commands: ['sleep 1.5']`), nil)
	if r.err != nil || r.failure != "" {
		t.Fatal(r.err, r.failure)
	}
	if n := beats.Load(); n < 1 {
		t.Errorf("no heartbeat")
	}
}
