// Package devserver runs a Temporal server inside this process: the frontend,
// history, matching and worker services of go.temporal.io/server on SQLite,
// with one history shard and static hosts (no ringpop membership), optionally
// with the Temporal Web UI beside it.
//
// It is what `kestra-temporal server local` and the integration tests use.
// The database is a SQLite file under Options.DataDir (journal_mode=wal,
// synchronous=normal), so workflows survive a restart, or lives in memory
// when Options.Ephemeral is set or DataDir is empty.
//
// Before starting, namespaces and custom search attributes are written into
// the database (DefaultSearchAttributes by default), so they are usable as
// soon as Start returns. Every port the server binds is checked first: a busy
// port is reported by Start as an error, where the Temporal server would
// otherwise exit the process or panic.
//
//	srv, err := devserver.Start(ctx, devserver.Options{DataDir: "./data"})
//	if err != nil { ... }
//	defer srv.Stop()
//	c, err := srv.NewClient(ctx)
//
// Several servers may run in one process, or in several processes on one
// machine, as long as their ports and data directories differ (a data
// directory is locked while a server uses it).
//
// Compared with a default Temporal server, this one binds only the four
// services' gRPC ports (no frontend HTTP API, metrics or pprof), never calls
// Temporal's version check, makes new search attributes usable at once,
// allows 100 visibility requests per second, lets its one shard read its
// task queues 200 times a second instead of 20 (workflow task dispatch waited
// up to 50 ms), runs history's task schedulers with 32 workers instead of
// 512, and runs neither the task queue and
// history scanners nor the parent close policy worker: the server never
// stops their SDK workers, whose polls would hold Stop for a second and go on
// after it. Options.DynamicConfig overrides any of these.
//
// Known limits: the Temporal SQLite plugin's connection pool never closes a
// database, so a stopped ephemeral server keeps its in-memory database until
// the process exits, and a stopped file-backed server keeps its file open
// (starting again on the same DataDir in the same process reuses that
// connection). With what the server itself leaves behind, a start and stop
// costs the process about 3.5 MB and 30 goroutines: fine for tests, not for
// starting servers in a loop.
package devserver
