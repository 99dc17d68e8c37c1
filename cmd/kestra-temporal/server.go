package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/kestra-temporal/kestra-temporal/api"
	"github.com/kestra-temporal/kestra-temporal/devserver"
	"github.com/kestra-temporal/kestra-temporal/engine"
)

func newServerCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "server", Short: "Run kestra-temporal servers"}
	cmd.AddCommand(newServerLocalCmd())
	return cmd
}

// localOptions are the flags of `server local`.
type localOptions struct {
	host, dataDir, logLevel string
	port, temporalPort      int
	uiPort                  int
	noUI, ephemeral         bool
	username, password      string
	ready                   chan<- string // tests: receives the API address
}

func newServerLocalCmd() *cobra.Command {
	o := localOptions{}
	cmd := &cobra.Command{
		Use:   "local",
		Short: "Everything in one process: embedded Temporal, embedded store, worker and API",
		Long: "Runs an embedded Temporal server (with its Web UI), an embedded SQLite store, the worker and the\n" +
			"Kestra API in one process. Data persists under --data-dir unless --ephemeral. A port of 0 picks a\n" +
			"free port; the chosen ports are logged.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := bindConfig(cmd); err != nil {
				return err
			}
			return runLocal(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.String("config", "", "YAML file of settings (keys are flag names; KT_<FLAG> environment variables also work)")
	f.StringVar(&o.host, "host", "127.0.0.1", "address every server binds to")
	f.IntVar(&o.port, "port", 8080, "API port (0: a free port)")
	f.IntVar(&o.temporalPort, "temporal-port", 7233, "Temporal frontend gRPC port (0: a free port)")
	f.IntVar(&o.uiPort, "ui-port", 8233, "Temporal Web UI port (0: a free port)")
	f.BoolVar(&o.noUI, "no-ui", false, "do not serve the Temporal Web UI")
	f.StringVar(&o.dataDir, "data-dir", "./data", "directory holding every piece of state")
	f.BoolVar(&o.ephemeral, "ephemeral", false, "keep everything in memory; nothing survives the process")
	f.StringVar(&o.logLevel, "log-level", "info", "debug, info, warn or error")
	f.StringVar(&o.username, "username", "", "basic auth user (Kestra's kestra.server.basic-auth)")
	f.StringVar(&o.password, "password", "", "basic auth password")
	return cmd
}

func runLocal(ctx context.Context, o localOptions) error {
	log, err := newLogger(o.logLevel)
	if err != nil {
		return err
	}
	n := &node{log: log}
	defer n.close()

	dataDir := o.dataDir
	if o.ephemeral {
		dataDir = ""
	} else if dataDir, err = filepath.Abs(dataDir); err != nil {
		return fmt.Errorf("--data-dir: %w", err)
	}
	// Refuse a busy API port before starting anything else.
	apiAddr := net.JoinHostPort(o.host, strconv.Itoa(o.port))
	if o.port != 0 {
		ln, err := net.Listen("tcp", apiAddr)
		if err != nil {
			return fmt.Errorf("--port: %w", err)
		}
		ln.Close()
	}

	temporalDir := ""
	if dataDir != "" {
		temporalDir = filepath.Join(dataDir, "temporal")
	}
	srv, err := devserver.Start(ctx, devserver.Options{
		DataDir: temporalDir, Ephemeral: o.ephemeral, Host: o.host,
		FrontendPort: o.temporalPort, UIPort: o.uiPort, DisableUI: o.noUI, Logger: log,
	})
	if err != nil {
		return fmt.Errorf("start Temporal: %w", err)
	}
	n.onClose(srv.Stop)
	log.Info("Temporal server ready", "address", srv.FrontendAddr(), "namespace", srv.Namespace())
	if !o.noUI {
		log.Info("Temporal Web UI", "url", "http://"+srv.UIAddr())
	}

	c, err := srv.NewClientWithOptions(ctx, engine.ClientOptions(clientOptionsWithLogger(log)))
	if err != nil {
		return fmt.Errorf("connect to Temporal: %w", err)
	}
	n.onClose(func() error { c.Close(); return nil })

	sqlitePath := ":memory:"
	storageDir := ""
	if dataDir != "" {
		if err := os.MkdirAll(dataDir, 0o755); err != nil {
			return fmt.Errorf("--data-dir: %w", err)
		}
		sqlitePath = filepath.Join(dataDir, "kestra.db")
		storageDir = filepath.Join(dataDir, "storage")
	}
	s, err := n.openStore(ctx, "", sqlitePath)
	if err != nil {
		return err
	}
	files, err := n.openStorage(storageDir)
	if err != nil {
		return err
	}
	if err := n.startWorker(c, s, engine.DefaultTaskQueue, workDir(dataDir)); err != nil {
		return err
	}
	eng := engine.New(c, s, engine.Config{SearchAttributes: true}, log)
	return n.serveAPI(ctx, apiOptions{listen: apiAddr, username: o.username, password: o.password},
		api.Deps{Store: s, Executor: eng, Logger: log, Files: files}, o.ready)
}
