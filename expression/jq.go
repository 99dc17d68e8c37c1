package expression

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"sort"

	"github.com/itchyny/gojq"
)

var jqCache = newMemo[*gojq.Code](1024)

func compileJq(src string) (*gojq.Code, error) {
	if c, ok := jqCache.get(src); ok {
		return c, nil
	}
	q, err := gojq.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("Invalid jq expression '%s': %v", src, err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, fmt.Errorf("Invalid jq expression '%s': %v", src, err)
	}
	jqCache.put(src, code)
	return code, nil
}

// filterJq runs a jq program and returns the list of its outputs (Kestra's
// jq filter always returns a list). A string input is parsed as JSON first.
func filterJq(ec *evalCtx, in any, args []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	src, err := argString(args, 0, "expression", "")
	if err != nil {
		return nil, err
	}
	if !argGiven(args, 0) {
		return nil, fmt.Errorf("The argument \"expression\" of \"jq\" is required")
	}
	code, err := compileJq(src)
	if err != nil {
		return nil, err
	}
	if s, ok := in.(string); ok {
		v, err := DecodeJSON([]byte(s))
		if err != nil {
			return nil, fmt.Errorf("Unable to parse jq value '%s': %v", s, err)
		}
		in = v
	}
	order := keyOrder(in)
	goctx := ec.ctx.Cancel
	if goctx == nil {
		goctx = context.Background()
	}
	budget := maxWalk
	input := toJq(in, 0, &budget)
	if budget < 0 {
		return nil, fmt.Errorf("jq: the input value is too large")
	}
	iter := code.RunWithContext(goctx, input)
	out := []any{}
	for n := 0; ; n++ {
		if n > maxRangeLen {
			return nil, fmt.Errorf("jq: too many results")
		}
		v, ok := iter.Next()
		if !ok {
			break
		}
		if err, ok := v.(error); ok {
			if he, ok := err.(*gojq.HaltError); ok && he.Value() == nil {
				break
			}
			return nil, fmt.Errorf("Failed to resolve JQ expression '%s' and value '%s': %v", src, toJSON(in), err)
		}
		out = append(out, fromJq(v, order))
	}
	return out, nil
}

// toJq converts engine values into the types gojq works on.
func toJq(v any, depth int, budget *int) any {
	*budget--
	if depth > maxValueDepth || *budget < 0 {
		return nil
	}
	switch x := normalize(v).(type) {
	case int64:
		if x >= math.MinInt && x <= math.MaxInt {
			return int(x)
		}
		return big.NewInt(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = toJq(e, depth+1, budget)
		}
		return out
	case *Map, map[string]any:
		out := make(map[string]any, mapLen(x))
		mapRange(x, func(k string, e any) bool { out[k] = toJq(e, depth+1, budget); return *budget >= 0 })
		return out
	case mapEntry:
		return map[string]any{x.key: toJq(x.value, depth+1, budget)}
	case nil, bool, float64, string, *big.Int:
		return x
	default:
		return string(appendOutput(nil, x))
	}
}

// keyOrder records where each object key first appears in the input, so
// that objects coming out of jq keep the input's key order (jackson-jq keeps
// insertion order; gojq does not).
func keyOrder(v any) map[string]int {
	var order map[string]int
	budget := maxWalk
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		budget--
		if depth > maxValueDepth || budget < 0 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case *Map, map[string]any:
			if order == nil {
				order = make(map[string]int)
			}
			mapRange(x, func(k string, e any) bool {
				if _, ok := order[k]; !ok {
					order[k] = len(order)
				}
				walk(e, depth+1)
				return true
			})
		}
	}
	walk(v, 0)
	return order
}

// fromJq converts gojq results back. Object keys follow their order in the
// input; keys jq created come after, sorted.
func fromJq(v any, order map[string]int) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case *big.Int:
		return bigResult(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = fromJq(e, order)
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			oi, iok := order[keys[i]]
			oj, jok := order[keys[j]]
			switch {
			case iok && jok:
				return oi < oj
			case iok != jok:
				return iok
			}
			return keys[i] < keys[j]
		})
		m := NewMap(len(x))
		for _, k := range keys {
			m.Set(k, fromJq(x[k], order))
		}
		return m
	}
	return v
}
