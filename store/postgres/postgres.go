// Package postgres is the PostgreSQL implementation of store.Store, on a
// pgx/v5 connection pool. Documents are stored whole as JSONB next to the
// indexed columns searches use; migrations are embedded and applied on
// Open. Followers are woken through LISTEN/NOTIFY, so a watcher in another
// process sharing the database is woken as soon as a write commits.
//
// The schema is the connection's current schema (search_path), so one
// database can hold several independent stores.
package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/store/internal/notify"
	"github.com/kestra-temporal/kestra-temporal/store/internal/sqlq"
	"github.com/kestra-temporal/kestra-temporal/store/internal/sqlstore"
)

// Store is the PostgreSQL store.
type Store struct {
	*sqlstore.Store
}

// Open connects to the database at connString (a postgres:// URL or DSN;
// parameters such as search_path and pool_max_conns are honoured),
// applies the migrations and starts the notification listener.
func Open(ctx context.Context, connString string, opts store.Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(connString)
	if err != nil {
		return nil, fmt.Errorf("store: postgres: parse config: %w", err)
	}
	return OpenConfig(ctx, cfg, opts)
}

// OpenConfig is Open with a parsed pool configuration.
func OpenConfig(ctx context.Context, cfg *pgxpool.Config, opts store.Options) (*Store, error) {
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: postgres: connect: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	var schema string
	if err := pool.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: postgres: current schema: %w", err)
	}
	sum := sha256.Sum256([]byte(schema))
	lctx, cancel := context.WithCancel(context.Background())
	b := &backend{
		pool:    pool,
		hub:     notify.New(),
		channel: "kestra_store_" + hex.EncodeToString(sum[:8]),
		cancel:  cancel,
		done:    make(chan struct{}),
	}
	ready := make(chan error, 1)
	go b.listen(lctx, ready)
	select {
	case err := <-ready:
		if err != nil {
			b.Close()
			return nil, fmt.Errorf("store: postgres: listen: %w", err)
		}
	case <-ctx.Done():
		b.Close()
		return nil, fmt.Errorf("store: postgres: listen: %w", ctx.Err())
	}
	return &Store{sqlstore.New(b, opts)}, nil
}

// Optimize vacuums the store's tables and refreshes their planner
// statistics (VACUUM (ANALYZE)): autovacuum does it too, this is for right
// after a bulk load (index-only scans need the visibility map it sets).
func (s *Store) Optimize(ctx context.Context) error {
	if _, err := s.Backend().Exec(ctx, "VACUUM (ANALYZE) flows, executions, task_runs, logs, kv"); err != nil {
		return fmt.Errorf("store: postgres: analyze: %w", err)
	}
	return nil
}

// Pool returns the store's connection pool.
func (s *Store) Pool() *pgxpool.Pool { return s.Backend().(*backend).pool }

type backend struct {
	pool      *pgxpool.Pool
	hub       *notify.Hub
	channel   string
	cancel    context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
}

// listen keeps a dedicated connection LISTENing on the store's channel and
// dispatches notifications to the hub. After a reconnect every watcher is
// woken, since notifications may have been missed. The first LISTEN's
// outcome is sent on ready.
func (b *backend) listen(ctx context.Context, ready chan<- error) {
	defer close(b.done)
	first := true
	backoff := 50 * time.Millisecond
	for ctx.Err() == nil {
		err := b.listenOnce(ctx, func() {
			if first {
				first = false
				ready <- nil
			} else {
				b.hub.PublishAll()
			}
			backoff = 50 * time.Millisecond
		})
		if ctx.Err() != nil {
			break
		}
		if first {
			ready <- err
			return
		}
		slog.Warn("store: postgres: listener lost its connection, reconnecting", "err", err, "retry_in", backoff)
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

func (b *backend) listenOnce(ctx context.Context, listening func()) error {
	conn, err := pgx.ConnectConfig(ctx, b.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{b.channel}.Sanitize()); err != nil {
		return err
	}
	listening()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		b.hub.Publish(n.Payload)
	}
}

func (b *backend) Dialect() sqlq.Dialect { return dialect{} }

func (b *backend) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := b.pool.Exec(ctx, q, args...)
	return tag.RowsAffected(), err
}

func (b *backend) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	return b.pool.Query(ctx, q, args...)
}

func (b *backend) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	return row{b.pool.QueryRow(ctx, q, args...)}
}

type row struct{ pgx.Row }

func (r row) Scan(dest ...any) error {
	err := r.Row.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}

func (b *backend) InTx(ctx context.Context, fn func(sqlstore.Tx) error) error {
	return pgx.BeginFunc(ctx, b.pool, func(ptx pgx.Tx) error {
		t := &tx{tx: ptx}
		if err := fn(t); err != nil {
			return err
		}
		// Delivered to listeners only if the transaction commits.
		for topic := range t.topics {
			if _, err := ptx.Exec(ctx, "SELECT pg_notify($1, $2)", b.channel, topic); err != nil {
				return err
			}
		}
		return nil
	})
}

// appendLogsSQL inserts the rows given as column arrays, skips existing
// keys and notifies the log topic of each execution that got new lines, in
// one statement: one round trip, its own transaction.
//
// Followers read an execution's lines after a cursor (the identity id), so
// the lines of one execution must become visible in id order: the statement
// first takes a transaction advisory lock per execution (in a fixed order;
// the InitPlan runs before any row is inserted, hence before any id is
// drawn), which serialises concurrent appenders of the same execution until
// commit.
const appendLogsSQL = `WITH locked AS MATERIALIZED (
	SELECT count(pg_advisory_xact_lock(hashtextextended($16 || ':' || e, 0))::text) AS n
	FROM (SELECT DISTINCT e FROM unnest($6::text[]) AS e ORDER BY e) d),
ins AS (
	INSERT INTO logs (line_key, seq, namespace, flow_id, task_id, execution_id, task_run_id, attempt,
		trigger_id, ts, level, thread, message, tenant_id, execution_kind)
	SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
		$8::integer[], $9::text[], $10::timestamptz[], $11::smallint[], $12::text[], $13::text[], $14::text[], $15::text[])
	WHERE (SELECT n FROM locked) >= 0
	ON CONFLICT (line_key) DO NOTHING
	RETURNING execution_id)
SELECT (SELECT count(*) FROM ins),
	(SELECT count(pg_notify($16, 'l:' || d.execution_id)::text)
		FROM (SELECT DISTINCT execution_id FROM ins WHERE execution_id <> '') d)`

// AppendLogRows implements sqlstore.LogAppender.
func (b *backend) AppendLogRows(ctx context.Context, rows [][]any) (int64, error) {
	cols := make([][]any, 15)
	for c := range cols {
		cols[c] = make([]any, len(rows))
		for i, r := range rows {
			cols[c][i] = r[c]
		}
	}
	args := make([]any, 0, 16)
	for _, c := range cols {
		args = append(args, c)
	}
	args = append(args, b.channel)
	var inserted, notified int64
	if err := b.pool.QueryRow(ctx, appendLogsSQL, args...).Scan(&inserted, &notified); err != nil {
		return 0, err
	}
	return inserted, nil
}

func (b *backend) Watch(ctx context.Context, topic string) (<-chan struct{}, error) {
	return b.hub.Subscribe(ctx, topic), nil
}

func (b *backend) Close() error {
	b.closeOnce.Do(func() {
		b.cancel()
		<-b.done
		b.hub.Close()
		b.pool.Close()
	})
	return nil
}

type tx struct {
	tx     pgx.Tx
	topics map[string]bool
}

func (t *tx) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, q, args...)
	return tag.RowsAffected(), err
}

func (t *tx) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	return t.tx.Query(ctx, q, args...)
}

func (t *tx) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	return row{t.tx.QueryRow(ctx, q, args...)}
}

// ExecBatch sends all the statements in one round trip (pgx.Batch).
func (t *tx) ExecBatch(ctx context.Context, q string, argsList [][]any) (int64, error) {
	var total int64
	const chunk = 5000
	for len(argsList) > 0 {
		n := min(chunk, len(argsList))
		batch := &pgx.Batch{}
		for _, args := range argsList[:n] {
			batch.Queue(q, args...)
		}
		br := t.tx.SendBatch(ctx, batch)
		for range n {
			tag, err := br.Exec()
			if err != nil {
				_ = br.Close()
				return 0, err
			}
			total += tag.RowsAffected()
		}
		if err := br.Close(); err != nil {
			return 0, err
		}
		argsList = argsList[n:]
	}
	return total, nil
}

// Insert uses COPY.
func (t *tx) Insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	_, err := t.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	return err
}

// Lock takes a transaction-scoped advisory lock on key.
func (t *tx) Lock(ctx context.Context, key string) error {
	_, err := t.tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key)
	return err
}

func (t *tx) Notify(topic string) {
	if t.topics == nil {
		t.topics = map[string]bool{}
	}
	t.topics[topic] = true
}
