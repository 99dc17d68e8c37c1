package expression

import (
	"encoding/json"
	"fmt"
	"math"
)

// Pebble's tests plus Kestra's "json".
func init() {
	t := builtinTests
	t["defined"] = &testDef{undefinedInput: true, fn: func(_ *evalCtx, in any, _ []any) (bool, error) { return in != nil, nil }}
	t["null"] = &testDef{fn: func(_ *evalCtx, in any, _ []any) (bool, error) { return in == nil, nil }}
	t["empty"] = &testDef{fn: func(_ *evalCtx, in any, _ []any) (bool, error) { return isEmptyValue(in), nil }}
	t["even"] = &testDef{fn: func(_ *evalCtx, in any, _ []any) (bool, error) { return parity(in, "even", 0) }}
	t["odd"] = &testDef{fn: func(_ *evalCtx, in any, _ []any) (bool, error) { return parity(in, "odd", 1) }}
	t["iterable"] = &testDef{fn: func(_ *evalCtx, in any, _ []any) (bool, error) { _, ok := in.([]any); return ok, nil }}
	t["map"] = &testDef{fn: func(_ *evalCtx, in any, _ []any) (bool, error) { return isMap(in), nil }}
	t["json"] = &testDef{fn: func(_ *evalCtx, in any, _ []any) (bool, error) {
		s, ok := in.(string)
		return ok && json.Valid([]byte(s)), nil
	}}
}

func parity(in any, name string, want int64) (bool, error) {
	n, ok := asNumber(in)
	if !ok {
		if in == nil {
			return false, fmt.Errorf("Can not pass null value to %q test.", name)
		}
		return false, fmt.Errorf("The %q test needs a number, got [%s]", name, shortString(in))
	}
	switch n.k {
	case kInt:
		r := n.i % 2
		if r < 0 {
			r = -r
		}
		return r == want, nil
	case kFloat:
		if n.f != math.Trunc(n.f) {
			return false, nil
		}
		return int64(math.Abs(math.Mod(n.f, 2))) == want, nil
	}
	return int64(n.b.Bit(0)) == want, nil
}
