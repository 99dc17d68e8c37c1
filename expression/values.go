package expression

import (
	"encoding/json"
	"math/big"
	"sort"
	"strings"
)

// Map is an insertion-ordered map with string keys. It is the map type the
// engine produces (map literals, fromJson, yaml, DecodeJSON) and the one it
// prefers to receive, because Kestra's JSON-derived maps iterate in the
// order their keys were written. A nil *Map behaves as an empty map.
type Map struct {
	keys []string
	vals map[string]any
}

// NewMap returns an empty map with room for n entries.
func NewMap(n int) *Map {
	return &Map{keys: make([]string, 0, n), vals: make(map[string]any, n)}
}

// MapOf builds a map from alternating key, value arguments; it is meant for
// tests and small literals. A non-string key panics.
func MapOf(kv ...any) *Map {
	m := NewMap(len(kv) / 2)
	for i := 0; i+1 < len(kv); i += 2 {
		m.Set(kv[i].(string), kv[i+1])
	}
	return m
}

// Set stores v under k; a new key goes last, an existing key keeps its place.
func (m *Map) Set(k string, v any) {
	if m.vals == nil {
		m.vals = make(map[string]any)
	}
	if _, ok := m.vals[k]; !ok {
		m.keys = append(m.keys, k)
	}
	m.vals[k] = v
}

// Get returns the value stored under k.
func (m *Map) Get(k string) (any, bool) {
	if m == nil {
		return nil, false
	}
	v, ok := m.vals[k]
	return v, ok
}

// Delete removes k.
func (m *Map) Delete(k string) {
	if m == nil {
		return
	}
	if _, ok := m.vals[k]; !ok {
		return
	}
	delete(m.vals, k)
	for i, key := range m.keys {
		if key == k {
			m.keys = append(m.keys[:i:i], m.keys[i+1:]...)
			break
		}
	}
}

// Len is the number of entries.
func (m *Map) Len() int {
	if m == nil {
		return 0
	}
	return len(m.keys)
}

// Keys returns the keys in insertion order. The slice must not be modified.
func (m *Map) Keys() []string {
	if m == nil {
		return nil
	}
	return m.keys
}

// Range calls fn for each entry in order until fn returns false.
func (m *Map) Range(fn func(k string, v any) bool) {
	if m == nil {
		return
	}
	for _, k := range m.keys {
		if !fn(k, m.vals[k]) {
			return
		}
	}
}

// ToMap converts to a plain Go map (nested values are left as they are).
func (m *Map) ToMap() map[string]any {
	out := make(map[string]any, m.Len())
	m.Range(func(k string, v any) bool { out[k] = v; return true })
	return out
}

// MarshalJSON writes the map as compact JSON in insertion order.
func (m *Map) MarshalJSON() ([]byte, error) {
	var b []byte
	b = appendJSON(b, m)
	return b, nil
}

// mapEntry is what a for loop over a map yields: {{ e.key }} / {{ e.value }}.
type mapEntry struct {
	key   string
	value any
}

// isMap reports whether v is one of the map types the engine accepts.
func isMap(v any) bool {
	switch v.(type) {
	case *Map, map[string]any:
		return true
	}
	return false
}

// mapGet looks k up in a map value.
func mapGet(v any, k string) (any, bool) {
	switch m := v.(type) {
	case *Map:
		return m.Get(k)
	case map[string]any:
		x, ok := m[k]
		return x, ok
	}
	return nil, false
}

// mapLen is the entry count of a map value.
func mapLen(v any) int {
	switch m := v.(type) {
	case *Map:
		return m.Len()
	case map[string]any:
		return len(m)
	}
	return 0
}

// mapRange iterates a map value: insertion order for *Map, sorted keys for a
// plain Go map so that output never depends on Go's map order.
func mapRange(v any, fn func(k string, v any) bool) {
	switch m := v.(type) {
	case *Map:
		m.Range(fn)
	case map[string]any:
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !fn(k, m[k]) {
				return
			}
		}
	}
}

// mapKeys returns the keys of a map value in iteration order.
func mapKeys(v any) []string {
	keys := make([]string, 0, mapLen(v))
	mapRange(v, func(k string, _ any) bool { keys = append(keys, k); return true })
	return keys
}

// normalize converts the Go values a caller may pass into the engine's own
// value set (int → int64, float32 → float64, []string → []any, …). It leaves
// already-normal values alone and does not copy maps.
func normalize(v any) any {
	switch x := v.(type) {
	case nil, bool, int64, float64, string, *big.Int, []any, *Map, map[string]any, mapEntry, *loopState:
		return v
	case json.Number:
		// Values decoded with UseNumber (Temporal payloads) keep the form
		// they were written in: 6 is an integer, 6.0 a decimal.
		if !strings.ContainsAny(string(x), ".eE") {
			if i, err := x.Int64(); err == nil {
				return i
			}
			if b, ok := new(big.Int).SetString(string(x), 10); ok {
				return b
			}
		}
		if f, err := x.Float64(); err == nil {
			return f
		}
		return string(x)
	case int:
		return int64(x)
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case uint:
		return uintValue(uint64(x))
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		return uintValue(x)
	case float32:
		return float64(x)
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case []map[string]any:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case map[string]string:
		m := NewMap(len(x))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			m.Set(k, x[k])
		}
		return m
	case []int:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = int64(s)
		}
		return out
	case []int64:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case []float64:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	}
	return v
}

func uintValue(u uint64) any {
	if u <= 1<<63-1 {
		return int64(u)
	}
	return new(big.Int).SetUint64(u)
}

// exportValue converts the engine's internal values (map entries, loop
// state) found in a result into public ones (*Map), so that typed results
// only hold the documented value types. Unchanged values are not copied.
func exportValue(v any) any {
	budget := maxWalk
	out, _ := export(v, &budget)
	return out
}

func export(v any, budget *int) (any, bool) {
	*budget--
	if *budget < 0 {
		return v, false
	}
	switch x := v.(type) {
	case mapEntry:
		val, _ := export(x.value, budget)
		return MapOf(x.key, val), true
	case *loopState:
		return x.asMap(), true
	case []any:
		var out []any
		for i, e := range x {
			c, changed := export(e, budget)
			if changed && out == nil {
				out = append(make([]any, 0, len(x)), x[:i]...)
			}
			if out != nil {
				out = append(out, c)
			}
		}
		if out == nil {
			return x, false
		}
		return out, true
	case *Map:
		var out *Map
		for i, k := range x.keys {
			c, changed := export(x.vals[k], budget)
			if changed && out == nil {
				out = NewMap(x.Len())
				for _, pk := range x.keys[:i] {
					out.Set(pk, x.vals[pk])
				}
			}
			if out != nil {
				out.Set(k, c)
			}
		}
		if out == nil {
			return x, false
		}
		return out, true
	}
	return v, false
}
