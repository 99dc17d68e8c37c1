package activities

import (
	"context"
	"fmt"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// io.kestra.plugin.core.kv.GetKeys: output keys (those starting with
// prefix, all when no prefix), expired keys excluded.
func init() {
	register("io.kestra.plugin.core.kv.GetKeys", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		ns, err := r.kvNamespace()
		if err != nil {
			return workflows.TaskResult{}, err
		}
		prefix, err := r.str("prefix", "")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		entries, err := r.deps.Store.ListKV(ctx, ns)
		if err != nil {
			return workflows.TaskResult{}, fmt.Errorf("list KV %s: %w", ns, err)
		}
		keys := []any{}
		for _, e := range entries {
			if strings.HasPrefix(e.Key, prefix) {
				keys = append(keys, e.Key)
			}
		}
		return workflows.TaskResult{Outputs: map[string]any{"keys": keys}}, nil
	})
}
