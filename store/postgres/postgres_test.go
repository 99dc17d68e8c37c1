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
	u := pgtest.URL(t)
	open(t, u, store.Options{})
	s := open(t, u, store.Options{})
	var n int
	if err := s.Pool().QueryRow(context.Background(), "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil || n != 1 {
		t.Fatalf("schema_migrations: %d rows, %v", n, err)
	}
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) store.Store {
		return open(b, pgtest.URL(b), store.Options{})
	})
}
