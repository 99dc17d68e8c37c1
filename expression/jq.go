package expression

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"sort"
	"sync"

	"github.com/itchyny/gojq"
)

var jqCache sync.Map // expression → *gojq.Code

func compileJq(src string) (*gojq.Code, error) {
	if c, ok := jqCache.Load(src); ok {
		return c.(*gojq.Code), nil
	}
	q, err := gojq.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("Invalid jq expression '%s': %v", src, err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, fmt.Errorf("Invalid jq expression '%s': %v", src, err)
	}
	jqCache.Store(src, code)
	return code, nil
}

// filterJq runs a jq program and returns the list of its outputs (Kestra's
// jq filter always returns a list). A string input is parsed as JSON first.
func filterJq(ec *evalCtx, in any, args []any) (any, error) {
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
		if v, err := DecodeJSON([]byte(s)); err == nil {
			in = v
		}
	}
	goctx := ec.ctx.Cancel
	if goctx == nil {
		goctx = context.Background()
	}
	iter := code.RunWithContext(goctx, toJq(in, 0))
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
		out = append(out, fromJq(v))
	}
	return out, nil
}

// toJq converts engine values into the types gojq works on.
func toJq(v any, depth int) any {
	if depth > maxValueDepth {
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
			out[i] = toJq(e, depth+1)
		}
		return out
	case *Map, map[string]any:
		out := make(map[string]any, mapLen(x))
		mapRange(x, func(k string, e any) bool { out[k] = toJq(e, depth+1); return true })
		return out
	case mapEntry:
		return map[string]any{x.key: toJq(x.value, depth+1)}
	case nil, bool, float64, string, *big.Int:
		return x
	default:
		return string(appendOutput(nil, x))
	}
}

// fromJq converts gojq results back (objects get their keys sorted, as jq
// prints them).
func fromJq(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case *big.Int:
		return bigResult(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = fromJq(e)
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m := NewMap(len(x))
		for _, k := range keys {
			m.Set(k, fromJq(x[k]))
		}
		return m
	}
	return v
}
