package devserver

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"

	"go.temporal.io/server/common/config"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"google.golang.org/protobuf/types/known/durationpb"
)

// memoryDBSeq numbers in-memory databases: the SQLite plugin shares one
// connection per DSN for the life of the process, so every ephemeral server
// needs a name no other server in this process used.
var memoryDBSeq atomic.Uint64

// prepareDatabase returns the SQLite config for o, after creating the schema
// if the database is new and registering o's namespaces (with their search
// attributes) if they do not exist yet. existed reports whether the file
// database was there before.
func prepareDatabase(o Options, clusterName string) (cfg *config.SQL, existed bool, err error) {
	cfg = &config.SQL{PluginName: sqliteplugin.PluginName}
	if o.inMemory() {
		cfg.DatabaseName = "devserver-" + strconv.Itoa(os.Getpid()) + "-" +
			strconv.FormatUint(memoryDBSeq.Add(1), 10) + "-" + strconv.FormatUint(rand.Uint64(), 36)
		cfg.ConnectAttributes = map[string]string{"mode": "memory", "cache": "shared"}
	} else {
		cfg.DatabaseName = filepath.Join(o.DataDir, DatabaseFile)
		cfg.ConnectAttributes = map[string]string{
			"mode":         "rwc",
			"journal_mode": "wal",
			"synchronous":  "normal",
		}
		switch _, statErr := os.Stat(cfg.DatabaseName); {
		case statErr == nil:
			existed = true
		case errors.Is(statErr, fs.ErrNotExist):
			if err := sqliteschema.SetupSchema(cfg); err != nil {
				// Leave no half-made database behind to be taken for a good one.
				for _, suffix := range []string{"", "-wal", "-shm"} {
					_ = os.Remove(cfg.DatabaseName + suffix)
				}
				return nil, false, fmt.Errorf("devserver: create schema in %s: %w", cfg.DatabaseName, err)
			}
		default:
			return nil, false, fmt.Errorf("devserver: database %s: %w", cfg.DatabaseName, statErr)
		}
	}

	namespaces := make([]*sqliteschema.NamespaceConfig, 0, len(o.Namespaces))
	for _, ns := range o.Namespaces {
		nsConfig, err := sqliteschema.NewNamespaceConfig(clusterName, ns, false, o.SearchAttributes)
		if err != nil {
			return nil, false, fmt.Errorf("devserver: namespace %q: %w", ns, err)
		}
		nsConfig.Detail.Config.Retention = durationpb.New(o.Retention)
		namespaces = append(namespaces, nsConfig)
	}
	if err := sqliteschema.CreateNamespaces(cfg, namespaces...); err != nil {
		return nil, false, fmt.Errorf("devserver: register namespaces in %s: %w", cfg.DatabaseName, err)
	}
	return cfg, existed, nil
}
