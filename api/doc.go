// Package api serves Kestra's REST API (/api/v1/main/… and /api/v1/…) with
// Kestra's JSON shapes and error bodies, on a chi router.
//
// New(cfg, deps) returns the handler. Flows, executions, logs, task runs and
// KV are read from and written to deps.Store; everything that changes a
// running execution goes through deps.Executor (the Temporal side); FILE
// inputs and file downloads use deps.Files (internal storage, kestra://
// URIs).
//
// Conventions, as Kestra's:
//   - JSON without nulls (non_null), ISO-8601 instants and durations;
//   - errors are {"message": "<Reason>: <detail>", "_links": {"self":
//     {"href": <request URI>}}, "_embedded": {"errors": [{"message", "path"}]}}
//     with 404 (not found), 422 (invalid entity or argument), 409 (illegal
//     state), 410 (expired KV), 401 (basic auth), 400 (malformed query
//     parameter), 413 (body too large); 500 never carries internal details;
//   - execution inputs are multipart/form-data fields, FILE inputs parts
//     named "files" whose filename is the input id (package inputs types
//     them);
//   - follow endpoints are server-sent events with `progress` events, and
//     an `end` event when an execution terminates (log follow never ends).
//
// The labels of a new execution are computed here (the flow's labels, the
// request's, then system.correlationId) and its id is chosen here, so that
// uploaded files are stored under the execution before it starts.
package api
