package expression

import "sync"

// memo is a small concurrent cache of compiled helpers (regular
// expressions, jq programs, date patterns, zones). It is bounded: when full
// it starts over, so that templates built from data cannot grow it forever.
type memo[V any] struct {
	mu  sync.RWMutex
	m   map[string]V
	max int
}

func newMemo[V any](max int) *memo[V] { return &memo[V]{m: make(map[string]V), max: max} }

func (c *memo[V]) get(k string) (V, bool) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	return v, ok
}

func (c *memo[V]) put(k string, v V) {
	c.mu.Lock()
	if len(c.m) >= c.max {
		c.m = make(map[string]V)
	}
	c.m[k] = v
	c.mu.Unlock()
}
