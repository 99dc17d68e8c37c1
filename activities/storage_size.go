package activities

import (
	"context"

	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// io.kestra.plugin.core.storage.Size: output size of an internal-storage
// file.
func init() {
	register("io.kestra.plugin.core.storage.Size", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		uri, err := r.requiredStr("uri")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		in, size, err := r.openURI(ctx, uri)
		if err != nil {
			return workflows.TaskResult{}, err
		}
		in.Close()
		return workflows.TaskResult{Outputs: map[string]any{"size": size}}, nil
	})
}
