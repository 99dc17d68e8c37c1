package expression

// Execution of statement nodes.

// maxOutputLen bounds the size of one rendering's output and of the strings
// it builds.
const maxOutputLen = 32 << 20

// maxWork bounds the work of one rendering, in units of roughly one call,
// one loop iteration, one list element or 64 bytes of string handled.
const maxWork = 20_000_000

// spend charges units of work; past maxWork the rendering fails, and the
// Cancel context is checked every few thousand units.
func (ec *evalCtx) spend(units int, pos int) error {
	before := ec.work
	ec.work += units
	if ec.work > maxWork {
		return evalErrorf(pos, "Rendering is too expensive: it exceeded the work limit")
	}
	if before>>12 != ec.work>>12 {
		return ec.cancelled(pos)
	}
	return nil
}

// sizeCost is the work a value represents: its length for strings (per 64
// bytes) and collections (per element).
func sizeCost(v any) int {
	switch x := v.(type) {
	case string:
		return len(x) >> 6
	case []any:
		return len(x)
	case *Map:
		return x.Len()
	case map[string]any:
		return len(x)
	}
	return 0
}

func (ec *evalCtx) checkOutput(pos int) error {
	if len(ec.buf) > maxOutputLen || len(ec.pieces) > maxOutputLen/16 {
		return evalErrorf(pos, "Rendered output is too large")
	}
	return nil
}

func (n *textNode) exec(ec *evalCtx) error {
	ec.writeText(n.text)
	if len(ec.buf) > maxOutputLen {
		return evalErrorf(0, "Rendered output is too large")
	}
	return nil
}

func (n *printNode) exec(ec *evalCtx) error {
	v, err := n.x.eval(ec)
	if err != nil {
		return err
	}
	if err := ec.writeValue(v, n.pos); err != nil {
		return err
	}
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
	return ec.writeValue(v, 0)
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
		return evalErrorf(n.pos, "Not an iterable object. Value = [%s]", shortString(v))
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
		if err := ec.spend(1, n.pos); err != nil {
			return err
		}
		ec.scopes[top].vals[0] = normalize(item)
		ls.index = i
		if err := ec.execNodes(n.body); err != nil {
			return err
		}
	}
	return nil
}
