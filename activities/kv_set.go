package activities

import (
	"context"
	"fmt"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// io.kestra.plugin.core.kv.Set: overwrite (default true), ttl, kvType.
func init() {
	register("io.kestra.plugin.core.kv.Set", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		ns, err := r.kvNamespace()
		if err != nil {
			return workflows.TaskResult{}, err
		}
		key, err := r.kvKeyProp()
		if err != nil {
			return workflows.TaskResult{}, err
		}
		if !kvKey.MatchString(key) {
			return workflows.TaskResult{}, fail("Key must start with an alphanumeric character (uppercase or lowercase) and can contain alphanumeric characters (uppercase or lowercase), dots (.), underscores (_), and hyphens (-) only.")
		}
		value, _, err := r.anyProp("value")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		kvType, err := r.str("kvType", "")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		typed, err := kvTyped(value, strings.TrimSpace(kvType))
		if err != nil {
			return workflows.TaskResult{}, err
		}
		ttl, _, err := r.durationProp("ttl")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		overwrite, err := r.boolProp("overwrite", true)
		if err != nil {
			return workflows.TaskResult{}, err
		}
		if !overwrite {
			existing, err := r.kvGet(ctx, ns, key)
			if err != nil {
				return workflows.TaskResult{}, err
			}
			if existing != nil {
				return workflows.TaskResult{}, fail("Cannot set value for key '%s'. Key already exists and `overwrite` is set to `false`.", key)
			}
		}
		if _, err := r.deps.Store.PutKV(ctx, ns, key, typed, store.PutKVOptions{TTL: ttl}); err != nil {
			return workflows.TaskResult{}, fmt.Errorf("set KV %s/%s: %w", ns, key, err)
		}
		return workflows.TaskResult{}, nil
	})
}
