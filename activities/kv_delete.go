package activities

import (
	"context"
	"fmt"

	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// io.kestra.plugin.core.kv.Delete: output deleted.
func init() {
	register("io.kestra.plugin.core.kv.Delete", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		ns, key, errorOnMissing, err := r.kvLookupProps()
		if err != nil {
			return workflows.TaskResult{}, err
		}
		existing, err := r.kvGet(ctx, ns, key)
		if err != nil {
			return workflows.TaskResult{}, err
		}
		deleted, err := r.deps.Store.DeleteKV(ctx, ns, key)
		if err != nil {
			return workflows.TaskResult{}, fmt.Errorf("delete KV %s/%s: %w", ns, key, err)
		}
		// An expired key is deleted but was not there for Kestra.
		deleted = deleted && existing != nil
		if !deleted && errorOnMissing {
			return workflows.TaskResult{}, missingKey(ns, key)
		}
		return workflows.TaskResult{Outputs: map[string]any{"deleted": deleted}}, nil
	})
}
