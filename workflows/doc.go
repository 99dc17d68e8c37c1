// Package workflows holds the one generic Temporal workflow that interprets a
// translated flow plan: an execution is a workflow run whose ID is the Kestra
// execution ID. Flowable tasks run in workflow code; runnable tasks are
// dispatched to the activities package.
package workflows
