package process

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const envFakeWorker = "KT_TEST_FAKE_WORKER"

func TestMain(m *testing.M) {
	MaybeSupervise()
	if marker := os.Getenv(envFakeWorker); marker != "" {
		fakeWorker(marker)
		return
	}
	os.Exit(m.Run())
}

// fakeWorker runs a process tree and waits to be killed.
func fakeWorker(marker string) {
	_, err := Run(context.Background(), Command{Args: treeArgs(), Env: markedEnv(marker),
		Dir: os.Getenv("KT_TEST_DIR"), RemoveDirOnStop: true})
	fmt.Fprintln(os.Stderr, "fake worker: run returned:", err)
	os.Exit(3)
}

// treeArgs starts a tree with a background job, a detached session and a
// foreground child.
func treeArgs() []string {
	return []string{"/bin/sh", "-c", "sleep 300 & setsid sleep 301 & sleep 302"}
}

func markedEnv(marker string) []string {
	return append(os.Environ(), "KT_TEST_MARKER="+marker)
}

func newMarker(t *testing.T) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// marked lists the processes whose environment holds the marker.
func marked(marker string) []int {
	entries, _ := os.ReadDir("/proc")
	var out []int
	want := []byte(marker)
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/environ")
		if err != nil || !bytes.Contains(b, want) {
			continue
		}
		if st, err := os.ReadFile("/proc/" + e.Name() + "/stat"); err == nil {
			if i := bytes.LastIndexByte(st, ')'); i > 0 && bytes.HasPrefix(bytes.TrimSpace(st[i+1:]), []byte("Z")) {
				continue // a zombie is dead already
			}
		}
		out = append(out, pid)
	}
	return out
}

func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > timeout {
			t.Fatalf("%s: not after %s", what, timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Since(start)
}

func TestCancelKillsTree(t *testing.T) {
	marker := newMarker(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := Run(ctx, Command{Args: treeArgs(), Env: markedEnv(marker)})
		done <- err
	}()
	waitFor(t, "tree started", 10*time.Second, func() bool { return len(marked(marker)) >= 4 })
	cancel()
	took := waitFor(t, "tree gone", 2*time.Second, func() bool { return len(marked(marker)) == 0 })
	t.Logf("process tree gone %s after cancellation", took)
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Fatalf("Run: got %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return")
	}
}

func TestWorkerSIGKILLKillsTree(t *testing.T) {
	marker := newMarker(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "work")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	worker := exec.Command(self, "-test.run=^$")
	worker.Env = append(os.Environ(), envFakeWorker+"="+marker, "KT_TEST_DIR="+dir)
	worker.Stderr = os.Stderr
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	defer worker.Process.Kill()
	// The worker, its supervisor, sh and three sleeps.
	waitFor(t, "tree started", 10*time.Second, func() bool { return len(marked(marker)) >= 6 })
	if err := worker.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = worker.Wait()
	took := waitFor(t, "tree gone", 2*time.Second, func() bool { return len(marked(marker)) == 0 })
	t.Logf("supervisor and process tree gone %s after the worker was SIGKILLed", took)
	waitFor(t, "working directory removed", time.Second, func() bool {
		_, err := os.Stat(dir)
		return os.IsNotExist(err)
	})
}

func TestOutputAndExitCode(t *testing.T) {
	marker := newMarker(t)
	var mu sync.Mutex
	var out, errs []string
	res, err := Run(context.Background(), Command{
		Args: []string{"/bin/sh", "-c", "echo one; echo two >&2; printf 'no newline'; sleep 300 & exit 3"},
		Env:  markedEnv(marker),
		Stdout: func(l string) {
			mu.Lock()
			out = append(out, l)
			mu.Unlock()
		},
		Stderr: func(l string) { errs = append(errs, l) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != 3 {
		t.Errorf("exit code %d, want 3", res.ExitCode)
	}
	if got := strings.Join(out, "|"); got != "one|no newline" {
		t.Errorf("stdout %q", got)
	}
	if got := strings.Join(errs, "|"); got != "two" {
		t.Errorf("stderr %q", got)
	}
	if left := marked(marker); len(left) > 0 {
		t.Errorf("processes left behind: %v", left)
	}
}

func TestSignalledAndMissing(t *testing.T) {
	res, err := Run(context.Background(), Command{Args: []string{"/bin/sh", "-c", "kill -9 $$"}, Env: os.Environ()})
	if err != nil || res.ExitCode != 137 {
		t.Errorf("killed: %v %d, want 137", err, res.ExitCode)
	}
	var errs []string
	res, err = Run(context.Background(), Command{
		Args: []string{"no-such-command-kt"}, Env: os.Environ(),
		Stderr: func(l string) { errs = append(errs, l) },
	})
	if err != nil || res.ExitCode != 127 || len(errs) != 1 || !strings.Contains(errs[0], "no-such-command-kt") {
		t.Errorf("missing: %v %d %q", err, res.ExitCode, errs)
	}
}

func TestSplitLines(t *testing.T) {
	var got []string
	splitLines(strings.NewReader("a\r\nbcdefgh\n\nlast"), 3, func(s string) { got = append(got, s) })
	if strings.Join(got, "|") != "a|bcdefgh||last" {
		t.Errorf("%q", got)
	}
	got = nil
	long := strings.Repeat("x", 200<<10)
	splitLines(strings.NewReader(long+"\n"), 100<<10, func(s string) { got = append(got, s) })
	if len(got) < 2 || strings.Join(got, "") != long {
		t.Errorf("long line split in %d parts", len(got))
	}
}

func TestCancelKillsTreeIgnoringTERM(t *testing.T) {
	marker := newMarker(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := Run(ctx, Command{Args: []string{"/bin/sh", "-c", "trap '' TERM; sleep 300 & sleep 301"}, Env: markedEnv(marker)})
		done <- err
	}()
	waitFor(t, "tree started", 10*time.Second, func() bool { return len(marked(marker)) >= 3 })
	cancel()
	took := waitFor(t, "tree gone", 2*time.Second, func() bool { return len(marked(marker)) == 0 })
	t.Logf("tree ignoring SIGTERM gone %s after cancellation (grace %s)", took, DefaultGrace)
	<-done
}
