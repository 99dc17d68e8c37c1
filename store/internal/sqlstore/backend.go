// Package sqlstore implements store.Store once over a small database
// abstraction (Backend) that store/postgres (pgx) and store/sqlite
// (database/sql with modernc.org/sqlite) provide. SQL is written with $n
// placeholders; backends rebind if they need to.
package sqlstore

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/kestra-temporal/kestra-temporal/store/internal/sqlq"
)

// ErrNoRows is returned by Row.Scan when the query returned no row.
var ErrNoRows = errors.New("sqlstore: no rows")

// Querier runs statements.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (rowsAffected int64, err error)
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) Row
}

// Rows is a result set.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is a single-row result; Scan returns ErrNoRows when empty.
type Row interface {
	Scan(dest ...any) error
}

// Tx is a write transaction.
type Tx interface {
	Querier
	// ExecBatch runs sql once per argument list and returns the total of
	// the rows affected.
	ExecBatch(ctx context.Context, sql string, rows [][]any) (int64, error)
	// Insert inserts new rows (no conflict possible) into table as fast as
	// the database allows (COPY on PostgreSQL).
	Insert(ctx context.Context, table string, cols []string, rows [][]any) error
	// Lock serialises writers of key until the end of the transaction.
	Lock(ctx context.Context, key string) error
	// Notify wakes the watchers of topic, in every process, once the
	// transaction commits.
	Notify(topic string)
}

// Backend is a database the store runs on.
type Backend interface {
	Querier
	// InTx runs fn in a write transaction, committed if fn returns nil.
	InTx(ctx context.Context, fn func(tx Tx) error) error
	Dialect() sqlq.Dialect
	// Watch subscribes to a notification topic (see Tx.Notify).
	Watch(ctx context.Context, topic string) (<-chan struct{}, error)
	Close() error
}

// LogAppender is implemented by backends with a faster way to append log
// rows (the columns of insertLogSQL) than a transaction of inserts; it
// skips existing keys, notifies the executions' log topics and returns the
// number of rows inserted.
type LogAppender interface {
	AppendLogRows(ctx context.Context, rows [][]any) (int64, error)
}

// nullTime scans a nullable time stored as timestamptz (time.Time) or as
// integer microseconds since the epoch.
type nullTime struct {
	T     time.Time
	Valid bool
}

// Scan implements sql.Scanner.
func (n *nullTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		n.T, n.Valid = time.Time{}, false
	case time.Time:
		n.T, n.Valid = v.UTC(), true
	case int64:
		n.T, n.Valid = time.UnixMicro(v).UTC(), true
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into a time", v)
	}
	return nil
}

// Value implements driver.Valuer (unused by the store; for completeness).
func (n nullTime) Value() (driver.Value, error) {
	if !n.Valid {
		return nil, nil
	}
	return n.T, nil
}
