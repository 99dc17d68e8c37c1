package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/kestra-temporal/kestra-temporal/activities"
	"github.com/kestra-temporal/kestra-temporal/api"
	"github.com/kestra-temporal/kestra-temporal/engine"
	"github.com/kestra-temporal/kestra-temporal/storage"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/store/postgres"
	"github.com/kestra-temporal/kestra-temporal/store/sqlite"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// node is one running kestra-temporal process: what it opened, in the order
// it must be closed.
type node struct {
	log     *slog.Logger
	closers []func() error
}

func (n *node) onClose(f func() error) { n.closers = append(n.closers, f) }

// close releases everything in reverse order.
func (n *node) close() {
	for i := len(n.closers) - 1; i >= 0; i-- {
		if err := n.closers[i](); err != nil {
			n.log.Warn("shutdown", "error", err)
		}
	}
}

// openStore opens PostgreSQL when a URL is given, else SQLite at path
// (":memory:" for an ephemeral store).
func (n *node) openStore(ctx context.Context, databaseURL, sqlitePath string) (store.Store, error) {
	var (
		s   store.Store
		err error
	)
	if databaseURL != "" {
		s, err = postgres.Open(ctx, databaseURL, store.Options{})
	} else {
		s, err = sqlite.Open(ctx, sqlitePath, store.Options{})
	}
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	n.onClose(s.Close)
	return s, nil
}

// startWorker runs the execution workflow and every task activity on the
// task queue.
func (n *node) startWorker(c client.Client, s store.Store, taskQueue, workDir string) error {
	// Every declared task type that is not marked pending must run here.
	if err := activities.Verify(); err != nil {
		return err
	}
	if err := workflows.Verify(); err != nil {
		return err
	}
	w := worker.New(c, taskQueue, engine.WorkerOptions())
	engine.RegisterWorkflows(w, s)
	if err := activities.Register(w, activities.Deps{Store: s, Logger: n.log, WorkDir: workDir}); err != nil {
		return err
	}
	if err := w.Start(); err != nil {
		return fmt.Errorf("start worker: %w", err)
	}
	n.onClose(func() error { w.Stop(); return nil })
	return nil
}

// apiOptions are the flags of the processes that serve the API.
type apiOptions struct {
	listen   string
	baseURL  string
	username string
	password string
}

// serveAPI listens and serves the API until ctx ends, then shuts down.
func (n *node) serveAPI(ctx context.Context, o apiOptions, deps api.Deps, ready chan<- string) error {
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.listen, err)
	}
	addr := ln.Addr().String()
	if o.username == "" && !isLoopback(addr) {
		n.log.Warn("THE API IS OPEN TO THE NETWORK WITHOUT AUTHENTICATION: set --username and --password", "listen", addr)
	}
	base := o.baseURL
	if base == "" {
		base = "http://" + addr
	}
	handler := api.New(api.Config{
		BasicAuth: api.BasicAuth{Username: o.username, Password: o.password},
		BaseURL:   base,
		Version:   version,
	}, deps)
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	n.log.Info("API listening", "url", "http://"+addr)
	if ready != nil {
		ready <- addr
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve API: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down API: %w", err)
	}
	return nil
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// nodeStore is what a node keeps its state in.
type nodeStore struct {
	store store.Store
	files storage.Storage
}

// openStorage opens the internal storage for FILE inputs and task files.
func (n *node) openStorage(dir string) (storage.Storage, error) {
	if dir == "" {
		tmp, err := os.MkdirTemp("", "kestra-temporal-storage-")
		if err != nil {
			return nil, fmt.Errorf("storage: %w", err)
		}
		n.onClose(func() error { return os.RemoveAll(tmp) })
		dir = tmp
	}
	return storage.NewLocal(dir)
}

func newLogger(level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l})), nil
}

// workDir is where task working directories go.
func workDir(dataDir string) string {
	if dataDir == "" {
		return filepath.Join(os.TempDir(), "kestra-temporal")
	}
	return filepath.Join(dataDir, "work")
}
