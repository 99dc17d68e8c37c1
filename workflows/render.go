package workflows

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// engine renders templates in workflow code. Its cache only speeds up
// compilation; results do not depend on it, so replays render the same.
var engine = expression.NewEngine(0)

// workflowFunctions provides the expression functions to templates
// rendered in workflow code: the clock is the workflow's clock, randomness
// is recorded as a side effect, and functions needing I/O (secret, kv,
// read, errorLogs…) run as a local activity whose result is recorded.
type workflowFunctions struct {
	ctx workflow.Context
	r   *runner
}

func (f workflowFunctions) Now() (time.Time, error) { return workflow.Now(f.ctx), nil }

func (f workflowFunctions) RandomBytes(n int) ([]byte, error) {
	var out []byte
	err := workflow.SideEffect(f.ctx, func(workflow.Context) any {
		b := make([]byte, n)
		_, _ = rand.Read(b)
		return b
	}).Get(&out)
	return out, err
}

// scope is what a template of a task run can see.
type scope struct {
	task    *plan.Task
	taskRun *kestra.TaskRun
	frame   frame
}

func (r *runner) context(ctx workflow.Context, s scope) expression.Context {
	return expression.Context{Vars: r.vars(ctx, s.task, s.taskRun, s.frame), Functions: workflowFunctions{ctx: ctx, r: r}}
}

// renderString renders a string property.
func (r *runner) renderString(ctx workflow.Context, s scope, tmpl string) (string, error) {
	if !strings.Contains(tmpl, "{") {
		return tmpl, nil
	}
	return engine.Render(tmpl, r.context(ctx, s))
}

// renderTyped renders a property keeping the native type of a single
// expression.
func (r *runner) renderTyped(ctx workflow.Context, s scope, v any) (any, error) {
	switch x := v.(type) {
	case string:
		if !strings.Contains(x, "{") {
			return x, nil
		}
		return engine.RenderTyped(x, r.context(ctx, s))
	case *plan.Map, []any:
		return engine.RenderValue(ExpressionValue(v), r.context(ctx, s))
	}
	return v, nil
}

// prop returns a task property as written.
func prop(t *plan.Task, name string) (any, bool) {
	if t.Props == nil {
		return nil, false
	}
	return t.Props.Get(name)
}

// stringProp renders a string property; absent gives def.
func (r *runner) stringProp(ctx workflow.Context, s scope, name, def string) (string, error) {
	v, ok := prop(s.task, name)
	if !ok || v == nil {
		return def, nil
	}
	str, ok := v.(string)
	if !ok {
		str = fmt.Sprint(v)
	}
	out, err := r.renderString(ctx, s, str)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// truthy applies Kestra's TruthUtils to a rendered value: false, "false",
// "0", "", null and "null" are false; everything else is true.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		s := strings.TrimSpace(strings.ToLower(x))
		return s != "" && s != "false" && s != "0" && s != "null"
	case int64:
		return x != 0
	case float64:
		return x != 0
	case json.Number:
		f, err := x.Float64()
		return err != nil || f != 0
	}
	return true
}

// javaString writes a value as Java's toString does for Kestra's messages:
// [a, b] for lists, {k=v} for maps, null for nil.
func javaString(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = javaString(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *expression.Map:
		parts := make([]string, 0, x.Len())
		for _, k := range x.Keys() {
			e, _ := x.Get(k)
			parts = append(parts, k+"="+javaString(e))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return stringify(v)
}
