package devserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/temporal"
)

// Server is a Temporal server running in this process. Its methods are safe
// for concurrent use.
type Server struct {
	opts         Options
	temporal     temporal.Server
	ui           *uiServer
	logger       serverLogger
	lock         *dataDirLock
	frontendAddr string
	uiAddr       string

	stopOnce sync.Once
	stopErr  error
}

// Start starts a Temporal server and returns once its frontend serves the
// namespaces in opts. ctx bounds the wait for the frontend; the server
// itself runs until Stop.
//
// Errors are returned, never process exits: a busy port, a data directory in
// use by another server, a search attribute that cannot be registered.
func Start(ctx context.Context, opts Options) (_ *Server, err error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("devserver: start: %w", err)
	}
	begin := time.Now()

	s := &Server{opts: o, logger: newServerLogger(o.Logger, o.LogLevel)}
	var undo []func() // run in reverse if Start fails
	defer func() {
		if err != nil {
			for i := len(undo) - 1; i >= 0; i-- {
				undo[i]()
			}
		}
	}()

	if !o.inMemory() {
		if s.lock, err = lockDataDir(o.DataDir); err != nil {
			return nil, err
		}
		undo = append(undo, func() { _ = s.lock.release() })
	}

	ports, err := allocatePorts(o)
	if err != nil {
		return nil, err
	}
	s.frontendAddr = hostPort(dialHost(o.Host), ports.frontend)

	var uiListener net.Listener
	if !o.DisableUI { // bound now so that a busy port fails before the server starts
		if uiListener, err = listenUI(o.Host, o.UIPort); err != nil {
			return nil, err
		}
		undo = append(undo, func() { _ = uiListener.Close() })
	}

	sqlConfig, existed, err := prepareDatabase(o, clusterName)
	if err != nil {
		return nil, err
	}

	if err := s.startTemporal(serverConfig(o.Host, ports, sqlConfig), ports); err != nil {
		return nil, err
	}
	undo = append(undo, func() { _ = s.stopTemporal() })

	if err := s.awaitNamespaces(ctx, existed); err != nil {
		return nil, err
	}
	if uiListener != nil {
		// After the frontend is up: the UI's gRPC connection would otherwise
		// start in reconnect backoff.
		if s.ui, err = newUIServer(uiListener, s.frontendAddr, o.Namespaces[0], o.Logger); err != nil {
			return nil, err
		}
		s.uiAddr = hostPort(dialHost(o.Host), uiListener.Addr().(*net.TCPAddr).Port)
		s.ui.serve()
	}

	o.Logger.Debug("devserver: started", "frontend", s.frontendAddr, "ui", s.uiAddr,
		"dataDir", o.DataDir, "inMemory", o.inMemory(), "took", time.Since(begin))
	return s, nil
}

// allocatePorts checks the fixed ports and picks the free ones.
func allocatePorts(o Options) (servicePorts, error) {
	var p servicePorts
	var err error
	if p.frontend, err = portFor("frontend", o.Host, o.FrontendPort); err != nil {
		return p, err
	}
	for _, port := range []*int{&p.history, &p.matching, &p.worker} {
		if *port, err = pickFreePort(o.Host); err != nil {
			return p, err
		}
	}
	return p, nil
}

// startTemporal builds and starts the Temporal server. Construction and start
// run on a goroutine of their own so that a fatal server error (see
// serverLogger.Fatal) or a panic comes back as an error.
func (s *Server) startTemporal(cfg *config.Config, ports servicePorts) error {
	opts := []temporal.ServerOption{
		temporal.WithConfig(cfg),
		temporal.ForServices(temporal.DefaultServices),
		staticHosts(s.opts.Host, ports),
		temporal.WithLogger(s.logger),
		temporal.WithAuthorizer(authorization.NewNoopAuthorizer()),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper {
			return authorization.NewNoopClaimMapper()
		}),
		temporal.WithDynamicConfigClient(dynamicConfig(s.opts.DynamicConfig)),
	}

	var (
		srv      temporal.Server
		err      error
		finished bool
		done     = make(chan struct{})
	)
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("temporal server panicked while starting: %v", r)
				finished = true
			}
		}()
		srv, err = temporal.NewServer(opts...)
		if err == nil {
			err = srv.Start()
		}
		finished = true
	}()
	<-done

	if fatal := s.logger.fatal.get(); fatal != nil {
		// The goroutine ended through serverLogger.Fatal; its Goexit may
		// have been turned into a panic(nil) by a recover-and-rethrow on the
		// way, so the recorded error is the one to report.
		err = fatal
	} else if !finished {
		err = errors.New("temporal server stopped while starting")
	}
	if err != nil {
		if srv != nil {
			s.logger.level.stopping.Store(true)
			_ = srv.Stop()
		}
		return fmt.Errorf("devserver: start temporal server on %s: %w", hostPort(s.opts.Host, ports.frontend), err)
	}
	s.temporal = srv
	return nil
}

func (s *Server) stopTemporal() error {
	s.logger.level.stopping.Store(true) // the server warns routinely while stopping
	if err := s.temporal.Stop(); err != nil {
		return fmt.Errorf("devserver: stop temporal server: %w", err)
	}
	return nil
}

// Stop stops the UI and the server and releases the data directory. It may
// be called more than once; later calls return the first call's result.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		var errs []error
		if s.ui != nil {
			errs = append(errs, s.ui.stop())
		}
		errs = append(errs, s.stopTemporal())
		errs = append(errs, s.lock.release())
		s.stopErr = errors.Join(errs...)
	})
	return s.stopErr
}

// FrontendAddr is the host:port of the frontend's gRPC endpoint, the address
// clients and workers dial (127.0.0.1 if Options.Host is 0.0.0.0).
func (s *Server) FrontendAddr() string { return s.frontendAddr }

// UIAddr is the host:port of the Temporal Web UI, or "" if it is disabled.
func (s *Server) UIAddr() string { return s.uiAddr }

// Namespace is the first of the registered namespaces, the one NewClient uses.
func (s *Server) Namespace() string { return s.opts.Namespaces[0] }

// Namespaces lists the registered namespaces.
func (s *Server) Namespaces() []string { return append([]string(nil), s.opts.Namespaces...) }

// DataDir is the directory of the SQLite database, or "" if it is in memory.
func (s *Server) DataDir() string {
	if s.opts.inMemory() {
		return ""
	}
	return s.opts.DataDir
}

// NewClient dials the server in Namespace(). The caller closes the client.
func (s *Server) NewClient(ctx context.Context) (client.Client, error) {
	return s.NewClientWithOptions(ctx, client.Options{})
}

// NewClientWithOptions dials the server with opts; HostPort is always the
// server's frontend, an empty Namespace becomes Namespace(), and a nil Logger
// one that writes to Options.Logger at Options.LogLevel.
func (s *Server) NewClientWithOptions(ctx context.Context, opts client.Options) (client.Client, error) {
	opts.HostPort = s.frontendAddr
	if opts.Namespace == "" {
		opts.Namespace = s.Namespace()
	}
	if opts.Logger == nil {
		opts.Logger = sdkLogger(s.opts.Logger, s.opts.LogLevel)
	}
	c, err := client.DialContext(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("devserver: dial %s: %w", s.frontendAddr, err)
	}
	return c, nil
}
