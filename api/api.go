package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/storage"
	"github.com/kestra-temporal/kestra-temporal/store"
)

// FileStore is the internal storage the API reads and writes: FILE inputs
// on execution creation and resume, file downloads. storage.Local
// implements it for local mode.
type FileStore = storage.Storage

// BasicAuth enables HTTP basic authentication when Username is set.
type BasicAuth struct {
	Username string
	Password string
	// OpenURLs are path prefixes served without authentication; nil means
	// DefaultOpenURLs.
	OpenURLs []string
}

// DefaultOpenURLs are Kestra's open URLs (/ping and the webhook trigger)
// plus the health, readiness and metrics endpoints, which Kestra serves on
// its unauthenticated management port.
var DefaultOpenURLs = []string{
	"/ping", "/health", "/ready", "/metrics", "/prometheus",
	"/api/v1/executions/webhook/", "/api/v1/main/executions/webhook/",
}

// Config tunes the API.
type Config struct {
	BasicAuth BasicAuth
	// BaseURL is Kestra's kestra.url, the prefix of the execution `url`
	// (default http://localhost:8080).
	BaseURL string
	// MaxBodyBytes bounds request bodies, multipart uploads included
	// (default 100 MiB).
	MaxBodyBytes int64
	// MaxMemoryBytes is how much of a multipart body is kept in memory
	// before parts spill to temporary files (default 8 MiB).
	MaxMemoryBytes int64
	// Version is reported by /api/v1/configs.
	Version string
	// WaitTimeout bounds ?wait=true and the wait for an execution to appear
	// in follow (default 1 h, as Kestra's delay between updates).
	WaitTimeout time.Duration
	// FollowWait is how long follow waits for an unknown execution to
	// appear before answering 404 (default 10 s, as Kestra).
	FollowWait time.Duration
	// Heartbeat is the interval of SSE comment lines keeping streams open
	// through proxies (default 15 s).
	Heartbeat time.Duration
}

// Deps are what the API talks to.
type Deps struct {
	Store    store.Store
	Executor Executor
	Logger   *slog.Logger
	Files    FileStore
	// Ready, when set, reports readiness for /ready (the store is checked
	// too).
	Ready func(ctx context.Context) error
}

// LabelSetter is implemented by executors that can replace the labels of a
// terminated execution (POST /executions/{id}/labels). Without it the
// endpoint answers 501.
type LabelSetter interface {
	SetLabels(ctx context.Context, executionID string, labels []kestra.Label) error
}

type server struct {
	cfg     Config
	store   store.Store
	exec    Executor
	files   FileStore
	log     *slog.Logger
	ready   func(ctx context.Context) error
	metrics *metrics
}

// New returns the HTTP handler of Kestra's REST API. Every route is served
// under /api/v1/main/… and, as Kestra's compatibility layer does, /api/v1/….
func New(cfg Config, deps Deps) http.Handler {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://localhost:8080"
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 100 << 20
	}
	if cfg.MaxMemoryBytes <= 0 {
		cfg.MaxMemoryBytes = 8 << 20
	}
	if cfg.WaitTimeout <= 0 {
		cfg.WaitTimeout = time.Hour
	}
	if cfg.FollowWait <= 0 {
		cfg.FollowWait = 10 * time.Second
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = 15 * time.Second
	}
	if cfg.BasicAuth.OpenURLs == nil {
		cfg.BasicAuth.OpenURLs = DefaultOpenURLs
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	s := &server{
		cfg: cfg, store: deps.Store, exec: deps.Executor, files: deps.Files,
		log: deps.Logger, ready: deps.Ready, metrics: newMetrics(),
	}
	r := chi.NewRouter()
	r.Use(s.recoverer, s.instrument, s.authenticate, s.limitBody)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, &httpError{status: http.StatusNotFound, reason: "Not Found"})
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, &httpError{status: http.StatusMethodNotAllowed, reason: "Method Not Allowed"})
	})
	r.Get("/ping", s.ping)
	r.Get("/health", s.health)
	r.Get("/ready", s.readiness)
	r.Handle("/metrics", s.metrics.handler())
	r.Handle("/prometheus", s.metrics.handler()) // Kestra's management endpoint name
	r.Route(mainBase, s.routes)
	return tenantRewrite(r)
}

const (
	legacyBase = "/api/v1"
	mainBase   = "/api/v1/main"
)

// tenantRewrite serves /api/v1/… as /api/v1/main/… (Kestra ≥0.23's
// compatibility layer for pre-tenant paths).
func tenantRewrite(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if strings.HasPrefix(p, legacyBase+"/") && !strings.HasPrefix(p, mainBase+"/") && p != mainBase {
			r2 := r.Clone(r.Context())
			r2.URL.Path = mainBase + strings.TrimPrefix(p, legacyBase)
			r2.URL.RawPath = ""
			next.ServeHTTP(w, r2)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *server) routes(r chi.Router) {
	r.Get("/configs", s.configs)

	r.Post("/flows", s.createFlow)
	r.Post("/flows/validate", s.validateFlows)
	r.Post("/flows/bulk", s.bulkFlows)
	r.Get("/flows/search", s.searchFlows)
	r.Get("/flows/distinct-namespaces", s.distinctNamespaces)
	r.Get("/flows/{namespace}", s.listFlows)
	r.Post("/flows/{namespace}", s.syncNamespace)
	r.Get("/flows/{namespace}/{id}", s.getFlow)
	r.Put("/flows/{namespace}/{id}", s.updateFlow)
	r.Delete("/flows/{namespace}/{id}", s.deleteFlow)
	r.Get("/flows/{namespace}/{id}/revisions", s.flowRevisions)
	r.Get("/flows/{namespace}/{id}/tasks/{taskId}", s.flowTask)

	r.Get("/executions", s.listExecutions)
	r.Get("/executions/search", s.searchExecutions)
	r.Post("/executions/{executionId}/{id}", s.createExecution) // {executionId} is the namespace here: chi needs one name per position
	r.Post("/executions/trigger/{namespace}/{id}", s.createExecution)
	r.Get("/executions/webhook/{namespace}/{id}/{key}", s.webhook)
	r.Post("/executions/webhook/{namespace}/{id}/{key}", s.webhook)
	r.Put("/executions/webhook/{namespace}/{id}/{key}", s.webhook)
	r.Delete("/executions/kill/by-ids", s.bulkKill())
	r.Post("/executions/restart/by-ids", s.bulkRestart())
	r.Post("/executions/resume/by-ids", s.bulkResume())
	r.Delete("/executions/by-ids", s.bulkDelete())
	r.Get("/executions/{executionId}", s.getExecution)
	r.Delete("/executions/{executionId}", s.deleteExecution)
	r.Get("/executions/{executionId}/flow", s.executionFlow)
	r.Get("/executions/{executionId}/follow", s.followExecution)
	r.Delete("/executions/{executionId}/kill", s.killExecution)
	r.Post("/executions/{executionId}/restart", s.orCreate("restart", s.restartExecution))
	r.Post("/executions/{executionId}/replay", s.orCreate("replay", s.replayExecution))
	r.Post("/executions/{executionId}/pause", s.orCreate("pause", s.pauseExecution))
	r.Post("/executions/{executionId}/resume", s.orCreate("resume", s.resumeExecution))
	r.Post("/executions/{executionId}/resume/validate", s.validateResume)
	r.Post("/executions/{executionId}/{id}/validate", s.validateExecution) // {executionId} is the namespace here
	r.Post("/executions/{executionId}/labels", s.orCreate("labels", s.setLabels))
	r.Get("/executions/{executionId}/file", s.downloadFile)
	r.Get("/executions/{executionId}/file/metas", s.fileMetas)

	r.Get("/logs/search", s.searchLogs)
	r.Get("/logs/{executionId}", s.getLogs)
	r.Delete("/logs/{executionId}", s.deleteLogs)
	r.Get("/logs/{executionId}/download", s.downloadLogs)
	r.Get("/logs/{executionId}/follow", s.followLogs)
	r.Delete("/logs/{executionId}/{flowId}", s.deleteFlowLogs) // {executionId} is the namespace here

	r.Get("/taskruns/search", s.searchTaskRuns)

	r.Get("/namespaces/search", s.searchNamespaces)
	r.Get("/namespaces/{namespace}", s.getNamespace)
	r.Get("/namespaces/{namespace}/kv", s.listKV)
	r.Delete("/namespaces/{namespace}/kv", s.deleteKVs)
	r.Get("/namespaces/{namespace}/kv/{key}", s.getKV)
	r.Put("/namespaces/{namespace}/kv/{key}", s.putKV)
	r.Delete("/namespaces/{namespace}/kv/{key}", s.deleteKV)
}
