package translator

import (
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestra-temporal/kestra-temporal/plan"
)

// inputIDPattern is Kestra's input id pattern; dots make nested inputs.
var inputIDPattern = regexp.MustCompile(`^[a-zA-Z0-9][.a-zA-Z0-9_-]*$`)

// inputTypes maps each input type to the validator fields it accepts.
var inputTypes = map[string][]string{
	"STRING":      {"validator"},
	"ENUM":        {"values"},
	"SELECT":      {"values", "expression", "allowCustomValue", "isRadio"},
	"MULTISELECT": {"values", "options", "expression", "allowCustomValue", "itemType"},
	"INT":         {"min", "max"},
	"FLOAT":       {"min", "max"},
	"BOOLEAN":     nil,
	"BOOL":        nil,
	"DATETIME":    {"after", "before"},
	"DATE":        {"after", "before"},
	"TIME":        {"after", "before"},
	"DURATION":    {"min", "max"},
	"FILE":        {"extension"},
	"JSON":        nil,
	"YAML":        nil,
	"URI":         nil,
	"SECRET":      {"validator"},
	"ARRAY":       {"itemType"},
	"EMAIL":       nil,
}

// inputTypeNames lists the input types for messages, sorted.
func inputTypeNames() string {
	names := make([]string, 0, len(inputTypes))
	for k := range inputTypes {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// inputs checks a list of flow inputs or Pause onResume inputs.
func (c *checker) inputs(n *yaml.Node, path string) []*plan.Input {
	if isNull(n) {
		return nil
	}
	items, ok := c.sequence(n, path, "a list of inputs")
	if !ok {
		return nil
	}
	var out []*plan.Input
	ids := map[string]bool{}
	for i, item := range items {
		ip := index(path, i)
		in := c.input(item, ip)
		if in == nil {
			continue
		}
		if in.ID != "" {
			if ids[in.ID] {
				c.errorf(item, join(ip, "id"), "Duplicate input with name [%s]", in.ID)
			}
			ids[in.ID] = true
		}
		out = append(out, in)
	}
	return out
}

func (c *checker) input(n *yaml.Node, path string) *plan.Input {
	fields, ok := c.mapping(n, path, "an input {id, type, …}")
	if !ok {
		return nil
	}
	in := &plan.Input{Required: true}
	var allowed []string
	if tf, ok := find(fields, "type"); ok {
		s, _ := c.scalar(tf.value, join(path, "type"), "an input type")
		if fields, known := inputTypes[s]; known {
			in.Type, allowed = s, fields
			if s == "ENUM" {
				c.deprecated(tf.value, join(path, "type"), "ENUM is deprecated: use SELECT")
			}
		} else if s != "" {
			c.errorf(tf.value, join(path, "type"), "Invalid input type: %s (one of %s)", s, inputTypeNames())
		}
	} else {
		c.errorf(n, join(path, "type"), "must not be null")
	}
	hasID := false
	for _, fl := range fields {
		p := join(path, fl.key)
		switch fl.key {
		case "id", "name":
			if fl.key == "name" {
				c.deprecated(fl.keyN, p, "name is deprecated: use id")
			}
			if hasID {
				c.errorf(fl.keyN, p, "an input has one id: remove name or id")
			}
			hasID = true
			in.ID = c.identifier(fl.value, p, inputIDPattern, 256)
		case "type":
		case "description":
			in.Description, _ = c.scalar(fl.value, p, "a string")
		case "displayName":
			in.DisplayName, _ = c.scalar(fl.value, p, "a string")
		case "required":
			in.Required, _ = c.boolean(fl.value, p)
		case "defaults":
			c.checkTemplatesIn(fl.value, p)
			in.Defaults = value(fl.value)
		case "prefill":
			in.Prefill = value(fl.value)
		case "dependsOn":
			in.DependsOn = c.inputDependsOn(fl.value, p)
		default:
			if in.Type == "" {
				continue // unknown type already reported
			}
			if !contains(allowed, fl.key) {
				if _, isValidator := validatorFields[fl.key]; isValidator {
					c.errorf(fl.keyN, p, "Unrecognized field %q for a %s input", fl.key, in.Type)
				} else {
					c.unknown(fl, p)
				}
				continue
			}
			c.inputValidator(in, fl, p)
		}
	}
	if !hasID {
		c.errorf(n, join(path, "id"), "must not be null")
	}
	switch in.Type {
	case "ENUM":
		if len(in.Values) == 0 {
			c.errorf(n, join(path, "values"), "must not be empty")
		}
	case "SELECT", "MULTISELECT":
		if len(in.Values) == 0 && in.Expression == "" {
			c.errorf(n, join(path, "values"), "one of values or expression is required")
		}
	case "ARRAY":
		if in.ItemType == "" {
			c.errorf(n, join(path, "itemType"), "must not be null")
		}
	}
	return in
}

var validatorFields = map[string]bool{
	"validator": true, "values": true, "options": true, "expression": true, "allowCustomValue": true,
	"isRadio": true, "min": true, "max": true, "after": true, "before": true,
	"extension": true, "itemType": true,
}

func (c *checker) inputValidator(in *plan.Input, fl field, p string) {
	switch fl.key {
	case "validator":
		if s, ok := c.scalar(fl.value, p, "a regular expression"); ok {
			if _, err := regexp.Compile(s); err != nil {
				c.errorf(fl.value, p, "invalid regular expression: %v", err)
			}
			in.Validator = s
		}
	case "values", "options":
		items, ok := c.sequence(fl.value, p, "a list of strings")
		if !ok {
			// a template producing the list is accepted by Kestra 1.x as expression
			return
		}
		for i, item := range items {
			if s, ok := c.scalar(item, index(p, i), "a string"); ok {
				in.Values = append(in.Values, s)
			}
		}
	case "expression":
		in.Expression, _ = c.templateString(fl.value, p, true)
	case "allowCustomValue":
		in.AllowCustomValue, _ = c.boolean(fl.value, p)
	case "isRadio":
		v, _ := c.boolean(fl.value, p)
		if fl.key == "isRadio" {
			in.IsRadio = v
		}
	case "min", "max":
		v := value(fl.value)
		switch in.Type {
		case "INT":
			if _, ok := v.(int64); !ok {
				c.errorf(fl.value, p, "must be an integer, got %s", describe(fl.value))
			}
		case "FLOAT":
			_, isInt := v.(int64)
			_, isFloat := v.(float64)
			if !isInt && !isFloat {
				c.errorf(fl.value, p, "must be a number, got %s", describe(fl.value))
			}
		case "DURATION":
			c.durationValue(fl.value, p, false)
		}
		if fl.key == "min" {
			in.Min = v
		} else {
			in.Max = v
		}
	case "after", "before":
		s, _ := c.scalar(fl.value, p, "a date or time")
		if fl.key == "after" {
			in.After = s
		} else {
			in.Before = s
		}
	case "extension":
		in.Extension, _ = c.scalar(fl.value, p, "a file extension")
	case "itemType":
		s, _ := c.scalar(fl.value, p, "an input type")
		if _, ok := inputTypes[s]; !ok || s == "ARRAY" || s == "FILE" {
			c.errorf(fl.value, p, "Invalid item type: %s", s)
		}
		in.ItemType = s
	}
}

func (c *checker) inputDependsOn(n *yaml.Node, path string) *plan.InputDependsOn {
	fields, ok := c.mapping(n, path, "an object {inputs, condition}")
	if !ok {
		return nil
	}
	d := &plan.InputDependsOn{}
	for _, fl := range fields {
		p := join(path, fl.key)
		switch fl.key {
		case "inputs":
			if items, ok := c.sequence(fl.value, p, "a list of input ids"); ok {
				for i, item := range items {
					if s, ok := c.scalar(item, index(p, i), "an input id"); ok {
						d.Inputs = append(d.Inputs, s)
					}
				}
			}
		case "condition":
			d.Condition, _ = c.templateString(fl.value, p, true)
		default:
			c.unknown(fl, p)
		}
	}
	return d
}

// outputs checks the flow's outputs.
func (c *checker) outputs(n *yaml.Node, path string) []*plan.Output {
	return list(c, n, path, "a list of outputs", c.output)
}

func (c *checker) output(item *yaml.Node, ip string) *plan.Output {
	fields, ok := c.mapping(item, ip, "an output {id, type, value}")
	if !ok {
		return nil
	}
	o := &plan.Output{Required: true}
	seen := map[string]bool{}
	for _, fl := range fields {
		p := join(ip, fl.key)
		seen[fl.key] = true
		switch fl.key {
		case "id":
			o.ID = c.identifier(fl.value, p, inputIDPattern, 256)
		case "type":
			s, _ := c.scalar(fl.value, p, "an output type")
			if _, ok := inputTypes[s]; !ok {
				c.errorf(fl.value, p, "Invalid output type: %s (one of %s)", s, inputTypeNames())
			}
			o.Type = s
		case "value":
			c.checkTemplatesIn(fl.value, p)
			o.Value = value(fl.value)
		case "description":
			o.Description, _ = c.scalar(fl.value, p, "a string")
		case "displayName":
			o.DisplayName, _ = c.scalar(fl.value, p, "a string")
		case "required":
			o.Required, _ = c.boolean(fl.value, p)
		default:
			c.unknown(fl, p)
		}
	}
	for _, k := range []string{"id", "type", "value"} {
		if !seen[k] {
			c.errorf(item, join(ip, k), "must not be null")
		}
	}
	return o
}
