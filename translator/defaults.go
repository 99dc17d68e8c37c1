package translator

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestra-temporal/kestra-temporal/catalog"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// pluginDefault is one entry of a flow's pluginDefaults (or legacy
// taskDefaults).
type pluginDefault struct {
	typ    string
	forced bool
	values *yaml.Node
	path   string
}

// pluginDefaults reads the flow's plugin defaults.
func (c *checker) pluginDefaults(n *yaml.Node, path string) []plan.PluginDefault {
	if isNull(n) {
		return nil
	}
	items, ok := c.sequence(n, path, "a list of plugin defaults {type, values}")
	if !ok {
		return nil
	}
	var out []plan.PluginDefault
	for i, item := range items {
		ip := index(path, i)
		fields, ok := c.mapping(item, ip, "a plugin default {type, values}")
		if !ok {
			continue
		}
		d := pluginDefault{path: ip}
		for _, fl := range fields {
			p := join(ip, fl.key)
			switch fl.key {
			case "type":
				d.typ, _ = c.scalar(fl.value, p, "a type name or prefix")
			case "forced":
				d.forced, _ = c.boolean(fl.value, p)
			case "values":
				if _, ok := c.mapping(fl.value, p, "a map of property values"); ok {
					d.values = resolve(fl.value)
				}
			default:
				c.unknown(fl, p)
			}
		}
		if d.typ == "" {
			c.errorf(item, join(ip, "type"), "must not be null")
			continue
		}
		if d.values == nil {
			c.errorf(item, join(ip, "values"), "must not be null")
			continue
		}
		c.defaults = append(c.defaults, d)
		values, _ := value(d.values).(*plan.Map)
		out = append(out, plan.PluginDefault{Type: d.typ, Forced: d.forced, Values: values})
	}
	return out
}

// applyDefaults merges the plugin defaults that match a type into the fields
// of a task or trigger. A default matches when its type is the type's
// canonical name, the name written in the flow, or a prefix of either. Values
// the flow sets win unless the default is forced; maps are merged key by key.
//
// A default naming the exact type must only hold that type's properties (an
// unknown one is an error). A prefix default may cover types that lack some
// of its properties: those are skipped for them, as Kestra does.
func (c *checker) applyDefaults(fields []field, written string, typ *catalog.Type, common map[string]bool) []field {
	for _, d := range c.defaults {
		exact := d.typ == typ.Name || d.typ == written || contains(typ.Aliases, d.typ)
		if !exact && !strings.HasPrefix(typ.Name, d.typ) && !strings.HasPrefix(written, d.typ) {
			continue
		}
		for i := 0; i+1 < len(d.values.Content); i += 2 {
			k, v := resolve(d.values.Content[i]), d.values.Content[i+1]
			if _, known := typ.Prop(k.Value); !known && !common[k.Value] {
				if exact {
					c.errorf(k, join(d.path, "values."+k.Value), "Unrecognized field %q for %s", k.Value, typ.Name)
				}
				continue
			}
			fields = mergeField(fields, field{key: k.Value, keyN: k, value: v}, d.forced)
		}
	}
	return fields
}

// mergeField adds a default value to fields: absent keys are added, maps are
// merged, and an existing value is replaced only when the default is forced.
func mergeField(fields []field, def field, forced bool) []field {
	for i, f := range fields {
		if f.key != def.key {
			continue
		}
		a, b := resolve(f.value), resolve(def.value)
		if a.Kind == yaml.MappingNode && b.Kind == yaml.MappingNode {
			fields[i].value = mergeMapping(a, b, forced)
		} else if forced {
			fields[i].value = def.value
		}
		return fields
	}
	return append(fields, def)
}

// mergeMapping returns a new mapping holding base with overlay merged in.
func mergeMapping(base, overlay *yaml.Node, overlayWins bool) *yaml.Node {
	out := *base
	out.Content = append([]*yaml.Node(nil), base.Content...)
	for i := 0; i+1 < len(overlay.Content); i += 2 {
		k, v := resolve(overlay.Content[i]), overlay.Content[i+1]
		found := false
		for j := 0; j+1 < len(out.Content); j += 2 {
			if resolve(out.Content[j]).Value != k.Value {
				continue
			}
			found = true
			a, b := resolve(out.Content[j+1]), resolve(v)
			if a.Kind == yaml.MappingNode && b.Kind == yaml.MappingNode {
				out.Content[j+1] = mergeMapping(a, b, overlayWins)
			} else if overlayWins {
				out.Content[j+1] = v
			}
			break
		}
		if !found {
			out.Content = append(out.Content, k, v)
		}
	}
	return &out
}
