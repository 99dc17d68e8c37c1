package translator

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestra-temporal/kestra-temporal/plan"
)

// checker walks one YAML document and collects what is wrong with it.
type checker struct {
	file       string
	lineOffset int

	errs         Problems
	warnings     Problems
	infos        []string
	deprecations []string

	taskIDs     map[string][]idUse // task id → its declarations, in source order
	taskIDOrder []string
	defaults    []pluginDefault
}

// idUse is one declaration of a task id.
type idUse struct {
	node *yaml.Node
	path string
}

// field is one key/value pair of a YAML mapping.
type field struct {
	key   string
	keyN  *yaml.Node
	value *yaml.Node
}

func (c *checker) problem(n *yaml.Node, path, msg string) Problem {
	p := Problem{File: c.file, Path: path, Message: msg}
	if n != nil {
		p.Line, p.Column = n.Line+c.lineOffset, n.Column
	}
	return p
}

func (c *checker) errorf(n *yaml.Node, path, format string, args ...any) {
	c.errs = append(c.errs, c.problem(n, path, fmt.Sprintf(format, args...)))
}

func (c *checker) warnf(n *yaml.Node, path, format string, args ...any) {
	c.warnings = append(c.warnings, c.problem(n, path, fmt.Sprintf(format, args...)))
}

// deprecated records the use of something deprecated, with a message saying
// what to use instead.
func (c *checker) deprecated(n *yaml.Node, path, msg string) {
	c.deprecations = append(c.deprecations, path)
	c.warnf(n, path, "%s", msg)
}

// resolve follows YAML aliases (*anchor) to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// mapping returns the pairs of a mapping node, reporting duplicate keys and
// values that are not mappings at all.
func (c *checker) mapping(n *yaml.Node, path, what string) ([]field, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		c.errorf(n, path, "must be %s (a YAML mapping), got %s", what, describe(n))
		return nil, false
	}
	fields := make([]field, 0, len(n.Content)/2)
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			c.errorf(k, path, "keys must be plain strings")
			continue
		}
		if seen[k.Value] {
			c.errorf(k, join(path, k.Value), "Duplicate field %q", k.Value)
			continue
		}
		seen[k.Value] = true
		fields = append(fields, field{key: k.Value, keyN: k, value: v})
	}
	return fields, true
}

// sequence returns the items of a sequence node.
func (c *checker) sequence(n *yaml.Node, path, what string) ([]*yaml.Node, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		c.errorf(n, path, "must be %s (a YAML list), got %s", what, describe(n))
		return nil, false
	}
	return n.Content, true
}

// scalar returns the text of a scalar node as written.
func (c *checker) scalar(n *yaml.Node, path, what string) (string, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		c.errorf(n, path, "must be %s, got %s", what, describe(n))
		return "", false
	}
	return n.Value, true
}

func (c *checker) boolean(n *yaml.Node, path string) (bool, bool) {
	n = resolve(n)
	if n != nil && n.Kind == yaml.ScalarNode {
		switch strings.ToLower(n.Value) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	c.errorf(n, path, "must be a boolean (true or false), got %s", describe(n))
	return false, false
}

func (c *checker) integer(n *yaml.Node, path string) (int, bool) {
	n = resolve(n)
	if n != nil && n.Kind == yaml.ScalarNode {
		if i, err := strconv.Atoi(n.Value); err == nil {
			return i, true
		}
	}
	c.errorf(n, path, "must be an integer, got %s", describe(n))
	return 0, false
}

// describe names what a node holds, for error messages.
func describe(n *yaml.Node) string {
	n = resolve(n)
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		v := n.Value
		if len(v) > 40 {
			v = v[:37] + "..."
		}
		return strconv.Quote(v)
	}
	return "an unexpected value"
}

// join builds a property path: join("tasks[0]", "format") = "tasks[0].format".
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// value converts a node to a plain plan value: nil, bool, int64, float64,
// string, []any or *plan.Map.
func value(n *yaml.Node) any {
	n = resolve(n)
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := plan.NewMap()
		for i := 0; i+1 < len(n.Content); i += 2 {
			m.Set(resolve(n.Content[i]).Value, value(n.Content[i+1]))
		}
		return m
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			list = append(list, value(item))
		}
		return list
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return value(n.Content[0])
		}
		return nil
	}
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		return strings.EqualFold(n.Value, "true")
	case "!!int":
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			return i
		}
		return n.Value
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
		return n.Value
	}
	return n.Value
}

// list checks a list property whose items are objects: null is an empty
// list, anything but a list is reported, and each item is checked by item
// with its path (path[i]); items it returns nil for are dropped.
func list[T any](c *checker, n *yaml.Node, path, what string, item func(n *yaml.Node, path string) *T) []*T {
	if isNull(n) {
		return nil
	}
	items, ok := c.sequence(n, path, what)
	if !ok {
		return nil
	}
	var out []*T
	for i, it := range items {
		if v := item(it, index(path, i)); v != nil {
			out = append(out, v)
		}
	}
	return out
}
