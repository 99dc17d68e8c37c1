package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/translator"
)

// flowDocument is the flow's JSON as Kestra serialises it: the YAML as
// written (key order kept), labels as a list.
func flowDocument(source string) (json.RawMessage, error) {
	v, err := expression.RenderTyped("{{ yaml(source) }}", expression.Context{Vars: map[string]any{"source": source}})
	if err != nil {
		return nil, fmt.Errorf("api: flow document: %w", err)
	}
	m, ok := v.(*expression.Map)
	if !ok {
		return nil, fmt.Errorf("api: flow document: not a mapping")
	}
	if l, ok := m.Get("labels"); ok {
		if lm, ok := l.(*expression.Map); ok {
			var list []any
			lm.Range(func(k string, v any) bool {
				list = append(list, expression.MapOf("key", k, "value", v))
				return true
			})
			m.Set("labels", list)
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("api: flow document: %w", err)
	}
	return b, nil
}

// flowJSON is a stored revision in Kestra's Flow shape, with the source
// when withSource (FlowWithSource).
func flowJSON(f *store.Flow, withSource bool) *expression.Map {
	doc := f.Document
	if len(doc) == 0 {
		doc, _ = flowDocument(f.Source)
	}
	var m *expression.Map
	if v, err := expression.DecodeJSON(doc); err == nil {
		m, _ = v.(*expression.Map)
	}
	out := expression.NewMap(m.Len() + 6)
	out.Set("id", f.ID)
	out.Set("namespace", f.Namespace)
	out.Set("revision", int64(f.Revision))
	m.Range(func(k string, v any) bool {
		switch k {
		case "id", "namespace", "revision", "source", "deleted", "disabled":
		default:
			out.Set(k, v)
		}
		return true
	})
	if len(f.Labels) > 0 {
		list := make([]any, len(f.Labels))
		for i, l := range f.Labels {
			list[i] = expression.MapOf("key", l.Key, "value", l.Value)
		}
		out.Set("labels", list)
	}
	out.Set("disabled", f.Disabled)
	out.Set("deleted", f.Deleted)
	if !f.Updated.IsZero() {
		out.Set("updated", kestra.FormatInstant(f.Updated))
	}
	if withSource {
		out.Set("source", f.Source)
	}
	return out
}

func flowsJSON(fs []*store.Flow, withSource bool) []*expression.Map {
	out := make([]*expression.Map, len(fs))
	for i, f := range fs {
		out[i] = flowJSON(f, withSource)
	}
	return out
}

// storeFlow is the revision to store for a valid translation. A source
// the document conversion cannot read is stored without a document (the
// flow JSON then holds only what the store knows).
func storeFlow(res *translator.Result, source string) (*store.Flow, error) {
	doc, err := flowDocument(source)
	if err != nil {
		doc = nil
	}
	f := &store.Flow{
		Namespace: res.Flow.Namespace, ID: res.Flow.ID, Source: source,
		Disabled: res.Flow.Disabled, Document: doc,
	}
	for _, l := range res.Flow.Labels {
		f.Labels = append(f.Labels, kestra.Label{Key: l.Key, Value: l.Value})
	}
	return f, nil
}

// translateOne translates a body holding one flow; an invalid flow is a
// 422 naming each problem's line and column.
func translateOne(body []byte) (*translator.Result, error) {
	res, err := translator.TranslateOne("", body)
	if err != nil {
		return nil, invalidEntity("flow", err.Error())
	}
	if !res.Valid() {
		return nil, problemsError(res)
	}
	return res, nil
}

func (s *server) createFlow(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := translateOne(body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := storeFlow(res, string(body))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	saved, err := s.store.CreateFlow(r.Context(), f)
	if kestra.ErrorCode(err) == kestra.ECONFLICT {
		err = invalidEntity("flow.id", "Flow id already exists")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, flowJSON(saved, true))
}

func (s *server) updateFlow(w http.ResponseWriter, r *http.Request) {
	ns, id := chi.URLParam(r, "namespace"), chi.URLParam(r, "id")
	body, err := readBody(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := translateOne(body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if res.Flow.Namespace != ns {
		s.fail(w, r, invalidEntity("flow.namespace", fmt.Sprintf("Illegal namespace update: the flow's namespace is %q, the URL's %q", res.Flow.Namespace, ns)))
		return
	}
	if res.Flow.ID != id {
		s.fail(w, r, invalidEntity("flow.id", fmt.Sprintf("Illegal flow id update: the flow's id is %q, the URL's %q", res.Flow.ID, id)))
		return
	}
	f, err := storeFlow(res, string(body))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	saved, err := s.store.UpdateFlow(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, flowJSON(saved, true))
}

func (s *server) getFlow(w http.ResponseWriter, r *http.Request) {
	rev, err := intParam(r, "revision")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	withSource, err := boolParam(r, "source", false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	allowDeleted, err := boolParam(r, "allowDeleted", false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.store.GetFlow(r.Context(), chi.URLParam(r, "namespace"), chi.URLParam(r, "id"),
		store.GetFlowOptions{Revision: rev, AllowDeleted: allowDeleted})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, flowJSON(f, withSource))
}

func (s *server) deleteFlow(w http.ResponseWriter, r *http.Request) {
	if _, err := s.store.DeleteFlow(r.Context(), chi.URLParam(r, "namespace"), chi.URLParam(r, "id")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *server) flowRevisions(w http.ResponseWriter, r *http.Request) {
	fs, err := s.store.FlowRevisions(r.Context(), chi.URLParam(r, "namespace"), chi.URLParam(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, flowsJSON(fs, true))
}

func (s *server) listFlows(w http.ResponseWriter, r *http.Request) {
	fs, err := s.store.ListFlows(r.Context(), chi.URLParam(r, "namespace"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, flowsJSON(fs, false))
}

func (s *server) searchFlows(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r, store.ResourceFlows)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.store.SearchFlows(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, store.Results[*expression.Map]{Results: flowsJSON(res.Results, false), Total: res.Total})
}

// parseQuery reads paging, sort and filters; a malformed one is a 400.
func parseQuery(r *http.Request, res store.Resource) (store.Query, error) {
	q, err := store.ParseQuery(res, r.URL.Query())
	if err != nil {
		if kestra.ErrorCode(err) == kestra.EINVALID {
			return q, &httpError{status: http.StatusBadRequest, reason: "Bad Request", message: kestra.ErrorMessage(err)}
		}
		return q, err
	}
	return q, nil
}

func (s *server) distinctNamespaces(w http.ResponseWriter, r *http.Request) {
	ns, err := s.store.DistinctNamespaces(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ns == nil {
		ns = []string{}
	}
	writeJSON(w, http.StatusOK, ns)
}

func (s *server) validateFlows(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []translator.Violation{}
	for _, res := range translator.Translate("", body) {
		out = append(out, res.Violation())
	}
	writeJSON(w, http.StatusOK, out)
}

// syncNamespace is POST /flows/{namespace}: create or update every flow of
// the body and, with delete (default true), delete the namespace's other
// flows.
func (s *server) syncNamespace(w http.ResponseWriter, r *http.Request) {
	ns := chi.URLParam(r, "namespace")
	del, err := boolParam(r, "delete", true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveFlows(w, r, ns, del)
}

// bulkFlows is POST /flows/bulk: like the namespace sync, deleting only
// when a namespace is given.
func (s *server) bulkFlows(w http.ResponseWriter, r *http.Request) {
	ns := r.URL.Query().Get("namespace")
	del, err := boolParam(r, "delete", true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveFlows(w, r, ns, del && ns != "")
}

func (s *server) saveFlows(w http.ResponseWriter, r *http.Request, ns string, del bool) {
	body, err := readBody(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var results []*translator.Result
	if strings.TrimSpace(string(body)) != "" {
		results = translator.Translate("", body)
	}
	if err := checkBatch(results, ns); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	out := []*expression.Map{}
	keep := map[string]bool{}
	for _, res := range results {
		f, err := storeFlow(res, res.Flow.Source)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		saved, err := s.store.SaveFlow(ctx, f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		keep[saved.ID] = true
		out = append(out, flowJSON(saved, true))
	}
	if del {
		deleted, err := s.deleteOthers(ctx, ns, keep)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		out = append(out, deleted...)
	}
	writeJSON(w, http.StatusOK, out)
}

// checkBatch rejects a batch with an invalid flow, a flow of another
// namespace (when ns is set) or a duplicate id.
func checkBatch(results []*translator.Result, ns string) error {
	var bad []*translator.Result
	for _, res := range results {
		if !res.Valid() {
			bad = append(bad, res)
		}
	}
	if len(bad) > 0 {
		return problemsError(bad...)
	}
	var seen []string
	for _, res := range results {
		if ns != "" && res.Flow.Namespace != ns {
			return invalidEntity("flow.namespace", fmt.Sprintf("Invalid namespace: flow %s is in namespace %q, expected %q", res.Flow.ID, res.Flow.Namespace, ns))
		}
		key := res.Flow.Namespace + "/" + res.Flow.ID
		if slices.Contains(seen, key) {
			return invalidEntity("flow.id", "Duplicate: "+key)
		}
		seen = append(seen, key)
	}
	return nil
}

func (s *server) deleteOthers(ctx context.Context, ns string, keep map[string]bool) ([]*expression.Map, error) {
	existing, err := s.store.ListFlows(ctx, ns)
	if err != nil {
		return nil, err
	}
	var out []*expression.Map
	for _, f := range existing {
		if keep[f.ID] {
			continue
		}
		d, err := s.store.DeleteFlow(ctx, ns, f.ID)
		if kestra.ErrorCode(err) == kestra.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, flowJSON(d, true))
	}
	return out, nil
}

// flowPlan translates a stored revision into the plan an execution runs.
func (s *server) flowPlan(ctx context.Context, ns, id string, opts store.GetFlowOptions) (*store.Flow, *plan.Flow, error) {
	f, err := s.store.GetFlow(ctx, ns, id, opts)
	if kestra.ErrorCode(err) == kestra.ENOTFOUND {
		return nil, nil, kestra.Errorf(kestra.ENOTFOUND, "Flow not found: %s.%s", ns, id)
	}
	if err != nil {
		return nil, nil, err
	}
	res, err := translator.TranslateOne("", []byte(f.Source))
	if err != nil {
		return nil, nil, kestra.Errorf(kestra.ECONFLICT, "Flow %s.%s revision %d cannot be read: %v", ns, id, f.Revision, err)
	}
	if !res.Valid() {
		return nil, nil, kestra.Errorf(kestra.ECONFLICT, "Flow %s.%s revision %d is invalid: %s", ns, id, f.Revision, res.Errors.Error())
	}
	res.Flow.Revision = f.Revision
	return f, res.Flow, nil
}

// flowTask is GET /flows/{namespace}/{id}/tasks/{taskId}: one task of a
// flow revision as written.
func (s *server) flowTask(w http.ResponseWriter, r *http.Request) {
	rev, err := intParam(r, "revision")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.store.GetFlow(r.Context(), chi.URLParam(r, "namespace"), chi.URLParam(r, "id"), store.GetFlowOptions{Revision: rev})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	taskID := chi.URLParam(r, "taskId")
	doc := flowJSON(f, false)
	var found *expression.Map
	doc.Range(func(k string, v any) bool {
		if k != "triggers" && k != "inputs" && k != "outputs" && k != "pluginDefaults" && k != "labels" && k != "variables" {
			found = findTaskDoc(v, taskID, 0)
		}
		return found == nil
	})
	if found == nil {
		s.fail(w, r, kestra.Errorf(kestra.ENOTFOUND, "Task not found: %s", taskID))
		return
	}
	writeJSON(w, http.StatusOK, found)
}

// findTaskDoc finds the object with the given id and a type below v.
func findTaskDoc(v any, id string, depth int) *expression.Map {
	if depth > 100 {
		return nil
	}
	switch x := v.(type) {
	case *expression.Map:
		got, _ := x.Get("id")
		if _, typed := x.Get("type"); typed && got == id {
			return x
		}
		var found *expression.Map
		x.Range(func(_ string, c any) bool {
			found = findTaskDoc(c, id, depth+1)
			return found == nil
		})
		return found
	case []any:
		for _, c := range x {
			if f := findTaskDoc(c, id, depth+1); f != nil {
				return f
			}
		}
	}
	return nil
}
