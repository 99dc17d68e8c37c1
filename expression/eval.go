package expression

import (
	"errors"
	"math/big"
	"strconv"
	"sync"
	"time"
)

// scope is one level of local variables ({% set %}, loop variables).
type scope struct {
	names []string
	vals  []any
}

type piece struct {
	v    any
	text bool
}

// evalCtx is the state of one rendering.
type evalCtx struct {
	eng    *Engine
	tpl    *Template
	ctx    Context
	root   any
	scopes []scope
	buf    []byte
	typed  bool
	pieces []piece
	depth  int // nested render()/macro calls
	// argStack holds call arguments (see bindArgs)
	argStack []any
	steps    int // loop iterations, bounded
	work     int // see spend
}

var ctxPool = sync.Pool{New: func() any { return &evalCtx{buf: make([]byte, 0, 256), scopes: make([]scope, 0, 4)} }}

func newEvalCtx(e *Engine, t *Template, ctx *Context) *evalCtx {
	ec := ctxPool.Get().(*evalCtx)
	ec.eng, ec.tpl, ec.ctx = e, t, *ctx
	ec.root = normalize(ctx.Vars)
	return ec
}

func (ec *evalCtx) release() {
	if cap(ec.buf) > 64<<10 {
		ec.buf = make([]byte, 0, 256)
	}
	ec.buf = ec.buf[:0]
	for i := range ec.scopes {
		ec.scopes[i] = scope{}
	}
	ec.scopes = ec.scopes[:0]
	ec.pieces = nil
	ec.popArgs(0)
	ec.eng, ec.tpl, ec.ctx, ec.root = nil, nil, Context{}, nil
	ec.typed, ec.depth, ec.steps, ec.work = false, 0, 0, 0
	ctxPool.Put(ec)
}

func (ec *evalCtx) run(t *Template) error {
	ec.scopes = append(ec.scopes, scope{})
	return ec.execNodes(t.nodes)
}

func (ec *evalCtx) location() *time.Location {
	if ec.ctx.TimeZone != nil {
		return ec.ctx.TimeZone
	}
	return time.UTC
}

func (ec *evalCtx) execNodes(nodes []node) error {
	for _, n := range nodes {
		if err := n.exec(ec); err != nil {
			return err
		}
	}
	return nil
}

func (ec *evalCtx) writeText(s string) {
	if ec.typed {
		if s != "" {
			ec.pieces = append(ec.pieces, piece{v: s, text: true})
		}
		return
	}
	ec.buf = append(ec.buf, s...)
}

func (ec *evalCtx) writeValue(v any, pos int) error {
	if ec.typed {
		if v != nil {
			ec.pieces = append(ec.pieces, piece{v: v})
		}
		return nil
	}
	var err error
	if ec.buf, err = appendOutputChecked(ec.buf, v); err != nil {
		return &posError{pos: pos, msg: err.Error()}
	}
	return nil
}

func (ec *evalCtx) typedResult() (any, error) {
	switch len(ec.pieces) {
	case 0:
		return nil, nil
	case 1:
		return exportValue(ec.pieces[0].v), nil
	}
	var b []byte
	for _, p := range ec.pieces {
		var err error
		if b, err = appendOutputChecked(b, p.v); err != nil {
			return nil, &posError{msg: err.Error()}
		}
	}
	return string(b), nil
}

// capture renders nodes to a string whatever the output mode.
func (ec *evalCtx) capture(nodes []node) (string, error) {
	savedBuf, savedTyped, savedPieces := ec.buf, ec.typed, ec.pieces
	ec.buf, ec.typed, ec.pieces = nil, false, nil
	err := ec.execNodes(nodes)
	out := string(ec.buf)
	ec.buf, ec.typed, ec.pieces = savedBuf, savedTyped, savedPieces
	return out, err
}

func (ec *evalCtx) lookup(name string) (any, bool) {
	for i := len(ec.scopes) - 1; i >= 0; i-- {
		s := &ec.scopes[i]
		for j := len(s.names) - 1; j >= 0; j-- {
			if s.names[j] == name {
				return s.vals[j], true
			}
		}
	}
	v, ok := mapGet(ec.root, name)
	if ok {
		return normalize(v), true
	}
	return nil, false
}

// set is Pebble's ScopeChain.set: the innermost scope that already holds
// the variable gets the new value; a context variable is shadowed at the
// template level; a new variable goes to the current scope.
func (ec *evalCtx) set(name string, v any) {
	for i := len(ec.scopes) - 1; i >= 0; i-- {
		s := &ec.scopes[i]
		for j := range s.names {
			if s.names[j] == name {
				s.vals[j] = v
				return
			}
		}
	}
	target := len(ec.scopes) - 1
	if _, ok := mapGet(ec.root, name); ok {
		target = 0
	}
	s := &ec.scopes[target]
	s.names = append(s.names, name)
	s.vals = append(s.vals, v)
}

// ---- expressions ----

func (x *literal) eval(*evalCtx) (any, error) { return x.v, nil }

func (x *listExpr) eval(ec *evalCtx) (any, error) {
	if err := ec.spend(len(x.items), 0); err != nil {
		return nil, err
	}
	out := make([]any, len(x.items))
	for i, it := range x.items {
		v, err := it.eval(ec)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (x *mapExpr) eval(ec *evalCtx) (any, error) {
	if err := ec.spend(len(x.keys), x.pos); err != nil {
		return nil, err
	}
	m := NewMap(len(x.keys))
	for i, k := range x.keys {
		kv, err := k.eval(ec)
		if err != nil {
			return nil, err
		}
		v, err := x.vals[i].eval(ec)
		if err != nil {
			return nil, err
		}
		m.Set(keyString(kv), v)
	}
	return m, nil
}

func (x *varExpr) eval(ec *evalCtx) (any, error) {
	v, ok := ec.lookup(x.name)
	if !ok {
		return nil, &undefError{name: x.name, pos: x.pos}
	}
	return v, nil
}

func keyString(k any) string {
	switch v := k.(type) {
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	}
	return javaString(k)
}

func (x *attrExpr) eval(ec *evalCtx) (any, error) {
	obj, err := x.obj.eval(ec)
	if err != nil {
		return nil, err
	}
	key := x.nameAny
	if x.key != nil {
		if key, err = x.key.eval(ec); err != nil {
			return nil, err
		}
	}
	return getAttr(obj, key, x.pos)
}

// getAttr resolves obj.key in strict mode.
func getAttr(obj, key any, pos int) (any, error) {
	switch o := obj.(type) {
	case *Map, map[string]any:
		if v, ok := mapGet(o, keyString(key)); ok {
			return normalize(v), nil
		}
	case []any:
		if i, ok := listIndex(key); ok && i >= 0 && i < int64(len(o)) {
			return normalize(o[i]), nil
		}
		// Java methods Pebble resolves on a List
		switch key {
		case "size":
			return int64(len(o)), nil
		case "empty":
			return len(o) == 0, nil
		}
	case string:
		// Java methods Pebble resolves on a String
		switch key {
		case "length":
			return int64(javaLength(o)), nil
		case "empty":
			return o == "", nil
		}
	case mapEntry:
		switch key {
		case "key":
			return o.key, nil
		case "value":
			return normalize(o.value), nil
		}
	case *loopState:
		if s, ok := key.(string); ok {
			if v, ok := o.attr(s); ok {
				return v, nil
			}
		}
	}
	return nil, &undefError{name: keyString(key), pos: pos}
}

func listIndex(k any) (int64, bool) {
	switch v := k.(type) {
	case int64:
		return v, true
	case float64:
		if v == float64(int64(v)) {
			return int64(v), true
		}
	case *big.Int:
		return -1, true
	case string:
		i, err := strconv.ParseInt(v, 10, 64)
		return i, err == nil
	}
	return 0, false
}

func (x *unaryExpr) eval(ec *evalCtx) (any, error) {
	v, err := x.x.eval(ec)
	if err != nil {
		return nil, err
	}
	switch x.op {
	case "not":
		b, err := condition(v, "given to not()", x.pos)
		return !b, err
	case "-":
		return negate(v, x.pos)
	}
	if _, ok := asNumber(v); !ok {
		return nil, evalErrorf(x.pos, "Unary plus needs a number, got [%s]", shortString(v))
	}
	return v, nil
}

func (x *ternaryExpr) eval(ec *evalCtx) (any, error) {
	c, err := x.cond.eval(ec)
	if err != nil {
		return nil, err
	}
	b, ok := condValue(c)
	if !ok {
		return nil, evalErrorf(x.pos, "Unsupported value type %s. Expected Boolean, String, Number in a ternary condition", javaSimpleName(c))
	}
	if b {
		return x.yes.eval(ec)
	}
	return x.no.eval(ec)
}

func isUndefined(err error) bool {
	var ue *undefError
	return errors.As(err, &ue)
}

func (x *binExpr) eval(ec *evalCtx) (any, error) {
	switch x.op {
	case opCoalesce:
		l, err := x.l.eval(ec)
		if err != nil && !isUndefined(err) {
			return nil, err
		}
		if err == nil && l != nil {
			return l, nil
		}
		return x.r.eval(ec)
	case opUndefinedCoalesce:
		l, err := x.l.eval(ec)
		if err == nil {
			return l, nil
		}
		if !isUndefined(err) {
			return nil, err
		}
		return x.r.eval(ec)
	case opAnd, opOr:
		where := "used in and operator"
		if x.op == opOr {
			where = "used in or operator"
		}
		l, err := x.l.eval(ec)
		if err != nil {
			return nil, err
		}
		lt, err := condition(l, where, x.pos)
		if err != nil {
			return nil, err
		}
		if x.op == opAnd && !lt {
			return false, nil
		}
		if x.op == opOr && lt {
			return true, nil
		}
		r, err := x.r.eval(ec)
		if err != nil {
			return nil, err
		}
		return condition(r, where, x.pos)
	}
	l, err := x.l.eval(ec)
	if err != nil {
		return nil, err
	}
	r, err := x.r.eval(ec)
	if err != nil {
		return nil, err
	}
	if err := ec.spend(1+sizeCost(l)+sizeCost(r), x.pos); err != nil {
		return nil, err
	}
	switch x.op {
	case opConcat:
		if l == nil && r == nil {
			return "", nil
		}
		if ls, ok := l.(string); ok {
			if rs, ok := r.(string); ok {
				if len(ls)+len(rs) > maxOutputLen {
					return nil, evalErrorf(x.pos, "String is too large")
				}
				return ls + rs, nil
			}
		}
		var ls, rs string
		var err error
		if l != nil {
			if ls, err = javaStringChecked(l); err != nil {
				return nil, evalErrorf(x.pos, "String is too large")
			}
		}
		if r != nil {
			if rs, err = javaStringChecked(r); err != nil {
				return nil, evalErrorf(x.pos, "String is too large")
			}
		}
		if len(ls)+len(rs) > maxOutputLen {
			return nil, evalErrorf(x.pos, "String is too large")
		}
		return ls + rs, nil
	case opEq:
		return valuesEqual(l, r), nil
	case opNe:
		return !valuesEqual(l, r), nil
	case opLt, opLe, opGt, opGe:
		return compareOp(x.op, l, r, x.pos)
	case opContains:
		return containsValue(l, r, x.pos)
	case opIsIn:
		return isIn(l, r), nil
	case opRange:
		return rangeList(l, r, int64(1), x.pos)
	}
	return arith(x.op, l, r, x.pos)
}
