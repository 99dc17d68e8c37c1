package store

import (
	"context"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
)

// Store is the whole store. Implementations are safe for concurrent use.
type Store interface {
	FlowStore
	ExecutionStore
	TaskRunStore
	LogStore
	KVStore
	// Close releases the store's resources. Watch channels are closed.
	Close() error
}

// FlowStore keeps every revision of every flow.
type FlowStore interface {
	// CreateFlow stores a new flow as revision 1, or as the next revision
	// when the flow was deleted. ECONFLICT if it exists and is not deleted.
	CreateFlow(ctx context.Context, f *Flow) (*Flow, error)
	// UpdateFlow stores f as the next revision if its source differs from
	// the latest revision's, and otherwise returns the latest revision
	// unchanged. ENOTFOUND if the flow doesn't exist or is deleted.
	UpdateFlow(ctx context.Context, f *Flow) (*Flow, error)
	// SaveFlow creates or updates: CreateFlow when the flow is missing or
	// deleted, UpdateFlow otherwise.
	SaveFlow(ctx context.Context, f *Flow) (*Flow, error)
	// DeleteFlow soft-deletes a flow by storing a new revision with
	// Deleted set (same source). ENOTFOUND if missing or already deleted.
	DeleteFlow(ctx context.Context, namespace, id string) (*Flow, error)
	// GetFlow returns a revision of a flow (the latest when opts.Revision
	// is 0). A deleted flow is ENOTFOUND unless opts.AllowDeleted.
	GetFlow(ctx context.Context, namespace, id string, opts GetFlowOptions) (*Flow, error)
	// FlowRevisions returns every revision of a flow, ascending.
	// ENOTFOUND if there is none.
	FlowRevisions(ctx context.Context, namespace, id string) ([]*Flow, error)
	// ListFlows returns the latest revision of the flows of exactly this
	// namespace that are not deleted, ordered by id.
	ListFlows(ctx context.Context, namespace string) ([]*Flow, error)
	// SearchFlows searches the latest non-deleted revisions (ResourceFlows).
	SearchFlows(ctx context.Context, q Query) (Results[*Flow], error)
	// DistinctNamespaces returns the namespaces of non-deleted flows, sorted.
	DistinctNamespaces(ctx context.Context) ([]string, error)
}

// GetFlowOptions selects a flow revision.
type GetFlowOptions struct {
	Revision     int  // 0: the latest
	AllowDeleted bool // return a deleted flow instead of ENOTFOUND
}

// ExecutionStore keeps the latest document of every execution.
type ExecutionStore interface {
	// UpsertExecution writes e and its task runs (e.TaskRunList, one row
	// each; rows of task runs no longer in the list are removed) in one
	// transaction. seq orders the writes of one execution: a write whose
	// seq is not greater than the stored one is ignored (applied is false,
	// err nil), so a stale or replayed write never overwrites a newer one.
	UpsertExecution(ctx context.Context, e *kestra.Execution, seq int64) (applied bool, err error)
	// GetExecution returns an execution with its task runs. ENOTFOUND.
	GetExecution(ctx context.Context, id string) (*kestra.Execution, error)
	// SearchExecutions searches executions (ResourceExecutions). Task runs
	// are included only when opts.WithTaskRuns.
	SearchExecutions(ctx context.Context, q Query, opts SearchExecutionsOptions) (Results[*kestra.Execution], error)
	// DeleteExecution removes an execution and its task runs (not its
	// logs: see DeleteLogs). ENOTFOUND.
	DeleteExecution(ctx context.Context, id string) error
	// WatchExecution returns a channel that receives a value (coalesced)
	// after each applied write of the execution, from any process sharing
	// the database. It is closed when ctx ends or the store is closed.
	WatchExecution(ctx context.Context, id string) (<-chan struct{}, error)
}

// SearchExecutionsOptions tunes SearchExecutions.
type SearchExecutionsOptions struct {
	WithTaskRuns bool
}

// TaskRunStore searches task runs across executions (the Task Runs page).
type TaskRunStore interface {
	// SearchTaskRuns searches task runs (ResourceTaskRuns).
	SearchTaskRuns(ctx context.Context, q Query) (Results[*kestra.TaskRun], error)
	// GetTaskRun returns one task run. ENOTFOUND.
	GetTaskRun(ctx context.Context, id string) (*kestra.TaskRun, error)
}

// LogStore keeps log lines. Appends are idempotent by each line's key.
type LogStore interface {
	// AppendLog appends one line; false if a line with its key exists.
	AppendLog(ctx context.Context, line LogLine) (inserted bool, err error)
	// AppendLogs appends lines in one transaction, skipping lines whose
	// key exists, and returns how many were inserted.
	AppendLogs(ctx context.Context, lines []LogLine) (inserted int, err error)
	// ExecutionLogs returns the lines of an execution in append order.
	ExecutionLogs(ctx context.Context, executionID string, f LogFilter) ([]LogLine, error)
	// SearchLogs searches lines (ResourceLogs); default order timestamp asc.
	SearchLogs(ctx context.Context, q Query) (Results[LogLine], error)
	// DeleteLogs deletes the lines of an execution matching f.
	DeleteLogs(ctx context.Context, executionID string, f LogFilter) (deleted int64, err error)
	// DeleteFlowLogs deletes the lines of a flow, or only of one of its
	// triggers when triggerID is not empty.
	DeleteFlowLogs(ctx context.Context, namespace, flowID, triggerID string) (deleted int64, err error)
	// WatchLogs returns a channel that receives a value (coalesced) after
	// lines of the execution are appended, from any process sharing the
	// database. It is closed when ctx ends or the store is closed.
	WatchLogs(ctx context.Context, executionID string) (<-chan struct{}, error)
}

// KVStore keeps typed values per namespace, with optional expiry.
type KVStore interface {
	// PutKV sets a key. The version starts at 1 and grows with each put.
	PutKV(ctx context.Context, namespace, key string, v kestra.KVValue, opts PutKVOptions) (*kestra.KVEntry, error)
	// GetKV returns a key's value. ENOTFOUND if missing, EGONE if expired.
	GetKV(ctx context.Context, namespace, key string) (*kestra.KVDetail, error)
	// ListKV lists the keys of a namespace that have not expired, by key.
	ListKV(ctx context.Context, namespace string) ([]*kestra.KVEntry, error)
	// DeleteKV deletes a key; false if it didn't exist.
	DeleteKV(ctx context.Context, namespace, key string) (bool, error)
	// DeleteKVs deletes keys and returns those that existed.
	DeleteKVs(ctx context.Context, namespace string, keys []string) ([]string, error)
	// PurgeExpiredKV deletes expired keys of all namespaces.
	PurgeExpiredKV(ctx context.Context) (int64, error)
}

// Optimizer is implemented by stores that can refresh their planner
// statistics on demand (after a bulk load, for example).
type Optimizer interface {
	Optimize(ctx context.Context) error
}

// PutKVOptions tunes PutKV.
type PutKVOptions struct {
	TTL         time.Duration // > 0: the key expires TTL after the put
	Description string
}

// Options are common to the implementations.
type Options struct {
	// Now is the store's clock (expiry, timeRange). Default time.Now.
	Now func() time.Time
}

// Clock returns o.Now or time.Now.
func (o Options) Clock() func() time.Time {
	if o.Now != nil {
		return o.Now
	}
	return time.Now
}
