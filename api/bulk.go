package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

// bulkInvalid is one refused item of Kestra's BulkErrorResponse.
type bulkInvalid struct {
	Message      string `json:"message"`
	InvalidValue string `json:"invalidValue"`
}

// bulkAction applies to one execution; check refuses it before anything
// is done (all or nothing, as Kestra).
type bulkAction struct {
	verb  string
	check func(e *kestra.Execution) error
	apply func(ctx context.Context, e *kestra.Execution) error
}

// bulk reads a JSON list of execution ids, checks every one, and applies
// the action to all when none is refused: {"count": n}, or 422 with the
// refused ids.
func (s *server) bulk(a bulkAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var ids []string
		if err := decodeJSON(r, &ids); err != nil {
			s.fail(w, r, err)
			return
		}
		ctx := r.Context()
		var execs []*kestra.Execution
		var invalids []bulkInvalid
		for _, id := range ids {
			e, err := s.store.GetExecution(ctx, id)
			if kestra.ErrorCode(err) == kestra.ENOTFOUND {
				invalids = append(invalids, bulkInvalid{Message: "execution not found", InvalidValue: id})
				continue
			}
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if err := a.check(e); err != nil {
				invalids = append(invalids, bulkInvalid{Message: kestra.ErrorMessage(err), InvalidValue: id})
				continue
			}
			execs = append(execs, e)
		}
		if len(invalids) > 0 {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
				"message": fmt.Sprintf("invalid bulk %s", a.verb), "invalids": invalids,
			})
			return
		}
		for _, e := range execs {
			if err := a.apply(ctx, e); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		writeJSON(w, http.StatusOK, map[string]int{"count": len(execs)})
	}
}

func (s *server) bulkKill() http.HandlerFunc {
	return s.bulk(bulkAction{
		verb: "kill",
		check: func(e *kestra.Execution) error {
			if e.State.Current.IsTerminated() {
				return kestra.Errorf(kestra.ECONFLICT, "execution already finished")
			}
			return nil
		},
		apply: func(ctx context.Context, e *kestra.Execution) error { return s.exec.Kill(ctx, e.ID) },
	})
}

func (s *server) bulkRestart() http.HandlerFunc {
	return s.bulk(bulkAction{
		verb: "restart",
		check: func(e *kestra.Execution) error {
			if !e.State.Current.IsRestartable() {
				return kestra.Errorf(kestra.EINVALID, "execution is %s, not failed", e.State.Current)
			}
			return nil
		},
		apply: func(ctx context.Context, e *kestra.Execution) error {
			_, err := s.exec.Restart(ctx, e.ID, 0)
			return err
		},
	})
}

func (s *server) bulkResume() http.HandlerFunc {
	return s.bulk(bulkAction{
		verb: "resume",
		check: func(e *kestra.Execution) error {
			if !e.State.Current.IsPaused() {
				return kestra.Errorf(kestra.ECONFLICT, "execution is %s, not paused", e.State.Current)
			}
			return nil
		},
		apply: func(ctx context.Context, e *kestra.Execution) error {
			return s.exec.Resume(ctx, e.ID, map[string]any{})
		},
	})
}

func (s *server) bulkDelete() http.HandlerFunc {
	return s.bulk(bulkAction{
		verb:  "delete",
		check: func(*kestra.Execution) error { return nil },
		apply: func(ctx context.Context, e *kestra.Execution) error {
			if err := s.store.DeleteExecution(ctx, e.ID); err != nil {
				return err
			}
			if _, err := s.store.DeleteLogs(ctx, e.ID, store.LogFilter{}); err != nil {
				s.log.WarnContext(ctx, "cannot delete the logs of a deleted execution", "execution", e.ID, "err", err)
			}
			s.discardFiles(ctx, e.Namespace, e.FlowID, e.ID)
			return nil
		},
	})
}
