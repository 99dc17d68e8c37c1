package devserver

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"path/filepath"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
)

// Defaults applied by Start to zero-valued Options fields.
const (
	DefaultHost      = "127.0.0.1"
	DefaultNamespace = "default"
	// DefaultRetention is how long closed workflows are kept in the
	// namespaces Start registers. (Temporal's own dev server uses 24 h.)
	DefaultRetention = 7 * 24 * time.Hour
	// DatabaseFile is the name of the SQLite file inside Options.DataDir.
	DatabaseFile = "temporal.db"
)

// Names of the custom search attributes the engine sets on each execution.
const (
	SearchAttributeNamespace = "KestraNamespace" // Kestra namespace of the flow (Keyword)
	SearchAttributeFlowID    = "KestraFlowId"    // flow id (Keyword)
	SearchAttributeState     = "KestraState"     // Kestra execution state (Keyword)
	SearchAttributeLabels    = "KestraLabels"    // "key=value" labels (KeywordList)
)

// DefaultSearchAttributes returns the custom search attributes registered in
// every namespace when Options.SearchAttributes is nil. It returns a new map
// each time, so callers may add to it.
//
// SQL visibility stores custom attributes in pre-allocated columns: at most 10
// Keyword, 3 KeywordList, 3 Text, 3 Int, 3 Double, 3 Bool and 3 Datetime per
// namespace.
func DefaultSearchAttributes() map[string]enumspb.IndexedValueType {
	return map[string]enumspb.IndexedValueType{
		SearchAttributeNamespace: enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		SearchAttributeFlowID:    enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		SearchAttributeState:     enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		SearchAttributeLabels:    enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST,
	}
}

// Options configures Start. The zero value is a usable in-memory server on
// free ports with the UI enabled.
type Options struct {
	// DataDir is the directory holding the SQLite database (DatabaseFile),
	// created if missing. Empty means an in-memory database.
	DataDir string
	// Ephemeral keeps the database in memory even when DataDir is set.
	Ephemeral bool

	// Host is the IP address every service binds to; DefaultHost if empty
	// or "localhost". With 0.0.0.0 (or ::) the server is reachable from other
	// machines; it dials itself on the loopback address.
	Host string
	// FrontendPort is the gRPC port clients dial; 0 picks a free port.
	FrontendPort int

	// UIPort is the Temporal Web UI's HTTP port; 0 picks a free port.
	UIPort int
	// DisableUI turns the Temporal Web UI off.
	DisableUI bool

	// Namespaces are registered before the server starts; the first one is
	// Server.Namespace(). Empty means []string{DefaultNamespace}.
	Namespaces []string
	// Retention of closed workflows in those namespaces; DefaultRetention if
	// zero. Applied to existing namespaces too.
	Retention time.Duration
	// SearchAttributes are the custom search attributes registered in each of
	// the namespaces. Nil means DefaultSearchAttributes(); a non-nil empty
	// map registers none.
	SearchAttributes map[string]enumspb.IndexedValueType

	// Logger receives the Temporal server's logs; slog.Default() if nil.
	Logger *slog.Logger
	// LogLevel is the lowest level of server log records passed to Logger;
	// slog.LevelWarn if nil. A *slog.LevelVar may be changed while running.
	LogLevel slog.Leveler

	// DynamicConfig overrides Temporal dynamic config values by key (e.g.
	// "frontend.namespaceRPS.visibility"), on top of this package's settings.
	DynamicConfig map[string]any
}

// withDefaults returns a copy of o with defaults filled in, or an error if o
// is invalid.
func (o Options) withDefaults() (Options, error) {
	if o.Host == "" || o.Host == "localhost" {
		o.Host = DefaultHost // the server wants an IP address
	}
	if net.ParseIP(o.Host) == nil {
		return o, fmt.Errorf("devserver: host %q is not an IP address", o.Host)
	}
	for name, port := range map[string]int{"frontend": o.FrontendPort, "UI": o.UIPort} {
		if port < 0 || port > 65535 {
			return o, fmt.Errorf("devserver: %s port %d out of range", name, port)
		}
	}
	if o.FrontendPort != 0 && o.FrontendPort == o.UIPort && !o.DisableUI {
		return o, fmt.Errorf("devserver: frontend and UI ports are both %d", o.FrontendPort)
	}
	if len(o.Namespaces) == 0 {
		o.Namespaces = []string{DefaultNamespace}
	}
	seen := make(map[string]bool, len(o.Namespaces))
	for _, ns := range o.Namespaces {
		if ns == "" {
			return o, errors.New("devserver: empty namespace name")
		}
		if seen[ns] {
			return o, fmt.Errorf("devserver: namespace %q listed twice", ns)
		}
		seen[ns] = true
	}
	o.Namespaces = append([]string(nil), o.Namespaces...)
	if o.Retention == 0 {
		o.Retention = DefaultRetention
	}
	if o.Retention < 0 {
		return o, fmt.Errorf("devserver: negative retention %s", o.Retention)
	}
	if o.SearchAttributes == nil {
		o.SearchAttributes = DefaultSearchAttributes()
	} else {
		o.SearchAttributes = maps.Clone(o.SearchAttributes)
	}
	for name, typ := range o.SearchAttributes {
		if name == "" || typ == enumspb.INDEXED_VALUE_TYPE_UNSPECIFIED {
			return o, fmt.Errorf("devserver: search attribute %q has no name or no type", name)
		}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.LogLevel == nil {
		o.LogLevel = slog.LevelWarn
	}
	if o.DataDir != "" && !o.Ephemeral {
		dir, err := filepath.Abs(o.DataDir)
		if err != nil {
			return o, fmt.Errorf("devserver: data dir %q: %w", o.DataDir, err)
		}
		o.DataDir = dir
	}
	return o, nil
}

// inMemory reports whether the database lives in memory.
func (o Options) inMemory() bool { return o.Ephemeral || o.DataDir == "" }
