package expression

// Statement nodes. Each executes into the evaluation context's output.
type node interface {
	exec(ec *evalCtx) error
}

// Expression nodes. Each yields one value.
type expr interface {
	eval(ec *evalCtx) (any, error)
}

type textNode struct{ text string }

type printNode struct {
	x   expr
	pos int
}

type ifNode struct {
	pos    int
	conds  []expr
	bodies [][]node
	els    []node
}

type forNode struct {
	name  string
	names []string // {name, "loop"}: the loop scope's first names
	iter  expr
	body  []node
	els   []node
	pos   int
}

type setNode struct {
	name string
	x    expr
}

// filterBlockNode is {% filter a | b %}…{% endfilter %}.
type filterBlockNode struct {
	chain []*filterExpr // input of the first is the rendered body
	body  []node
}

// blockNode is {% block name %}…{% endblock %}: rendered in place.
type blockNode struct{ body []node }

// macroDef is {% macro name(params) %}…{% endmacro %}, callable as name(…).
type macroDef struct {
	name     string
	params   []string
	defaults []expr // nil entry: no default
	body     []node
}

type literal struct{ v any }

type listExpr struct{ items []expr }

type mapExpr struct {
	keys []expr
	vals []expr
	pos  int
}

type varExpr struct {
	name string
	pos  int
}

// attrExpr is obj.name (key == nil) or obj[key].
type attrExpr struct {
	obj     expr
	name    string
	nameAny any // name boxed once at parse time
	key     expr
	pos     int
}

type unaryExpr struct {
	op  string // "not", "-", "+"
	x   expr
	pos int
}

type opCode uint8

const (
	opAdd opCode = iota
	opSub
	opMul
	opDiv
	opMod
	opConcat
	opEq
	opNe
	opLt
	opLe
	opGt
	opGe
	opAnd
	opOr
	opContains
	opIsIn
	opRange
	opCoalesce          // ??
	opUndefinedCoalesce // ???
)

type binExpr struct {
	op   opCode
	l, r expr
	pos  int
}

type ternaryExpr struct {
	cond, yes, no expr
	pos           int
}

type argExpr struct {
	name string // "" for a positional argument
	x    expr
}

type filterExpr struct {
	in   expr // nil inside a filter block chain
	name string
	def  *filterDef
	args []argExpr
	pos  int
}

type testExpr struct {
	in   expr
	name string
	def  *testDef
	args []argExpr
	neg  bool
	pos  int
}

type callExpr struct {
	name string
	def  *funcDef
	args []argExpr
	pos  int
}
