package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// io.kestra.plugin.core.log.Fetch: the log lines of an execution (this one
// unless executionId is set), at level (default INFO) and above, optionally
// of some tasks only, written one ION struct per line to internal storage;
// outputs size (lines) and uri.
func init() {
	register("io.kestra.plugin.core.log.Fetch", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		if _, err := r.storageOrFail(); err != nil {
			return workflows.TaskResult{}, err
		}
		execID, err := r.fetchExecution(ctx)
		if err != nil {
			return workflows.TaskResult{}, err
		}
		tasks, _, err := r.listProp("tasksId")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		lv, err := r.str("level", "INFO")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		level, err := kestra.ParseLevel(lv)
		if err != nil {
			return workflows.TaskResult{}, fail("level: %s", kestra.ErrorMessage(err))
		}
		var lines []store.LogLine
		if len(tasks) == 0 {
			tasks = []string{""}
		}
		for _, id := range tasks {
			ls, err := r.deps.Store.ExecutionLogs(ctx, execID, store.LogFilter{MinLevel: level, TaskID: id})
			if err != nil {
				return workflows.TaskResult{}, fmt.Errorf("fetch logs of %s: %w", execID, err)
			}
			lines = append(lines, ls...)
		}
		uri, err := r.storeNew(ctx, ".ion", func(w io.Writer) error {
			for _, l := range lines {
				if _, err := io.WriteString(w, ionLogEntry(l.LogEntry)+"\n"); err != nil {
					return fmt.Errorf("write logs: %w", err)
				}
			}
			return nil
		})
		if err != nil {
			return workflows.TaskResult{}, err
		}
		return workflows.TaskResult{Outputs: map[string]any{"size": int64(len(lines)), "uri": uri}}, nil
	})
}

// fetchExecution resolves the execution whose logs are fetched: this one,
// or executionId, which must belong to namespace/flowId (default this
// flow).
func (r *run) fetchExecution(ctx context.Context) (string, error) {
	id, err := r.str("executionId", "")
	if err != nil || id == "" || id == r.req.TaskRun.ExecutionID {
		return r.req.TaskRun.ExecutionID, err
	}
	ns, err := r.str("namespace", r.req.TaskRun.Namespace)
	if err != nil {
		return "", err
	}
	flow, err := r.str("flowId", r.req.TaskRun.FlowID)
	if err != nil {
		return "", err
	}
	e, err := r.deps.Store.GetExecution(ctx, id)
	if kestra.ErrorCode(err) == kestra.ENOTFOUND || err == nil && (e.Namespace != ns || e.FlowID != flow) {
		return "", fail("Unable to find execution '%s' of flow '%s' in namespace '%s'", id, flow, ns)
	}
	if err != nil {
		return "", fmt.Errorf("fetch logs: %w", err)
	}
	return id, nil
}

// ionLogEntry writes a log entry as an ION struct, as Kestra's FileSerde
// does.
func ionLogEntry(e kestra.LogEntry) string {
	var b strings.Builder
	b.WriteByte('{')
	field := func(name, value string) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(value)
	}
	str := func(name, v string) {
		if v != "" {
			q, _ := json.Marshal(v) // JSON string escapes are valid ION
			field(name, string(q))
		}
	}
	str("namespace", e.Namespace)
	str("flowId", e.FlowID)
	str("taskId", e.TaskID)
	str("executionId", e.ExecutionID)
	str("taskRunId", e.TaskRunID)
	if e.AttemptNumber != nil {
		field("attemptNumber", strconv.Itoa(*e.AttemptNumber))
	}
	str("triggerId", e.TriggerID)
	field("timestamp", kestra.FormatInstant(e.Timestamp))
	str("level", e.Level.String())
	str("thread", e.Thread)
	str("message", e.Message)
	str("tenantId", e.TenantID)
	b.WriteByte('}')
	return b.String()
}
