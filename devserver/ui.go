package devserver

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/temporalio/ui-server/v2/server/api"
	"github.com/temporalio/ui-server/v2/server/auth"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	"github.com/temporalio/ui-server/v2/server/cors"
	"github.com/temporalio/ui-server/v2/server/csrf"
	"github.com/temporalio/ui-server/v2/server/headers"
	"github.com/temporalio/ui-server/v2/server/route"
	"github.com/temporalio/ui-server/v2/server/rpc"
	"github.com/temporalio/ui-server/v2/ui"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
)

// uiServer is the Temporal Web UI (github.com/temporalio/ui-server) served on
// a listener this package owns. ui-server's own Server.Start binds the port
// itself and exits the process if it cannot, and never closes its gRPC
// connection; assembling its handlers here avoids both.
type uiServer struct {
	listener net.Listener
	http     *http.Server
	conn     *grpc.ClientConn
	served   chan error
}

// listenUI binds the UI port. It is done before the Temporal server starts,
// so a busy port fails Start early.
func listenUI(host string, port int) (net.Listener, error) {
	l, err := net.Listen("tcp", hostPort(host, port))
	if err != nil {
		return nil, fmt.Errorf("devserver: UI port %s is not available: %w", hostPort(host, port), err)
	}
	return l, nil
}

// newUIServer builds the UI handler for the frontend at frontendAddr.
func newUIServer(l net.Listener, frontendAddr, namespace string, logger *slog.Logger) (*uiServer, error) {
	addr := l.Addr().(*net.TCPAddr)
	cfg := &uiconfig.Config{
		TemporalGRPCAddress: frontendAddr,
		Host:                addr.IP.String(),
		Port:                addr.Port,
		EnableUI:            true,
		DefaultNamespace:    namespace,
		CORS:                uiconfig.CORS{CookieInsecure: true},
		HideLogs:            true,
		DisableNewsFetch:    true,
	}
	provider, err := uiconfig.NewConfigProviderWithRefresh(cfg) // RefreshInterval 0: no refresh goroutine
	if err != nil {
		return nil, fmt.Errorf("devserver: UI config: %w", err)
	}
	conn, err := rpc.Dial(frontendAddr, nil)
	if err != nil {
		return nil, fmt.Errorf("devserver: UI connection to %s: %w", frontendAddr, err)
	}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Use(middleware.Recover())
	e.Use(middleware.Gzip())
	e.Use(cors.CORSMiddleware(cors.CORSConfig{
		AllowHeaders: []string{
			echo.HeaderOrigin, echo.HeaderContentType, echo.HeaderAccept,
			echo.HeaderXCSRFToken, echo.HeaderAuthorization, auth.AuthorizationExtrasHeader, "Caller-Type",
		},
		AllowCredentials: true,
		ConfigProvider:   provider,
	}))
	e.Use(middleware.Secure())
	const cookieSecure = false // plain HTTP on a local port
	e.Use(csrf.EnsureTokenCookie(cookieSecure))
	e.Use(middleware.CSRFWithConfig(csrf.MiddlewareConfig(provider, cookieSecure)))

	route.SetHealthRoute(e)
	apiRoutes := e.Group("/api/v1")
	apiRoutes.GET("/settings", api.GetSettings(provider))
	readOnlyGuard := route.DisableWriteMiddleware(provider)
	apiRoutes.GET(api.WorkflowRawHistoryUrl,
		api.WorkflowRawHistoryHandler(workflowservice.NewWorkflowServiceClient(conn)), readOnlyGuard)
	forward := []api.Middleware{headers.WithForwardHeaders([]string{auth.AuthorizationExtrasHeader, "Caller-Type"})}
	apiRoutes.Match([]string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete},
		"/*", api.TemporalAPIHandler(provider, forward, conn), readOnlyGuard)
	route.SetAuthRoutes(e, provider)

	assets, err := ui.Assets()
	if err == nil {
		assets, err = fs.Sub(assets, "local")
	}
	if err == nil {
		err = route.SetUIRoutes(e, "", assets)
	}
	if err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("devserver: UI assets: %w", err)
	}
	route.SetRenderRoute(e, "")

	return &uiServer{
		listener: l,
		http: &http.Server{
			Handler:           e,
			ReadHeaderTimeout: 10 * time.Second,
			ErrorLog:          slog.NewLogLogger(logger.With("component", "temporal-ui").Handler(), slog.LevelWarn),
		},
		conn:   conn,
		served: make(chan error, 1),
	}, nil
}

func (u *uiServer) serve() {
	go func() {
		err := u.http.Serve(u.listener)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		u.served <- err
	}()
}

// stop closes the UI at once: it holds no state worth draining.
func (u *uiServer) stop() error {
	err := u.http.Close()
	if cerr := u.conn.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("devserver: stop UI: %w", err)
	}
	return nil
}
