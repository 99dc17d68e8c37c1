// Package storetest is the conformance suite of store.Store: every
// implementation's tests call Run, so both behave the same (the pattern of
// River's riverdrivertest).
package storetest

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

// Harness opens stores for the suite.
type Harness struct {
	// New returns a new, empty store using opts (its clock). The store
	// must be closed by a t.Cleanup registered by New.
	New func(t *testing.T, opts store.Options) store.Store
	// Peer, when not nil, opens a second handle on the database of s, as
	// another process would (its own connections and listener). Closed by
	// a t.Cleanup registered by Peer.
	Peer func(t *testing.T, s store.Store) store.Store
}

// Run runs the conformance suite.
func Run(t *testing.T, h Harness) {
	t.Run("Flows", func(t *testing.T) { testFlows(t, h) })
	t.Run("Executions", func(t *testing.T) { testExecutions(t, h) })
	t.Run("TaskRuns", func(t *testing.T) { testTaskRuns(t, h) })
	t.Run("Logs", func(t *testing.T) { testLogs(t, h) })
	t.Run("KV", func(t *testing.T) { testKV(t, h) })
}

// Clock is a settable clock for TTL and timeRange tests.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock set to t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// T0 is the suite's reference instant.
var T0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

type env struct {
	t     *testing.T
	ctx   context.Context
	s     store.Store
	clock *Clock
	h     Harness
}

func newEnv(t *testing.T, h Harness) *env {
	t.Helper()
	t.Parallel()
	c := NewClock(T0.Add(24 * time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return &env{t: t, ctx: ctx, s: h.New(t, store.Options{Now: c.Now}), clock: c, h: h}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if kestra.ErrorCode(err) != code {
		t.Fatalf("got error %v (code %q), want code %q", err, kestra.ErrorCode(err), code)
	}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func jsonEqual(t *testing.T, got, want any) {
	t.Helper()
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	// The duration of a running state depends on the wall clock.
	g, w = runningDuration.ReplaceAll(g, nil), runningDuration.ReplaceAll(w, nil)
	if string(g) != string(w) {
		t.Fatalf("mismatch\ngot  %s\nwant %s", g, w)
	}
}

var runningDuration = regexp.MustCompile(`"duration":"[^"]*",`)

func q(filters ...store.Filter) store.Query { return store.Query{Filters: filters} }

func f(field store.Field, op store.Op, vals ...string) store.Filter {
	return store.Filter{Field: field, Op: op, Values: vals}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}
