package storetest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

// Execution returns an execution that entered state st one minute after
// start, with n task runs.
func Execution(id, ns, flow string, st kestra.StateType, start time.Time, n int, labels ...kestra.Label) *kestra.Execution {
	state := kestra.NewState(kestra.StateCreated, start)
	if st != kestra.StateCreated {
		state = state.WithState(st, start.Add(time.Minute))
	}
	e := &kestra.Execution{
		ID: id, Namespace: ns, FlowID: flow, FlowRevision: 1, State: state, Labels: labels, OriginalID: id,
		Inputs: map[string]any{"x": "y"},
	}
	for i := range n {
		tr := kestra.TaskRun{
			ID: fmt.Sprintf("%s-tr%d", id, i), ExecutionID: id, Namespace: ns, FlowID: flow,
			TaskID: fmt.Sprintf("t%d", i%3), State: state,
			Attempts: []kestra.TaskRunAttempt{{State: state}},
			Outputs:  map[string]any{"value": fmt.Sprintf("out %d", i)},
		}
		if i > 0 {
			tr.ParentTaskRunID = fmt.Sprintf("%s-tr0", id)
			tr.Value = fmt.Sprintf("v%d", i)
		}
		e.TaskRunList = append(e.TaskRunList, tr)
	}
	return e
}

func execIDs(es []*kestra.Execution) string {
	ids := []string{}
	for _, e := range es {
		ids = append(ids, e.ID)
	}
	return strings.Join(ids, ",")
}

func testExecutions(t *testing.T, h Harness) {
	t.Run("UpsertGetDelete", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		ex := Execution("e1", "company.team", "hello", kestra.StateSuccess, T0, 3, kestra.Label{Key: "team", Value: "a"})
		ex.Trigger = &kestra.ExecutionTrigger{ID: "sub", Type: "io.kestra.plugin.core.flow.Subflow",
			Variables: map[string]any{"executionId": "parent1"}}
		ok := must[bool](t)(s.UpsertExecution(ctx, ex, 1))
		if !ok {
			t.Fatal("first write not applied")
		}
		got := must[*kestra.Execution](t)(s.GetExecution(ctx, "e1"))
		jsonEqual(t, got, ex)

		_, err := s.GetExecution(ctx, "missing")
		wantCode(t, err, kestra.ENOTFOUND)
		_, err = s.UpsertExecution(ctx, &kestra.Execution{ID: "x"}, 1)
		wantCode(t, err, kestra.EINVALID)

		must[struct{}](t)(struct{}{}, s.DeleteExecution(ctx, "e1"))
		_, err = s.GetExecution(ctx, "e1")
		wantCode(t, err, kestra.ENOTFOUND)
		wantCode(t, s.DeleteExecution(ctx, "e1"), kestra.ENOTFOUND)
		runs := must[store.Results[*kestra.TaskRun]](t)(s.SearchTaskRuns(ctx, q(f(store.FieldExecutionID, store.OpEquals, "e1"))))
		if runs.Total != 0 {
			t.Fatalf("%d task runs left after delete", runs.Total)
		}
	})

	t.Run("StaleWrites", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		v2 := Execution("e1", "ns", "f", kestra.StateSuccess, T0, 2)
		v1 := Execution("e1", "ns", "f", kestra.StateRunning, T0, 1)
		if !must[bool](t)(s.UpsertExecution(ctx, v2, 2)) {
			t.Fatal("seq 2 not applied")
		}
		if must[bool](t)(s.UpsertExecution(ctx, v1, 1)) {
			t.Fatal("stale seq 1 applied")
		}
		if must[bool](t)(s.UpsertExecution(ctx, v1, 2)) {
			t.Fatal("same seq applied twice")
		}
		jsonEqual(t, must[*kestra.Execution](t)(s.GetExecution(ctx, "e1")), v2)
		res := must[store.Results[*kestra.Execution]](t)(s.SearchExecutions(ctx, q(f(store.FieldState, store.OpEquals, "RUNNING")), store.SearchExecutionsOptions{}))
		if res.Total != 0 {
			t.Fatal("stale write reached the indexed columns")
		}
		// A newer write removes task runs no longer listed.
		v3 := Execution("e1", "ns", "f", kestra.StateFailed, T0, 1)
		if !must[bool](t)(s.UpsertExecution(ctx, v3, 3)) {
			t.Fatal("seq 3 not applied")
		}
		jsonEqual(t, must[*kestra.Execution](t)(s.GetExecution(ctx, "e1")), v3)
	})

	t.Run("Search", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		a := kestra.Label{Key: "team", Value: "a"}
		b := kestra.Label{Key: "team", Value: "b"}
		env := kestra.Label{Key: "env", Value: "prod"}
		now := e.clock.Now()
		all := []*kestra.Execution{
			Execution("e1", "company", "alpha", kestra.StateSuccess, T0, 1, a),
			Execution("e2", "company.team", "alpha", kestra.StateFailed, T0.Add(1*time.Hour), 0, a, env),
			Execution("e3", "company.team", "beta", kestra.StateRunning, T0.Add(2*time.Hour), 2, b),
			Execution("e4", "company.team.sub", "gamma", kestra.StateSuccess, T0.Add(3*time.Hour), 0),
			Execution("e5", "companyx", "alpha", kestra.StateCreated, now.Add(-30*time.Minute), 0, b),
			Execution("e6", "system", "purge", kestra.StateSuccess, now.Add(-10*time.Minute), 0),
		}
		all[3].Trigger = &kestra.ExecutionTrigger{ID: "sub", Type: "io.kestra.plugin.core.flow.Subflow", Variables: map[string]any{"executionId": "e2"}}
		for i, ex := range all {
			must[bool](t)(s.UpsertExecution(ctx, ex, int64(i+1)))
		}
		for _, tc := range []struct {
			name string
			q    store.Query
			want string
		}{
			{"default sort startDate desc", q(), "e6,e5,e4,e3,e2,e1"},
			{"namespace prefix", q(f(store.FieldNamespace, store.OpPrefix, "company.team")), "e4,e3,e2"},
			{"namespace equals", q(f(store.FieldNamespace, store.OpEquals, "company.team")), "e3,e2"},
			{"namespace not equals", q(f(store.FieldNamespace, store.OpNotEquals, "company.team")), "e6,e5,e4,e1"},
			{"namespace contains", q(f(store.FieldNamespace, store.OpContains, "TEAM")), "e4,e3,e2"},
			{"namespace ends with", q(f(store.FieldNamespace, store.OpEndsWith, ".sub")), "e4"},
			{"namespace regex", q(f(store.FieldNamespace, store.OpRegex, "^company\\.team$")), "e3,e2"},
			{"flowId", q(f(store.FieldFlowID, store.OpEquals, "alpha")), "e5,e2,e1"},
			{"flowId not in", q(f(store.FieldFlowID, store.OpNotIn, "alpha", "beta")), "e6,e4"},
			{"state in", q(f(store.FieldState, store.OpIn, "FAILED", "RUNNING")), "e3,e2"},
			{"state comma list", q(f(store.FieldState, store.OpIn, "FAILED,RUNNING")), "e3,e2"},
			{"state not equals", q(f(store.FieldState, store.OpNotEquals, "SUCCESS")), "e5,e3,e2"},
			{"startDate >=", q(f(store.FieldStartDate, store.OpGreaterThanOrEqual, kestra.FormatInstant(T0.Add(2*time.Hour)))), "e6,e5,e4,e3"},
			{"startDate < and endDate <=", q(f(store.FieldStartDate, store.OpLessThan, kestra.FormatInstant(T0.Add(3*time.Hour))),
				f(store.FieldEndDate, store.OpLessThanOrEqual, kestra.FormatInstant(T0.Add(61*time.Minute)))), "e2,e1"},
			{"timeRange", q(f(store.FieldTimeRange, store.OpEquals, "PT1H")), "e6,e5"},
			{"labels", q(f(store.FieldLabels, store.OpEquals, "team:a")), "e2,e1"},
			{"labels all of", q(f(store.FieldLabels, store.OpEquals, "team:a", "env:prod")), "e2"},
			{"labels any of", q(f(store.FieldLabels, store.OpIn, "team:b", "env:prod")), "e5,e3,e2"},
			{"labels not", q(f(store.FieldLabels, store.OpNotEquals, "team:a")), "e6,e5,e4,e3"},
			{"triggerExecutionId", q(f(store.FieldTriggerExecutionID, store.OpEquals, "e2")), "e4"},
			{"child", q(f(store.FieldChildFilter, store.OpEquals, "CHILD")), "e4"},
			{"main", q(f(store.FieldChildFilter, store.OpEquals, "MAIN")), "e6,e5,e3,e2,e1"},
			{"q", q(f(store.FieldQuery, store.OpEquals, "GAMM")), "e4"},
			{"q with LIKE wildcard is literal", q(f(store.FieldQuery, store.OpEquals, "%")), ""},
			{"scope user", q(f(store.FieldScope, store.OpEquals, "USER")), "e5,e4,e3,e2,e1"},
			{"id", q(f(store.FieldID, store.OpIn, "e1", "e3", "nope")), "e3,e1"},
			{"sort id asc", store.Query{Sort: []store.Sort{{Field: "id"}}}, "e1,e2,e3,e4,e5,e6"},
			{"sort namespace then startDate", store.Query{Sort: []store.Sort{{Field: "namespace", Desc: true}, {Field: "state.startDate"}}}, "e6,e5,e4,e2,e3,e1"},
			{"sort state.endDate asc (nulls last)", store.Query{Sort: []store.Sort{{Field: "state.endDate"}}}, "e1,e2,e4,e6,e3,e5"},
			{"sort duration desc", store.Query{Filters: []store.Filter{f(store.FieldState, store.OpIn, "SUCCESS", "FAILED")},
				Sort: []store.Sort{{Field: "state.duration", Desc: true}}}, "e6,e4,e2,e1"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := must[store.Results[*kestra.Execution]](t)(s.SearchExecutions(ctx, tc.q, store.SearchExecutionsOptions{}))
				if got := execIDs(res.Results); got != tc.want || res.Total != int64(len(res.Results)) {
					t.Fatalf("got %q (total %d), want %q", got, res.Total, tc.want)
				}
			})
		}
		page := must[store.Results[*kestra.Execution]](t)(s.SearchExecutions(ctx, store.Query{Page: store.Page{Number: 2, Size: 4}}, store.SearchExecutionsOptions{WithTaskRuns: true}))
		if page.Total != 6 || execIDs(page.Results) != "e2,e1" || len(page.Results[1].TaskRunList) != 1 {
			t.Fatalf("page 2: %d %s", page.Total, execIDs(page.Results))
		}
		beyond := must[store.Results[*kestra.Execution]](t)(s.SearchExecutions(ctx, store.Query{Page: store.Page{Number: 9, Size: 4}}, store.SearchExecutionsOptions{}))
		if beyond.Total != 6 || len(beyond.Results) != 0 {
			t.Fatalf("beyond the last page: %d %d", beyond.Total, len(beyond.Results))
		}
		for _, bad := range []store.Query{
			q(f("nope", store.OpEquals, "x")),
			q(f(store.FieldState, store.OpEquals, "DONE")),
			q(f(store.FieldState, store.OpStartsWith, "S")),
			q(f(store.FieldStartDate, store.OpEquals, "yesterday")),
			q(f(store.FieldTimeRange, store.OpEquals, "1h")),
			q(f(store.FieldNamespace, store.OpRegex, "(")),
			q(f(store.FieldLabels, store.OpEquals, "nokey")),
			q(f(store.FieldNamespace, store.OpEquals, "a", "b")),
			q(f(store.FieldMinLevel, store.OpEquals, "INFO")),
			{Sort: []store.Sort{{Field: "document"}}},
			{Page: store.Page{Number: -1}},
		} {
			_, err := s.SearchExecutions(ctx, bad, store.SearchExecutionsOptions{})
			wantCode(t, err, kestra.EINVALID)
		}
	})

	t.Run("ConcurrentWriters", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		const writers, perWriter = 6, 10
		var wg sync.WaitGroup
		errs := make(chan error, writers*perWriter)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range perWriter {
					seq := int64(i*writers + w + 1) // interleaved sequence numbers
					ex := Execution("shared", "ns", "f", kestra.StateRunning, T0, int(seq%5)+1)
					ex.Outputs = map[string]any{"seq": seq}
					if _, err := s.UpsertExecution(ctx, ex, seq); err != nil {
						errs <- err
					}
					own := Execution(fmt.Sprintf("own-%d-%d", w, i), "ns", "f", kestra.StateSuccess, T0, 2)
					if _, err := s.UpsertExecution(ctx, own, 1); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		got := must[*kestra.Execution](t)(s.GetExecution(ctx, "shared"))
		last := int64(writers * perWriter)
		want := Execution("shared", "ns", "f", kestra.StateRunning, T0, int(last%5)+1)
		want.Outputs = map[string]any{"seq": last}
		jsonEqual(t, got, want)
		res := must[store.Results[*kestra.Execution]](t)(s.SearchExecutions(ctx, q(f(store.FieldState, store.OpEquals, "SUCCESS")), store.SearchExecutionsOptions{}))
		if res.Total != writers*perWriter {
			t.Fatalf("%d executions, want %d", res.Total, writers*perWriter)
		}
	})

	t.Run("Watch", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		wake := must[<-chan struct{}](t)(s.WatchExecution(ctx, "w1"))
		must[bool](t)(s.UpsertExecution(ctx, Execution("other", "ns", "f", kestra.StateRunning, T0, 0), 1))
		must[bool](t)(s.UpsertExecution(ctx, Execution("w1", "ns", "f", kestra.StateRunning, T0, 0), 1))
		select {
		case <-wake:
		case <-time.After(5 * time.Second):
			t.Fatal("watcher not woken")
		}
	})
}
