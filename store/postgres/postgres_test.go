package postgres_test

import (
	"context"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/store/postgres"
	"github.com/kestra-temporal/kestra-temporal/store/postgres/pgtest"
	"github.com/kestra-temporal/kestra-temporal/store/storetest"
)

func open(t testing.TB, url string, opts store.Options) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T, opts store.Options) store.Store {
			u := pgtest.URL(t)
			s := open(t, u, opts)
			return s
		},
		Peer: func(t *testing.T, s store.Store) store.Store {
			return open(t, s.(*postgres.Store).Pool().Config().ConnString(), store.Options{})
		},
	})
}

func TestMigrationsIdempotent(t *testing.T) {
	ctx := context.Background()
	u := pgtest.URL(t)
	count := func(s *postgres.Store) (n int) {
		t.Helper()
		if err := s.Pool().QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	first := count(open(t, u, store.Options{}))
	if first < 2 || count(open(t, u, store.Options{})) != first {
		t.Fatalf("migrations applied again or missing: %d", first)
	}
	// The q searches have their trigram index (pg_trgm ships with Debian's server).
	var n int
	if err := open(t, u, store.Options{}).Pool().QueryRow(ctx,
		"SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ('executions_q', 'task_runs_q')").Scan(&n); err != nil || n != 2 {
		t.Fatalf("trigram indexes: %d, %v", n, err)
	}
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) store.Store {
		return open(b, pgtest.URL(b), store.Options{})
	})
}
