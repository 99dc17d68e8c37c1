package storetest

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

func flowOf(ns, id, source string, labels ...kestra.Label) *store.Flow {
	doc, _ := json.Marshal(map[string]any{"id": id, "namespace": ns, "tasks": []any{}})
	return &store.Flow{Namespace: ns, ID: id, Source: source, Labels: labels, Document: doc}
}

func testFlows(t *testing.T, h Harness) {
	t.Run("Revisions", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		src1 := "id: hello\nnamespace: company.team\n# a comment kept verbatim  \ntasks: []\n"
		f1 := must[*store.Flow](t)(s.CreateFlow(ctx, flowOf("company.team", "hello", src1)))
		if f1.Revision != 1 || f1.Source != src1 || f1.Deleted {
			t.Fatalf("create: %+v", f1)
		}
		_, err := s.CreateFlow(ctx, flowOf("company.team", "hello", src1))
		wantCode(t, err, kestra.ECONFLICT)

		same := must[*store.Flow](t)(s.UpdateFlow(ctx, flowOf("company.team", "hello", src1)))
		if same.Revision != 1 {
			t.Fatalf("unchanged source made revision %d", same.Revision)
		}
		src2 := src1 + "description: two\n"
		f2 := must[*store.Flow](t)(s.UpdateFlow(ctx, flowOf("company.team", "hello", src2)))
		if f2.Revision != 2 {
			t.Fatalf("update revision %d", f2.Revision)
		}
		got := must[*store.Flow](t)(s.GetFlow(ctx, "company.team", "hello", store.GetFlowOptions{}))
		if got.Revision != 2 || got.Source != src2 || !json.Valid(got.Document) || got.Updated.IsZero() {
			t.Fatalf("get latest: %+v", got)
		}
		old := must[*store.Flow](t)(s.GetFlow(ctx, "company.team", "hello", store.GetFlowOptions{Revision: 1}))
		if old.Source != src1 {
			t.Fatalf("revision 1 source %q", old.Source)
		}
		_, err = s.GetFlow(ctx, "company.team", "hello", store.GetFlowOptions{Revision: 9})
		wantCode(t, err, kestra.ENOTFOUND)

		del := must[*store.Flow](t)(s.DeleteFlow(ctx, "company.team", "hello"))
		if del.Revision != 3 || !del.Deleted || del.Source != src2 {
			t.Fatalf("delete: %+v", del)
		}
		_, err = s.GetFlow(ctx, "company.team", "hello", store.GetFlowOptions{})
		wantCode(t, err, kestra.ENOTFOUND)
		gone := must[*store.Flow](t)(s.GetFlow(ctx, "company.team", "hello", store.GetFlowOptions{AllowDeleted: true}))
		if !gone.Deleted || gone.Revision != 3 {
			t.Fatalf("allowDeleted: %+v", gone)
		}
		_, err = s.DeleteFlow(ctx, "company.team", "hello")
		wantCode(t, err, kestra.ENOTFOUND)
		_, err = s.UpdateFlow(ctx, flowOf("company.team", "hello", src1))
		wantCode(t, err, kestra.ENOTFOUND)

		revs := must[[]*store.Flow](t)(s.FlowRevisions(ctx, "company.team", "hello"))
		if len(revs) != 3 || revs[0].Revision != 1 || revs[2].Revision != 3 || !revs[2].Deleted {
			t.Fatalf("revisions: %d", len(revs))
		}
		again := must[*store.Flow](t)(s.CreateFlow(ctx, flowOf("company.team", "hello", src1)))
		if again.Revision != 4 || again.Deleted {
			t.Fatalf("re-create after delete: %+v", again)
		}
		_, err = s.FlowRevisions(ctx, "company.team", "nope")
		wantCode(t, err, kestra.ENOTFOUND)
		_, err = s.DeleteFlow(ctx, "company.team", "nope")
		wantCode(t, err, kestra.ENOTFOUND)
	})

	t.Run("SaveAndValidation", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		a := must[*store.Flow](t)(s.SaveFlow(ctx, flowOf("a", "f", "v1")))
		b := must[*store.Flow](t)(s.SaveFlow(ctx, flowOf("a", "f", "v1")))
		c := must[*store.Flow](t)(s.SaveFlow(ctx, flowOf("a", "f", "v2")))
		if a.Revision != 1 || b.Revision != 1 || c.Revision != 2 {
			t.Fatalf("save revisions %d %d %d", a.Revision, b.Revision, c.Revision)
		}
		for _, bad := range []*store.Flow{
			flowOf("Bad.NS", "f", "x"), flowOf("ns", "-f", "x"), flowOf("ns", "f", ""),
			{Namespace: "ns", ID: "f", Source: "x", Document: json.RawMessage("{bad")},
		} {
			_, err := s.CreateFlow(ctx, bad)
			wantCode(t, err, kestra.EINVALID)
		}
	})

	t.Run("ListSearchNamespaces", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		team := kestra.Label{Key: "team", Value: "data"}
		for _, fl := range []*store.Flow{
			flowOf("company", "root", "s"),
			flowOf("company.team", "hello", "s", team),
			flowOf("company.team", "world", "s"),
			flowOf("company.team.sub", "deep", "s", team),
			flowOf("companyx", "other", "s"),
			flowOf("system", "sys", "s"),
			flowOf("dead", "gone", "s"),
		} {
			must[*store.Flow](t)(s.CreateFlow(ctx, fl))
		}
		must[*store.Flow](t)(s.DeleteFlow(ctx, "dead", "gone"))

		list := must[[]*store.Flow](t)(s.ListFlows(ctx, "company.team"))
		if ids := flowIDs(list); strings.Join(ids, ",") != "hello,world" {
			t.Fatalf("ListFlows = %v", ids)
		}
		ns := must[[]string](t)(s.DistinctNamespaces(ctx))
		if strings.Join(ns, ",") != "company,company.team,company.team.sub,companyx,system" {
			t.Fatalf("namespaces %v", ns)
		}
		for _, tc := range []struct {
			name string
			q    store.Query
			want string
		}{
			{"all", q(), "root,hello,world,deep,other,sys"},
			{"namespace prefix", q(f(store.FieldNamespace, store.OpPrefix, "company.team")), "hello,world,deep"},
			{"namespace equals", q(f(store.FieldNamespace, store.OpEquals, "company.team")), "hello,world"},
			{"namespace starts with", q(f(store.FieldNamespace, store.OpStartsWith, "company")), "root,hello,world,deep,other"},
			{"q", q(f(store.FieldQuery, store.OpEquals, "WOR")), "world"},
			{"labels", q(f(store.FieldLabels, store.OpEquals, "team:data")), "hello,deep"},
			{"not labels", q(f(store.FieldLabels, store.OpNotEquals, "team:data")), "root,world,other,sys"},
			{"scope user", q(f(store.FieldScope, store.OpEquals, "USER")), "root,hello,world,deep,other"},
			{"scope system", q(f(store.FieldScope, store.OpEquals, "SYSTEM")), "sys"},
			{"flow id in", q(f(store.FieldFlowID, store.OpIn, "hello", "deep")), "hello,deep"},
			{"sort id desc", store.Query{Sort: []store.Sort{{Field: "id", Desc: true}}}, "world,sys,root,other,hello,deep"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := must[store.Results[*store.Flow]](t)(s.SearchFlows(ctx, tc.q))
				if got := strings.Join(flowIDs(res.Results), ","); got != tc.want || res.Total != int64(len(res.Results)) {
					t.Fatalf("got %s (total %d), want %s", got, res.Total, tc.want)
				}
			})
		}
		page := must[store.Results[*store.Flow]](t)(s.SearchFlows(ctx, store.Query{Page: store.Page{Number: 2, Size: 4}}))
		if page.Total != 6 || strings.Join(flowIDs(page.Results), ",") != "other,sys" {
			t.Fatalf("page 2: total %d %v", page.Total, flowIDs(page.Results))
		}
		_, err := s.SearchFlows(ctx, q(f(store.FieldState, store.OpEquals, "SUCCESS")))
		wantCode(t, err, kestra.EINVALID)
	})

	t.Run("ConcurrentUpdates", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		must[*store.Flow](t)(s.CreateFlow(ctx, flowOf("ns", "f", "v0")))
		const n = 8
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.UpdateFlow(ctx, flowOf("ns", "f", fmt.Sprintf("v%d", i+1)))
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		revs := must[[]*store.Flow](t)(s.FlowRevisions(ctx, "ns", "f"))
		if len(revs) != n+1 {
			t.Fatalf("%d revisions, want %d", len(revs), n+1)
		}
		for i, r := range revs {
			if r.Revision != i+1 {
				t.Fatalf("revision %d at %d", r.Revision, i)
			}
		}
	})
}

func flowIDs(fs []*store.Flow) []string {
	ids := []string{}
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	return ids
}
