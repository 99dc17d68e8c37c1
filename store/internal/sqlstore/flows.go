package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/store/internal/sqlq"
)

const flowCols = "f.namespace, f.id, f.revision, f.source, f.deleted, f.disabled, f.labels, f.updated, f.document"

func scanFlow(r Row) (*store.Flow, error) {
	var f store.Flow
	var labels, doc []byte
	var updated nullTime
	if err := r.Scan(&f.Namespace, &f.ID, &f.Revision, &f.Source, &f.Deleted, &f.Disabled, &labels, &updated, &doc); err != nil {
		return nil, err
	}
	f.Updated = updated.T
	if len(labels) > 0 {
		if err := json.Unmarshal(labels, &f.Labels); err != nil {
			return nil, fmt.Errorf("labels: %w", err)
		}
	}
	if len(doc) > 0 && string(doc) != "null" {
		f.Document = json.RawMessage(doc)
	}
	return &f, nil
}

type flowMode int

const (
	modeCreate flowMode = iota
	modeUpdate
	modeSave
	modeDelete
)

// CreateFlow implements store.FlowStore.
func (s *Store) CreateFlow(ctx context.Context, f *store.Flow) (*store.Flow, error) {
	return s.writeFlow(ctx, f, modeCreate)
}

// UpdateFlow implements store.FlowStore.
func (s *Store) UpdateFlow(ctx context.Context, f *store.Flow) (*store.Flow, error) {
	return s.writeFlow(ctx, f, modeUpdate)
}

// SaveFlow implements store.FlowStore.
func (s *Store) SaveFlow(ctx context.Context, f *store.Flow) (*store.Flow, error) {
	return s.writeFlow(ctx, f, modeSave)
}

// DeleteFlow implements store.FlowStore.
func (s *Store) DeleteFlow(ctx context.Context, namespace, id string) (*store.Flow, error) {
	if err := store.ValidateFlowKey(namespace, id); err != nil {
		return nil, err
	}
	return s.writeFlow(ctx, &store.Flow{Namespace: namespace, ID: id}, modeDelete)
}

func (s *Store) writeFlow(ctx context.Context, in *store.Flow, mode flowMode) (*store.Flow, error) {
	if mode != modeDelete {
		if err := store.ValidateFlow(in); err != nil {
			return nil, err
		}
	}
	var out *store.Flow
	err := s.b.InTx(ctx, func(tx Tx) error {
		if err := tx.Lock(ctx, "flow:"+in.Namespace+"/"+in.ID); err != nil {
			return err
		}
		latest, err := scanFlow(tx.QueryRow(ctx, "SELECT "+flowCols+" FROM flows f WHERE f.namespace = $1 AND f.id = $2 AND f.latest",
			in.Namespace, in.ID))
		if err != nil && !isNoRows(err) {
			return err
		}
		live := latest != nil && !latest.Deleted
		next := &store.Flow{
			Namespace: in.Namespace, ID: in.ID, Revision: 1, Source: in.Source, Disabled: in.Disabled,
			Labels: in.Labels, Document: in.Document, Updated: s.now().UTC(),
		}
		if latest != nil {
			next.Revision = latest.Revision + 1
		}
		switch {
		case mode == modeCreate && live:
			return kestra.Errorf(kestra.ECONFLICT, "Flow id already exists")
		case (mode == modeUpdate || mode == modeDelete) && !live:
			return kestra.Errorf(kestra.ENOTFOUND, "flow %s.%s not found", in.Namespace, in.ID)
		case mode == modeDelete:
			next.Source, next.Disabled, next.Labels, next.Document = latest.Source, latest.Disabled, latest.Labels, latest.Document
			next.Deleted = true
		case live && latest.Source == in.Source:
			out = latest // unchanged: no new revision
			return nil
		}
		if latest != nil {
			if _, err := tx.Exec(ctx, "UPDATE flows SET latest = FALSE WHERE namespace = $1 AND id = $2 AND latest", in.Namespace, in.ID); err != nil {
				return err
			}
		}
		labels, err := labelsJSON(next.Labels)
		if err != nil {
			return err
		}
		var doc any
		if len(next.Document) > 0 {
			doc = string(next.Document)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO flows (namespace, id, revision, source, deleted, disabled, labels, updated, document, latest)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, TRUE)`,
			next.Namespace, next.ID, next.Revision, next.Source, next.Deleted, next.Disabled, labels, s.d.Time(next.Updated), doc); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		if kestra.ErrorCode(err) != kestra.EINTERNAL {
			return nil, err
		}
		return nil, fmt.Errorf("store: write flow %s.%s: %w", in.Namespace, in.ID, err)
	}
	return out, nil
}

// GetFlow implements store.FlowStore.
func (s *Store) GetFlow(ctx context.Context, namespace, id string, opts store.GetFlowOptions) (*store.Flow, error) {
	var f *store.Flow
	var err error
	if opts.Revision > 0 {
		f, err = scanFlow(s.b.QueryRow(ctx, "SELECT "+flowCols+" FROM flows f WHERE f.namespace = $1 AND f.id = $2 AND f.revision = $3",
			namespace, id, opts.Revision))
	} else {
		f, err = scanFlow(s.b.QueryRow(ctx, "SELECT "+flowCols+" FROM flows f WHERE f.namespace = $1 AND f.id = $2 AND f.latest",
			namespace, id))
	}
	if isNoRows(err) || (err == nil && f.Deleted && !opts.AllowDeleted) {
		return nil, kestra.Errorf(kestra.ENOTFOUND, "flow %s.%s not found", namespace, id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: get flow %s.%s: %w", namespace, id, err)
	}
	return f, nil
}

func (s *Store) queryFlows(ctx context.Context, sqlText string, args ...any) ([]*store.Flow, error) {
	rows, err := s.b.Query(ctx, sqlText, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*store.Flow
	for rows.Next() {
		f, err := scanFlow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// FlowRevisions implements store.FlowStore.
func (s *Store) FlowRevisions(ctx context.Context, namespace, id string) ([]*store.Flow, error) {
	out, err := s.queryFlows(ctx, "SELECT "+flowCols+" FROM flows f WHERE f.namespace = $1 AND f.id = $2 ORDER BY f.revision", namespace, id)
	if err != nil {
		return nil, fmt.Errorf("store: flow revisions %s.%s: %w", namespace, id, err)
	}
	if len(out) == 0 {
		return nil, kestra.Errorf(kestra.ENOTFOUND, "flow %s.%s not found", namespace, id)
	}
	return out, nil
}

// ListFlows implements store.FlowStore.
func (s *Store) ListFlows(ctx context.Context, namespace string) ([]*store.Flow, error) {
	out, err := s.queryFlows(ctx, "SELECT "+flowCols+" FROM flows f WHERE f.namespace = $1 AND f.latest AND NOT f.deleted ORDER BY f.id", namespace)
	if err != nil {
		return nil, fmt.Errorf("store: list flows %s: %w", namespace, err)
	}
	return out, nil
}

// SearchFlows implements store.FlowStore.
func (s *Store) SearchFlows(ctx context.Context, q store.Query) (store.Results[*store.Flow], error) {
	var res store.Results[*store.Flow]
	total, err := s.search(ctx, store.ResourceFlows, sqlq.Flows, q, flowCols, "flows f", "f.latest AND NOT f.deleted", "", func(r Rows) error {
		f, err := scanFlow(r)
		if err == nil {
			res.Results = append(res.Results, f)
		}
		return err
	})
	res.Total = total
	return res, err
}

// DistinctNamespaces implements store.FlowStore.
func (s *Store) DistinctNamespaces(ctx context.Context) ([]string, error) {
	rows, err := s.b.Query(ctx, "SELECT DISTINCT namespace FROM flows WHERE latest AND NOT deleted ORDER BY namespace")
	if err != nil {
		return nil, fmt.Errorf("store: distinct namespaces: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var ns string
		if err := rows.Scan(&ns); err != nil {
			return nil, fmt.Errorf("store: distinct namespaces: %w", err)
		}
		out = append(out, ns)
	}
	return out, rows.Err()
}
