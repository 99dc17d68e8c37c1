package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

// Bench runs the store benchmarks: appending log lines (one per call and in
// batches of 100), searching 100,000 executions by namespace and state, and
// fetching an execution with 10,000 task runs. newStore returns an empty
// store closed by a b.Cleanup.
func Bench(b *testing.B, newStore func(b *testing.B) store.Store) {
	b.Run("AppendLog", func(b *testing.B) {
		s := newStore(b)
		ctx := context.Background()
		b.ResetTimer()
		for i := range b.N {
			if _, err := s.AppendLog(ctx, Line("e1", "tr1", "t1", 0, int64(i), kestra.LevelInfo, T0, "a log line of a typical length, with some words")); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	})
	b.Run("AppendLogsBatch100", func(b *testing.B) {
		s := newStore(b)
		ctx := context.Background()
		batch := make([]store.LogLine, 100)
		b.ResetTimer()
		for i := 0; i < b.N; i += len(batch) {
			n := min(len(batch), b.N-i)
			for j := range n {
				batch[j] = Line("e1", "tr1", "t1", 0, int64(i+j), kestra.LevelInfo, T0, "a log line of a typical length, with some words")
			}
			if _, err := s.AppendLogs(ctx, batch[:n]); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	})
	b.Run("SearchExecutions100k", func(b *testing.B) {
		s := newStore(b)
		ctx := context.Background()
		start := time.Now()
		seedExecutions(b, s, 100_000)
		if o, ok := s.(store.Optimizer); ok {
			if err := o.Optimize(ctx); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("seeded 100,000 executions in %v", time.Since(start))
		for _, tc := range []struct {
			name string
			q    store.Query
		}{
			{"NamespaceAndState", store.Query{Filters: []store.Filter{
				{Field: store.FieldNamespace, Op: store.OpEquals, Values: []string{"company.team3"}},
				{Field: store.FieldState, Op: store.OpIn, Values: []string{"FAILED"}},
			}, Page: store.Page{Number: 1, Size: 25}}},
			{"NamespacePrefixAndStates", store.Query{Filters: []store.Filter{
				{Field: store.FieldNamespace, Op: store.OpPrefix, Values: []string{"company"}},
				{Field: store.FieldState, Op: store.OpIn, Values: []string{"FAILED", "RUNNING"}},
			}, Page: store.Page{Number: 3, Size: 25}}},
		} {
			b.Run(tc.name, func(b *testing.B) {
				var total int64
				for b.Loop() {
					res, err := s.SearchExecutions(ctx, tc.q, store.SearchExecutionsOptions{})
					if err != nil {
						b.Fatal(err)
					}
					if len(res.Results) != 25 {
						b.Fatalf("%d results", len(res.Results))
					}
					total = res.Total
				}
				b.ReportMetric(float64(total), "matches")
			})
		}
	})
	// Fetch an execution with 10,000 task runs.
	b.Run("GetExecution10kTaskRuns", func(b *testing.B) {
		s := newStore(b)
		ctx := context.Background()
		ex := Execution("big", "company.team", "loop", kestra.StateSuccess, T0, 10_000)
		start := time.Now()
		if _, err := s.UpsertExecution(ctx, ex, 1); err != nil {
			b.Fatal(err)
		}
		b.Logf("wrote an execution with 10,000 task runs in %v", time.Since(start))
		for b.Loop() {
			got, err := s.GetExecution(ctx, "big")
			if err != nil {
				b.Fatal(err)
			}
			if len(got.TaskRunList) != 10_000 {
				b.Fatalf("%d task runs", len(got.TaskRunList))
			}
		}
	})
	// Rewrite an execution with 10,000 task runs of which one changed.
	b.Run("UpsertExecution10kTaskRuns", func(b *testing.B) {
		s := newStore(b)
		ctx := context.Background()
		ex := Execution("big", "company.team", "loop", kestra.StateRunning, T0, 10_000)
		seq := int64(1)
		start := time.Now()
		if _, err := s.UpsertExecution(ctx, ex, seq); err != nil {
			b.Fatal(err)
		}
		b.Logf("first write of 10,000 task runs: %v", time.Since(start))
		for b.Loop() {
			seq++
			// One task run changes per write, as when the engine records progress.
			ex.TaskRunList[seq%10_000].Outputs = map[string]any{"seq": seq}
			if _, err := s.UpsertExecution(ctx, ex, seq); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// seedExecutions writes n executions over 10 namespaces, 5 flows each and
// 6 states, from 4 writers.
func seedExecutions(b *testing.B, s store.Store, n int) {
	ctx := context.Background()
	states := []kestra.StateType{kestra.StateSuccess, kestra.StateSuccess, kestra.StateSuccess, kestra.StateFailed, kestra.StateRunning, kestra.StateWarning}
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				ex := Execution(fmt.Sprintf("exec%06d", i), fmt.Sprintf("company.team%d", i%10), fmt.Sprintf("flow%d", i%5),
					states[i%len(states)], T0.Add(time.Duration(i)*time.Second), 0, kestra.Label{Key: "batch", Value: fmt.Sprint(i % 100)})
				if _, err := s.UpsertExecution(ctx, ex, 1); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}
