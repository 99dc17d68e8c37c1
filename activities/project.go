package activities

import (
	"context"
	"fmt"

	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// project is the local activity writing a workflow's projection to the
// store: the execution (a stale sequence is ignored by the store), then the
// log lines (idempotent by key, so a retried projection adds nothing twice).
func (d *Deps) project(ctx context.Context, p workflows.Projection) error {
	if p.Execution != nil {
		if _, err := d.Store.UpsertExecution(ctx, p.Execution, p.Sequence); err != nil {
			return fmt.Errorf("project execution %s: %w", p.Execution.ID, err)
		}
	}
	if len(p.Logs) == 0 {
		return nil
	}
	lines := make([]store.LogLine, len(p.Logs))
	for i, l := range p.Logs {
		lines[i] = store.LogLine{LogEntry: l.LogEntry, Key: l.Key}
	}
	if _, err := d.Store.AppendLogs(ctx, lines); err != nil {
		return fmt.Errorf("project logs: %w", err)
	}
	return nil
}
