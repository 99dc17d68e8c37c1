package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/store/internal/notify"
	"github.com/kestra-temporal/kestra-temporal/store/internal/sqlq"
)

const insertLogSQL = `INSERT INTO logs (line_key, seq, namespace, flow_id, task_id, execution_id, task_run_id, attempt,
	trigger_id, ts, level, thread, message, tenant_id, execution_kind)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
ON CONFLICT (line_key) DO NOTHING`

const logCols = `l.id, l.line_key, l.seq, l.namespace, l.flow_id, l.task_id, l.execution_id, l.task_run_id, l.attempt,
	l.trigger_id, l.ts, l.level, l.thread, l.message, l.tenant_id, l.execution_kind`

func scanLog(r Row) (store.LogLine, error) {
	var l store.LogLine
	var attempt int
	var ts nullTime
	var level int
	err := r.Scan(&l.ID, &l.Key, &l.Seq, &l.Namespace, &l.FlowID, &l.TaskID, &l.ExecutionID, &l.TaskRunID, &attempt,
		&l.TriggerID, &ts, &level, &l.Thread, &l.Message, &l.TenantID, &l.ExecutionKind)
	if attempt >= 0 {
		l.AttemptNumber = &attempt
	}
	l.Timestamp, l.Level = ts.T, kestra.Level(level)
	return l, err
}

// AppendLog implements store.LogStore.
func (s *Store) AppendLog(ctx context.Context, line store.LogLine) (bool, error) {
	n, err := s.AppendLogs(ctx, []store.LogLine{line})
	return n == 1, err
}

// AppendLogs implements store.LogStore.
func (s *Store) AppendLogs(ctx context.Context, lines []store.LogLine) (int, error) {
	if len(lines) == 0 {
		return 0, nil
	}
	rows := make([][]any, len(lines))
	execs := map[string]bool{}
	for i := range lines {
		l := &lines[i]
		key, err := store.ValidateLogLine(l)
		if err != nil {
			return 0, err
		}
		attempt := -1
		if l.AttemptNumber != nil {
			attempt = *l.AttemptNumber
		}
		rows[i] = []any{key, l.Seq, l.Namespace, l.FlowID, l.TaskID, l.ExecutionID, l.TaskRunID, attempt,
			l.TriggerID, s.d.Time(l.Timestamp), int(l.Level), l.Thread, l.Message, l.TenantID, l.ExecutionKind}
		if l.ExecutionID != "" {
			execs[l.ExecutionID] = true
		}
	}
	if la, ok := s.b.(LogAppender); ok {
		n, err := la.AppendLogRows(ctx, rows)
		if err != nil {
			return 0, fmt.Errorf("store: append logs: %w", err)
		}
		return int(n), nil
	}
	var inserted int64
	err := s.b.InTx(ctx, func(tx Tx) error {
		n, err := tx.ExecBatch(ctx, insertLogSQL, rows)
		if err != nil {
			return err
		}
		inserted = n
		if n > 0 {
			for id := range execs {
				tx.Notify(notify.LogTopic(id))
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: append logs: %w", err)
	}
	return int(inserted), nil
}

func logFilterSQL(a *sqlq.Args, executionID string, f store.LogFilter) string {
	conds := []string{"l.execution_id = " + a.Add(executionID)}
	if f.MinLevel > 0 {
		conds = append(conds, "l.level >= "+a.Add(int(f.MinLevel)))
	}
	if f.TaskID != "" {
		conds = append(conds, "l.task_id = "+a.Add(f.TaskID))
	}
	if f.TaskRunID != "" {
		conds = append(conds, "l.task_run_id = "+a.Add(f.TaskRunID))
	}
	if f.Attempt != nil {
		conds = append(conds, "l.attempt = "+a.Add(*f.Attempt))
	}
	if f.AfterID > 0 {
		conds = append(conds, "l.id > "+a.Add(f.AfterID))
	}
	return strings.Join(conds, " AND ")
}

// ExecutionLogs implements store.LogStore.
func (s *Store) ExecutionLogs(ctx context.Context, executionID string, f store.LogFilter) ([]store.LogLine, error) {
	a := s.args()
	rows, err := s.b.Query(ctx, "SELECT "+logCols+" FROM logs l WHERE "+logFilterSQL(a, executionID, f)+" ORDER BY l.id", a.Vals...)
	if err != nil {
		return nil, fmt.Errorf("store: execution logs %s: %w", executionID, err)
	}
	defer rows.Close()
	out := []store.LogLine{}
	for rows.Next() {
		l, err := scanLog(rows)
		if err != nil {
			return nil, fmt.Errorf("store: execution logs %s: %w", executionID, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// SearchLogs implements store.LogStore.
func (s *Store) SearchLogs(ctx context.Context, q store.Query) (store.Results[store.LogLine], error) {
	var res store.Results[store.LogLine]
	total, err := s.search(ctx, store.ResourceLogs, sqlq.Logs, q, logCols, "logs l", "", "", func(r Rows) error {
		l, err := scanLog(r)
		if err == nil {
			res.Results = append(res.Results, l)
		}
		return err
	})
	res.Total = total
	return res, err
}

// DeleteLogs implements store.LogStore.
func (s *Store) DeleteLogs(ctx context.Context, executionID string, f store.LogFilter) (int64, error) {
	a := s.args()
	n, err := s.b.Exec(ctx, "DELETE FROM logs AS l WHERE "+logFilterSQL(a, executionID, f), a.Vals...)
	if err != nil {
		return 0, fmt.Errorf("store: delete logs %s: %w", executionID, err)
	}
	return n, nil
}

// DeleteFlowLogs implements store.LogStore.
func (s *Store) DeleteFlowLogs(ctx context.Context, namespace, flowID, triggerID string) (int64, error) {
	sqlText := "DELETE FROM logs WHERE namespace = $1 AND flow_id = $2"
	args := []any{namespace, flowID}
	if triggerID != "" {
		sqlText += " AND trigger_id = $3"
		args = append(args, triggerID)
	}
	n, err := s.b.Exec(ctx, sqlText, args...)
	if err != nil {
		return 0, fmt.Errorf("store: delete logs of %s.%s: %w", namespace, flowID, err)
	}
	return n, nil
}

// WatchLogs implements store.LogStore.
func (s *Store) WatchLogs(ctx context.Context, executionID string) (<-chan struct{}, error) {
	return s.b.Watch(ctx, notify.LogTopic(executionID))
}
