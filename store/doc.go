// Package store defines kestra-temporal's storage interfaces — flows with
// revisions, executions, task runs, logs and KV — and the query language
// the REST API passes through to them (Kestra's flat parameters and 1.x
// filters[field][OP], paging and sorting). The store is what the API reads;
// Temporal keeps workflow history.
//
// Implementations live in store/postgres (pgx) and store/sqlite (pure Go,
// for local mode); store/storetest is the conformance suite both pass.
//
// Errors are *kestra.Error values where the caller can act on them:
// ENOTFOUND, EINVALID (malformed filter, sort or value; the message names
// the field), ECONFLICT and EGONE (an expired KV key).
package store
