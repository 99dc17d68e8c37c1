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
	ec.typed, ec.depth, ec.steps = false, 0, 0
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

func (ec *evalCtx) writeValue(v any) {
	if ec.typed {
		if v != nil {
			ec.pieces = append(ec.pieces, piece{v: v})
		}
		return
	}
	ec.buf = appendOutput(ec.buf, v)
}

func (ec *evalCtx) typedResult() any {
	switch len(ec.pieces) {
	case 0:
		return nil
	case 1:
		return exportValue(ec.pieces[0].v)
	}
	var b []byte
	for _, p := range ec.pieces {
		b = appendOutput(b, p.v)
	}
	return string(b)
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

// ---- statements ----

// maxOutputLen bounds the size of one rendering's output and of the strings
// it builds.
const maxOutputLen = 64 << 20

func (ec *evalCtx) checkOutput(pos int) error {
	if len(ec.buf) > maxOutputLen || len(ec.pieces) > maxOutputLen/16 {
		return evalErrorf(pos, "Rendered output is too large")
	}
	return nil
}

func (n *textNode) exec(ec *evalCtx) error {
	ec.writeText(n.text)
	return nil
}

func (n *printNode) exec(ec *evalCtx) error {
	v, err := n.x.eval(ec)
	if err != nil {
		return err
	}
	ec.writeValue(v)
	return ec.checkOutput(n.pos)
}

func (n *ifNode) exec(ec *evalCtx) error {
	for i, c := range n.conds {
		v, err := c.eval(ec)
		if err != nil {
			return err
		}
		ok, err := condition(v, `given to "if" statement`, n.pos)
		if err != nil {
			return &posError{pos: n.pos, msg: "Wrong operand(s) type in conditional expression: " + err.Error()}
		}
		if ok {
			return ec.execNodes(n.bodies[i])
		}
	}
	return ec.execNodes(n.els)
}

func (n *setNode) exec(ec *evalCtx) error {
	v, err := n.x.eval(ec)
	if err != nil {
		return err
	}
	ec.set(n.name, v)
	return nil
}

func (n *blockNode) exec(ec *evalCtx) error { return ec.execNodes(n.body) }

func (n *filterBlockNode) exec(ec *evalCtx) error {
	s, err := ec.capture(n.body)
	if err != nil {
		return err
	}
	var v any = s
	for _, f := range n.chain {
		if v, err = f.apply(ec, v); err != nil {
			return err
		}
	}
	ec.writeValue(v)
	return nil
}

// maxLoopSteps bounds the total number of loop iterations of one rendering.
const maxLoopSteps = 1_000_000

func (ec *evalCtx) cancelled(pos int) error {
	if ec.ctx.Cancel == nil {
		return nil
	}
	if err := ec.ctx.Cancel.Err(); err != nil {
		return &posError{pos: pos, msg: "Rendering cancelled: " + err.Error(), cause: err}
	}
	return nil
}

// loopState is the "loop" variable of a for loop.
type loopState struct {
	index, length int
}

func (l *loopState) attr(name string) (any, bool) {
	switch name {
	case "index", "index0":
		return int64(l.index), true
	case "revindex":
		return int64(l.length - l.index - 1), true
	case "first":
		return l.index == 0, true
	case "last":
		return l.index == l.length-1, true
	case "length":
		return int64(l.length), true
	}
	return nil, false
}

func (l *loopState) asMap() *Map {
	m := NewMap(5)
	for _, k := range [...]string{"index", "revindex", "first", "last", "length"} {
		v, _ := l.attr(k)
		m.Set(k, v)
	}
	return m
}

func (n *forNode) exec(ec *evalCtx) error {
	v, err := n.iter.eval(ec)
	if err != nil {
		return err
	}
	var items []any
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		items = x
	case *Map, map[string]any:
		items = make([]any, 0, mapLen(x))
		mapRange(x, func(k string, e any) bool {
			items = append(items, mapEntry{key: k, value: e})
			return true
		})
	default:
		return evalErrorf(n.pos, "Not an iterable object. Value = [%s]", javaString(v))
	}
	if len(items) == 0 {
		return ec.execNodes(n.els)
	}
	ls := &loopState{length: len(items)}
	// names is shared by every run of the loop: its capacity is its length,
	// so a {% set %} inside the body appends to a copy.
	ec.scopes = append(ec.scopes, scope{names: n.names[:2:2], vals: []any{nil, ls}})
	top := len(ec.scopes) - 1
	defer func() { ec.scopes = ec.scopes[:top] }()
	for i, item := range items {
		ec.steps++
		if ec.steps > maxLoopSteps {
			return evalErrorf(n.pos, "Too many loop iterations")
		}
		if ec.steps&1023 == 0 {
			if err := ec.cancelled(n.pos); err != nil {
				return err
			}
		}
		ec.scopes[top].vals[0] = normalize(item)
		ls.index = i
		if err := ec.execNodes(n.body); err != nil {
			return err
		}
	}
	return nil
}

// ---- expressions ----

func (x *literal) eval(*evalCtx) (any, error) { return x.v, nil }

func (x *listExpr) eval(ec *evalCtx) (any, error) {
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
		return nil, evalErrorf(x.pos, "Unary plus needs a number, got [%s]", javaString(v))
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
		b := make([]byte, 0, 32)
		if l != nil {
			b = appendJavaString(b, l)
		}
		if r != nil {
			b = appendJavaString(b, r)
		}
		if len(b) > maxOutputLen {
			return nil, evalErrorf(x.pos, "String is too large")
		}
		return string(b), nil
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

// ---- filters, tests, calls ----

// absent marks an argument that was not given.
type absentT struct{}

var absent any = absentT{}

// bindArgs evaluates call arguments into a slice aligned with params.
// Unknown named arguments are ignored, as Pebble does. With nil params every
// positional argument is kept in order. The slice lives on the context's
// argument stack: the caller must call popArgs(mark) once the call is done
// and must not keep the slice.
func bindArgs(ec *evalCtx, params []string, args []argExpr, pos int) ([]any, int, error) {
	mark := len(ec.argStack)
	if len(args) == 0 && len(params) == 0 {
		return nil, mark, nil
	}
	n := len(params)
	for i := 0; i < n; i++ {
		ec.argStack = append(ec.argStack, absent)
	}
	next := 0
	for _, a := range args {
		v, err := a.x.eval(ec)
		if err != nil {
			ec.popArgs(mark)
			return nil, mark, err
		}
		if params == nil {
			ec.argStack = append(ec.argStack, v)
			continue
		}
		if a.name == "" {
			if next >= len(params) {
				ec.popArgs(mark)
				return nil, mark, evalErrorf(pos, "Too many arguments: at most %d expected", len(params))
			}
			ec.argStack[mark+next] = v
			next++
			continue
		}
		for i, p := range params {
			if p == a.name {
				ec.argStack[mark+i] = v
				break
			}
		}
	}
	return ec.argStack[mark:len(ec.argStack):len(ec.argStack)], mark, nil
}

func (ec *evalCtx) popArgs(mark int) {
	for i := mark; i < len(ec.argStack); i++ {
		ec.argStack[i] = nil
	}
	ec.argStack = ec.argStack[:mark]
}

func (x *filterExpr) eval(ec *evalCtx) (any, error) {
	in, err := x.in.eval(ec)
	if err != nil {
		if !(x.def.undefinedInput && isUndefined(err)) {
			return nil, err
		}
		in = nil
	}
	return x.apply(ec, in)
}

func (x *filterExpr) apply(ec *evalCtx, in any) (any, error) {
	args, mark, err := bindArgs(ec, x.def.params, x.args, x.pos)
	if err != nil {
		return nil, err
	}
	v, err := x.def.fn(ec, in, args)
	ec.popArgs(mark)
	if err != nil {
		return nil, wrapEval(x.pos, err)
	}
	return v, nil
}

func (x *testExpr) eval(ec *evalCtx) (any, error) {
	in, err := x.in.eval(ec)
	if err != nil {
		if !(x.def.undefinedInput && isUndefined(err)) {
			return nil, err
		}
		return x.neg, nil
	}
	args, mark, err := bindArgs(ec, x.def.params, x.args, x.pos)
	if err != nil {
		return nil, err
	}
	ok, err := x.def.fn(ec, in, args)
	ec.popArgs(mark)
	if err != nil {
		return nil, wrapEval(x.pos, err)
	}
	return ok != x.neg, nil
}

// maxRenderDepth bounds nested render()/macro calls.
const maxRenderDepth = 100

func (x *callExpr) eval(ec *evalCtx) (any, error) {
	if m := ec.tpl.macros[x.name]; m != nil {
		return ec.callMacro(m, x)
	}
	if x.def == nil {
		return nil, evalErrorf(x.pos, "Function or Macro [%s] does not exist.", x.name)
	}
	args, mark, err := bindArgs(ec, x.def.params, x.args, x.pos)
	if err != nil {
		return nil, err
	}
	v, err := x.def.fn(ec, args)
	ec.popArgs(mark)
	if err != nil {
		return nil, wrapEval(x.pos, err)
	}
	return v, nil
}

func (ec *evalCtx) callMacro(m *macroDef, x *callExpr) (any, error) {
	if ec.depth >= maxRenderDepth {
		return nil, evalErrorf(x.pos, "Too many nested macro calls")
	}
	stacked, mark, err := bindArgs(ec, m.params, x.args, x.pos)
	if err != nil {
		return nil, err
	}
	// the macro body keeps its arguments: copy them off the stack
	args := append([]any(nil), stacked...)
	ec.popArgs(mark)
	for i, a := range args {
		if a == absent {
			args[i] = nil
			if m.defaults[i] != nil {
				if args[i], err = m.defaults[i].eval(ec); err != nil {
					return nil, err
				}
			}
		}
	}
	// a macro sees only its arguments, not the caller's variables.
	savedScopes, savedRoot := ec.scopes, ec.root
	ec.scopes = []scope{{names: append([]string(nil), m.params...), vals: args}}
	ec.root = nil
	ec.depth++
	out, err := ec.capture(m.body)
	ec.depth--
	ec.scopes, ec.root = savedScopes, savedRoot
	if err != nil {
		return nil, err
	}
	return out, nil
}
