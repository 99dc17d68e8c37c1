package devserver

import (
	"net"
	"strconv"
	"time"

	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/membership/static"
	"go.temporal.io/server/common/primitives"
	"go.temporal.io/server/temporal"
)

const (
	clusterName = "active"
	storeName   = "sqlite-default"
)

// servicePorts are the gRPC ports of the four services. Nothing else is
// bound by the server: no membership (static hosts), no metrics, no pprof,
// no frontend HTTP API.
type servicePorts struct {
	frontend, history, matching, worker int
}

func (p servicePorts) each() map[primitives.ServiceName]int {
	return map[primitives.ServiceName]int{
		primitives.FrontendService: p.frontend,
		primitives.HistoryService:  p.history,
		primitives.MatchingService: p.matching,
		primitives.WorkerService:   p.worker,
	}
}

func hostPort(host string, port int) string { return net.JoinHostPort(host, strconv.Itoa(port)) }

// dialHost is the address to reach a service bound on host: the loopback
// address when host is the unspecified address (0.0.0.0 or ::).
func dialHost(host string) string {
	ip := net.ParseIP(host)
	switch {
	case ip == nil || !ip.IsUnspecified():
		return host
	case ip.To4() != nil:
		return "127.0.0.1"
	default:
		return "::1"
	}
}

// serverConfig is the static server configuration: one shard, SQLite for
// both stores, one cluster, archival off. Services bind on host.
func serverConfig(host string, ports servicePorts, sql *config.SQL) *config.Config {
	var c config.Config
	c.Global.Membership.MaxJoinDuration = 30 * time.Second
	c.Global.Membership.BroadcastAddress = dialHost(host)

	c.Persistence.DefaultStore = storeName
	c.Persistence.VisibilityStore = storeName
	c.Persistence.NumHistoryShards = 1
	c.Persistence.DataStores = map[string]config.DataStore{storeName: {SQL: sql}}

	frontend := hostPort(dialHost(host), ports.frontend)
	c.ClusterMetadata = &cluster.Config{
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{
			clusterName: {Enabled: true, InitialFailoverVersion: 1, RPCAddress: frontend},
		},
	}
	c.DCRedirectionPolicy.Policy = "noop"

	c.Services = make(map[string]config.Service, 4)
	for svc, port := range ports.each() {
		var s config.Service
		s.RPC.GRPCPort = port
		s.RPC.BindOnIP = host
		c.Services[string(svc)] = s
	}

	c.Archival.History.State = "disabled"
	c.Archival.Visibility.State = "disabled"
	c.NamespaceDefaults.Archival.History.State = "disabled"
	c.NamespaceDefaults.Archival.Visibility.State = "disabled"
	// The server's own system workers dial the frontend through this.
	c.PublicClient.HostPort = frontend
	return &c
}

// staticHosts replaces ringpop membership: each service is on one known port.
func staticHosts(host string, ports servicePorts) temporal.ServerOption {
	hosts := make(map[primitives.ServiceName]static.Hosts, 4)
	for svc, port := range ports.each() {
		hosts[svc] = static.SingleLocalHost(hostPort(dialHost(host), port))
	}
	return temporal.WithStaticHosts(hosts)
}

// dynamicConfig is what a single-node development server wants, overridden
// by the caller's values.
func dynamicConfig(overrides map[string]any) dynamicconfig.StaticClient {
	dc := dynamicconfig.StaticClient{
		// Search attributes are usable as soon as they are added.
		dynamicconfig.ForceSearchAttributesCacheRefreshOnRead.Key(): true,
		// No calls to Temporal's version service.
		dynamicconfig.EnableServerVersionCheck.Key(): false,
		// Visibility is rate limited to 10 rps per frontend by default.
		dynamicconfig.FrontendMaxNamespaceVisibilityRPSPerInstance.Key(): 100,
		dynamicconfig.HistoryCacheHostLevelMaxSize.Key():                 8096,
		// The forced search attribute refresh costs a read per request.
		dynamicconfig.FrontendPersistenceMaxQPS.Key(): 10000,
		dynamicconfig.HistoryPersistenceMaxQPS.Key():  45000,
		// The worker service never stops the SDK workers of these three, so
		// their long polls hold the frontend's stop for its 1 s drain and
		// keep polling after Stop. Off, Stop takes ~0.15 s instead of ~1.3 s.
		// The scanners tidy task queue rows and orphaned history branches,
		// housekeeping a single-node SQLite can do without; with the parent
		// close policy worker off, history applies parent close policies
		// itself (the same outcome).
		dynamicconfig.TaskQueueScannerEnabled.Key():       false,
		dynamicconfig.HistoryScannerEnabled.Key():         false,
		dynamicconfig.EnableParentClosePolicyWorker.Key(): false,
		// History's host-level task schedulers default to 512 workers each
		// (2,800 goroutines in all) for hosts with many shards; one shard
		// on one SQLite connection needs few.
		dynamicconfig.TransferProcessorSchedulerWorkerCount.Key():               32,
		dynamicconfig.TimerProcessorSchedulerWorkerCount.Key():                  32,
		dynamicconfig.VisibilityProcessorSchedulerWorkerCount.Key():             32,
		dynamicconfig.ReplicationProcessorSchedulerWorkerCount.Key():            4,
		dynamicconfig.ReplicationLowPriorityProcessorSchedulerWorkerCount.Key(): 4,
		// Each shard reads a task queue (transfer, timer, …) at most 20 times
		// a second by default: with one shard, every workflow task waited
		// up to 50 ms for its dispatch. At 200 a one-activity workflow takes
		// ~33 ms end to end instead of ~87 ms (measured, idle machine).
		dynamicconfig.TransferProcessorMaxPollRPS.Key():   200,
		dynamicconfig.TimerProcessorMaxPollRPS.Key():      200,
		dynamicconfig.VisibilityProcessorMaxPollRPS.Key(): 200,
		dynamicconfig.OutboundProcessorMaxPollRPS.Key():   200,
	}
	for k, v := range overrides {
		dc[dynamicconfig.MakeKey(k)] = v
	}
	return dc
}
