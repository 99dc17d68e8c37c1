package activities

import (
	"context"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// io.kestra.plugin.core.storage.Reverse: the lines of a file, last first,
// each followed by separator (default "\n"); output uri with the source's
// extension.
func init() {
	register("io.kestra.plugin.core.storage.Reverse", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		from, err := r.requiredStr("from")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		sep, err := r.str("separator", "\n")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		in, _, err := r.openURI(ctx, from)
		if err != nil {
			return workflows.TaskResult{}, err
		}
		b, err := io.ReadAll(in)
		in.Close()
		if err != nil {
			return workflows.TaskResult{}, fmt.Errorf("read %s: %w", from, err)
		}
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		if len(b) == 0 {
			lines = nil
		}
		uri, err := r.storeNew(ctx, path.Ext(from), func(w io.Writer) error {
			for i := len(lines) - 1; i >= 0; i-- {
				if _, err := io.WriteString(w, strings.TrimSuffix(lines[i], "\r")+sep); err != nil {
					return fmt.Errorf("reverse: %w", err)
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
