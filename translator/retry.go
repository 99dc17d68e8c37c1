package translator

import (
	"gopkg.in/yaml.v3"

	"github.com/kestra-temporal/kestra-temporal/plan"
)

// retryFields lists, per retry type, its own fields and which are required.
var retryFields = map[string]map[string]bool{
	"constant":    {"interval": true},
	"exponential": {"interval": true, "maxInterval": true, "delayFactor": false},
	"random":      {"minInterval": true, "maxInterval": true},
}

// retry checks a task or flow retry policy.
func (c *checker) retry(n *yaml.Node, path string) *plan.Retry {
	fields, ok := c.mapping(n, path, "a retry policy {type, maxAttempt, …}")
	if !ok {
		return nil
	}
	r := &plan.Retry{}
	own := map[string]bool(nil)
	if tf, ok := find(fields, "type"); ok {
		r.Type = c.enum(tf.value, join(path, "type"), "constant", "exponential", "random")
		own = retryFields[r.Type]
	} else {
		c.errorf(n, join(path, "type"), "must not be null")
	}
	seen := map[string]bool{}
	for _, fl := range fields {
		p := join(path, fl.key)
		seen[fl.key] = true
		switch fl.key {
		case "type":
		case "maxAttempt", "maxAttempts":
			if fl.key == "maxAttempts" {
				c.deprecated(fl.keyN, p, "maxAttempts is deprecated: use maxAttempt")
			}
			if v, ok := c.integer(fl.value, p); ok {
				if v < 1 {
					c.errorf(fl.value, p, "must be greater than or equal to 1")
				}
				r.MaxAttempt = v
			}
		case "maxDuration":
			r.MaxDuration = c.durationValue(fl.value, p, false)
		case "warningOnRetry":
			r.WarningOnRetry, _ = c.boolean(fl.value, p)
		case "behavior":
			r.Behavior = c.enum(fl.value, p, "RETRY_FAILED_TASK", "CREATE_NEW_EXECUTION")
		default:
			if own == nil {
				continue // unknown type already reported
			}
			if _, ok := own[fl.key]; !ok {
				c.errorf(fl.keyN, p, "Unrecognized field %q for a %s retry", fl.key, r.Type)
				continue
			}
			switch fl.key {
			case "interval":
				r.Interval = c.durationValue(fl.value, p, false)
			case "maxInterval":
				r.MaxInterval = c.durationValue(fl.value, p, false)
			case "minInterval":
				r.MinInterval = c.durationValue(fl.value, p, false)
			case "delayFactor":
				if f, ok := value(fl.value).(float64); ok {
					r.DelayFactor = f
				} else if i, ok := value(fl.value).(int64); ok {
					r.DelayFactor = float64(i)
				} else {
					c.errorf(fl.value, p, "must be a number, got %s", describe(fl.value))
				}
			}
		}
	}
	for name, required := range sortedRequired(own) {
		if required && !seen[name] {
			c.errorf(n, join(path, name), "must not be null")
		}
	}
	if r.Type == "random" && r.MinInterval != "" && r.MaxInterval != "" {
		lo, err1 := ParseDuration(r.MinInterval)
		hi, err2 := ParseDuration(r.MaxInterval)
		if err1 == nil && err2 == nil && lo > hi {
			c.errorf(n, join(path, "minInterval"), "must not be greater than maxInterval")
		}
	}
	return r
}
