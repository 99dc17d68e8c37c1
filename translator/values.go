package translator

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestra-temporal/kestra-temporal/catalog"
	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// isTemplate reports whether a string holds Pebble syntax.
func isTemplate(s string) bool {
	return strings.Contains(s, "{{") || strings.Contains(s, "{%")
}

// checkTemplate reports a template in a property that is not rendered, and
// syntax errors in templates of dynamic properties.
func (c *checker) checkTemplate(n *yaml.Node, path, s string, dynamic bool) bool {
	if !isTemplate(s) {
		return false
	}
	if !dynamic {
		c.errorf(n, path, "is not dynamic: expressions are not rendered in this property")
		return true
	}
	// A broken expression is pointed out now, as a warning: Kestra accepts
	// such a flow and fails the task when it renders the property
	// (BadFlowableTest.flowableWithParentFail relies on it), so we do too.
	if _, err := expression.Parse(s); err != nil {
		c.warnf(n, path, "invalid expression, the task will fail when it renders it: %v", err)
	}
	return true
}

// templateString reads a scalar as text, checking any template in it.
func (c *checker) templateString(n *yaml.Node, path string, dynamic bool) (string, bool) {
	s, ok := c.scalar(n, path, "a string")
	if !ok {
		return "", false
	}
	c.checkTemplate(n, path, s, dynamic)
	return s, true
}

// durationValue reads an ISO-8601 duration, or a template when dynamic.
func (c *checker) durationValue(n *yaml.Node, path string, dynamic bool) string {
	s, ok := c.scalar(n, path, "an ISO-8601 duration such as PT5M")
	if !ok {
		return ""
	}
	if c.checkTemplate(n, path, s, dynamic) {
		return s
	}
	if _, err := ParseDuration(s); err != nil {
		c.errorf(n, path, "invalid duration %q: %v", s, err)
	}
	return s
}

// propValue checks a property value against its declared kind and returns it
// as a plan value.
func (c *checker) propValue(prop *catalog.Prop, n *yaml.Node, path string) (any, bool) {
	n = resolve(n)
	// A dynamic property may hold a single template wherever a structured
	// value is expected: it is rendered and converted at run time.
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && isTemplate(n.Value) {
		c.checkTemplate(n, path, n.Value, prop.Dynamic)
		return n.Value, prop.Dynamic
	}
	switch prop.Kind {
	case catalog.String:
		s, ok := c.scalar(n, path, "a string")
		if ok {
			c.checkTemplate(n, path, s, prop.Dynamic)
		}
		return s, ok
	case catalog.Bool:
		b, ok := c.boolean(n, path)
		return b, ok
	case catalog.Int:
		i, ok := c.integer(n, path)
		return int64(i), ok
	case catalog.Number:
		if v, ok := value(n).(int64); ok {
			return v, true
		}
		if v, ok := value(n).(float64); ok {
			return v, true
		}
		c.errorf(n, path, "must be a number, got %s", describe(n))
		return nil, false
	case catalog.Duration:
		s := c.durationValue(n, path, prop.Dynamic)
		return s, s != ""
	case catalog.Enum:
		s, ok := c.scalar(n, path, "one of "+strings.Join(prop.Values, ", "))
		if ok && !contains(prop.Values, s) {
			c.errorf(n, path, "%q is not one of %s", s, strings.Join(prop.Values, ", "))
		}
		return s, ok
	case catalog.StringList:
		return c.stringList(n, path, prop)
	case catalog.StringOrList:
		if n.Kind == yaml.ScalarNode {
			s, _ := c.templateString(n, path, prop.Dynamic)
			return s, true
		}
		return c.stringList(n, path, prop)
	case catalog.Map:
		if _, ok := c.mapping(n, path, "a map"); !ok {
			return nil, false
		}
		c.checkTemplatesIn(n, path)
		return value(n), true
	case catalog.StringMap:
		fields, ok := c.mapping(n, path, "a map of strings")
		if !ok {
			return nil, false
		}
		m := plan.NewMap()
		for _, fl := range fields {
			if s, ok := c.templateString(fl.value, join(path, fl.key), prop.Dynamic); ok {
				m.Set(fl.key, s)
			}
		}
		return m, true
	case catalog.Any:
		c.checkTemplatesIn(n, path)
		return value(n), true
	case catalog.Labels:
		labels := c.labels(n, path)
		list := make([]any, 0, len(labels))
		for _, l := range labels {
			m := plan.NewMap()
			m.Set("key", l.Key)
			m.Set("value", l.Value)
			list = append(list, m)
		}
		return list, true
	case catalog.Object:
		fields, ok := c.mapping(n, path, "an object")
		if !ok {
			return nil, false
		}
		return c.objectFields(fields, prop.Props, path, nil), true
	case catalog.ObjectList:
		items, ok := c.sequence(n, path, "a list of objects")
		if !ok {
			return nil, false
		}
		list := make([]any, 0, len(items))
		for i, item := range items {
			ip := index(path, i)
			fields, ok := c.mapping(item, ip, "an object")
			if ok {
				list = append(list, c.objectFields(fields, prop.Props, ip, nil))
			}
		}
		return list, true
	case catalog.Conditions:
		items, ok := c.sequence(n, path, "a list of conditions")
		if !ok {
			return nil, false
		}
		list := make([]any, 0, len(items))
		for i, item := range items {
			list = append(list, c.condition(item, index(path, i), ""))
		}
		return list, true
	}
	c.errorf(n, path, "cannot hold %s here", prop.Kind)
	return nil, false
}

// objectFields checks the fields of a nested object against its schema.
func (c *checker) objectFields(fields []field, props []catalog.Prop, path string, skip map[string]bool) *plan.Map {
	m := plan.NewMap()
	seen := map[string]bool{}
	for _, fl := range fields {
		seen[fl.key] = true
		if skip[fl.key] {
			continue
		}
		p := join(path, fl.key)
		prop := findProp(props, fl.key)
		if prop == nil {
			names := make([]string, len(props))
			for i, p := range props {
				names[i] = p.Name
			}
			if meant := c.unknown(fl, p, names...); meant != "" {
				seen[meant] = true
			}
			continue
		}
		if isNull(fl.value) {
			continue
		}
		if prop.Deprecated != "" {
			c.deprecated(fl.keyN, p, fl.key+" is deprecated: "+prop.Deprecated)
		}
		if v, ok := c.propValue(prop, fl.value, p); ok {
			m.Set(fl.key, v)
		}
	}
	for _, prop := range props {
		if prop.Required && !seen[prop.Name] {
			n := (*yaml.Node)(nil)
			if len(fields) > 0 {
				n = fields[0].keyN
			}
			c.errorf(n, join(path, prop.Name), "must not be null")
		}
	}
	return m
}

func findProp(props []catalog.Prop, name string) *catalog.Prop {
	for i := range props {
		if props[i].Name == name {
			return &props[i]
		}
	}
	return nil
}

func (c *checker) stringList(n *yaml.Node, path string, prop *catalog.Prop) (any, bool) {
	items, ok := c.sequence(n, path, "a list of strings")
	if !ok {
		return nil, false
	}
	list := make([]any, 0, len(items))
	for i, item := range items {
		ip := index(path, i)
		s, ok := c.scalar(item, ip, "a string")
		if !ok {
			continue
		}
		if !c.checkTemplate(item, ip, s, prop.Dynamic) && len(prop.Values) > 0 && !contains(prop.Values, s) {
			c.errorf(item, ip, "%q is not one of %s", s, strings.Join(prop.Values, ", "))
		}
		list = append(list, s)
	}
	return list, true
}

// checkTemplatesIn checks the syntax of every template inside a value.
func (c *checker) checkTemplatesIn(n *yaml.Node, path string) {
	n = resolve(n)
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!str" {
			c.checkTemplate(n, path, n.Value, true)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			c.checkTemplatesIn(item, index(path, i))
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := resolve(n.Content[i])
			c.checkTemplatesIn(k, path)
			c.checkTemplatesIn(n.Content[i+1], join(path, k.Value))
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
