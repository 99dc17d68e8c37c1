package postgres_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/store/postgres/pgtest"
	"github.com/kestra-temporal/kestra-temporal/store/storetest"
)

// TestFollowerInAnotherProcess runs the appender in a child process (this
// test binary re-executed) and checks that the follower here is woken
// within 100 ms of each commit, without polling.
func TestFollowerInAnotherProcess(t *testing.T) {
	if os.Getenv("KT_APPENDER_URL") != "" {
		runAppender(t)
		return
	}
	u := pgtest.URL(t)
	s := open(t, u, store.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	wake, err := s.WatchLogs(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestFollowerInAnotherProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "KT_APPENDER_URL="+u)
	cmd.Stderr = os.Stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := bufio.NewScanner(stdout)
	var worst time.Duration
	for i := range 5 {
		fmt.Fprintln(stdin, i)
		var committed time.Time
		for out.Scan() {
			if ts, ok := strings.CutPrefix(out.Text(), "committed "); ok {
				n, _ := strconv.ParseInt(ts, 10, 64)
				committed = time.Unix(0, n)
				break
			}
		}
		if committed.IsZero() {
			t.Fatalf("appender ended: %v", out.Err())
		}
		select {
		case <-wake:
			worst = max(worst, time.Since(committed))
		case <-time.After(5 * time.Second):
			t.Fatalf("line %d: follower not woken", i)
		}
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	lines, err := s.ExecutionLogs(ctx, "e1", store.LogFilter{})
	if err != nil || len(lines) != 5 {
		t.Fatalf("%d lines, %v", len(lines), err)
	}
	t.Logf("worst wake-up after another process's commit: %v", worst)
	if worst > 100*time.Millisecond {
		t.Fatalf("follower woken %v after the commit, want < 100ms", worst)
	}
}

func runAppender(t *testing.T) {
	s := open(t, os.Getenv("KT_APPENDER_URL"), store.Options{})
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		i, _ := strconv.Atoi(in.Text())
		line := storetest.Line("e1", "tr1", "t1", 0, int64(i), kestra.LevelInfo, storetest.T0, "from another process")
		if _, err := s.AppendLog(context.Background(), line); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("committed %d\n", time.Now().UnixNano())
	}
}
