package api

import (
	"context"
	"net/http"
	"time"
)

func (s *server) ping(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte("pong"))
}

func (s *server) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "UP"})
}

// readiness checks the store (and Deps.Ready) within two seconds.
func (s *server) readiness(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	err := func() error {
		if _, err := s.store.DistinctNamespaces(ctx); err != nil {
			return err
		}
		if s.ready != nil {
			return s.ready(ctx)
		}
		return nil
	}()
	if err != nil {
		s.log.WarnContext(r.Context(), "not ready", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "DOWN"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "UP"})
}

// configs is Kestra's server information (GET /api/v1/configs).
func (s *server) configs(w http.ResponseWriter, _ *http.Request) {
	version := s.cfg.Version
	if version == "" {
		version = "dev"
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"version":                   version,
		"edition":                   "OSS",
		"url":                       s.cfg.BaseURL,
		"isBasicAuthEnabled":        s.cfg.BasicAuth.Username != "",
		"isBasicAuthInitialized":    true,
		"isTaskRunEnabled":          true,
		"isAnonymousUsageEnabled":   false,
		"isTemplateEnabled":         false,
		"isUiAnonymousUsageEnabled": false,
		"isAiEnabled":               false,
		"preview":                   map[string]int{"initial": 100, "max": 5000},
		"systemNamespace":           "system",
		"hiddenLabelsPrefixes":      []string{"system."},
		"tenants":                   map[string]bool{"storageByTenant": false, "secretByTenant": false},
		"resourceToFilters":         []any{},
	})
}
