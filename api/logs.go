package api

import (
	"bufio"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

// logFilter reads minLevel, taskRunId, taskId and attempt.
func logFilter(r *http.Request) (store.LogFilter, error) {
	q := r.URL.Query()
	var f store.LogFilter
	if v := q.Get("minLevel"); v != "" {
		l, err := kestra.ParseLevel(v)
		if err != nil {
			return f, badRequest("minLevel", err)
		}
		f.MinLevel = l
	}
	f.TaskID = q.Get("taskId")
	f.TaskRunID = q.Get("taskRunId")
	if q.Has("attempt") {
		n, err := intParam(r, "attempt")
		if err != nil {
			return f, err
		}
		f.Attempt = &n
	}
	return f, nil
}

func (s *server) executionLogs(r *http.Request) ([]store.LogLine, error) {
	f, err := logFilter(r)
	if err != nil {
		return nil, err
	}
	return s.store.ExecutionLogs(r.Context(), chi.URLParam(r, "executionId"), f)
}

func (s *server) getLogs(w http.ResponseWriter, r *http.Request) {
	lines, err := s.executionLogs(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]kestra.LogEntry, len(lines))
	for i, l := range lines {
		out[i] = l.LogEntry
	}
	writeJSON(w, http.StatusOK, out)
}

// downloadLogs writes "<timestamp> <LEVEL> <message>" lines.
func (s *server) downloadLogs(w http.ResponseWriter, r *http.Request) {
	lines, err := s.executionLogs(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := chi.URLParam(r, "executionId")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", id+".log"))
	bw := bufio.NewWriter(w)
	for _, l := range lines {
		_, _ = bw.WriteString(l.PrettyString())
		_ = bw.WriteByte('\n')
	}
	_ = bw.Flush()
}

func (s *server) searchLogs(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r, store.ResourceLogs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.store.SearchLogs(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := store.Results[kestra.LogEntry]{Total: res.Total}
	for _, l := range res.Results {
		out.Results = append(out.Results, l.LogEntry)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *server) deleteLogs(w http.ResponseWriter, r *http.Request) {
	f, err := logFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.store.DeleteLogs(r.Context(), chi.URLParam(r, "executionId"), f); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// deleteFlowLogs is DELETE /logs/{namespace}/{flowId}?triggerId=.
func (s *server) deleteFlowLogs(w http.ResponseWriter, r *http.Request) {
	ns := chi.URLParam(r, "executionId") // the route's first segment is the namespace
	if _, err := s.store.DeleteFlowLogs(r.Context(), ns, chi.URLParam(r, "flowId"), r.URL.Query().Get("triggerId")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (s *server) searchTaskRuns(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r, store.ResourceTaskRuns)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.store.SearchTaskRuns(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// kvKey checks a KV key (Kestra: letters, digits, '-', '_', '.').
func kvKey(key string) error {
	if key == "" || len(key) > 255 || strings.IndexFunc(key, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')
	}) >= 0 {
		return invalidEntity("key", fmt.Sprintf("Key must match the pattern `[a-zA-Z0-9][a-zA-Z0-9._-]*`, got %q", key))
	}
	return nil
}

func (s *server) listKV(w http.ResponseWriter, r *http.Request) {
	entries, err := s.store.ListKV(r.Context(), chi.URLParam(r, "namespace"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if entries == nil {
		entries = []*kestra.KVEntry{}
	}
	writeJSON(w, http.StatusOK, entries)
}

func (s *server) getKV(w http.ResponseWriter, r *http.Request) {
	ns, key := chi.URLParam(r, "namespace"), chi.URLParam(r, "key")
	d, err := s.store.GetKV(r.Context(), ns, key)
	switch kestra.ErrorCode(err) {
	case "":
	case kestra.ENOTFOUND:
		s.fail(w, r, kestra.Errorf(kestra.ENOTFOUND, "No value found for key '%s' in namespace '%s'", key, ns))
		return
	case kestra.EGONE:
		s.fail(w, r, kestra.Errorf(kestra.EGONE, "The requested value has expired"))
		return
	default:
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// putKV stores the body, read as Kestra reads it (ION/JSON), with an
// optional `ttl` header (ISO-8601 duration).
func (s *server) putKV(w http.ResponseWriter, r *http.Request) {
	ns, key := chi.URLParam(r, "namespace"), chi.URLParam(r, "key")
	if err := kvKey(key); err != nil {
		s.fail(w, r, err)
		return
	}
	var opts store.PutKVOptions
	if ttl := r.Header.Get("ttl"); ttl != "" {
		d, err := kestra.ParseDuration(ttl)
		if err != nil || d <= 0 {
			s.fail(w, r, invalidEntity("ttl", fmt.Sprintf("Invalid ttl %q: expected a positive ISO-8601 duration such as PT1H", ttl)))
			return
		}
		opts.TTL = d
	}
	body, err := readBody(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := kestra.ParseKVBody(string(body))
	if err != nil {
		s.fail(w, r, &httpError{status: http.StatusUnprocessableEntity, reason: "Illegal argument", message: kestra.ErrorMessage(err)})
		return
	}
	if _, err := s.store.PutKV(r.Context(), ns, key, v, opts); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (s *server) deleteKV(w http.ResponseWriter, r *http.Request) {
	ok, err := s.store.DeleteKV(r.Context(), chi.URLParam(r, "namespace"), chi.URLParam(r, "key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ok)
}

func (s *server) deleteKVs(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Keys []string `json:"keys"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	deleted, err := s.store.DeleteKVs(r.Context(), chi.URLParam(r, "namespace"), req.Keys)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if deleted == nil {
		deleted = []string{}
	}
	writeJSON(w, http.StatusOK, map[string][]string{"keys": deleted})
}
