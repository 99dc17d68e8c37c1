package activities

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/plan"
	"github.com/kestra-temporal/kestra-temporal/translator"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// Property rendering. Errors name the property; they are task failures.

// raw returns a property as written; absent and null are "not set".
func (r *run) raw(name string) (any, bool) {
	if r.req.Task.Props == nil {
		return nil, false
	}
	v, ok := r.req.Task.Props.Get(name)
	if !ok || v == nil {
		return nil, false
	}
	return v, true
}

func propErr(name string, err error) error {
	return fail("%s: %s", name, asFailure(err).Error())
}

// renderAny renders a property of any shape: a string keeps the native
// value of a single expression, maps and lists are rendered value by value.
func (r *run) renderAny(name string, v any) (any, error) {
	var out any
	var err error
	switch x := v.(type) {
	case string:
		if !strings.Contains(x, "{") {
			return x, nil
		}
		out, err = engine.RenderTyped(x, r.context())
	case *plan.Map, []any:
		out, err = engine.RenderValue(workflows.ExpressionValue(x), r.context())
	default:
		return v, nil
	}
	if err != nil {
		return nil, propErr(name, err)
	}
	return out, nil
}

// anyProp renders a property of any shape; ok is false when it is not set.
func (r *run) anyProp(name string) (any, bool, error) {
	v, ok := r.raw(name)
	if !ok {
		return nil, false, nil
	}
	out, err := r.renderAny(name, v)
	return out, err == nil, err
}

// str renders a string property; def when not set. Non-string values are
// written as Kestra prints them.
func (r *run) str(name, def string) (string, error) {
	s, ok, err := r.strOpt(name)
	if err != nil || !ok {
		return def, err
	}
	return s, nil
}

func (r *run) strOpt(name string) (string, bool, error) {
	v, ok := r.raw(name)
	if !ok {
		return "", false, nil
	}
	s, isStr := v.(string)
	if !isStr {
		return stringOf(workflows.ExpressionValue(v)), true, nil
	}
	if !strings.Contains(s, "{") {
		return s, true, nil
	}
	out, err := engine.Render(s, r.context())
	if err != nil {
		return "", false, propErr(name, err)
	}
	return out, true, nil
}

// boolProp renders a boolean property.
func (r *run) boolProp(name string, def bool) (bool, error) {
	v, ok, err := r.anyProp(name)
	if err != nil || !ok {
		return def, err
	}
	b, ok := asBool(v)
	if !ok {
		return false, fail("%s: expected a boolean, got %s", name, stringOf(v))
	}
	return b, nil
}

func asBool(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true":
			return true, true
		case "false", "":
			return false, true
		}
	}
	return false, false
}

// intProp renders an integer property.
func (r *run) intProp(name string) (int64, bool, error) {
	v, ok, err := r.anyProp(name)
	if err != nil || !ok {
		return 0, false, err
	}
	if n, ok := asInt(v); ok {
		return n, true, nil
	}
	return 0, false, fail("%s: expected an integer, got %s", name, stringOf(v))
}

// asInt reads an integer written as a number or a string.
func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		return int64(x), x == math.Trunc(x)
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// durationProp renders an ISO-8601 duration property.
func (r *run) durationProp(name string) (time.Duration, bool, error) {
	s, ok, err := r.strOpt(name)
	if err != nil || !ok || strings.TrimSpace(s) == "" {
		return 0, false, err
	}
	d, err := translator.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, false, fail("%s: %v", name, err)
	}
	return d, true, nil
}

// listProp renders a list of strings: a YAML list (each item rendered) or
// one expression giving a list or a JSON array.
func (r *run) listProp(name string) ([]string, bool, error) {
	v, ok, err := r.anyProp(name)
	if err != nil || !ok {
		return nil, false, err
	}
	if s, isStr := v.(string); isStr {
		t := strings.TrimSpace(s)
		if !strings.HasPrefix(t, "[") {
			return []string{s}, true, nil
		}
		parsed, err := expression.DecodeJSON([]byte(t))
		if err != nil {
			return nil, false, fail("%s: expected a list of strings: %v", name, err)
		}
		v = parsed
	}
	list, isList := v.([]any)
	if !isList {
		return nil, false, fail("%s: expected a list of strings, got %s", name, stringOf(v))
	}
	out := make([]string, len(list))
	for i, item := range list {
		out[i] = stringOf(item)
	}
	return out, true, nil
}

// entry is one key of a rendered map property, in source order.
type entry struct {
	Key   string
	Value any
}

// mapProp renders a map property: a YAML map (keys and values rendered) or
// one expression giving a map or a JSON object.
func (r *run) mapProp(name string) ([]entry, bool, error) {
	v, ok, err := r.anyProp(name)
	if err != nil || !ok {
		return nil, false, err
	}
	if s, isStr := v.(string); isStr {
		if strings.TrimSpace(s) == "" {
			return nil, false, nil
		}
		parsed, err := expression.DecodeJSON([]byte(s))
		if err != nil {
			return nil, false, fail("%s: expected a map: %v", name, err)
		}
		v = parsed
	}
	var out []entry
	switch m := v.(type) {
	case *expression.Map:
		m.Range(func(k string, val any) bool {
			out = append(out, entry{k, val})
			return true
		})
	case map[string]any:
		for k, val := range m {
			out = append(out, entry{k, val})
		}
	default:
		return nil, false, fail("%s: expected a map, got %s", name, stringOf(v))
	}
	return out, true, nil
}

// stringMapProp renders a map whose values are written as strings.
func (r *run) stringMapProp(name string) ([]entry, error) {
	m, _, err := r.mapProp(name)
	for i := range m {
		m[i].Value = stringOf(m[i].Value)
	}
	return m, err
}

// stringOf writes a value as Kestra prints it in a string: strings as they
// are, maps and lists as JSON, null as "".
func stringOf(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case *big.Int:
		return x.String()
	case json.Number:
		return x.String()
	}
	return expression.ToJSON(v)
}

// toOutput converts engine values to plain JSON-friendly values for task
// outputs.
func toOutput(v any) any {
	switch x := v.(type) {
	case *expression.Map:
		m := make(map[string]any, x.Len())
		x.Range(func(k string, val any) bool {
			m[k] = toOutput(val)
			return true
		})
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = toOutput(e)
		}
		return out
	case *big.Int:
		return json.Number(x.String())
	}
	return v
}
