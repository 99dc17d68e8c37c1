package devserver_test

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/kestra-temporal/kestra-temporal/devserver"
	"github.com/kestra-temporal/kestra-temporal/devserver/devservertest"
)

// BenchmarkStartStop starts and stops an in-memory server without UI.
func BenchmarkStartStop(b *testing.B) {
	var start, stop time.Duration
	for b.Loop() {
		t0 := time.Now()
		s, err := devserver.Start(context.Background(), devservertest.Options())
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := s.Stop(); err != nil {
			b.Fatal(err)
		}
		start += t1.Sub(t0)
		stop += time.Since(t1)
	}
	b.ReportMetric(float64(start.Milliseconds())/float64(b.N), "ms-start/op")
	b.ReportMetric(float64(stop.Milliseconds())/float64(b.N), "ms-stop/op")
	b.ReportMetric(rssMB(), "MB-RSS")
}

// BenchmarkWorkflowRoundTrip starts a one-activity workflow and waits for
// its result, worker and client in this process, on the shared server.
func BenchmarkWorkflowRoundTrip(b *testing.B) {
	ctx := context.Background()
	c := devservertest.NewClient(b, shared)
	startWorker(b, c, "bench")
	i := 0
	for b.Loop() {
		i++
		opts := client.StartWorkflowOptions{ID: "bench-" + strconv.Itoa(i) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36), TaskQueue: "bench"}
		if _, err := greet(ctx, c, opts, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(rssMB(), "MB-RSS")
}

// rssMB is this process's resident set size.
func rssMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
