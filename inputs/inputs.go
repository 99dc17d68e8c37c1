package inputs

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// File is an uploaded file for a FILE input.
type File struct {
	// Filename is the name the client gave the part (by Kestra's
	// convention, the input id).
	Filename string
	Size     int64
	// Open returns the file's content; Parse closes it.
	Open func() (io.ReadCloser, error)
}

// StoreFunc stores the content of a FILE input under the given file name
// and returns its kestra:// URI.
type StoreFunc func(inputID, filename string, r io.Reader) (uri string, err error)

// Options tune Parse.
type Options struct {
	// StoreFile stores uploaded files. Without it a FILE input can only
	// be given as a kestra:// URI.
	StoreFile StoreFunc
	// Vars are the variables templates see besides "inputs": flow, vars…
	Vars map[string]any
	// Functions backs now(), secret()… in templates; nil leaves them
	// unavailable.
	Functions expression.Functions
	// EncryptSecret, when set, encrypts the value of SECRET inputs (Kestra
	// stores them encrypted with kestra.encryption.secret-key and decrypts
	// them when rendering). Without it SECRET values are kept as given.
	EncryptSecret func(plaintext string) (string, error)
}

// Violation is one invalid input.
type Violation struct {
	Input   string `json:"path"`
	Message string `json:"message"`
}

// Error lists every invalid input of a request. It unwraps to a
// *kestra.Error with code EINVALID.
type Error struct {
	Violations []Violation
}

// Error returns the violations as Java's ConstraintViolationException
// does: "id: message, id: message".
func (e *Error) Error() string {
	parts := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		parts[i] = v.Input + ": " + v.Message
	}
	return strings.Join(parts, ", ")
}

// Unwrap exposes the error as an EINVALID *kestra.Error.
func (e *Error) Unwrap() error {
	return &kestra.Error{Code: kestra.EINVALID, Message: e.Error()}
}

// invalid is the reason an input value is rejected; Parse wraps it into
// Kestra's "Invalid input for `x`, <reason>, but received `<value>`".
type invalid struct{ reason string }

func (e *invalid) Error() string { return e.reason }

func invalidf(format string, args ...any) error {
	return &invalid{reason: fmt.Sprintf(format, args...)}
}

// state is one input being resolved.
type state struct {
	decl     *plan.Input
	raw      any // string from the form, native from a default, nil if missing
	file     *File
	fromDef  bool
	value    any
	err      error
	disabled bool
	done     bool
}

// Parse reads the typed inputs of decls from raw form values and uploaded
// files (keyed by input id). Values for undeclared ids are ignored. A missing
// optional input is present with a nil value; an input disabled by its
// dependsOn condition is absent. The error is an *Error listing every
// invalid input, or a storage error from opts.StoreFile.
func Parse(decls []*plan.Input, raw map[string][]string, files map[string]File, opts Options) (map[string]any, error) {
	p, err := resolveAll(decls, raw, files, opts)
	if err != nil {
		return nil, err
	}
	var verr Error
	out := map[string]any{}
	for _, s := range p.order {
		if s.disabled {
			continue
		}
		if s.err != nil {
			verr.Violations = append(verr.Violations, Violation{Input: s.decl.ID, Message: s.err.Error()})
			continue
		}
		setNested(out, s.decl.ID, s.value)
	}
	if len(verr.Violations) > 0 {
		return nil, &verr
	}
	return out, nil
}

// Result is the outcome for one input, as Kestra's validate endpoints
// report it.
type Result struct {
	Input   *plan.Input
	Value   any // typed value, or the raw value when invalid
	Enabled bool
	Errors  []string
}

// Validate resolves every input like Parse and reports each one, valid or
// not, in declaration order. The error is only a storage error.
func Validate(decls []*plan.Input, raw map[string][]string, files map[string]File, opts Options) ([]Result, error) {
	p, err := resolveAll(decls, raw, files, opts)
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(p.order))
	for _, s := range p.order {
		r := Result{Input: s.decl, Value: s.value, Enabled: !s.disabled}
		if s.err != nil {
			r.Value = s.raw
			r.Errors = []string{s.err.Error()}
		}
		out = append(out, r)
	}
	return out, nil
}

// resolveAll resolves every input; errors other than invalid values are
// returned, invalid values are left in each state's err as a Kestra
// message.
func resolveAll(decls []*plan.Input, raw map[string][]string, files map[string]File, opts Options) (*parser, error) {
	p := &parser{opts: opts, byID: map[string]*state{}}
	for _, d := range decls {
		if d == nil || d.ID == "" {
			continue
		}
		s := &state{decl: d}
		if f, ok := files[d.ID]; ok && d.Type == "FILE" {
			s.file = &f
		} else if vals, ok := raw[d.ID]; ok && len(vals) > 0 {
			s.raw = joinValues(d, vals)
			if str, _ := s.raw.(string); str == "" && d.Type != "STRING" && d.Type != "SECRET" {
				s.raw = nil // an empty form field of a typed input is a missing value
			}
		}
		if s.raw == nil && s.file == nil && d.Defaults != nil {
			s.raw, s.fromDef = d.Defaults, true
		}
		if _, dup := p.byID[d.ID]; dup {
			continue
		}
		p.byID[d.ID] = s
		p.order = append(p.order, s)
	}
	for _, s := range p.order {
		p.resolve(s, 0)
	}
	for _, s := range p.order {
		if s.err == nil || s.disabled {
			continue
		}
		var inv *invalid
		if !errors.As(s.err, &inv) {
			return nil, s.err
		}
		s.err = errors.New(message(s, inv.reason))
	}
	return p, nil
}

// joinValues turns repeated form fields into one value: a JSON list for
// list types, the first value otherwise.
func joinValues(d *plan.Input, vals []string) any {
	if len(vals) > 1 && (d.Type == "MULTISELECT" || d.Type == "ARRAY") {
		items := make([]any, len(vals))
		for i, v := range vals {
			items[i] = v
		}
		return items
	}
	return vals[0]
}

func message(s *state, reason string) string {
	received := javaString(s.raw)
	if s.decl.Type == "SECRET" && s.raw != nil {
		received = "********" // never echo a secret
	}
	return "Invalid input for `" + s.decl.ID + "`, " + reason + ", but received `" + received + "`"
}

type parser struct {
	opts  Options
	byID  map[string]*state
	order []*state
}

const maxDepth = 64

// resolve computes s: its dependencies first, then its condition, its
// rendered default and its typed value.
func (p *parser) resolve(s *state, depth int) {
	if s.done {
		return
	}
	if depth > maxDepth {
		s.done, s.err = true, invalidf("too many nested dependencies")
		return
	}
	s.done = true // breaks dependency cycles
	d := s.decl
	if d.DependsOn != nil {
		for _, id := range d.DependsOn.Inputs {
			dep, ok := p.byID[id]
			if !ok || dep == s {
				continue
			}
			p.resolve(dep, depth+1)
			if dep.disabled || dep.err != nil {
				s.disabled = true
				return
			}
		}
		if c := strings.TrimSpace(d.DependsOn.Condition); c != "" {
			v, err := expression.RenderTyped(c, p.context())
			if err != nil {
				s.err = invalidf("Invalid condition: %s", renderMessage(err))
				return
			}
			if b, _ := v.(bool); !b {
				s.disabled = true
				return
			}
		}
	}
	if s.fromDef {
		v, err := p.renderDefault(s, depth)
		if err != nil {
			s.err = err
			return
		}
		s.raw = v
	}
	decl, err := p.renderDecl(d)
	if err != nil {
		s.err = err
		return
	}
	if s.raw == nil && s.file == nil {
		if d.Required {
			s.err = invalidf("missing required input")
		}
		return
	}
	s.value, s.err = p.typed(decl, s)
}

// renderDefault renders a templated default against the inputs known so
// far (resolving those it mentions first).
func (p *parser) renderDefault(s *state, depth int) (any, error) {
	str, ok := s.raw.(string)
	if !ok || !strings.Contains(str, "{") {
		return toEngine(s.raw), nil
	}
	for _, o := range p.order {
		if o != s && !o.done && mentions(str, o.decl.ID) {
			p.resolve(o, depth+1)
		}
	}
	var v any
	var err error
	if s.decl.Type == "STRING" || s.decl.Type == "SECRET" || s.decl.Type == "EMAIL" {
		v, err = expression.Render(str, p.context())
	} else {
		v, err = expression.RenderTyped(str, p.context())
	}
	if err != nil {
		return nil, invalidf("Unable to render the default value: %s", renderMessage(err))
	}
	return v, nil
}

func mentions(template, id string) bool {
	first, _, _ := strings.Cut(id, ".")
	return strings.Contains(template, first)
}

// renderDecl renders a SELECT/MULTISELECT expression into its values.
func (p *parser) renderDecl(d *plan.Input) (*plan.Input, error) {
	if d.Expression == "" || (d.Type != "SELECT" && d.Type != "MULTISELECT") {
		return d, nil
	}
	v, err := expression.RenderTyped(d.Expression, p.context())
	if err != nil {
		return nil, invalidf("Cannot render 'expression'. Cause: %s", renderMessage(err))
	}
	list, ok := v.([]any)
	if !ok {
		return nil, invalidf("Invalid expression result. Expected a list of strings, but received %s", javaType(v))
	}
	c := *d
	c.Values = nil
	for _, item := range list {
		if item != nil {
			c.Values = append(c.Values, javaString(item))
		}
	}
	return &c, nil
}

// context is the template context: the caller's variables and the inputs
// resolved so far.
func (p *parser) context() expression.Context {
	vars := map[string]any{}
	for k, v := range p.opts.Vars {
		vars[k] = v
	}
	in := map[string]any{}
	for _, s := range p.order {
		if s.done && s.err == nil && !s.disabled {
			setNested(in, s.decl.ID, s.value)
		}
	}
	vars["inputs"] = in
	return expression.Context{Vars: vars, Functions: p.opts.Functions}
}

func renderMessage(err error) string {
	var e *expression.Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return err.Error()
}

// setNested stores v under a dotted id as nested maps.
func setNested(m map[string]any, id string, v any) {
	parts := strings.Split(id, ".")
	for _, k := range parts[:len(parts)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	last := parts[len(parts)-1]
	if _, isMap := m[last].(map[string]any); isMap && v == nil {
		return
	}
	m[last] = v
}

// EngineValue converts plan values (defaults and variables written in YAML)
// to the template engine's value set: *plan.Map becomes *expression.Map.
func EngineValue(v any) any { return toEngine(v) }

func toEngine(v any) any {
	switch v := v.(type) {
	case *plan.Map:
		m := expression.NewMap(v.Len())
		for _, k := range v.Keys() {
			x, _ := v.Get(k)
			m.Set(k, toEngine(x))
		}
		return m
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = toEngine(x)
		}
		return out
	case map[string]any:
		m := expression.NewMap(len(v))
		for k, x := range v {
			m.Set(k, toEngine(x))
		}
		return m
	}
	return v
}
