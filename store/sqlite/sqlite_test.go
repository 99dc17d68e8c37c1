package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/store/sqlite"
	"github.com/kestra-temporal/kestra-temporal/store/storetest"
)

func open(t testing.TB, path string, opts store.Options) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T, opts store.Options) store.Store {
			return open(t, filepath.Join(t.TempDir(), "kestra.db"), opts)
		},
		Peer: func(t *testing.T, s store.Store) store.Store {
			return open(t, s.(*sqlite.Store).Path(), store.Options{})
		},
	})
}

func TestConformanceMemory(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T, opts store.Options) store.Store { return open(t, sqlite.Memory, opts) },
	})
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kestra.db")
	s := open(t, path, store.Options{})
	if _, err := s.CreateFlow(ctx, &store.Flow{Namespace: "ns", ID: "f", Source: "id: f"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := open(t, path, store.Options{})
	if _, err := s2.GetFlow(ctx, "ns", "f", store.GetFlowOptions{}); err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := s2.Backend().QueryRow(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode %q, %v", mode, err)
	}
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) store.Store {
		return open(b, filepath.Join(b.TempDir(), "kestra.db"), store.Options{})
	})
}
