package sqlq

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

type fakeDialect struct{}

func (fakeDialect) Placeholder(n int) string     { return "$" + strconv.Itoa(n) }
func (fakeDialect) Time(t time.Time) any         { return t }
func (fakeDialect) ILike(expr, ph string) string { return expr + " ILIKE " + ph }
func (fakeDialect) Like(expr, ph string) string  { return expr + " LIKE " + ph }
func (fakeDialect) Regex(expr, ph string) string { return expr + " ~ " + ph }
func (fakeDialect) LabelHas(a *Args, labels string, l kestra.Label) string {
	return labels + " HAS (" + a.Add(l.Key) + ", " + a.Add(l.Value) + ")"
}
func (fakeDialect) InList(a *Args, col string, vals []string) string {
	return col + " = ANY(" + a.Add(vals) + ")"
}
func (fakeDialect) Duration(a *Args, start, end string, now time.Time) string {
	return "(" + end + " - " + start + ")"
}

// Values, however hostile, only ever travel as bind arguments.
func TestWhereIsParameterised(t *testing.T) {
	evil := "x' OR '1'='1"
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		f    store.Filter
		want string
	}{
		{"q", store.Filter{Field: store.FieldQuery, Op: store.OpEquals, Values: []string{evil}},
			"(e.id ILIKE $1 OR e.namespace ILIKE $1 OR e.flow_id ILIKE $1)"},
		{"equals", store.Filter{Field: store.FieldFlowID, Op: store.OpEquals, Values: []string{evil}}, "e.flow_id = $1"},
		{"not in", store.Filter{Field: store.FieldFlowID, Op: store.OpNotIn, Values: []string{evil, "b"}}, "e.flow_id NOT IN ($1, $2)"},
		{"prefix", store.Filter{Field: store.FieldNamespace, Op: store.OpPrefix, Values: []string{evil}},
			"(e.namespace >= $1 AND e.namespace < $3 AND (e.namespace = $1 OR e.namespace > $2))"},
		{"starts with", store.Filter{Field: store.FieldNamespace, Op: store.OpStartsWith, Values: []string{"a_b%"}}, "e.namespace LIKE $1"},
		{"labels", store.Filter{Field: store.FieldLabels, Op: store.OpNotIn, Values: []string{"k:" + evil, "a:b"}},
			"NOT (e.labels HAS ($1, $2) OR e.labels HAS ($3, $4))"},
		{"date", store.Filter{Field: store.FieldStartDate, Op: store.OpLessThan, Values: []string{"2026-01-01T00:00:00Z"}}, "e.start_date < $1"},
		{"timeRange", store.Filter{Field: store.FieldTimeRange, Op: store.OpEquals, Values: []string{"PT1H"}}, "e.start_date >= $1"},
		{"child", store.Filter{Field: store.FieldChildFilter, Op: store.OpEquals, Values: []string{"CHILD"}}, "e.trigger_execution_id IS NOT NULL"},
		{"scope", store.Filter{Field: store.FieldScope, Op: store.OpEquals, Values: []string{"USER"}}, "NOT (e.namespace = $1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := store.Query{Filters: []store.Filter{tc.f}}.Validate(store.ResourceExecutions)
			if err != nil {
				t.Fatal(err)
			}
			a := &Args{D: fakeDialect{}}
			got, err := Where(Executions, q, a, now)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
			if strings.Contains(got, "'") {
				t.Fatalf("a value leaked into the SQL: %s", got)
			}
		})
	}
	a := &Args{D: fakeDialect{}}
	if _, err := Where(Executions, store.Query{Filters: []store.Filter{{Field: store.FieldStartDate, Op: store.OpLessThan, Values: []string{"2026-01-01T00:00:00Z"}}}}, a, now); err != nil {
		t.Fatal(err)
	}
	if tm, ok := a.Vals[0].(time.Time); !ok || !tm.Equal(now) {
		t.Fatalf("date arg %v", a.Vals[0])
	}
}

func TestLikeEscape(t *testing.T) {
	if got := LikeEscape(`50%_off\`); got != `50\%\_off\\` {
		t.Fatalf("LikeEscape = %s", got)
	}
}

func TestOrderBy(t *testing.T) {
	a := &Args{D: fakeDialect{}}
	q := store.Query{Sort: []store.Sort{{Field: "state.startDate", Desc: true}, {Field: "state.duration"}}}
	got := OrderBy(Executions, q, a, time.Now())
	want := "e.start_date DESC NULLS LAST, (e.end_date - e.start_date) ASC NULLS LAST, e.id DESC"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
