package activities

import (
	"context"
	"fmt"

	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// io.kestra.plugin.core.kv.Get: output value (null when missing unless
// errorOnMissing).
func init() {
	register("io.kestra.plugin.core.kv.Get", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		ns, key, errorOnMissing, err := r.kvLookupProps()
		if err != nil {
			return workflows.TaskResult{}, err
		}
		d, err := r.kvGet(ctx, ns, key)
		if err != nil {
			return workflows.TaskResult{}, err
		}
		if d == nil {
			if errorOnMissing {
				return workflows.TaskResult{}, missingKey(ns, key)
			}
			return workflows.TaskResult{Outputs: map[string]any{"value": nil}}, nil
		}
		v, err := kvValue(d.KVValue)
		if err != nil {
			return workflows.TaskResult{}, fmt.Errorf("get KV %s/%s: %w", ns, key, err)
		}
		return workflows.TaskResult{Outputs: map[string]any{"value": toOutput(v)}}, nil
	})
}

func (r *run) kvLookupProps() (ns, key string, errorOnMissing bool, err error) {
	if ns, err = r.kvNamespace(); err != nil {
		return
	}
	if key, err = r.kvKeyProp(); err != nil {
		return
	}
	errorOnMissing, err = r.boolProp("errorOnMissing", false)
	return
}
