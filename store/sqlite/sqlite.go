// Package sqlite is the embedded implementation of store.Store for
// `server local`: pure Go (modernc.org/sqlite, no cgo), one database file in
// WAL mode. Writes go through a single connection (SQLite has one writer);
// reads use a pool. Followers are woken in-process: every handle opened on
// the same file in this process is woken, other processes are not (local
// mode runs in one process; use PostgreSQL to share a database).
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"

	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/store/internal/notify"
	"github.com/kestra-temporal/kestra-temporal/store/internal/sqlq"
	"github.com/kestra-temporal/kestra-temporal/store/internal/sqlstore"
)

// Store is the SQLite store.
type Store struct {
	*sqlstore.Store
}

// Memory is the path of a private in-memory database (for tests).
const Memory = ":memory:"

var registerOnce sync.Once

// registerFuncs adds kt_regexp(pattern, text) for REGEX filters.
func registerFuncs() {
	registerOnce.Do(func() {
		var cache sync.Map
		_ = sqlite.RegisterDeterministicScalarFunction("kt_regexp", 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			pat, ok1 := args[0].(string)
			s, ok2 := args[1].(string)
			if !ok1 || !ok2 {
				return false, nil
			}
			re, ok := cache.Load(pat)
			if !ok {
				c, err := regexp.Compile(pat)
				if err != nil {
					return nil, fmt.Errorf("kt_regexp: %w", err)
				}
				re, _ = cache.LoadOrStore(pat, c)
			}
			return re.(*regexp.Regexp).MatchString(s), nil
		})
	})
}

// Open opens (creating if needed) the database file at path, or a private
// in-memory database for Memory, and applies the migrations.
func Open(ctx context.Context, path string, opts store.Options) (*Store, error) {
	registerFuncs()
	params := url.Values{}
	params.Add("_pragma", "busy_timeout(10000)")
	params.Add("_pragma", "foreign_keys(1)")
	params.Add("_pragma", "case_sensitive_like(1)")
	params.Add("_pragma", "synchronous(NORMAL)")
	params.Add("_pragma", "analysis_limit(1000)")
	params.Add("_txlock", "immediate")
	b := &backend{hub: notify.New()}
	var err error
	if path != Memory {
		if b.path, err = filepath.Abs(path); err != nil {
			return nil, fmt.Errorf("store: sqlite: open %s: %w", path, err)
		}
	}
	if path == Memory {
		// One connection: an in-memory database is private to it.
		if b.w, err = sql.Open("sqlite", ":memory:?"+params.Encode()); err != nil {
			return nil, fmt.Errorf("store: sqlite: open: %w", err)
		}
		b.w.SetMaxOpenConns(1)
		b.w.SetConnMaxIdleTime(0)
		b.w.SetConnMaxLifetime(0)
		b.r = b.w
	} else {
		params.Add("_pragma", "journal_mode(WAL)")
		if b.w, err = sql.Open("sqlite", path+"?"+params.Encode()); err != nil {
			return nil, fmt.Errorf("store: sqlite: open %s: %w", path, err)
		}
		b.w.SetMaxOpenConns(1)
		if b.r, err = sql.Open("sqlite", path+"?"+params.Encode()); err != nil {
			b.w.Close()
			return nil, fmt.Errorf("store: sqlite: open %s: %w", path, err)
		}
		b.r.SetMaxOpenConns(8)
	}
	if err := migrate(ctx, b.w); err != nil {
		b.Close()
		return nil, err
	}
	register(b)
	s := &Store{sqlstore.New(b, opts)}
	// Gather planner statistics where they are missing or stale; again
	// every hour and on Close, as SQLite recommends.
	if _, err := b.w.ExecContext(ctx, "PRAGMA optimize=0x10002"); err != nil {
		b.Close()
		return nil, fmt.Errorf("store: sqlite: optimize: %w", err)
	}
	b.stop = make(chan struct{})
	b.stopped = make(chan struct{})
	go func() {
		defer close(b.stopped)
		tick := time.NewTicker(time.Hour)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				_, _ = b.w.Exec("PRAGMA optimize")
			case <-b.stop:
				return
			}
		}
	}()
	return s, nil
}

// Optimize gathers planner statistics (ANALYZE, sampled: analysis_limit).
func (s *Store) Optimize(ctx context.Context) error {
	if _, err := s.Backend().Exec(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("store: sqlite: optimize: %w", err)
	}
	return nil
}

type backend struct {
	stop, stopped chan struct{} // the optimizer goroutine
	w, r          *sql.DB
	path          string // absolute path of the file; "" in memory
	hub           *notify.Hub
	close         sync.Once
}

// Handles on the same file in this process wake each other's watchers.
var (
	peersMu sync.Mutex
	peers   = map[string]map[*backend]bool{}
)

func register(b *backend) {
	if b.path == "" {
		return
	}
	peersMu.Lock()
	defer peersMu.Unlock()
	if peers[b.path] == nil {
		peers[b.path] = map[*backend]bool{}
	}
	peers[b.path][b] = true
}

func unregister(b *backend) {
	peersMu.Lock()
	defer peersMu.Unlock()
	delete(peers[b.path], b)
	if len(peers[b.path]) == 0 {
		delete(peers, b.path)
	}
}

func (b *backend) publish(topic string) {
	if b.path == "" {
		b.hub.Publish(topic)
		return
	}
	peersMu.Lock()
	defer peersMu.Unlock()
	for p := range peers[b.path] {
		p.hub.Publish(topic)
	}
}

var placeholder = regexp.MustCompile(`\$([0-9]+)`)

var rebound sync.Map

// rebind turns $n placeholders into SQLite's ?n.
func rebind(q string) string {
	if v, ok := rebound.Load(q); ok {
		return v.(string)
	}
	r := placeholder.ReplaceAllString(q, "?$1")
	rebound.Store(q, r)
	return r
}

func (b *backend) Dialect() sqlq.Dialect { return dialect{} }

func (b *backend) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	return execOn(ctx, b.w, q, args)
}

func (b *backend) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	return queryOn(ctx, b.r, q, args)
}

func (b *backend) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	return row{b.r.QueryRowContext(ctx, rebind(q), args...)}
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func execOn(ctx context.Context, db execer, q string, args []any) (int64, error) {
	res, err := db.ExecContext(ctx, rebind(q), args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func queryOn(ctx context.Context, db execer, q string, args []any) (sqlstore.Rows, error) {
	r, err := db.QueryContext(ctx, rebind(q), args...)
	if err != nil {
		return nil, err
	}
	return rows{r}, nil
}

type rows struct{ *sql.Rows }

func (r rows) Close() { _ = r.Rows.Close() }

type row struct{ *sql.Row }

func (r row) Scan(dest ...any) error {
	err := r.Row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}

func (b *backend) InTx(ctx context.Context, fn func(sqlstore.Tx) error) error {
	sqlTx, err := b.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	t := &tx{tx: sqlTx}
	if err := fn(t); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return err
	}
	for topic := range t.topics {
		b.publish(topic)
	}
	return nil
}

func (b *backend) Watch(ctx context.Context, topic string) (<-chan struct{}, error) {
	return b.hub.Subscribe(ctx, topic), nil
}

func (b *backend) Close() error {
	var err error
	b.close.Do(func() {
		if b.stop != nil {
			close(b.stop)
			<-b.stopped
			_, _ = b.w.Exec("PRAGMA optimize")
		}
		unregister(b)
		b.hub.Close()
		if b.r != b.w && b.r != nil {
			err = b.r.Close()
		}
		if b.w != nil {
			err = errors.Join(err, b.w.Close())
		}
	})
	return err
}

type tx struct {
	tx     *sql.Tx
	topics map[string]bool
}

func (t *tx) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	return execOn(ctx, t.tx, q, args)
}

func (t *tx) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	return queryOn(ctx, t.tx, q, args)
}

func (t *tx) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	return row{t.tx.QueryRowContext(ctx, rebind(q), args...)}
}

func (t *tx) ExecBatch(ctx context.Context, q string, argsList [][]any) (int64, error) {
	stmt, err := t.tx.PrepareContext(ctx, rebind(q))
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	var total int64
	for _, args := range argsList {
		res, err := stmt.ExecContext(ctx, args...)
		if err != nil {
			return 0, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// Insert runs a prepared INSERT per row.
func (t *tx) Insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	phs := make([]string, len(cols))
	for i := range cols {
		phs[i] = "$" + strconv.Itoa(i+1)
	}
	_, err := t.ExecBatch(ctx, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+") VALUES ("+strings.Join(phs, ", ")+")", rows)
	return err
}

// Lock is a no-op: SQLite transactions here are IMMEDIATE, so writers are
// already serialised.
func (t *tx) Lock(context.Context, string) error { return nil }

func (t *tx) Notify(topic string) {
	if t.topics == nil {
		t.topics = map[string]bool{}
	}
	t.topics[topic] = true
}

// Path is the absolute path of the database file ("" in memory).
func (s *Store) Path() string { return s.Backend().(*backend).path }
