// Package kestra is Kestra's domain model for kestra-temporal: the types
// shared by the engine, the store and the REST API (executions, task runs,
// states, logs, labels, KV values), their exact JSON shapes as Kestra's API
// serializes them, short ids, and the project's coded error type.
//
// JSON follows Kestra's HTTP conventions: null fields are omitted
// (non_null inclusion), instants are ISO-8601 strings in UTC and durations
// are ISO-8601 duration strings (PT1.5S). Read-only State fields (duration,
// startDate, endDate) are computed on marshal.
package kestra
