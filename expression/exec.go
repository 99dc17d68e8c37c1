package expression

// Execution of statement nodes.

// maxOutputLen bounds the size of one rendering's output and of the strings
// it builds.
const maxOutputLen = 32 << 20

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
