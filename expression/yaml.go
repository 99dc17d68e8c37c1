package expression

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// funcYAML parses a YAML document into engine values (maps keep key order).
func funcYAML(_ *evalCtx, args []any) (any, error) {
	in := argAny(args, 0)
	if in == nil {
		return nil, nil
	}
	s, ok := in.(string)
	if !ok {
		return nil, fmt.Errorf("yaml() needs a string, got [%s]", shortString(in))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(s), &doc); err != nil {
		return nil, fmt.Errorf("Invalid yaml: %v", err)
	}
	if doc.Kind == 0 {
		return nil, nil
	}
	return fromYAMLNode(&doc, 0)
}

func fromYAMLNode(n *yaml.Node, depth int) (any, error) {
	if depth > maxValueDepth {
		return nil, fmt.Errorf("Invalid yaml: nested too deeply")
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return fromYAMLNode(n.Content[0], depth+1)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		return fromYAMLNode(n.Alias, depth+1)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := fromYAMLNode(c, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		m := NewMap(len(n.Content) / 2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, err := fromYAMLNode(n.Content[i], depth+1)
			if err != nil {
				return nil, err
			}
			v, err := fromYAMLNode(n.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			m.Set(keyString(k), v)
		}
		return m, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err == nil {
				return b, nil
			}
		case "!!int":
			var i int64
			if err := n.Decode(&i); err == nil {
				return i, nil
			}
			if b, ok := new(big.Int).SetString(n.Value, 0); ok {
				return b, nil
			}
		case "!!float":
			var f float64
			if err := n.Decode(&f); err == nil {
				return f, nil
			}
		}
		return n.Value, nil
	}
	return nil, nil
}

// maxYAMLNodes bounds the values the yaml filter writes.
const maxYAMLNodes = 1 << 18

// yaml11Reserved are the plain scalars a YAML 1.1 reader (Kestra's) would
// not read back as strings.
var yaml11Reserved = map[string]bool{
	"y": true, "yes": true, "n": true, "no": true, "true": true, "false": true,
	"on": true, "off": true, "null": true, "~": true, "": true,
}

// toYAML writes a value as Kestra's YAML mapper does (no document marker,
// minimal quoting).
func toYAML(v any) (any, error) {
	budget := maxYAMLNodes
	node, err := toYAMLNode(v, 0, &budget)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(node); err != nil {
		return nil, fmt.Errorf("yaml: %v", err)
	}
	_ = enc.Close()
	return b.String(), nil
}

func toYAMLNode(v any, depth int, budget *int) (*yaml.Node, error) {
	*budget--
	if depth > maxValueDepth || *budget < 0 {
		return nil, fmt.Errorf("yaml: value too large")
	}
	scalar := func(tag, val string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: val}
	}
	switch x := normalize(v).(type) {
	case nil:
		return scalar("!!null", "null"), nil
	case bool:
		return scalar("!!bool", strconv.FormatBool(x)), nil
	case int64:
		return scalar("!!int", strconv.FormatInt(x, 10)), nil
	case *big.Int:
		return scalar("!!int", x.String()), nil
	case float64:
		switch {
		case math.IsNaN(x):
			return scalar("!!float", ".NaN"), nil
		case math.IsInf(x, 1):
			return scalar("!!float", ".inf"), nil
		case math.IsInf(x, -1):
			return scalar("!!float", "-.inf"), nil
		}
		return scalar("!!float", string(appendJavaDouble(nil, x))), nil
	case string:
		n := scalar("!!str", x)
		if yaml11Reserved[strings.ToLower(x)] {
			n.Style = yaml.DoubleQuotedStyle
		}
		return n, nil
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, e := range x {
			c, err := toYAMLNode(e, depth+1, budget)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, c)
		}
		return n, nil
	case *Map, map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		var err error
		mapRange(x, func(k string, e any) bool {
			var c *yaml.Node
			if c, err = toYAMLNode(e, depth+1, budget); err != nil {
				return false
			}
			n.Content = append(n.Content, scalar("!!str", k), c)
			return true
		})
		return n, err
	case mapEntry:
		return toYAMLNode(MapOf(x.key, x.value), depth, budget)
	default:
		return scalar("!!str", string(appendOutput(nil, x))), nil
	}
}
