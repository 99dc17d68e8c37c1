package translator

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestra-temporal/kestra-temporal/catalog"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// commonTaskProps are the properties every task has (Kestra's Task class).
var commonTaskProps = map[string]bool{
	"id": true, "type": true, "description": true, "retry": true, "timeout": true, "disabled": true,
	"allowFailure": true, "allowWarning": true, "runIf": true, "logLevel": true, "logToFile": true,
}

// unsupportedTaskProps are Kestra task properties this engine cannot honour.
var unsupportedTaskProps = map[string]string{
	"workerGroup": "worker groups are a Kestra Enterprise Edition feature",
	"taskCache":   "task caching is not supported",
	"assets":      "assets are a Kestra Enterprise Edition feature",
}

// tasks checks a list of tasks.
func (c *checker) tasks(n *yaml.Node, path string) []*plan.Task {
	if isNull(n) {
		return nil
	}
	items, ok := c.sequence(n, path, "a list of tasks")
	if !ok {
		return nil
	}
	out := make([]*plan.Task, 0, len(items))
	for i, item := range items {
		if t := c.task(item, index(path, i)); t != nil {
			out = append(out, t)
		}
	}
	return out
}

// lookupType resolves a type name for a category, reporting unknown,
// unsupported and misplaced types, and noting legacy aliases.
func (c *checker) lookupType(n *yaml.Node, path string, want catalog.Category) *catalog.Type {
	name, ok := c.scalar(n, path, "a type name")
	if !ok {
		return nil
	}
	if reason, ok := catalog.Unsupported[name]; ok {
		c.errorf(n, path, "Invalid type: %s: %s", name, reason)
		return nil
	}
	typ, ok := catalog.Lookup(name)
	if !ok {
		var names []string
		for _, t := range catalog.Types() {
			if t.Category == want {
				names = append(names, t.Name)
			}
		}
		if s := suggest(name, names); s != "" {
			c.errorf(n, path, "Invalid type: %s (did you mean %s?)", name, s)
		} else {
			c.errorf(n, path, "Invalid type: %s", name)
		}
		return nil
	}
	if typ.Category != want {
		c.errorf(n, path, "Invalid type: %s is a %s, not a %s", name, typ.Category, want)
		return nil
	}
	if typ.Name != name {
		c.infos = append(c.infos, fmt.Sprintf("%s is replaced by %s", name, typ.Name))
	}
	if typ.Deprecated != "" {
		c.deprecated(n, path, typ.Name+" is deprecated: "+typ.Deprecated)
	}
	if typ.Pending != "" {
		c.warnf(n, path, "%s is not supported yet (%s): the task will fail when it runs", typ.Name, typ.Pending)
	}
	return typ
}

// task checks one task and everything below it.
func (c *checker) task(n *yaml.Node, path string) *plan.Task {
	fields, ok := c.mapping(n, path, "a task")
	if !ok {
		return nil
	}
	t := &plan.Task{}
	var typ *catalog.Type
	written := ""
	if tf, ok := find(fields, "type"); ok {
		written = resolve(tf.value).Value
		typ = c.lookupType(tf.value, join(path, "type"), catalog.TaskCategory)
	} else {
		c.errorf(n, join(path, "type"), "must not be null")
	}
	if typ != nil {
		t.Type = typ.Name
		fields = c.applyDefaults(fields, written, typ, commonTaskProps)
	}
	seen := map[string]bool{}
	for _, fl := range fields {
		seen[fl.key] = true
		p := join(path, fl.key)
		switch fl.key {
		case "id":
			t.ID = c.identifier(fl.value, p, taskIDPattern, 256)
			if t.ID != "" {
				c.useTaskID(t.ID, fl.value, p)
			}
		case "type":
		case "description":
			t.Description, _ = c.scalar(fl.value, p, "a string")
		case "retry":
			t.Retry = c.retry(fl.value, p)
		case "timeout":
			t.Timeout = c.durationValue(fl.value, p, true)
		case "disabled":
			t.Disabled, _ = c.boolean(fl.value, p)
		case "allowFailure":
			t.AllowFailure, _ = c.boolean(fl.value, p)
		case "allowWarning":
			t.AllowWarning, _ = c.boolean(fl.value, p)
		case "logToFile":
			t.LogToFile, _ = c.boolean(fl.value, p)
		case "runIf":
			t.RunIf, _ = c.templateString(fl.value, p, true)
		case "logLevel":
			t.LogLevel = c.enum(fl.value, p, "TRACE", "DEBUG", "INFO", "WARN", "ERROR")
		default:
			if reason, ok := unsupportedTaskProps[fl.key]; ok {
				c.errorf(fl.keyN, p, "Unrecognized field %q: %s", fl.key, reason)
				continue
			}
			if typ == nil {
				continue // the type is already reported; its properties are unknown
			}
			prop, ok := typ.Prop(fl.key)
			if !ok {
				if meant := c.unknown(fl, p, taskPropNames(typ)...); meant != "" {
					seen[meant] = true // reported once, as a misspelling
				}
				continue
			}
			c.taskProperty(t, prop, fl, p)
		}
	}
	if !seen["id"] {
		c.errorf(n, join(path, "id"), "must not be null")
	}
	if typ != nil {
		c.checkRequired(n, path, typ.Props, seen)
		c.checkTaskShape(n, path, t)
	}
	return t
}

func find(fields []field, key string) (field, bool) {
	for _, f := range fields {
		if f.key == key {
			return f, true
		}
	}
	return field{}, false
}

func (c *checker) useTaskID(id string, n *yaml.Node, path string) {
	if c.taskIDs == nil {
		c.taskIDs = map[string][]idUse{}
	}
	if _, ok := c.taskIDs[id]; !ok {
		c.taskIDOrder = append(c.taskIDOrder, id)
	}
	c.taskIDs[id] = append(c.taskIDs[id], idUse{node: n, path: path})
}

// checkRequired reports required properties that are absent or null.
func (c *checker) checkRequired(n *yaml.Node, path string, props []catalog.Prop, seen map[string]bool) {
	for _, p := range props {
		if p.Required && !seen[p.Name] {
			c.errorf(n, join(path, p.Name), "must not be null")
		}
	}
}

// taskProperty checks one type-specific property and stores it in the task.
func (c *checker) taskProperty(t *plan.Task, prop *catalog.Prop, fl field, path string) {
	if prop.Deprecated != "" {
		c.deprecated(fl.keyN, path, fl.key+" is deprecated: "+prop.Deprecated)
	}
	if prop.Ignored != "" {
		c.warnf(fl.keyN, path, "%s has no effect: %s", fl.key, prop.Ignored)
	}
	if isNull(fl.value) {
		if prop.Required {
			c.errorf(fl.value, path, "must not be null")
		}
		return
	}
	switch prop.Kind {
	case catalog.Tasks:
		list := c.tasks(fl.value, path)
		if prop.Required && len(list) == 0 && resolve(fl.value).Kind == yaml.SequenceNode {
			c.errorf(fl.value, path, "must not be empty")
		}
		switch prop.Name {
		case "tasks":
			t.Tasks = list
		case "then":
			t.Then = list
		case "else":
			t.Else = list
		case "defaults":
			t.Defaults = list
		case "errors":
			t.Errors = list
		case "finally":
			t.Finally = list
		default:
			panic("translator: no block field for " + prop.Name)
		}
	case catalog.TaskCases:
		t.Cases = c.cases(fl.value, path)
	case catalog.DagTasks:
		t.Dag = c.dag(fl.value, path)
	case catalog.SingleTask:
		t.OnPause = c.task(fl.value, path)
	case catalog.Inputs:
		t.OnResume = c.inputs(fl.value, path)
	case catalog.Runner:
		t.Runner = c.runner(fl.value, path)
	default:
		if v, ok := c.propValue(prop, fl.value, path); ok {
			if t.Props == nil {
				t.Props = plan.NewMap()
			}
			t.Props.Set(fl.key, v)
		}
	}
}

// cases checks Switch cases: a map of value to task list, in source order.
func (c *checker) cases(n *yaml.Node, path string) []plan.Case {
	fields, ok := c.mapping(n, path, "a map of case value to tasks")
	if !ok {
		return nil
	}
	if len(fields) == 0 {
		c.errorf(n, path, "must not be empty")
	}
	out := make([]plan.Case, 0, len(fields))
	for _, fl := range fields {
		p := join(path, fl.key)
		list := c.tasks(fl.value, p)
		if len(list) == 0 && !isNull(fl.value) && resolve(fl.value).Kind == yaml.SequenceNode {
			c.errorf(fl.value, p, "must not be empty")
		}
		out = append(out, plan.Case{Value: fl.key, Tasks: list})
	}
	return out
}

// runner checks a script task's taskRunner.
func (c *checker) runner(n *yaml.Node, path string) *plan.Plugin {
	fields, ok := c.mapping(n, path, "a task runner {type, …}")
	if !ok {
		return nil
	}
	tf, ok := find(fields, "type")
	if !ok {
		c.errorf(n, join(path, "type"), "must not be null")
		return nil
	}
	typ := c.lookupType(tf.value, join(path, "type"), catalog.RunnerCategory)
	if typ == nil {
		return nil
	}
	pl := &plan.Plugin{Type: typ.Name}
	pl.Props = c.objectFields(fields, typ.Props, path, map[string]bool{"type": true})
	return pl
}

// checkTaskShape applies the rules that span several properties of a task.
func (c *checker) checkTaskShape(n *yaml.Node, path string, t *plan.Task) {
	switch t.Type {
	case "io.kestra.plugin.core.flow.Pause":
		// Kestra 1.x renamed delay to pauseDuration; the plan only knows the
		// new name.
		if delay, ok := t.Props.Get("delay"); ok {
			if _, both := t.Props.Get("pauseDuration"); both {
				c.errorf(n, join(path, "delay"), "delay and pauseDuration are the same setting: keep pauseDuration")
			}
			t.Props = renameKey(t.Props, "delay", "pauseDuration", delay)
		}
	case "io.kestra.plugin.core.flow.Dag":
		c.checkDag(n, path, t.Dag)
	case "io.kestra.plugin.core.flow.WorkingDirectory":
		// Its tasks share one worker and one directory: only runnable tasks
		// can do that.
		for i, child := range t.Tasks {
			if typ, ok := catalog.Lookup(child.Type); ok && typ.Runs == catalog.Flowable {
				c.errorf(n, index(join(path, "tasks"), i), "%s is a flowable task: a WorkingDirectory only runs runnable tasks", child.Type)
			}
		}
	}
	if strings.HasPrefix(t.Type, "io.kestra.plugin.scripts.") && t.Runner == nil {
		// Kestra's default runner is Docker; here scripts always run as
		// processes, so make that explicit in the plan.
		t.Runner = &plan.Plugin{Type: catalog.ProcessRunner}
	}
}

// renameKey returns m with key old replaced by key new, in the same place.
func renameKey(m *plan.Map, old, new string, v any) *plan.Map {
	out := plan.NewMap()
	for _, k := range m.Keys() {
		if k == old {
			out.Set(new, v)
			continue
		}
		x, _ := m.Get(k)
		out.Set(k, x)
	}
	return out
}

// taskPropNames lists every property a task of this type may have.
func taskPropNames(typ *catalog.Type) []string {
	names := make([]string, 0, len(typ.Props)+len(commonTaskProps))
	for _, p := range typ.Props {
		names = append(names, p.Name)
	}
	for name := range commonTaskProps {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
