package expression

import (
	"math/big"
	"strconv"
	"strings"
)

// Template is a compiled template. It is immutable and safe for concurrent
// use; render it with an Engine.
type Template struct {
	src    string
	nodes  []node
	macros map[string]*macroDef
	// single is the expression when the template is exactly one {{ }}.
	single expr
}

// Source returns the template text.
func (t *Template) Source() string { return t.src }

// Parse checks the syntax of a template and compiles it. Unknown filters and
// tests are reported here, as Pebble does; unknown functions only when
// called. The returned error is an *Error carrying the line and column.
func Parse(src string) (t *Template, err error) {
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, &Error{Template: src, Line: 1, Column: 1, Syntax: true, Message: "Internal error while parsing the template"}
		}
	}()
	tpl, perr := parseTemplate(src, false)
	if perr != nil {
		return nil, toError(src, perr)
	}
	return tpl, nil
}

// parseKeepRaw compiles a template whose raw blocks are written out with
// their tags (what Kestra's renderOnce returns).
func parseKeepRaw(src string) (t *Template, err error) {
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, &Error{Template: src, Line: 1, Column: 1, Syntax: true, Message: "Internal error while parsing the template"}
		}
	}()
	tpl, perr := parseTemplate(src, true)
	if perr != nil {
		return nil, toError(src, perr)
	}
	return tpl, nil
}

func parseTemplate(src string, keepRaw bool) (*Template, error) {
	toks, err := lexTemplate(src, keepRaw)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	nodes, _, err := p.parseBody()
	if err != nil {
		return nil, err
	}
	t := &Template{src: src, nodes: nodes, macros: p.macros}
	if len(nodes) == 1 {
		if pn, ok := nodes[0].(*printNode); ok {
			t.single = pn.x
		}
	}
	return t, nil
}

type parser struct {
	src    string
	toks   []token
	i      int
	macros map[string]*macroDef
	depth  int // nesting of tag bodies
}

func (p *parser) peek() *token { return &p.toks[p.i] }

func (p *parser) peekAt(n int) *token {
	if p.i+n < len(p.toks) {
		return &p.toks[p.i+n]
	}
	return &p.toks[len(p.toks)-1]
}

func (p *parser) next() *token {
	t := &p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

func (p *parser) isPunct(v string) bool {
	t := p.peek()
	return t.typ == tokPunct && t.val == v
}

func (p *parser) isName(v string) bool {
	t := p.peek()
	return t.typ == tokName && t.val == v
}

func describe(t *token) string {
	switch t.typ {
	case tokEOF:
		return "end of template"
	case tokName, tokNumber, tokPunct:
		return strconv.Quote(t.val)
	case tokString:
		return "string"
	}
	return t.typ.String()
}

func (p *parser) unexpected(want string) error {
	t := p.peek()
	if want == "" {
		return syntaxErrorf(t.pos, "Unexpected token %s", describe(t))
	}
	return syntaxErrorf(t.pos, "Unexpected token %s, expected %s", describe(t), want)
}

func (p *parser) expectPunct(v string) error {
	if !p.isPunct(v) {
		return p.unexpected(strconv.Quote(v))
	}
	p.next()
	return nil
}

func (p *parser) expectType(tt tokType) (*token, error) {
	if p.peek().typ != tt {
		return nil, p.unexpected(tt.String())
	}
	return p.next(), nil
}

// parseBody parses nodes until EOF or one of the end tags. It returns the end
// tag met, leaving the parser just after its name.
func (p *parser) parseBody(endTags ...string) ([]node, string, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxExprDepth {
		return nil, "", syntaxErrorf(p.peek().pos, "Template is nested too deeply")
	}
	var nodes []node
	for {
		t := p.peek()
		switch t.typ {
		case tokEOF:
			if len(endTags) > 0 {
				return nil, "", syntaxErrorf(t.pos, "Unexpected end of template. Pebble was looking for the %q tag", endTags[len(endTags)-1])
			}
			return nodes, "", nil
		case tokText:
			p.next()
			nodes = append(nodes, &textNode{text: t.val})
		case tokPrintOpen:
			p.next()
			x, err := p.parseExpr(0)
			if err != nil {
				return nil, "", err
			}
			if _, err := p.expectType(tokPrintClose); err != nil {
				return nil, "", err
			}
			nodes = append(nodes, &printNode{x: x, pos: t.pos})
		case tokExecOpen:
			p.next()
			nameTok := p.peek()
			if nameTok.typ != tokName {
				return nil, "", p.unexpected("a tag name")
			}
			for _, e := range endTags {
				if nameTok.val == e {
					p.next()
					return nodes, e, nil
				}
			}
			p.next()
			n, err := p.parseTag(nameTok)
			if err != nil {
				return nil, "", err
			}
			if n != nil {
				nodes = append(nodes, n)
			}
		default:
			return nil, "", p.unexpected("")
		}
	}
}

func (p *parser) closeTag() error {
	_, err := p.expectType(tokExecClose)
	return err
}

func (p *parser) parseTag(name *token) (node, error) {
	switch name.val {
	case "if":
		return p.parseIf(name.pos)
	case "for":
		return p.parseFor(name.pos)
	case "set":
		id, err := p.expectType(tokName)
		if err != nil {
			return nil, err
		}
		if err := p.expectPunct("="); err != nil {
			return nil, err
		}
		x, err := p.parseExpr(0)
		if err != nil {
			return nil, err
		}
		return &setNode{name: id.val, x: x}, p.closeTag()
	case "filter":
		var chain []*filterExpr
		for {
			f, err := p.parseFilterCall(nil)
			if err != nil {
				return nil, err
			}
			chain = append(chain, f)
			if !p.isPunct("|") {
				break
			}
			p.next()
		}
		if err := p.closeTag(); err != nil {
			return nil, err
		}
		body, _, err := p.parseBody("endfilter")
		if err != nil {
			return nil, err
		}
		return &filterBlockNode{chain: chain, body: body}, p.closeTag()
	case "block":
		if _, err := p.expectType(tokName); err != nil {
			return nil, err
		}
		if err := p.closeTag(); err != nil {
			return nil, err
		}
		body, _, err := p.parseBody("endblock")
		if err != nil {
			return nil, err
		}
		if p.peek().typ == tokName {
			p.next()
		}
		return &blockNode{body: body}, p.closeTag()
	case "macro":
		return nil, p.parseMacro()
	}
	return nil, syntaxErrorf(name.pos, "Unexpected tag name %q", name.val)
}

func (p *parser) parseIf(pos int) (node, error) {
	n := &ifNode{pos: pos}
	for {
		cond, err := p.parseExpr(0)
		if err != nil {
			return nil, err
		}
		if err := p.closeTag(); err != nil {
			return nil, err
		}
		body, end, err := p.parseBody("elseif", "else", "endif")
		if err != nil {
			return nil, err
		}
		n.conds = append(n.conds, cond)
		n.bodies = append(n.bodies, body)
		switch end {
		case "elseif":
			continue
		case "else":
			if err := p.closeTag(); err != nil {
				return nil, err
			}
			els, _, err := p.parseBody("endif")
			if err != nil {
				return nil, err
			}
			n.els = els
		}
		return n, p.closeTag()
	}
}

func (p *parser) parseFor(pos int) (node, error) {
	id, err := p.expectType(tokName)
	if err != nil {
		return nil, err
	}
	if !p.isName("in") {
		return nil, p.unexpected(`"in"`)
	}
	p.next()
	iter, err := p.parseExpr(0)
	if err != nil {
		return nil, err
	}
	if err := p.closeTag(); err != nil {
		return nil, err
	}
	body, end, err := p.parseBody("else", "endfor")
	if err != nil {
		return nil, err
	}
	n := &forNode{name: id.val, names: []string{id.val, "loop"}, iter: iter, body: body, pos: pos}
	if end == "else" {
		if err := p.closeTag(); err != nil {
			return nil, err
		}
		if n.els, _, err = p.parseBody("endfor"); err != nil {
			return nil, err
		}
	}
	return n, p.closeTag()
}

func (p *parser) parseMacro() error {
	id, err := p.expectType(tokName)
	if err != nil {
		return err
	}
	m := &macroDef{name: id.val}
	if err := p.expectPunct("("); err != nil {
		return err
	}
	for !p.isPunct(")") {
		pt, err := p.expectType(tokName)
		if err != nil {
			return err
		}
		var def expr
		if p.isPunct("=") {
			p.next()
			if def, err = p.parseExpr(0); err != nil {
				return err
			}
		}
		m.params = append(m.params, pt.val)
		m.defaults = append(m.defaults, def)
		if p.isPunct(",") {
			p.next()
		} else if !p.isPunct(")") {
			return p.unexpected(`"," or ")"`)
		}
	}
	p.next()
	if err := p.closeTag(); err != nil {
		return err
	}
	body, _, err := p.parseBody("endmacro")
	if err != nil {
		return err
	}
	if p.peek().typ == tokName {
		p.next()
	}
	m.body = body
	if p.macros == nil {
		p.macros = make(map[string]*macroDef)
	}
	p.macros[m.name] = m
	return p.closeTag()
}

type binOp struct {
	prec int
	code opCode
}

var binaryOps = map[string]binOp{
	"or":       {10, opOr},
	"and":      {15, opAnd},
	"is":       {20, 0},
	"contains": {20, opContains},
	"isIn":     {20, opIsIn},
	"==":       {30, opEq},
	"equals":   {30, opEq},
	"!=":       {30, opNe},
	"<":        {30, opLt},
	"<=":       {30, opLe},
	">":        {30, opGt},
	">=":       {30, opGe},
	"+":        {40, opAdd},
	"-":        {40, opSub},
	"*":        {60, opMul},
	"/":        {60, opDiv},
	"%":        {60, opMod},
	"|":        {100, 0},
	"~":        {110, opConcat},
	"..":       {120, opRange},
	"??":       {120, opCoalesce},
	"???":      {120, opUndefinedCoalesce},
}

const maxExprDepth = 200

// parseExpr is precedence climbing in Pebble's way: binary operators at or
// above minPrec, then (at the top level only) the ternary operator.
func (p *parser) parseExpr(minPrec int) (expr, error) {
	return p.parseExprDepth(minPrec, 0)
}

func (p *parser) parseExprDepth(minPrec, depth int) (expr, error) {
	if depth > maxExprDepth {
		return nil, syntaxErrorf(p.peek().pos, "Expression is nested too deeply")
	}
	var left expr
	var err error
	t := p.peek()
	switch {
	case t.typ == tokName && t.val == "not":
		p.next()
		x, err := p.parseExprDepth(500, depth+1)
		if err != nil {
			return nil, err
		}
		left = &unaryExpr{op: "not", x: x, pos: t.pos}
	case t.typ == tokPunct && (t.val == "-" || t.val == "+"):
		p.next()
		x, err := p.parseExprDepth(500, depth+1)
		if err != nil {
			return nil, err
		}
		left = &unaryExpr{op: t.val, x: x, pos: t.pos}
	default:
		if left, err = p.parsePrimary(depth); err != nil {
			return nil, err
		}
		if left, err = p.parsePostfix(left, depth); err != nil {
			return nil, err
		}
	}
	for {
		t := p.peek()
		if t.typ != tokPunct && t.typ != tokName {
			break
		}
		op, ok := binaryOps[t.val]
		if !ok || op.prec < minPrec {
			break
		}
		p.next()
		switch t.val {
		case "|":
			if left, err = p.parseFilterCall(left); err != nil {
				return nil, err
			}
		case "is":
			neg := false
			if p.isName("not") {
				p.next()
				neg = true
			}
			if left, err = p.parseTestCall(left, neg); err != nil {
				return nil, err
			}
		default:
			right, err := p.parseExprDepth(op.prec+1, depth+1)
			if err != nil {
				return nil, err
			}
			left = &binExpr{op: op.code, l: left, r: right, pos: t.pos}
		}
	}
	if minPrec == 0 {
		for p.isPunct("?") {
			qpos := p.next().pos
			yes, err := p.parseExprDepth(0, depth+1)
			if err != nil {
				return nil, err
			}
			if err := p.expectPunct(":"); err != nil {
				return nil, err
			}
			no, err := p.parseExprDepth(0, depth+1)
			if err != nil {
				return nil, err
			}
			left = &ternaryExpr{cond: left, yes: yes, no: no, pos: qpos}
		}
	}
	return left, nil
}

func (p *parser) parsePrimary(depth int) (expr, error) {
	t := p.peek()
	switch t.typ {
	case tokNumber:
		p.next()
		return &literal{v: parseNumberLiteral(t.val)}, nil
	case tokString:
		p.next()
		if t.parts == nil {
			return &literal{v: t.val}, nil
		}
		return p.interpolation(t, depth)
	case tokName:
		p.next()
		switch t.val {
		case "true", "TRUE", "True":
			return &literal{v: true}, nil
		case "false", "FALSE", "False":
			return &literal{v: false}, nil
		case "null", "none", "NULL", "NONE", "None", "Null":
			return &literal{v: nil}, nil
		}
		if p.isPunct("(") {
			args, err := p.parseArgs(depth)
			if err != nil {
				return nil, err
			}
			return &callExpr{name: t.val, def: builtinFuncs[t.val], args: args, pos: t.pos}, nil
		}
		return &varExpr{name: t.val, pos: t.pos}, nil
	case tokPunct:
		switch t.val {
		case "(":
			p.next()
			x, err := p.parseExprDepth(0, depth+1)
			if err != nil {
				return nil, err
			}
			return x, p.expectPunct(")")
		case "[":
			p.next()
			l := &listExpr{}
			for !p.isPunct("]") {
				x, err := p.parseExprDepth(0, depth+1)
				if err != nil {
					return nil, err
				}
				l.items = append(l.items, x)
				if p.isPunct(",") {
					p.next()
				} else if !p.isPunct("]") {
					return nil, p.unexpected(`"," or "]"`)
				}
			}
			p.next()
			return l, nil
		case "{":
			p.next()
			m := &mapExpr{pos: t.pos}
			for !p.isPunct("}") {
				k, err := p.parseExprDepth(0, depth+1)
				if err != nil {
					return nil, err
				}
				if err := p.expectPunct(":"); err != nil {
					return nil, err
				}
				v, err := p.parseExprDepth(0, depth+1)
				if err != nil {
					return nil, err
				}
				m.keys = append(m.keys, k)
				m.vals = append(m.vals, v)
				if p.isPunct(",") {
					p.next()
				} else if !p.isPunct("}") {
					return nil, p.unexpected(`"," or "}"`)
				}
			}
			p.next()
			return m, nil
		}
	}
	return nil, p.unexpected("")
}

func parseNumberLiteral(s string) any {
	if strings.IndexByte(s, '.') >= 0 {
		f, _ := strconv.ParseFloat(s, 64)
		return f
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i
	}
	b, _ := new(big.Int).SetString(s, 10)
	return b
}

// interpolation turns "a#{x}b" into 'a' ~ (x) ~ 'b'.
func (p *parser) interpolation(t *token, depth int) (expr, error) {
	var out expr = &literal{v: ""}
	for _, part := range t.parts {
		var x expr
		if !part.expr {
			x = &literal{v: part.lit}
		} else {
			sub := &lexer{src: p.src}
			if _, _, err := sub.lexExpr(part.start, part.end, ""); err != nil {
				return nil, err
			}
			sub.toks = append(sub.toks, token{typ: tokEOF, pos: part.end})
			sp := &parser{src: p.src, toks: sub.toks, macros: p.macros}
			var err error
			if x, err = sp.parseExprDepth(0, depth+1); err != nil {
				return nil, err
			}
			if sp.peek().typ != tokEOF {
				return nil, sp.unexpected("")
			}
		}
		out = &binExpr{op: opConcat, l: out, r: x, pos: t.pos}
	}
	return out, nil
}

func (p *parser) parsePostfix(x expr, depth int) (expr, error) {
	for {
		t := p.peek()
		if t.typ != tokPunct {
			return x, nil
		}
		switch t.val {
		case ".":
			p.next()
			n := p.peek()
			if n.typ != tokName && n.typ != tokNumber {
				return nil, p.unexpected("an attribute name")
			}
			p.next()
			x = &attrExpr{obj: x, name: n.val, nameAny: n.val, pos: n.pos}
		case "[":
			p.next()
			k, err := p.parseExprDepth(0, depth+1)
			if err != nil {
				return nil, err
			}
			if err := p.expectPunct("]"); err != nil {
				return nil, err
			}
			x = &attrExpr{obj: x, key: k, pos: t.pos}
		default:
			return x, nil
		}
	}
}

func (p *parser) parseArgs(depth int) ([]argExpr, error) {
	if err := p.expectPunct("("); err != nil {
		return nil, err
	}
	var args []argExpr
	for !p.isPunct(")") {
		var a argExpr
		if t := p.peek(); t.typ == tokName {
			if n := p.peekAt(1); n.typ == tokPunct && n.val == "=" {
				a.name = t.val
				p.next()
				p.next()
			}
		}
		x, err := p.parseExprDepth(0, depth+1)
		if err != nil {
			return nil, err
		}
		a.x = x
		args = append(args, a)
		if p.isPunct(",") {
			p.next()
		} else if !p.isPunct(")") {
			return nil, p.unexpected(`"," or ")"`)
		}
	}
	p.next()
	return args, nil
}

func (p *parser) parseFilterCall(in expr) (*filterExpr, error) {
	t := p.peek()
	if t.typ != tokName {
		return nil, p.unexpected("a filter name")
	}
	p.next()
	def := builtinFilters[t.val]
	if def == nil {
		return nil, syntaxErrorf(t.pos, "Filter [%s] does not exist.", t.val)
	}
	f := &filterExpr{in: in, name: t.val, def: def, pos: t.pos}
	if p.isPunct("(") {
		args, err := p.parseArgs(0)
		if err != nil {
			return nil, err
		}
		f.args = args
	}
	return f, nil
}

func (p *parser) parseTestCall(in expr, neg bool) (*testExpr, error) {
	t := p.peek()
	if t.typ != tokName {
		return nil, p.unexpected("a test name")
	}
	p.next()
	def := builtinTests[t.val]
	if def == nil {
		return nil, syntaxErrorf(t.pos, "Test [%s] does not exist.", t.val)
	}
	x := &testExpr{in: in, name: t.val, def: def, neg: neg, pos: t.pos}
	if p.isPunct("(") {
		args, err := p.parseArgs(0)
		if err != nil {
			return nil, err
		}
		x.args = args
	}
	return x, nil
}
