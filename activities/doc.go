// Package activities implements Kestra's runnable task types as Temporal
// activities, one file per type, each registered under its canonical Kestra
// type name from the catalog (Register; Implemented and Verify tell which
// activity types still lack an executor).
//
// Every task attempt renders its own properties with I/O-backed expression
// functions (real clock, secret() from SECRET_<KEY> variables holding base64,
// kv(), errorLogs(), read() and file functions on internal storage), writes
// its log lines to the store in batches keyed
// <taskRunId>/<kestraAttempt>/<temporalAttempt>/<seq>, heartbeats every
// second (call TuneWorkerOptions so the SDK sends them that often), and
// works in its own directory under Deps.WorkDir, removed afterwards. A task
// failure in Kestra's sense is a non-retryable workflows.TaskFailedError;
// any other error is an infrastructure error Temporal retries.
//
// Script tasks run their commands through package process, whose supervisor
// kills the whole process tree when the task is cancelled and when the
// worker itself dies.
package activities
