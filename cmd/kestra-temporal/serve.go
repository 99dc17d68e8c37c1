package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"go.temporal.io/sdk/client"

	"github.com/kestra-temporal/kestra-temporal/api"
	"github.com/kestra-temporal/kestra-temporal/engine"
)

// clusterOptions are the flags of the processes that join a Temporal cluster.
type clusterOptions struct {
	temporalAddress, temporalNamespace, taskQueue string
	databaseURL, dataDir, storageDir, logLevel    string
	searchAttributes                              bool
}

func (o *clusterOptions) flags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.String("config", "", "YAML file of settings (keys are flag names; KT_<FLAG> environment variables also work)")
	f.StringVar(&o.temporalAddress, "temporal-address", "127.0.0.1:7233", "Temporal frontend host:port")
	f.StringVar(&o.temporalNamespace, "temporal-namespace", "default", "Temporal namespace")
	f.StringVar(&o.taskQueue, "task-queue", engine.DefaultTaskQueue, "Temporal task queue of executions and tasks")
	f.StringVar(&o.databaseURL, "database-url", "", "PostgreSQL URL of the store (postgres://…); empty: SQLite under --data-dir")
	f.StringVar(&o.dataDir, "data-dir", "./data", "directory for the SQLite store (without --database-url) and task working directories")
	f.StringVar(&o.storageDir, "storage-dir", "", "internal storage directory, shared by every node (default <data-dir>/storage)")
	f.BoolVar(&o.searchAttributes, "search-attributes", false, "set the KestraNamespace/KestraFlowId/KestraLabels search attributes (register them on the namespace first)")
	f.StringVar(&o.logLevel, "log-level", "info", "debug, info, warn or error")
}

// connect opens the store and the Temporal client of a cluster node.
func (o *clusterOptions) connect(ctx context.Context, n *node) (client.Client, *nodeStore, error) {
	copts := clientOptionsWithLogger(n.log)
	copts.HostPort, copts.Namespace = o.temporalAddress, o.temporalNamespace
	c, err := client.DialContext(ctx, engine.ClientOptions(copts))
	if err != nil {
		return nil, nil, fmt.Errorf("connect to Temporal at %s: %w", o.temporalAddress, err)
	}
	n.onClose(func() error { c.Close(); return nil })
	s, err := n.openStore(ctx, o.databaseURL, o.dataDir+"/kestra.db")
	if err != nil {
		return nil, nil, err
	}
	storageDir := o.storageDir
	if storageDir == "" {
		storageDir = o.dataDir + "/storage"
	}
	files, err := n.openStorage(storageDir)
	if err != nil {
		return nil, nil, err
	}
	return c, &nodeStore{store: s, files: files}, nil
}

func newServeCmd() *cobra.Command {
	var o clusterOptions
	var a apiOptions
	var noWorker bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the API (and run a worker) against a Temporal cluster and PostgreSQL",
		Long: "Serves Kestra's API against any Temporal server (a cluster, or `temporal server start-dev`) and the\n" +
			"store in PostgreSQL. It also runs a worker unless --no-worker. Every replica is stateless.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := bindConfig(cmd); err != nil {
				return err
			}
			log, err := newLogger(o.logLevel)
			if err != nil {
				return err
			}
			n := &node{log: log}
			defer n.close()
			c, ns, err := o.connect(cmd.Context(), n)
			if err != nil {
				return err
			}
			if !noWorker {
				if err := n.startWorker(c, ns.store, o.taskQueue, workDir(o.dataDir)); err != nil {
					return err
				}
			}
			eng := engine.New(c, ns.store, engine.Config{TaskQueue: o.taskQueue, SearchAttributes: o.searchAttributes}, log)
			return n.serveAPI(cmd.Context(), a, api.Deps{Store: ns.store, Executor: eng, Logger: log, Files: ns.files}, nil)
		},
	}
	o.flags(cmd)
	f := cmd.Flags()
	f.StringVar(&a.listen, "listen", "127.0.0.1:8080", "API listen address")
	f.StringVar(&a.baseURL, "url", "", "public URL of the API, used in execution links")
	f.StringVar(&a.username, "username", "", "basic auth user")
	f.StringVar(&a.password, "password", "", "basic auth password")
	f.BoolVar(&noWorker, "no-worker", false, "serve the API only")
	return cmd
}

func newWorkerCmd() *cobra.Command {
	var o clusterOptions
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Run a worker only: executions and tasks, for scale-out",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := bindConfig(cmd); err != nil {
				return err
			}
			log, err := newLogger(o.logLevel)
			if err != nil {
				return err
			}
			n := &node{log: log}
			defer n.close()
			c, ns, err := o.connect(cmd.Context(), n)
			if err != nil {
				return err
			}
			if err := n.startWorker(c, ns.store, o.taskQueue, workDir(o.dataDir)); err != nil {
				return err
			}
			log.Info("worker running", "temporal", o.temporalAddress, "taskQueue", o.taskQueue)
			<-cmd.Context().Done()
			return nil
		},
	}
	o.flags(cmd)
	return cmd
}
