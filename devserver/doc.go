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
// Known limits, from the Temporal SQLite plugin: its connection pool never
// closes a database, so a stopped ephemeral server keeps its (small)
// in-memory database until the process exits, and a stopped file-backed
// server keeps its file open; starting again on the same DataDir in the same
// process reuses that connection.
package devserver
