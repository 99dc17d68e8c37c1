package translator

import (
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestra-temporal/kestra-temporal/plan"
)

// Kestra's identifier patterns (AbstractFlow, Task).
var (
	flowIDPattern    = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)
	namespacePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	taskIDPattern    = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]*$`)
)

// removed names top-level keys that Kestra no longer has or that only its
// Enterprise Edition honours, with the reason given to the user.
var removed = map[string]string{
	"listeners":   "listeners were removed in Kestra 1.0: use afterExecution or a Flow trigger",
	"workerGroup": "worker groups are a Kestra Enterprise Edition feature",
	"checks":      "flow checks are not supported",
	"template":    "templates were removed from Kestra: use a Subflow",
}

// flow checks the top-level mapping of a flow document.
func (c *checker) flow(root *yaml.Node) *plan.Flow {
	f := &plan.Flow{Version: plan.Version}
	fields, ok := c.mapping(root, "", "a flow")
	if !ok {
		return f
	}
	// Plugin defaults apply to every task, wherever it is declared, so they
	// are read before anything else.
	for _, fl := range fields {
		if fl.key == "pluginDefaults" || fl.key == "taskDefaults" {
			if fl.key == "taskDefaults" {
				c.deprecated(fl.keyN, "taskDefaults", "taskDefaults is deprecated: use pluginDefaults")
			}
			f.PluginDefaults = append(f.PluginDefaults, c.pluginDefaults(fl.value, fl.key)...)
		}
	}
	var hasID, hasNamespace, hasTasks bool
	for _, fl := range fields {
		switch c.unknownFlowKey(fl) {
		case "id":
			hasID = true
		case "namespace":
			hasNamespace = true
		case "tasks":
			hasTasks = true
		}
	}
	for _, fl := range fields {
		path := fl.key
		switch fl.key {
		case "id":
			hasID = true
			f.ID = c.identifier(fl.value, path, flowIDPattern, 100)
		case "namespace":
			hasNamespace = true
			f.Namespace = c.identifier(fl.value, path, namespacePattern, 150)
		case "revision":
			f.Revision, _ = c.integer(fl.value, path)
		case "description":
			f.Description, _ = c.scalar(fl.value, path, "a string")
		case "labels":
			f.Labels = c.labels(fl.value, path)
		case "inputs":
			f.Inputs = c.inputs(fl.value, path)
		case "variables":
			if _, ok := c.mapping(fl.value, path, "a map"); ok {
				f.Variables, _ = value(fl.value).(*plan.Map)
			}
		case "tasks":
			hasTasks = true
			f.Tasks = c.tasks(fl.value, path)
			if len(f.Tasks) == 0 && !isNull(fl.value) && resolve(fl.value).Kind == yaml.SequenceNode {
				c.errorf(fl.value, path, "must not be empty")
			}
		case "errors":
			f.Errors = c.tasks(fl.value, path)
		case "finally":
			f.Finally = c.tasks(fl.value, path)
		case "afterExecution":
			f.AfterExecution = c.tasks(fl.value, path)
		case "outputs":
			f.Outputs = c.outputs(fl.value, path)
		case "triggers":
			f.Triggers = c.triggers(fl.value, path)
		case "concurrency":
			f.Concurrency = c.concurrency(fl.value, path)
		case "retry":
			f.Retry = c.retry(fl.value, path)
		case "disabled":
			f.Disabled, _ = c.boolean(fl.value, path)
		case "sla":
			f.SLA = c.slas(fl.value, path)
		case "pluginDefaults", "taskDefaults", "deleted":
			// read above; deleted is set by the server, never by a flow
		}
	}
	if !hasID {
		c.errorf(root, "id", "must not be null")
	}
	if !hasNamespace {
		c.errorf(root, "namespace", "must not be null")
	}
	if !hasTasks {
		c.errorf(root, "tasks", "must not be empty")
	}
	c.checkDuplicateTaskIDs()
	return f
}

// flowKeys are the top-level keys of a flow.
var flowKeys = []string{
	"id", "namespace", "revision", "description", "labels", "inputs", "variables", "tasks", "errors",
	"finally", "afterExecution", "outputs", "triggers", "concurrency", "retry", "disabled", "sla",
	"pluginDefaults", "taskDefaults",
}

// unknown reports a key the schema does not have. When one of the known keys
// is a near miss it is suggested, and returned so that the caller does not
// also report that key as missing.
func (c *checker) unknown(fl field, path string, known ...string) string {
	if reason, ok := removed[fl.key]; ok {
		c.errorf(fl.keyN, path, "Unrecognized field %q: %s", fl.key, reason)
		return ""
	}
	if s := suggest(fl.key, known); s != "" {
		c.errorf(fl.keyN, path, "Unrecognized field %q (did you mean %q?)", fl.key, s)
		return s
	}
	c.errorf(fl.keyN, path, "Unrecognized field %q", fl.key)
	return ""
}

// unknownFlowKey reports a top-level key that is not a flow key, and returns
// the key it is a near miss of.
func (c *checker) unknownFlowKey(fl field) string {
	if contains(flowKeys, fl.key) || fl.key == "deleted" {
		return ""
	}
	return c.unknown(fl, fl.key, flowKeys...)
}

// identifier checks an id or namespace against Kestra's pattern and length.
func (c *checker) identifier(n *yaml.Node, path string, pattern *regexp.Regexp, max int) string {
	if isNull(n) {
		c.errorf(n, path, "must not be null")
		return ""
	}
	s, ok := c.scalar(n, path, "a string")
	if !ok {
		return ""
	}
	if !pattern.MatchString(s) {
		c.errorf(n, path, "must match %q", strings.TrimSuffix(pattern.String(), "$"))
	} else if len(s) > max {
		c.errorf(n, path, "size must be between 1 and %d", max)
	}
	return s
}

// labels accepts a map {key: value} or a list of {key, value}, as Kestra does.
func (c *checker) labels(n *yaml.Node, path string) []plan.Label {
	n = resolve(n)
	if isNull(n) {
		return nil
	}
	var out []plan.Label
	switch n.Kind {
	case yaml.MappingNode:
		fields, _ := c.mapping(n, path, "labels")
		for _, fl := range fields {
			v, ok := c.scalar(fl.value, join(path, fl.key), "a string")
			if ok {
				out = append(out, plan.Label{Key: fl.key, Value: v})
			}
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			ipath := index(path, i)
			fields, ok := c.mapping(item, ipath, "a label {key, value}")
			if !ok {
				continue
			}
			var l plan.Label
			var hasKey bool
			for _, fl := range fields {
				switch fl.key {
				case "key":
					hasKey = true
					l.Key, _ = c.scalar(fl.value, join(ipath, "key"), "a string")
				case "value":
					l.Value, _ = c.scalar(fl.value, join(ipath, "value"), "a string")
				default:
					c.unknown(fl, join(ipath, fl.key))
				}
			}
			if !hasKey || l.Key == "" {
				c.errorf(item, join(ipath, "key"), "must not be empty")
				continue
			}
			out = append(out, l)
		}
	default:
		c.errorf(n, path, "must be a map or a list of {key, value}, got %s", describe(n))
	}
	return out
}

func (c *checker) concurrency(n *yaml.Node, path string) *plan.Concurrency {
	fields, ok := c.mapping(n, path, "an object {limit, behavior}")
	if !ok {
		return nil
	}
	cc := &plan.Concurrency{Behavior: "QUEUE"}
	hasLimit := false
	for _, fl := range fields {
		p := join(path, fl.key)
		switch fl.key {
		case "limit":
			hasLimit = true
			if v, ok := c.integer(fl.value, p); ok {
				if v < 1 {
					c.errorf(fl.value, p, "must be greater than or equal to 1")
				}
				cc.Limit = v
			}
		case "behavior":
			cc.Behavior = c.enum(fl.value, p, "QUEUE", "CANCEL", "FAIL")
		default:
			c.unknown(fl, p)
		}
	}
	if !hasLimit {
		c.errorf(n, join(path, "limit"), "must not be null")
	}
	return cc
}

// enum checks that a scalar is one of values.
func (c *checker) enum(n *yaml.Node, path string, values ...string) string {
	s, ok := c.scalar(n, path, "one of "+strings.Join(values, ", "))
	if !ok {
		return ""
	}
	for _, v := range values {
		if s == v {
			return s
		}
	}
	c.errorf(n, path, "%q is not one of %s", s, strings.Join(values, ", "))
	return s
}

// checkDuplicateTaskIDs reports every task id declared more than once,
// anywhere in the flow, at each repeated declaration.
func (c *checker) checkDuplicateTaskIDs() {
	for _, id := range c.taskIDOrder {
		uses := c.taskIDs[id]
		for _, u := range uses[1:] {
			c.errorf(u.node, u.path, "Duplicate task id with name [%s]", id)
		}
	}
}
