package activities

import (
	"context"
	"fmt"
	"io"

	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// io.kestra.plugin.core.storage.Concat: files (a list or a JSON array
// string of kestra:// URIs) written one after the other, separator after
// each; output uri (extension default .tmp).
func init() {
	register("io.kestra.plugin.core.storage.Concat", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		files, ok, err := r.listProp("files")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		if !ok {
			return workflows.TaskResult{}, fail("files: required")
		}
		sep, hasSep, err := r.strOpt("separator")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		ext, err := r.str("extension", ".tmp")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		uri, err := r.storeNew(ctx, ext, func(w io.Writer) error {
			for _, f := range files {
				in, _, err := r.openURI(ctx, f)
				if err != nil {
					return err
				}
				_, err = io.Copy(w, in)
				in.Close()
				if err != nil {
					return fmt.Errorf("concat %s: %w", f, err)
				}
				if hasSep {
					if _, err := io.WriteString(w, sep); err != nil {
						return fmt.Errorf("concat: %w", err)
					}
				}
			}
			return nil
		})
		if err != nil {
			return workflows.TaskResult{}, err
		}
		return workflows.TaskResult{Outputs: map[string]any{"uri": uri}}, nil
	})
}
