package activities

import (
	"context"
	"fmt"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// io.kestra.plugin.core.storage.Delete: outputs uri and deleted; a missing
// file fails only with errorOnMissing.
func init() {
	register("io.kestra.plugin.core.storage.Delete", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		st, err := r.storageOrFail()
		if err != nil {
			return workflows.TaskResult{}, err
		}
		uri, err := r.requiredStr("uri")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		errorOnMissing, err := r.boolProp("errorOnMissing", false)
		if err != nil {
			return workflows.TaskResult{}, err
		}
		deleted := false
		in, _, err := st.Open(ctx, uri)
		switch kestra.ErrorCode(err) {
		case "":
			in.Close()
			// The storage interface deletes by prefix; a file URI is its
			// own prefix.
			if err := st.DeletePrefix(ctx, uri); err != nil {
				return workflows.TaskResult{}, fmt.Errorf("delete %s: %w", uri, err)
			}
			deleted = true
		case kestra.ENOTFOUND:
		default:
			return workflows.TaskResult{}, asFailure(err)
		}
		if !deleted && errorOnMissing {
			return workflows.TaskResult{}, fail("Unable to find file '%s'", uri)
		}
		return workflows.TaskResult{Outputs: map[string]any{"uri": uri, "deleted": deleted}}, nil
	})
}
