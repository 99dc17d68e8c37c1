package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

func trIDs(trs []*kestra.TaskRun) string {
	ids := []string{}
	for _, tr := range trs {
		ids = append(ids, tr.ID)
	}
	return strings.Join(ids, ",")
}

func testTaskRuns(t *testing.T, h Harness) {
	t.Run("SearchAcrossExecutions", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		must[bool](t)(s.UpsertExecution(ctx, Execution("a", "company.team", "f1", kestra.StateSuccess, T0, 3, kestra.Label{Key: "team", Value: "x"}), 1))
		must[bool](t)(s.UpsertExecution(ctx, Execution("b", "company", "f2", kestra.StateFailed, T0.Add(time.Hour), 2), 1))
		for _, tc := range []struct {
			name string
			q    store.Query
			want string
		}{
			{"all by start desc then id desc", q(), "b-tr1,b-tr0,a-tr2,a-tr1,a-tr0"},
			{"taskId", q(f(store.FieldTaskID, store.OpEquals, "t0")), "b-tr0,a-tr0"},
			{"executionId", q(f(store.FieldExecutionID, store.OpEquals, "a")), "a-tr2,a-tr1,a-tr0"},
			{"namespace prefix", q(f(store.FieldNamespace, store.OpPrefix, "company.team")), "a-tr2,a-tr1,a-tr0"},
			{"state", q(f(store.FieldState, store.OpEquals, "FAILED")), "b-tr1,b-tr0"},
			{"flowId", q(f(store.FieldFlowID, store.OpIn, "f1")), "a-tr2,a-tr1,a-tr0"},
			{"labels of the execution", q(f(store.FieldLabels, store.OpEquals, "team:x")), "a-tr2,a-tr1,a-tr0"},
			{"q", q(f(store.FieldQuery, store.OpContains, "B-TR1")), "b-tr1"},
			{"startDate", q(f(store.FieldStartDate, store.OpGreaterThan, kestra.FormatInstant(T0))), "b-tr1,b-tr0"},
			{"sort taskId asc", store.Query{Sort: []store.Sort{{Field: "taskId"}}}, "a-tr0,b-tr0,a-tr1,b-tr1,a-tr2"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := must[store.Results[*kestra.TaskRun]](t)(s.SearchTaskRuns(ctx, tc.q))
				if got := trIDs(res.Results); got != tc.want || res.Total != int64(len(res.Results)) {
					t.Fatalf("got %q (total %d), want %q", got, res.Total, tc.want)
				}
			})
		}
		page := must[store.Results[*kestra.TaskRun]](t)(s.SearchTaskRuns(ctx, store.Query{Page: store.Page{Number: 2, Size: 2}}))
		if page.Total != 5 || trIDs(page.Results) != "a-tr2,a-tr1" {
			t.Fatalf("page: %d %s", page.Total, trIDs(page.Results))
		}
		tr := must[*kestra.TaskRun](t)(s.GetTaskRun(ctx, "a-tr1"))
		jsonEqual(t, tr, Execution("a", "company.team", "f1", kestra.StateSuccess, T0, 3).TaskRunList[1])
		_, err := s.GetTaskRun(ctx, "nope")
		wantCode(t, err, kestra.ENOTFOUND)
		_, err = s.SearchTaskRuns(ctx, q(f(store.FieldChildFilter, store.OpEquals, "CHILD")))
		wantCode(t, err, kestra.EINVALID)
	})

	t.Run("IdempotentWrites", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		ex := Execution("a", "ns", "f", kestra.StateRunning, T0, 4)
		for seq := int64(1); seq <= 3; seq++ {
			must[bool](t)(s.UpsertExecution(ctx, ex, seq))
			must[bool](t)(s.UpsertExecution(ctx, ex, seq)) // a replayed activity
		}
		// A retried attempt updates the task run in place.
		ex.TaskRunList[2].Attempts = append(ex.TaskRunList[2].Attempts, kestra.TaskRunAttempt{State: kestra.NewState(kestra.StateRunning, T0)})
		must[bool](t)(s.UpsertExecution(ctx, ex, 4))
		res := must[store.Results[*kestra.TaskRun]](t)(s.SearchTaskRuns(ctx, q(f(store.FieldExecutionID, store.OpEquals, "a"))))
		if res.Total != 4 {
			t.Fatalf("%d task runs, want 4", res.Total)
		}
		if got := must[*kestra.TaskRun](t)(s.GetTaskRun(ctx, "a-tr2")); len(got.Attempts) != 2 {
			t.Fatalf("%d attempts, want 2", len(got.Attempts))
		}
		jsonEqual(t, must[*kestra.Execution](t)(s.GetExecution(ctx, "a")), ex)
	})
}
