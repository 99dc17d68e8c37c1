package api

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/kestra-temporal/kestra-temporal/store"
)

// namespaceJSON is Kestra's Namespace (OSS namespaces are derived from
// flows).
type namespaceJSON struct {
	ID       string `json:"id"`
	Deleted  bool   `json:"deleted"`
	Disabled bool   `json:"disabled"`
}

func (s *server) getNamespace(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, namespaceJSON{ID: chi.URLParam(r, "namespace")})
}

// searchNamespaces is GET /namespaces/search: the namespaces of the flows
// and their parents, plus "system", filtered by q, paged.
func (s *server) searchNamespaces(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, size := 1, store.DefaultPageSize
	for name, dst := range map[string]*int{"page": &page, "size": &size} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				s.fail(w, r, &httpError{status: http.StatusBadRequest, reason: "Bad Request", message: name + ": must be an integer of at least 1"})
				return
			}
			*dst = n
		}
	}
	flows, err := s.store.DistinctNamespaces(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	set := map[string]bool{store.SystemNamespace: true}
	for _, ns := range flows {
		parts := strings.Split(ns, ".")
		for i := range parts {
			set[strings.Join(parts[:i+1], ".")] = true
		}
	}
	filter := strings.ToLower(q.Get("q"))
	var all []string
	for ns := range set {
		if filter == "" || strings.Contains(strings.ToLower(ns), filter) {
			all = append(all, ns)
		}
	}
	sort.Strings(all)
	if strings.HasSuffix(strings.ToLower(q.Get("sort")), ":desc") {
		sort.Sort(sort.Reverse(sort.StringSlice(all)))
	}
	out := store.Results[namespaceJSON]{Total: int64(len(all))}
	for i := (page - 1) * size; i < len(all) && i < page*size; i++ {
		out.Results = append(out.Results, namespaceJSON{ID: all[i], Disabled: true})
	}
	writeJSON(w, http.StatusOK, out)
}
