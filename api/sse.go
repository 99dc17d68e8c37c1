package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

var durations = regexp.MustCompile(`"duration":"[^"]*"`)

// sse writes a server-sent event stream.
type sse struct {
	w http.ResponseWriter
	f http.Flusher
}

func startSSE(w http.ResponseWriter) (*sse, error) {
	f, ok := w.(http.Flusher)
	if !ok {
		return nil, fmt.Errorf("api: streaming is not supported by this connection")
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("Connection", "keep-alive")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	f.Flush()
	return &sse{w: w, f: f}, nil
}

// event writes one event whose data is v as JSON.
func (s *sse) event(id string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("api: sse event: %w", err)
	}
	return s.raw(id, b)
}

func (s *sse) raw(id string, data []byte) error {
	if _, err := fmt.Fprintf(s.w, "id: %s\ndata: %s\n\n", id, data); err != nil {
		return err
	}
	s.f.Flush()
	return nil
}

// heartbeat writes a comment line, which clients ignore.
func (s *sse) heartbeat() error {
	if _, err := s.w.Write([]byte(": heartbeat\n\n")); err != nil {
		return err
	}
	s.f.Flush()
	return nil
}

// awaitExecution waits up to Config.FollowWait for an execution to be stored (a
// follow may race the creation), as Kestra does.
func (s *server) awaitExecution(ctx context.Context, id string, wake <-chan struct{}) (*kestra.Execution, error) {
	timeout := time.NewTimer(s.cfg.FollowWait)
	defer timeout.Stop()
	poll := time.NewTicker(250 * time.Millisecond)
	defer poll.Stop()
	for {
		e, err := s.store.GetExecution(ctx, id)
		if kestra.ErrorCode(err) != kestra.ENOTFOUND {
			return e, err
		}
		select {
		case <-wake:
		case <-poll.C:
		case <-timeout.C:
			return nil, kestra.Errorf(kestra.ENOTFOUND, "Execution not found: %s", id)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// followExecution is GET /executions/{id}/follow: `progress` events with
// the execution on each change, then one `end` event when it terminates.
func (s *server) followExecution(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := chi.URLParam(r, "executionId")
	wake, err := s.store.WatchExecution(ctx, id) // before the first read
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.awaitExecution(ctx, id, wake)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	stream, err := startSSE(w)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	heartbeat := time.NewTicker(s.cfg.Heartbeat)
	defer heartbeat.Stop()
	poll := time.NewTicker(2 * time.Second) // in case a notification is lost
	defer poll.Stop()
	var last []byte
	for {
		b, err := json.Marshal(e)
		if err != nil {
			s.log.ErrorContext(ctx, "follow: cannot encode execution", "execution", id, "err", err)
			return
		}
		if e.State.Current.IsTerminated() {
			_ = stream.raw("end", b)
			return
		}
		// The duration of a running state grows at each read: ignore it
		// when deciding whether the execution changed.
		if fp := durations.ReplaceAll(b, nil); !bytes.Equal(fp, last) {
			if err := stream.raw("progress", b); err != nil {
				return
			}
			last = fp
		}
		select {
		case _, ok := <-wake:
			if !ok {
				return
			}
		case <-poll.C:
		case <-heartbeat.C:
			if err := stream.heartbeat(); err != nil {
				return
			}
			continue
		case <-ctx.Done():
			return
		}
		cur, err := s.store.GetExecution(ctx, id)
		if err != nil {
			if ctx.Err() == nil {
				s.log.WarnContext(ctx, "follow: cannot read execution", "execution", id, "err", err)
			}
			return
		}
		e = cur
	}
}

// followLogs is GET /logs/{id}/follow: the stored lines, then new ones as
// they arrive, each a `progress` event. The stream never ends by itself.
func (s *server) followLogs(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := logFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lines, errc := store.FollowLogs(ctx, s.store, chi.URLParam(r, "executionId"), f)
	stream, err := startSSE(w)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	heartbeat := time.NewTicker(s.cfg.Heartbeat)
	defer heartbeat.Stop()
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				select {
				case err := <-errc:
					s.log.WarnContext(ctx, "follow logs ended", "err", err)
				default:
				}
				return
			}
			if err := stream.event("progress", l.LogEntry); err != nil {
				return
			}
		case <-heartbeat.C:
			if err := stream.heartbeat(); err != nil {
				return
			}
		case <-ctx.Done():
			return
		}
	}
}
