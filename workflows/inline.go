package workflows

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.temporal.io/sdk/workflow"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/translator"
)

// inlineTask runs one attempt of a task in workflow code and returns its
// outputs. Inline tasks are cheap and deterministic: they cost no task-queue
// round trip.
type inlineTask func(r *runner, ctx workflow.Context, s scope) (map[string]any, error)

// inlineTasks are the catalog's Inline types, by canonical name.
var inlineTasks = map[string]inlineTask{
	"io.kestra.plugin.core.log.Log":             runLog,
	"io.kestra.plugin.core.debug.Return":        runReturn,
	"io.kestra.plugin.core.debug.Echo":          runEcho,
	"io.kestra.plugin.core.output.OutputValues": runOutputValues,
	"io.kestra.plugin.core.execution.Fail":      runFail,
	"io.kestra.plugin.core.execution.Labels":    runLabels,
	"io.kestra.plugin.core.flow.Sleep":          runSleep,
	SubflowType:                                 runSubflow,
}

func level(s string) kestra.Level {
	if l, err := kestra.ParseLevel(s); err == nil {
		return l
	}
	return kestra.LevelInfo
}

// runLog logs each message (one string or a list) at the task's level.
func runLog(r *runner, ctx workflow.Context, s scope) (map[string]any, error) {
	lvl, err := r.stringProp(ctx, s, "level", "INFO")
	if err != nil {
		return nil, err
	}
	raw, _ := prop(s.task, "message")
	var messages []string
	switch m := raw.(type) {
	case string:
		messages = []string{m}
	case []any:
		for _, x := range m {
			messages = append(messages, fmt.Sprint(x))
		}
	}
	for _, m := range messages {
		out, err := r.renderString(ctx, s, m)
		if err != nil {
			return nil, fmt.Errorf("message: %w", err)
		}
		r.log(ctx, s.taskRun, level(lvl), out)
	}
	return nil, nil
}

// runReturn renders format into the output value.
func runReturn(r *runner, ctx workflow.Context, s scope) (map[string]any, error) {
	out, err := r.stringProp(ctx, s, "format", "")
	if err != nil {
		return nil, err
	}
	return map[string]any{"value": out}, nil
}

// runEcho logs its rendered format (deprecated Echo task).
func runEcho(r *runner, ctx workflow.Context, s scope) (map[string]any, error) {
	out, err := r.stringProp(ctx, s, "format", "")
	if err != nil {
		return nil, err
	}
	lvl, err := r.stringProp(ctx, s, "level", "INFO")
	if err != nil {
		return nil, err
	}
	r.log(ctx, s.taskRun, level(lvl), out)
	return nil, nil
}

// runOutputValues renders each value of its map.
func runOutputValues(r *runner, ctx workflow.Context, s scope) (map[string]any, error) {
	raw, ok := prop(s.task, "values")
	if !ok || raw == nil {
		return map[string]any{"values": map[string]any{}}, nil
	}
	v, err := r.renderTyped(ctx, s, raw)
	if err != nil {
		return nil, fmt.Errorf("values: %w", err)
	}
	return map[string]any{"values": v}, nil
}

// runFail fails the task, when its condition (if any) is true.
func runFail(r *runner, ctx workflow.Context, s scope) (map[string]any, error) {
	if cond, ok := prop(s.task, "condition"); ok && cond != nil {
		v, err := r.renderTyped(ctx, s, cond)
		if err != nil {
			return nil, fmt.Errorf("condition: %w", err)
		}
		if !truthy(v) {
			return nil, nil
		}
	}
	msg, err := r.stringProp(ctx, s, "errorMessage", "Task failure")
	if err != nil {
		return nil, err
	}
	return nil, errors.New(msg)
}

// runLabels merges labels into the execution's. Values are stringified;
// system labels are refused.
func runLabels(r *runner, ctx workflow.Context, s scope) (map[string]any, error) {
	raw, _ := prop(s.task, "labels")
	v, err := r.renderTyped(ctx, s, raw)
	if err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	if str, ok := v.(string); ok { // a JSON object given as a string
		if v, err = expression.DecodeJSON([]byte(str)); err != nil {
			return nil, fmt.Errorf("labels: not a JSON object: %w", err)
		}
	}
	var labels []kestra.Label
	add := func(k string, val any) {
		labels = append(labels, kestra.Label{Key: k, Value: stringify(val)})
	}
	switch x := v.(type) {
	case map[string]any: // a JSON input, as decoded from the workflow's input
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			add(k, x[k])
		}
	case *expression.Map:
		for _, k := range x.Keys() {
			val, _ := x.Get(k)
			add(k, val)
		}
	case []any:
		for _, item := range x {
			m, ok := item.(*expression.Map)
			if !ok {
				return nil, errors.New("labels: each item must be {key, value}")
			}
			k, _ := m.Get("key")
			val, _ := m.Get("value")
			add(stringify(k), val)
		}
	default:
		return nil, errors.New("labels: must be a map, a list of {key, value} or a JSON object")
	}
	for _, l := range labels {
		if strings.HasPrefix(l.Key, "system.") {
			return nil, fmt.Errorf("labels: system labels cannot be set: %s", l.Key)
		}
	}
	for _, l := range labels {
		r.setLabel(l)
	}
	return nil, nil
}

// setLabel adds a label or replaces the value of an existing key.
func (r *runner) setLabel(l kestra.Label) {
	for i := range r.exec.Labels {
		if r.exec.Labels[i].Key == l.Key {
			r.exec.Labels[i].Value = l.Value
			r.changes++
			return
		}
	}
	r.exec.Labels = append(r.exec.Labels, l)
	r.changes++
}

func stringify(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	out, err := engine.Render("{{ v }}", expression.Context{Vars: map[string]any{"v": v}})
	if err != nil {
		return fmt.Sprint(v)
	}
	return out
}

// runSleep waits on a durable timer.
func runSleep(r *runner, ctx workflow.Context, s scope) (map[string]any, error) {
	ds, err := r.stringProp(ctx, s, "duration", "")
	if err != nil {
		return nil, err
	}
	d, err := translator.ParseDuration(ds)
	if err != nil {
		return nil, fmt.Errorf("duration: %w", err)
	}
	if err := workflow.Sleep(ctx, d); err != nil {
		return nil, err
	}
	return nil, nil
}
