// Package activities implements Kestra's runnable task types, one file per
// type, each registered under its canonical Kestra type name from the
// catalog. Long-running tasks heartbeat so that a dead worker's task is retried
// elsewhere.
package activities
