package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

// Line returns a log line of a task run attempt.
func Line(exec, taskRun, task string, attempt int, seq int64, level kestra.Level, at time.Time, msg string) store.LogLine {
	return store.LogLine{
		LogEntry: kestra.LogEntry{
			Namespace: "company.team", FlowID: "hello", TaskID: task, ExecutionID: exec, TaskRunID: taskRun,
			AttemptNumber: &attempt, Timestamp: at, Level: level, Thread: "worker", Message: msg,
		},
		Seq: seq,
	}
}

func messages(ls []store.LogLine) string {
	ms := []string{}
	for _, l := range ls {
		ms = append(ms, l.Message)
	}
	return strings.Join(ms, ",")
}

func testLogs(t *testing.T, h Harness) {
	t.Run("AppendGetIdempotent", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		batch := []store.LogLine{
			Line("e1", "tr1", "t1", 0, 0, kestra.LevelInfo, T0, "m1"),
			Line("e1", "tr1", "t1", 0, 1, kestra.LevelDebug, T0.Add(time.Millisecond), "m2"),
			Line("e1", "tr1", "t1", 1, 0, kestra.LevelError, T0.Add(2*time.Millisecond), "m3"),
			Line("e1", "tr2", "t2", 0, 0, kestra.LevelWarn, T0.Add(3*time.Millisecond), "m4"),
			Line("e2", "tr9", "t1", 0, 0, kestra.LevelInfo, T0, "other"),
		}
		if n := must[int](t)(s.AppendLogs(ctx, batch)); n != 5 {
			t.Fatalf("inserted %d", n)
		}
		// A retried activity sends the same lines again, plus a new one.
		retry := append(slices.Clone(batch[:2]), Line("e1", "tr2", "t2", 0, 1, kestra.LevelTrace, T0.Add(4*time.Millisecond), "m5"))
		if n := must[int](t)(s.AppendLogs(ctx, retry)); n != 1 {
			t.Fatalf("retry inserted %d, want 1", n)
		}
		if ok := must[bool](t)(s.AppendLog(ctx, batch[0])); ok {
			t.Fatal("duplicate single append inserted")
		}
		// Duplicates inside one batch count once.
		dup := Line("e1", "tr3", "t3", 0, 0, kestra.LevelInfo, T0.Add(5*time.Millisecond), "m6")
		if n := must[int](t)(s.AppendLogs(ctx, []store.LogLine{dup, dup})); n != 1 {
			t.Fatalf("batch with duplicate inserted %d", n)
		}
		explicit := store.LogLine{LogEntry: kestra.LogEntry{Namespace: "company.team", FlowID: "hello", ExecutionID: "e1",
			Timestamp: T0.Add(6 * time.Millisecond), Level: kestra.LevelInfo, Message: "m7"}, Key: "e1/execution/0"}
		if !must[bool](t)(s.AppendLog(ctx, explicit)) || must[bool](t)(s.AppendLog(ctx, explicit)) {
			t.Fatal("explicit key not idempotent")
		}
		all := must[[]store.LogLine](t)(s.ExecutionLogs(ctx, "e1", store.LogFilter{}))
		if got := messages(all); got != "m1,m2,m3,m4,m5,m6,m7" {
			t.Fatalf("logs %s", got)
		}
		jsonEqual(t, all[0].LogEntry, batch[0].LogEntry)
		if all[6].AttemptNumber != nil || all[0].ID >= all[1].ID {
			t.Fatalf("attempt/ids: %+v", all[6])
		}
		one := 1
		for _, tc := range []struct {
			name string
			f    store.LogFilter
			want string
		}{
			{"minLevel", store.LogFilter{MinLevel: kestra.LevelWarn}, "m3,m4"},
			{"taskId", store.LogFilter{TaskID: "t2"}, "m4,m5"},
			{"taskRunId", store.LogFilter{TaskRunID: "tr1"}, "m1,m2,m3"},
			{"attempt", store.LogFilter{TaskRunID: "tr1", Attempt: &one}, "m3"},
			{"after", store.LogFilter{AfterID: all[4].ID}, "m6,m7"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got := messages(must[[]store.LogLine](t)(s.ExecutionLogs(ctx, "e1", tc.f)))
				if got != tc.want {
					t.Fatalf("got %s want %s", got, tc.want)
				}
			})
		}
		for _, bad := range []store.LogLine{
			{LogEntry: kestra.LogEntry{Namespace: "n", FlowID: "f", ExecutionID: "e", Timestamp: T0, Level: kestra.LevelInfo}},
			{LogEntry: kestra.LogEntry{Namespace: "n", FlowID: "f", TaskRunID: "tr", Timestamp: T0}},
			{LogEntry: kestra.LogEntry{FlowID: "f", TaskRunID: "tr", Timestamp: T0, Level: kestra.LevelInfo}},
		} {
			_, err := s.AppendLog(ctx, bad)
			wantCode(t, err, kestra.EINVALID)
		}
	})

	t.Run("SearchDelete", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		now := e.clock.Now()
		lines := []store.LogLine{
			Line("e1", "tr1", "t1", 0, 0, kestra.LevelInfo, T0, "hello world"),
			Line("e1", "tr1", "t1", 0, 1, kestra.LevelError, T0.Add(time.Hour), "boom"),
			Line("e2", "tr2", "t2", 0, 0, kestra.LevelDebug, now.Add(-time.Minute), "recent"),
		}
		trig := store.LogLine{LogEntry: kestra.LogEntry{Namespace: "company.team", FlowID: "hello", TriggerID: "sched",
			Timestamp: T0.Add(30 * time.Minute), Level: kestra.LevelWarn, Message: "trigger"}, Key: "trigger/sched/1"}
		other := Line("e3", "tr3", "t1", 0, 0, kestra.LevelInfo, T0, "elsewhere")
		other.Namespace, other.FlowID = "other", "flow"
		must[int](t)(s.AppendLogs(ctx, append(lines, trig, other)))
		for _, tc := range []struct {
			name string
			q    store.Query
			want string
		}{
			{"all by timestamp", q(), "hello world,elsewhere,trigger,boom,recent"},
			{"namespace", q(f(store.FieldNamespace, store.OpPrefix, "company")), "hello world,trigger,boom,recent"},
			{"flowId", q(f(store.FieldFlowID, store.OpEquals, "flow")), "elsewhere"},
			{"minLevel", q(f(store.FieldMinLevel, store.OpEquals, "WARN")), "trigger,boom"},
			{"q", q(f(store.FieldQuery, store.OpEquals, "WORLD")), "hello world"},
			{"triggerId", q(f(store.FieldTriggerID, store.OpEquals, "sched")), "trigger"},
			{"dates", q(f(store.FieldStartDate, store.OpGreaterThan, kestra.FormatInstant(T0)),
				f(store.FieldEndDate, store.OpLessThanOrEqual, kestra.FormatInstant(T0.Add(time.Hour)))), "trigger,boom"},
			{"timeRange", q(f(store.FieldTimeRange, store.OpEquals, "PT5M")), "recent"},
			{"sort level desc", store.Query{Sort: []store.Sort{{Field: "level", Desc: true}}}, "boom,trigger,elsewhere,hello world,recent"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := must[store.Results[store.LogLine]](t)(s.SearchLogs(ctx, tc.q))
				if got := messages(res.Results); got != tc.want || res.Total != int64(len(res.Results)) {
					t.Fatalf("got %q (total %d), want %q", got, res.Total, tc.want)
				}
			})
		}
		page := must[store.Results[store.LogLine]](t)(s.SearchLogs(ctx, store.Query{Page: store.Page{Number: 2, Size: 2}}))
		if page.Total != 5 || messages(page.Results) != "trigger,boom" {
			t.Fatalf("page %d %s", page.Total, messages(page.Results))
		}
		_, err := s.SearchLogs(ctx, q(f(store.FieldState, store.OpEquals, "SUCCESS")))
		wantCode(t, err, kestra.EINVALID)

		if n := must[int64](t)(s.DeleteLogs(ctx, "e1", store.LogFilter{MinLevel: kestra.LevelError})); n != 1 {
			t.Fatalf("deleted %d", n)
		}
		if got := messages(must[[]store.LogLine](t)(s.ExecutionLogs(ctx, "e1", store.LogFilter{}))); got != "hello world" {
			t.Fatalf("after delete: %s", got)
		}
		if n := must[int64](t)(s.DeleteFlowLogs(ctx, "company.team", "hello", "sched")); n != 1 {
			t.Fatalf("deleted trigger logs %d", n)
		}
		if n := must[int64](t)(s.DeleteFlowLogs(ctx, "company.team", "hello", "")); n != 2 {
			t.Fatalf("deleted flow logs %d", n)
		}
		if res := must[store.Results[store.LogLine]](t)(s.SearchLogs(ctx, q())); messages(res.Results) != "elsewhere" {
			t.Fatalf("left %s", messages(res.Results))
		}
	})

	t.Run("ConcurrentAppenders", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		const writers, lines = 6, 50
		var wg sync.WaitGroup
		errs := make(chan error, writers*2)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Two writers per task run attempt send the same lines (a
				// retried activity racing the original).
				tr := fmt.Sprintf("tr%d", w/2)
				for i := 0; i < lines; i += 10 {
					var batch []store.LogLine
					for j := i; j < i+10; j++ {
						batch = append(batch, Line("e1", tr, "t", 0, int64(j), kestra.LevelInfo, T0.Add(time.Duration(j)), fmt.Sprintf("%s-%d", tr, j)))
					}
					if _, err := s.AppendLogs(ctx, batch); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		all := must[[]store.LogLine](t)(s.ExecutionLogs(ctx, "e1", store.LogFilter{}))
		if len(all) != writers/2*lines {
			t.Fatalf("%d lines, want %d", len(all), writers/2*lines)
		}
	})

	t.Run("Follow", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		must[int](t)(s.AppendLogs(ctx, []store.LogLine{Line("e1", "tr1", "t1", 0, 0, kestra.LevelInfo, T0, "before")}))
		fctx, cancel := context.WithCancel(ctx)
		lines, errc := store.FollowLogs(fctx, s, "e1", store.LogFilter{MinLevel: kestra.LevelInfo})
		next := func() store.LogLine {
			t.Helper()
			select {
			case l := <-lines:
				return l
			case err := <-errc:
				t.Fatal(err)
			case <-time.After(5 * time.Second):
				t.Fatal("no line")
			}
			return store.LogLine{}
		}
		if l := next(); l.Message != "before" {
			t.Fatalf("first line %q", l.Message)
		}
		must[int](t)(s.AppendLogs(ctx, []store.LogLine{
			Line("e1", "tr1", "t1", 0, 1, kestra.LevelDebug, T0, "filtered"),
			Line("e1", "tr1", "t1", 0, 2, kestra.LevelInfo, T0, "after"),
		}))
		if l := next(); l.Message != "after" {
			t.Fatalf("followed line %q", l.Message)
		}
		cancel()
		for range lines {
		}
	})

	t.Run("FollowConcurrentAppenders", func(t *testing.T) {
		// Lines of one execution appended concurrently (parallel tasks)
		// must all reach a follower: a line must never become visible
		// behind the follower's cursor.
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		fctx, cancel := context.WithCancel(ctx)
		defer cancel()
		lines, errc := store.FollowLogs(fctx, s, "e1", store.LogFilter{})
		const writers, perWriter = 4, 60
		var wg sync.WaitGroup
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range perWriter {
					l := Line("e1", fmt.Sprintf("tr%d", w), "t", 0, int64(i), kestra.LevelInfo, T0, "x")
					if _, err := s.AppendLog(ctx, l); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		seen := map[string]bool{}
		deadline := time.After(30 * time.Second)
		for len(seen) < writers*perWriter {
			select {
			case l := <-lines:
				key, _ := l.LineKey()
				if seen[key] {
					t.Fatalf("line %s delivered twice", key)
				}
				seen[key] = true
			case err := <-errc:
				t.Fatal(err)
			case <-deadline:
				wg.Wait()
				stored := must[[]store.LogLine](t)(s.ExecutionLogs(ctx, "e1", store.LogFilter{}))
				t.Fatalf("follower got %d of %d lines (%d stored)", len(seen), writers*perWriter, len(stored))
			}
		}
		wg.Wait()
	})

	t.Run("WakeLatency", func(t *testing.T) {
		e := newEnv(t, h)
		testWakeLatency(t, e, e.s)
	})

	if h.Peer != nil {
		t.Run("WakeLatencyOtherProcess", func(t *testing.T) {
			e := newEnv(t, h)
			testWakeLatency(t, e, h.Peer(t, e.s))
		})
	}

	t.Run("CloseEndsWatches", func(t *testing.T) {
		e := newEnv(t, h)
		ctx := e.ctx
		s := h.New(t, store.Options{})
		wake := must[<-chan struct{}](t)(s.WatchLogs(ctx, "e1"))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		select {
		case _, ok := <-wake:
			if ok {
				<-wake
			}
		case <-time.After(5 * time.Second):
			t.Fatal("watch channel not closed by Close")
		}
	})
}

// testWakeLatency appends lines through e.s while a follower watches
// through follower (the same store or a peer) and checks that it is woken
// within 100 ms (median of several rounds).
func testWakeLatency(t *testing.T, e *env, follower store.Store) {
	ctx, s := e.ctx, e.s
	wake := must[<-chan struct{}](t)(follower.WatchLogs(ctx, "e1"))
	// Let a listener connection settle.
	time.Sleep(50 * time.Millisecond)
	var lat []time.Duration
	for i := range 7 {
		start := time.Now()
		must[int](t)(s.AppendLogs(ctx, []store.LogLine{Line("e1", "tr1", "t1", 0, int64(i), kestra.LevelInfo, T0, "x")}))
		select {
		case <-wake:
			lat = append(lat, time.Since(start))
		case <-time.After(5 * time.Second):
			t.Fatalf("round %d: follower not woken", i)
		}
		got := must[[]store.LogLine](t)(follower.ExecutionLogs(ctx, "e1", store.LogFilter{}))
		if len(got) != i+1 {
			t.Fatalf("follower sees %d lines after wake, want %d", len(got), i+1)
		}
	}
	slices.Sort(lat)
	t.Logf("wake latency (append call + notification): median %v, max %v", lat[len(lat)/2], lat[len(lat)-1])
	if lat[len(lat)/2] > 100*time.Millisecond {
		t.Fatalf("median wake latency %v > 100ms", lat[len(lat)/2])
	}
}
