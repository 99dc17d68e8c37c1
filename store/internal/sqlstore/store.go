package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/store/internal/sqlq"
)

// Store implements store.Store over a Backend.
type Store struct {
	b   Backend
	d   sqlq.Dialect
	now func() time.Time
}

var _ store.Store = (*Store)(nil)

// New returns a store over b.
func New(b Backend, opts store.Options) *Store {
	return &Store{b: b, d: b.Dialect(), now: opts.Clock()}
}

// Close closes the backend.
func (s *Store) Close() error { return s.b.Close() }

// Backend returns the store's backend (for tests and benchmarks).
func (s *Store) Backend() Backend { return s.b }

func (s *Store) args() *sqlq.Args { return &sqlq.Args{D: s.d} }

// t converts a time for binding; nil for the zero time.
func (s *Store) t(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return s.d.Time(t)
}

func nullString(v string) any {
	if v == "" {
		return nil
	}
	return v
}

func labelsJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if string(b) == "null" {
		return "[]", nil
	}
	return string(b), nil
}

// search runs a paged SELECT of cols FROM from WHERE base AND filters and
// the matching COUNT, calling scan for each row. When key is not empty
// (the columns of the row's unique key, e.g. "e.id"), the page is first chosen on the
// narrow key alone and only its rows are read whole, so wide documents are
// never sorted.
func (s *Store) search(ctx context.Context, r store.Resource, t *sqlq.Table, q store.Query, cols, from, base, key string, scan func(Rows) error) (int64, error) {
	q, err := q.Validate(r)
	if err != nil {
		return 0, err
	}
	now := s.now()
	a := s.args()
	where, err := sqlq.Where(t, q, a, now)
	if err != nil {
		return 0, err
	}
	cond := base
	if where != "" {
		if cond != "" {
			cond += " AND "
		}
		cond += where
	}
	if cond != "" {
		cond = " WHERE " + cond
	}
	var total int64
	if err := s.b.QueryRow(ctx, "SELECT count(*) FROM "+from+cond, a.Vals...).Scan(&total); err != nil {
		return 0, fmt.Errorf("store: search %s: count: %w", r, err)
	}
	if total == 0 || int64(q.Page.Offset()) >= total {
		return total, nil
	}
	order := sqlq.OrderBy(t, q, a, now)
	page := " ORDER BY " + order + " LIMIT " + a.Add(q.Page.Size) + " OFFSET " + a.Add(q.Page.Offset())
	sqlText := "SELECT " + cols + " FROM " + from + cond + page
	if key != "" {
		sqlText = "SELECT " + cols + " FROM " + from + " WHERE (" + key + ") IN (SELECT " + key + " FROM " + from + cond + page +
			") ORDER BY " + sqlq.OrderBy(t, q, a, now)
	}
	rows, err := s.b.Query(ctx, sqlText, a.Vals...)
	if err != nil {
		return 0, fmt.Errorf("store: search %s: %w", r, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return 0, fmt.Errorf("store: search %s: scan: %w", r, err)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: search %s: %w", r, err)
	}
	return total, nil
}

func isNoRows(err error) bool { return errors.Is(err, ErrNoRows) }
