package sqlstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"runtime"
	"sync"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/store/internal/notify"
	"github.com/kestra-temporal/kestra-temporal/store/internal/sqlq"
)

const upsertExecutionSQL = `INSERT INTO executions (id, seq, namespace, flow_id, flow_revision, state, start_date, end_date,
	labels, parent_id, original_id, trigger_execution_id, document, updated)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, namespace = excluded.namespace, flow_id = excluded.flow_id,
	flow_revision = excluded.flow_revision, state = excluded.state, start_date = excluded.start_date,
	end_date = excluded.end_date, labels = excluded.labels, parent_id = excluded.parent_id,
	original_id = excluded.original_id, trigger_execution_id = excluded.trigger_execution_id,
	document = excluded.document, updated = excluded.updated
WHERE executions.seq < excluded.seq`

var taskRunCols = []string{"execution_id", "id", "position", "namespace", "flow_id", "task_id", "value",
	"parent_task_run_id", "state", "start_date", "end_date", "attempts", "doc_hash", "document"}

const updateTaskRunSQL = `UPDATE task_runs SET position = $3, namespace = $4, flow_id = $5, task_id = $6, value = $7,
	parent_task_run_id = $8, state = $9, start_date = $10, end_date = $11, attempts = $12, doc_hash = $13, document = $14
WHERE execution_id = $1 AND id = $2`

// docHash fingerprints a task run document, to skip rewriting unchanged
// rows. The "duration" fields are left out: a running state's duration is
// computed from the clock at marshal time, not data.
func docHash(b []byte) int64 {
	h := fnv.New64a()
	key := []byte(`"duration":"`)
	for {
		i := bytes.Index(b, key)
		if i < 0 {
			break
		}
		_, _ = h.Write(b[:i])
		rest := b[i+len(key):]
		j := bytes.IndexByte(rest, '"')
		if j < 0 {
			b = rest
			break
		}
		b = rest[j+1:]
	}
	_, _ = h.Write(b)
	return int64(h.Sum64())
}

func validateExecution(e *kestra.Execution) error {
	switch {
	case e == nil:
		return kestra.Errorf(kestra.EINVALID, "execution: missing")
	case e.ID == "":
		return kestra.Errorf(kestra.EINVALID, "id: missing execution id")
	case e.Namespace == "" || e.FlowID == "":
		return kestra.Errorf(kestra.EINVALID, "namespace/flowId: missing")
	case !e.State.Current.Valid():
		return kestra.Errorf(kestra.EINVALID, "state: invalid state %q", e.State.Current)
	}
	seen := make(map[string]bool, len(e.TaskRunList))
	for i := range e.TaskRunList {
		tr := &e.TaskRunList[i]
		if tr.ID == "" || seen[tr.ID] {
			return kestra.Errorf(kestra.EINVALID, "taskRunList: missing or duplicate task run id at %d", i)
		}
		if tr.ExecutionID != "" && tr.ExecutionID != e.ID {
			return kestra.Errorf(kestra.EINVALID, "taskRunList: task run %s belongs to execution %s", tr.ID, tr.ExecutionID)
		}
		seen[tr.ID] = true
	}
	return nil
}

// UpsertExecution implements store.ExecutionStore.
func (s *Store) UpsertExecution(ctx context.Context, e *kestra.Execution, seq int64) (bool, error) {
	if err := validateExecution(e); err != nil {
		return false, err
	}
	head := *e
	head.TaskRunList = nil
	doc, err := json.Marshal(&head)
	if err != nil {
		return false, fmt.Errorf("store: upsert execution %s: %w", e.ID, err)
	}
	labels, err := labelsJSON(e.Labels)
	if err != nil {
		return false, fmt.Errorf("store: upsert execution %s: %w", e.ID, err)
	}
	end, _ := e.State.EndDate()
	rows := make([][]any, len(e.TaskRunList))
	for i := range e.TaskRunList {
		tr := e.TaskRunList[i]
		tr.ExecutionID = e.ID
		b, err := json.Marshal(&tr)
		if err != nil {
			return false, fmt.Errorf("store: upsert execution %s: task run %s: %w", e.ID, tr.ID, err)
		}
		trEnd, _ := tr.State.EndDate()
		rows[i] = []any{e.ID, tr.ID, i, tr.Namespace, tr.FlowID, tr.TaskID, tr.Value, tr.ParentTaskRunID,
			string(tr.State.Current), s.t(tr.State.StartDate()), s.t(trEnd), len(tr.Attempts), docHash(b), string(b)}
	}
	var applied bool
	err = s.b.InTx(ctx, func(tx Tx) error {
		n, err := tx.Exec(ctx, upsertExecutionSQL, e.ID, seq, e.Namespace, e.FlowID, e.FlowRevision,
			string(e.State.Current), s.t(e.State.StartDate()), s.t(end), labels, nullString(e.ParentID),
			nullString(e.OriginalID), nullString(e.TriggerExecutionID()), string(doc), s.d.Time(s.now()))
		if err != nil || n == 0 {
			return err // n == 0: stale or replayed write, ignored
		}
		applied = true
		if err := s.writeTaskRuns(ctx, tx, e.ID, rows); err != nil {
			return fmt.Errorf("task runs: %w", err)
		}
		tx.Notify(notify.ExecutionTopic(e.ID))
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: upsert execution %s: %w", e.ID, err)
	}
	return applied, nil
}

// writeTaskRuns brings the task run rows of an execution to rows: new ones
// are inserted, changed ones (position or document hash) updated, missing
// ones deleted; unchanged rows are not written. The caller holds the
// execution's row lock, so writers of one execution are serialised.
func (s *Store) writeTaskRuns(ctx context.Context, tx Tx, execID string, rows [][]any) error {
	type stored struct {
		pos  int
		hash int64
	}
	existing := map[string]stored{}
	cur, err := tx.Query(ctx, "SELECT id, position, doc_hash FROM task_runs WHERE execution_id = $1", execID)
	if err != nil {
		return err
	}
	for cur.Next() {
		var id string
		var st stored
		if err := cur.Scan(&id, &st.pos, &st.hash); err != nil {
			cur.Close()
			return err
		}
		existing[id] = st
	}
	cur.Close()
	if err := cur.Err(); err != nil {
		return err
	}
	var inserts, updates [][]any
	for _, r := range rows {
		id := r[1].(string)
		st, ok := existing[id]
		switch {
		case !ok:
			inserts = append(inserts, r)
		case st.pos != r[2].(int) || st.hash != r[12].(int64):
			updates = append(updates, r)
		}
		delete(existing, id)
	}
	if len(existing) > 0 {
		stale := make([]string, 0, len(existing))
		for id := range existing {
			stale = append(stale, id)
		}
		a := s.args()
		cond := "execution_id = " + a.Add(execID) + " AND " + s.d.InList(a, "id", stale)
		if _, err := tx.Exec(ctx, "DELETE FROM task_runs WHERE "+cond, a.Vals...); err != nil {
			return fmt.Errorf("delete: %w", err)
		}
	}
	if len(updates) > 0 {
		if _, err := tx.ExecBatch(ctx, updateTaskRunSQL, updates); err != nil {
			return fmt.Errorf("update: %w", err)
		}
	}
	if len(inserts) > 0 {
		if err := tx.Insert(ctx, "task_runs", taskRunCols, inserts); err != nil {
			return fmt.Errorf("insert: %w", err)
		}
	}
	return nil
}

// GetExecution implements store.ExecutionStore.
func (s *Store) GetExecution(ctx context.Context, id string) (*kestra.Execution, error) {
	var doc []byte
	err := s.b.QueryRow(ctx, "SELECT document FROM executions WHERE id = $1", id).Scan(&doc)
	if isNoRows(err) {
		return nil, kestra.Errorf(kestra.ENOTFOUND, "execution %s not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: get execution %s: %w", id, err)
	}
	var e kestra.Execution
	if err := json.Unmarshal(doc, &e); err != nil {
		return nil, fmt.Errorf("store: get execution %s: %w", id, err)
	}
	byExec, err := s.taskRunsOf(ctx, []string{id})
	if err != nil {
		return nil, fmt.Errorf("store: get execution %s: %w", id, err)
	}
	e.TaskRunList = byExec[id]
	return &e, nil
}

// taskRunsOf loads the task runs of executions, in list order.
func (s *Store) taskRunsOf(ctx context.Context, ids []string) (map[string][]kestra.TaskRun, error) {
	a := s.args()
	var cond string
	if len(ids) == 1 {
		cond = "execution_id = " + a.Add(ids[0])
	} else {
		cond = s.d.InList(a, "execution_id", ids)
	}
	rows, err := s.b.Query(ctx, "SELECT execution_id, document FROM task_runs WHERE "+cond+" ORDER BY execution_id, position", a.Vals...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type rawRun struct {
		execID string
		doc    []byte
	}
	var raws []rawRun
	for rows.Next() {
		var r rawRun
		if err := rows.Scan(&r.execID, &r.doc); err != nil {
			return nil, err
		}
		raws = append(raws, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	runs := make([]kestra.TaskRun, len(raws))
	if err := decodeParallel(len(raws), func(i int) error { return json.Unmarshal(raws[i].doc, &runs[i]) }); err != nil {
		return nil, err
	}
	out := make(map[string][]kestra.TaskRun, len(ids))
	for i := 0; i < len(raws); {
		j := i
		for j < len(raws) && raws[j].execID == raws[i].execID {
			j++
		}
		out[raws[i].execID] = runs[i:j:j]
		i = j
	}
	return out, nil
}

// decodeParallel runs decode(0..n-1) on up to GOMAXPROCS goroutines when n
// is large enough to be worth it.
func decodeParallel(n int, decode func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n/256)
	if workers < 2 {
		for i := range n {
			if err := decode(i); err != nil {
				return err
			}
		}
		return nil
	}
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if err := decode(i); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// SearchExecutions implements store.ExecutionStore.
func (s *Store) SearchExecutions(ctx context.Context, q store.Query, opts store.SearchExecutionsOptions) (store.Results[*kestra.Execution], error) {
	var res store.Results[*kestra.Execution]
	total, err := s.search(ctx, store.ResourceExecutions, sqlq.Executions, q, "e.document", "executions e", "", "e.id", func(r Rows) error {
		var doc []byte
		if err := r.Scan(&doc); err != nil {
			return err
		}
		var e kestra.Execution
		if err := json.Unmarshal(doc, &e); err != nil {
			return err
		}
		res.Results = append(res.Results, &e)
		return nil
	})
	res.Total = total
	if err != nil || !opts.WithTaskRuns || len(res.Results) == 0 {
		return res, err
	}
	ids := make([]string, len(res.Results))
	for i, e := range res.Results {
		ids[i] = e.ID
	}
	byExec, err := s.taskRunsOf(ctx, ids)
	if err != nil {
		return res, fmt.Errorf("store: search executions: task runs: %w", err)
	}
	for _, e := range res.Results {
		e.TaskRunList = byExec[e.ID]
	}
	return res, nil
}

// DeleteExecution implements store.ExecutionStore.
func (s *Store) DeleteExecution(ctx context.Context, id string) error {
	err := s.b.InTx(ctx, func(tx Tx) error {
		n, err := tx.Exec(ctx, "DELETE FROM executions WHERE id = $1", id)
		if err != nil {
			return err
		}
		if n == 0 {
			return kestra.Errorf(kestra.ENOTFOUND, "execution %s not found", id)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM task_runs WHERE execution_id = $1", id); err != nil {
			return err
		}
		tx.Notify(notify.ExecutionTopic(id))
		return nil
	})
	if err != nil && kestra.ErrorCode(err) == kestra.EINTERNAL {
		return fmt.Errorf("store: delete execution %s: %w", id, err)
	}
	return err
}

// WatchExecution implements store.ExecutionStore.
func (s *Store) WatchExecution(ctx context.Context, id string) (<-chan struct{}, error) {
	return s.b.Watch(ctx, notify.ExecutionTopic(id))
}

// SearchTaskRuns implements store.TaskRunStore.
func (s *Store) SearchTaskRuns(ctx context.Context, q store.Query) (store.Results[*kestra.TaskRun], error) {
	var res store.Results[*kestra.TaskRun]
	total, err := s.search(ctx, store.ResourceTaskRuns, sqlq.TaskRuns, q, "t.document", "task_runs t", "", "t.execution_id, t.id", func(r Rows) error {
		var doc []byte
		if err := r.Scan(&doc); err != nil {
			return err
		}
		var tr kestra.TaskRun
		if err := json.Unmarshal(doc, &tr); err != nil {
			return err
		}
		res.Results = append(res.Results, &tr)
		return nil
	})
	res.Total = total
	return res, err
}

// GetTaskRun implements store.TaskRunStore.
func (s *Store) GetTaskRun(ctx context.Context, id string) (*kestra.TaskRun, error) {
	var doc []byte
	err := s.b.QueryRow(ctx, "SELECT document FROM task_runs WHERE id = $1 LIMIT 1", id).Scan(&doc)
	if isNoRows(err) {
		return nil, kestra.Errorf(kestra.ENOTFOUND, "task run %s not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: get task run %s: %w", id, err)
	}
	var tr kestra.TaskRun
	if err := json.Unmarshal(doc, &tr); err != nil {
		return nil, fmt.Errorf("store: get task run %s: %w", id, err)
	}
	return &tr, nil
}
