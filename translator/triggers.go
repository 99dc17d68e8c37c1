package translator

import (
	"gopkg.in/yaml.v3"

	"github.com/kestra-temporal/kestra-temporal/catalog"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// commonTriggerProps are the properties every trigger has.
var commonTriggerProps = map[string]bool{
	"id": true, "type": true, "description": true, "disabled": true, "conditions": true, "stopAfter": true,
}

// triggers checks the flow's triggers.
func (c *checker) triggers(n *yaml.Node, path string) []*plan.Trigger {
	if isNull(n) {
		return nil
	}
	items, ok := c.sequence(n, path, "a list of triggers")
	if !ok {
		return nil
	}
	var out []*plan.Trigger
	ids := map[string]bool{}
	for i, item := range items {
		ip := index(path, i)
		tr := c.trigger(item, ip)
		if tr == nil {
			continue
		}
		if tr.ID != "" && ids[tr.ID] {
			c.errorf(item, join(ip, "id"), "Duplicate trigger id with name [%s]", tr.ID)
		}
		ids[tr.ID] = true
		out = append(out, tr)
	}
	return out
}

func (c *checker) trigger(n *yaml.Node, path string) *plan.Trigger {
	fields, ok := c.mapping(n, path, "a trigger")
	if !ok {
		return nil
	}
	tr := &plan.Trigger{}
	var typ *catalog.Type
	if tf, ok := find(fields, "type"); ok {
		written := resolve(tf.value).Value
		typ = c.lookupType(tf.value, join(path, "type"), catalog.TriggerCategory)
		if typ != nil {
			tr.Type = typ.Name
			fields = c.applyDefaults(fields, written, typ, commonTriggerProps)
		}
	} else {
		c.errorf(n, join(path, "type"), "must not be null")
	}
	seen := map[string]bool{}
	for _, fl := range fields {
		p := join(path, fl.key)
		seen[fl.key] = true
		switch fl.key {
		case "id":
			tr.ID = c.identifier(fl.value, p, taskIDPattern, 256)
		case "type":
		case "description":
			tr.Description, _ = c.scalar(fl.value, p, "a string")
		case "disabled":
			tr.Disabled, _ = c.boolean(fl.value, p)
		case "conditions":
			if items, ok := c.sequence(fl.value, p, "a list of conditions"); ok {
				for i, item := range items {
					if cond := c.condition(item, index(p, i), ""); cond != nil {
						tr.Conditions = append(tr.Conditions, cond)
					}
				}
			}
		case "stopAfter":
			prop := catalog.Prop{Name: "stopAfter", Kind: catalog.StringList}
			if v, ok := c.stringList(fl.value, p, &prop); ok {
				if tr.Props == nil {
					tr.Props = plan.NewMap()
				}
				tr.Props.Set("stopAfter", v)
			}
		default:
			if typ == nil {
				continue
			}
			prop, ok := typ.Prop(fl.key)
			if !ok {
				c.unknown(fl, p)
				continue
			}
			if prop.Deprecated != "" {
				c.deprecated(fl.keyN, p, fl.key+" is deprecated: "+prop.Deprecated)
			}
			if isNull(fl.value) {
				continue
			}
			if v, ok := c.propValue(prop, fl.value, p); ok {
				if tr.Props == nil {
					tr.Props = plan.NewMap()
				}
				tr.Props.Set(fl.key, v)
			}
		}
	}
	if !seen["id"] {
		c.errorf(n, join(path, "id"), "must not be null")
	}
	if typ != nil {
		c.checkRequired(n, path, typ.Props, seen)
	}
	return tr
}

// condition checks one trigger condition; key is its map key inside a
// MultipleCondition.
func (c *checker) condition(n *yaml.Node, path, key string) *plan.Condition {
	fields, ok := c.mapping(n, path, "a condition")
	if !ok {
		return nil
	}
	cond := &plan.Condition{ID: key}
	tf, ok := find(fields, "type")
	if !ok {
		c.errorf(n, join(path, "type"), "must not be null")
		return cond
	}
	typ := c.lookupType(tf.value, join(path, "type"), catalog.ConditionCategory)
	if typ == nil {
		return cond
	}
	cond.Type = typ.Name
	seen := map[string]bool{}
	var rest []field
	for _, fl := range fields {
		p := join(path, fl.key)
		seen[fl.key] = true
		switch {
		case fl.key == "type":
		case fl.key == "id":
			cond.ID, _ = c.scalar(fl.value, p, "a string")
		case fl.key == "conditions" && (typ.Name == "io.kestra.plugin.core.condition.Not" || typ.Name == "io.kestra.plugin.core.condition.Or"):
			if items, ok := c.sequence(fl.value, p, "a list of conditions"); ok {
				for i, item := range items {
					if child := c.condition(item, index(p, i), ""); child != nil {
						cond.Conditions = append(cond.Conditions, child)
					}
				}
			}
		case fl.key == "conditions" && typ.Name == "io.kestra.plugin.core.condition.MultipleCondition":
			if children, ok := c.mapping(fl.value, p, "a map of conditions"); ok {
				if len(children) == 0 {
					c.errorf(fl.value, p, "must not be empty")
				}
				for _, ch := range children {
					if child := c.condition(ch.value, join(p, ch.key), ch.key); child != nil {
						cond.Conditions = append(cond.Conditions, child)
					}
				}
			}
		default:
			rest = append(rest, fl)
		}
	}
	if typ.Name == "io.kestra.plugin.core.condition.MultipleCondition" && cond.ID == "" {
		c.errorf(n, join(path, "id"), "must not be null")
	}
	props := make([]catalog.Prop, 0, len(typ.Props))
	for _, p := range typ.Props {
		if p.Name != "conditions" {
			props = append(props, p)
		}
	}
	if m := c.objectFields(rest, props, path, nil); m.Len() > 0 {
		cond.Props = m
	}
	if !seen["conditions"] {
		if p, ok := typ.Prop("conditions"); ok && p.Required {
			c.errorf(n, join(path, "conditions"), "must not be null")
		}
	}
	return cond
}

// slas checks the flow's service-level assertions.
func (c *checker) slas(n *yaml.Node, path string) []*plan.SLA {
	return list(c, n, path, "a list of SLAs", c.sla)
}

func (c *checker) sla(item *yaml.Node, ip string) *plan.SLA {
	fields, ok := c.mapping(item, ip, "an SLA {id, type, behavior, …}")
	if !ok {
		return nil
	}
	s := &plan.SLA{}
	seen := map[string]bool{}
	for _, fl := range fields {
		p := join(ip, fl.key)
		seen[fl.key] = true
		switch fl.key {
		case "id":
			s.ID = c.identifier(fl.value, p, taskIDPattern, 256)
		case "type":
			s.Type = c.enum(fl.value, p, "MAX_DURATION", "EXECUTION_ASSERTION")
		case "behavior":
			s.Behavior = c.enum(fl.value, p, "FAIL", "CANCEL", "NONE")
		case "duration":
			s.Duration = c.durationValue(fl.value, p, false)
		case "assert":
			s.Assert, _ = c.templateString(fl.value, p, true)
		case "labels":
			s.Labels = c.labels(fl.value, p)
		default:
			c.unknown(fl, p)
		}
	}
	for _, k := range []string{"id", "type", "behavior"} {
		if !seen[k] {
			c.errorf(item, join(ip, k), "must not be null")
		}
	}
	switch {
	case s.Type == "MAX_DURATION" && s.Duration == "":
		c.errorf(item, join(ip, "duration"), "must not be null for a MAX_DURATION SLA")
	case s.Type == "EXECUTION_ASSERTION" && s.Assert == "":
		c.errorf(item, join(ip, "assert"), "must not be null for an EXECUTION_ASSERTION SLA")
	}
	return s
}
