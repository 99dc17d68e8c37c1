package expression

import (
	"math"
	"math/big"
	"strings"
)

type numKind uint8

const (
	kInt numKind = iota
	kFloat
	kBig
)

type number struct {
	k numKind
	i int64
	f float64
	b *big.Int
}

func asNumber(v any) (number, bool) {
	switch x := v.(type) {
	case int64:
		return number{k: kInt, i: x}, true
	case float64:
		return number{k: kFloat, f: x}, true
	case *big.Int:
		return number{k: kBig, b: x}, true
	case int:
		return number{k: kInt, i: int64(x)}, true
	}
	return number{}, false
}

func (n number) float() float64 {
	switch n.k {
	case kInt:
		return float64(n.i)
	case kBig:
		f, _ := new(big.Float).SetInt(n.b).Float64()
		return f
	}
	return n.f
}

func (n number) bigInt() *big.Int {
	if n.k == kBig {
		return n.b
	}
	return big.NewInt(n.i)
}

// bigResult narrows a big result back to int64 when it fits.
func bigResult(b *big.Int) any {
	if b.IsInt64() {
		return b.Int64()
	}
	return b
}

var opNames = map[opCode]string{opAdd: "ADD", opSub: "SUBTRACT", opMul: "MULTIPLICATION", opDiv: "DIVISION", opMod: "MODULUS"}

// arith implements + - * / % with Pebble's widening rules: two integers stay
// integers (Java long arithmetic), a decimal makes the result a double, a
// string on either side of + concatenates, a list on the left of + appends.
func arith(op opCode, l, r any, pos int) (any, error) {
	if op == opAdd {
		_, ls := l.(string)
		_, rs := r.(string)
		if ls || rs {
			a, err1 := javaStringChecked(l)
			b, err2 := javaStringChecked(r)
			if err1 != nil || err2 != nil || len(a)+len(b) > maxOutputLen {
				return nil, evalErrorf(pos, "String is too large")
			}
			return a + b, nil
		}
		if list, ok := l.([]any); ok {
			if rl, ok := r.([]any); ok && len(list)+len(rl) > maxRangeLen {
				return nil, evalErrorf(pos, "List is too large")
			}
			out := make([]any, 0, len(list)+1)
			out = append(out, list...)
			if rl, ok := r.([]any); ok {
				return append(out, rl...), nil
			}
			return append(out, r), nil
		}
	}
	if op == opSub {
		if list, ok := l.([]any); ok {
			return subtractFromList(list, r), nil
		}
	}
	a, ok1 := asNumber(l)
	b, ok2 := asNumber(r)
	if !ok1 || !ok2 {
		return nil, evalErrorf(pos, "invalid operands for mathematical operation [%s]", opNames[op])
	}
	switch {
	case a.k == kFloat || b.k == kFloat:
		x, y := a.float(), b.float()
		switch op {
		case opAdd:
			return x + y, nil
		case opSub:
			return x - y, nil
		case opMul:
			return x * y, nil
		case opDiv:
			return x / y, nil
		default:
			return math.Mod(x, y), nil
		}
	case a.k == kBig || b.k == kBig:
		x, y := a.bigInt(), b.bigInt()
		z := new(big.Int)
		switch op {
		case opAdd:
			z.Add(x, y)
		case opSub:
			z.Sub(x, y)
		case opMul:
			z.Mul(x, y)
		case opDiv, opMod:
			if y.Sign() == 0 {
				return nil, evalErrorf(pos, "/ by zero")
			}
			if op == opDiv {
				z.Quo(x, y)
			} else {
				z.Rem(x, y)
			}
		}
		return bigResult(z), nil
	}
	x, y := a.i, b.i
	switch op {
	case opAdd:
		return x + y, nil
	case opSub:
		return x - y, nil
	case opMul:
		return x * y, nil
	case opDiv:
		if y == 0 {
			return nil, evalErrorf(pos, "/ by zero")
		}
		if y == -1 {
			return -x, nil
		}
		return x / y, nil
	default:
		if y == 0 {
			return nil, evalErrorf(pos, "/ by zero")
		}
		if y == -1 {
			return int64(0), nil
		}
		return x % y, nil
	}
}

// subtractFromList is Pebble's list - x: removes every element of a list x,
// or the first occurrence of a single x.
func subtractFromList(list []any, r any) []any {
	out := make([]any, 0, len(list))
	if rl, ok := r.([]any); ok {
		for _, e := range list {
			if !listHas(rl, normalize(e)) {
				out = append(out, e)
			}
		}
		return out
	}
	removed := false
	for _, e := range list {
		if !removed && javaEquals(normalize(e), r) {
			removed = true
			continue
		}
		out = append(out, e)
	}
	return out
}

func negate(v any, pos int) (any, error) {
	n, ok := asNumber(v)
	if !ok {
		return nil, evalErrorf(pos, "invalid operands for mathematical operation [MULTIPLICATION]")
	}
	switch n.k {
	case kInt:
		return -n.i, nil
	case kFloat:
		return -n.f, nil
	}
	return bigResult(new(big.Int).Neg(n.b)), nil
}

// compareNumbers returns -1, 0 or 1.
func compareNumbers(a, b number) int {
	if a.k == kInt && b.k == kInt {
		switch {
		case a.i < b.i:
			return -1
		case a.i > b.i:
			return 1
		}
		return 0
	}
	if a.k != kFloat && b.k != kFloat {
		return a.bigInt().Cmp(b.bigInt())
	}
	x, y := a.float(), b.float()
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// valuesEqual is Pebble's ==: two numbers compare by value whatever their
// types, everything else with Java's equals (javaEquals).
func valuesEqual(a, b any) bool {
	if na, ok := asNumber(a); ok {
		if nb, ok := asNumber(b); ok {
			if (na.k == kFloat && math.IsNaN(na.f)) || (nb.k == kFloat && math.IsNaN(nb.f)) {
				return false
			}
			return compareNumbers(na, nb) == 0
		}
	}
	return javaEquals(a, b)
}

// maxWalk bounds the nodes a walk over a value visits: values built from
// shared parts ({% set a = [a, a] %}) can be exponentially large.
const maxWalk = 1 << 20

// javaEquals is Java's Object.equals on the engine's values: numbers are
// equal only with the same type and value (Long 1 is not Double 1.0), lists
// and maps compare element by element. Past maxWalk nodes it gives up and
// reports the values as different.
func javaEquals(a, b any) bool {
	budget := maxWalk
	return javaEqualsB(a, b, &budget)
}

func javaEqualsB(a, b any, budget *int) bool {
	*budget--
	if *budget < 0 {
		return false
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case int64:
		y, ok := b.(int64)
		return ok && x == y
	case float64:
		y, ok := b.(float64)
		return ok && (x == y && math.Signbit(x) == math.Signbit(y) || math.IsNaN(x) && math.IsNaN(y))
	case *big.Int:
		y, ok := b.(*big.Int)
		return ok && x.Cmp(y) == 0
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !javaEqualsB(normalize(x[i]), normalize(y[i]), budget) {
				return false
			}
		}
		return true
	case *Map, map[string]any:
		if !isMap(b) || mapLen(a) != mapLen(b) {
			return false
		}
		eq := true
		mapRange(a, func(k string, v any) bool {
			w, ok := mapGet(b, k)
			eq = ok && javaEqualsB(normalize(v), normalize(w), budget)
			return eq
		})
		return eq
	case mapEntry:
		y, ok := b.(mapEntry)
		return ok && x.key == y.key && javaEqualsB(normalize(x.value), normalize(y.value), budget)
	}
	return false
}

var comparisonNames = map[opCode]string{opLt: "less than", opLe: "less than or equals", opGt: "greater than", opGe: "greater than or equals"}

func compareOp(op opCode, l, r any, pos int) (any, error) {
	if l == nil || r == nil {
		return false, nil
	}
	var c int
	na, ok1 := asNumber(l)
	nb, ok2 := asNumber(r)
	switch {
	case ok1 && ok2:
		if (na.k == kFloat && math.IsNaN(na.f)) || (nb.k == kFloat && math.IsNaN(nb.f)) {
			return false, nil
		}
		c = compareNumbers(na, nb)
	default:
		ls, ok1 := l.(string)
		rs, ok2 := r.(string)
		if !ok1 || !ok2 {
			return nil, evalErrorf(pos, "Could not perform %s comparison", comparisonNames[op])
		}
		c = strings.Compare(ls, rs)
	}
	switch op {
	case opLt:
		return c < 0, nil
	case opLe:
		return c <= 0, nil
	case opGt:
		return c > 0, nil
	}
	return c >= 0, nil
}

// truthy reads a boolean, number or string as Pebble's compatibleCast does:
// numbers are true unless zero or NaN, strings unless empty. Other values
// (lists, maps) report ok=false; null is false with ok=true.
func truthy(v any) bool {
	b, _ := condValue(v)
	return b
}

func condValue(v any) (bool, bool) {
	switch x := v.(type) {
	case nil:
		return false, true
	case bool:
		return x, true
	case string:
		return x != "", true
	case int64:
		return x != 0, true
	case float64:
		return x != 0 && !math.IsNaN(x), true
	case *big.Int:
		return x.Sign() != 0, true
	}
	return false, false
}

// javaSimpleName is the simple Java class name Kestra would report.
func javaSimpleName(v any) string {
	cls, _ := filterClassName(nil, v, nil)
	s, _ := cls.(string)
	if i := strings.LastIndexAny(s, ".$"); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// condition reads the value of a condition in strict mode: null and
// non-scalar values are errors, as in Pebble with strict variables.
func condition(v any, where string, pos int) (bool, error) {
	if v == nil {
		return false, evalErrorf(pos, "null value %s and strict variables is set to true", where)
	}
	b, ok := condValue(v)
	if !ok {
		return false, evalErrorf(pos, "Unsupported value type %s. Expected Boolean, String, Number in %s", javaSimpleName(v), where)
	}
	return b, nil
}

// containsValue is Pebble's contains: a list contains an element (or all
// the elements of a list), a map contains a key, a string a substring;
// elements compare with Java's equals.
func containsValue(container, item any, pos int) (bool, error) {
	switch c := container.(type) {
	case nil:
		return false, nil
	case []any:
		if items, ok := item.([]any); ok {
			for _, it := range items {
				if !listHas(c, normalize(it)) {
					return false, nil
				}
			}
			return true, nil
		}
		return listHas(c, item), nil
	case *Map, map[string]any:
		k, ok := item.(string)
		if !ok {
			return false, nil
		}
		_, found := mapGet(c, k)
		return found, nil
	case string:
		return strings.Contains(c, javaString(item)), nil
	}
	cls, _ := filterClassName(nil, container, nil)
	return false, evalErrorf(pos, "Contains operator can only be used on Collections, Maps and arrays. Actual type was: %v", cls)
}

func listHas(list []any, item any) bool {
	for _, e := range list {
		if javaEquals(normalize(e), item) {
			return true
		}
	}
	return false
}

// isIn is Kestra 1.x's isIn: an element of a list, a key or a value of a
// map, a substring of a string.
func isIn(item, container any) bool {
	switch c := container.(type) {
	case []any:
		return listHas(c, item)
	case *Map, map[string]any:
		if item == nil {
			return false
		}
		if _, ok := mapGet(c, keyString(item)); ok {
			return true
		}
		found := false
		mapRange(c, func(_ string, v any) bool {
			found = javaEquals(normalize(v), item)
			return !found
		})
		return found
	case string:
		return item != nil && strings.Contains(c, javaString(item))
	}
	return false
}

// maxRangeLen bounds range() and the .. operator.
const maxRangeLen = 1_000_000

func rangeList(from, to, step any, pos int) (any, error) {
	a, ok1 := from.(int64)
	b, ok2 := to.(int64)
	s, ok3 := step.(int64)
	if !ok1 || !ok2 || !ok3 {
		return nil, evalErrorf(pos, "range needs integer bounds and step")
	}
	if s == 0 {
		return nil, evalErrorf(pos, "The step of a range can not be 0")
	}
	var n uint64 // number of elements
	if s > 0 && b >= a {
		n = (uint64(b)-uint64(a))/uint64(s) + 1
	} else if s < 0 && a >= b {
		n = (uint64(a)-uint64(b))/(uint64(-(s+1))+1) + 1
	}
	if n > maxRangeLen {
		return nil, evalErrorf(pos, "range is too long")
	}
	out := make([]any, n)
	v := a
	for i := range out {
		out[i] = v
		v += s
	}
	return out, nil
}
