package expression

// Filter, test, function and macro calls.

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
	cost := 1 + sizeCost(in)
	for _, a := range args {
		cost += sizeCost(a)
	}
	if err := ec.spend(cost, x.pos); err != nil {
		ec.popArgs(mark)
		return nil, err
	}
	v, err := x.def.fn(ec, in, args)
	ec.popArgs(mark)
	if err == nil {
		err = ec.spend(sizeCost(v), x.pos)
	}
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
	cost := 1
	for _, a := range args {
		cost += sizeCost(a)
	}
	if err := ec.spend(cost, x.pos); err != nil {
		ec.popArgs(mark)
		return nil, err
	}
	v, err := x.def.fn(ec, args)
	ec.popArgs(mark)
	if err == nil {
		err = ec.spend(sizeCost(v), x.pos)
	}
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
