package activities

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// Log batching: lines reach the store at least every flushInterval; at most
// maxPending lines wait when the store is failing (older ones are dropped).
const (
	flushInterval = 200 * time.Millisecond
	maxPending    = 10000
)

// taskLogger writes a task attempt's log lines to the store in batches. Each
// line's key is <taskRunId>/<kestraAttempt>/<temporalAttempt>/<seq>, so a
// retried write never duplicates a line and a re-run attempt (after a worker
// died) keeps its own lines.
type taskLogger struct {
	deps     *Deps
	template kestra.LogEntry
	prefix   string
	minLevel kestra.Level
	mask     func(string) string

	mu      sync.Mutex
	seq     int64
	pending []store.LogLine
	dropped int
	closed  bool

	stop chan struct{}
	done chan struct{}
}

func newTaskLogger(d *Deps, req workflows.TaskRequest, attempt, temporalAttempt int, mask func(string) string) *taskLogger {
	tr := req.TaskRun
	a := attempt
	l := &taskLogger{
		deps: d,
		template: kestra.LogEntry{
			Namespace: tr.Namespace, FlowID: tr.FlowID, TaskID: tr.TaskID, ExecutionID: tr.ExecutionID,
			TaskRunID: tr.ID, AttemptNumber: &a, Thread: "worker", TenantID: tr.TenantID,
		},
		prefix: fmt.Sprintf("%s/%d/%d/", tr.ID, attempt, temporalAttempt),
		mask:   mask,
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	if l.template.TenantID == "" {
		l.template.TenantID = "main"
	}
	if req.Task != nil && req.Task.LogLevel != "" {
		if lv, err := kestra.ParseLevel(req.Task.LogLevel); err == nil {
			l.minLevel = lv
		}
	}
	go l.loop()
	return l
}

// add queues a line.
func (l *taskLogger) add(level kestra.Level, msg string) {
	if level < l.minLevel {
		return
	}
	if l.mask != nil {
		msg = l.mask(msg)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	l.seq++
	e := l.template
	e.Timestamp = time.Now()
	e.Level = level
	e.Message = msg
	l.pending = append(l.pending, store.LogLine{LogEntry: e, Seq: l.seq, Key: fmt.Sprintf("%s%d", l.prefix, l.seq)})
	if len(l.pending) > maxPending {
		n := len(l.pending) - maxPending
		l.pending = append(l.pending[:0], l.pending[n:]...)
		l.dropped += n
	}
}

func (l *taskLogger) Infof(format string, args ...any) {
	l.add(kestra.LevelInfo, fmt.Sprintf(format, args...))
}

func (l *taskLogger) loop() {
	defer close(l.done)
	t := time.NewTicker(flushInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if err := l.flush(ctx); err != nil {
				l.deps.Logger.Warn("write task logs", "error", err)
			}
			cancel()
		case <-l.stop:
			return
		}
	}
}

// flush writes the queued lines; on error they stay queued.
func (l *taskLogger) flush(ctx context.Context) error {
	l.mu.Lock()
	batch := l.pending
	l.pending = nil
	dropped := l.dropped
	l.dropped = 0
	l.mu.Unlock()
	if dropped > 0 {
		l.deps.Logger.Warn("task log lines dropped while the store was failing", "taskRunId", l.template.TaskRunID, "lines", dropped)
	}
	if len(batch) == 0 {
		return nil
	}
	if _, err := l.deps.Store.AppendLogs(ctx, batch); err != nil {
		l.mu.Lock()
		l.pending = append(batch, l.pending...)
		l.mu.Unlock()
		return fmt.Errorf("append %d lines: %w", len(batch), err)
	}
	return nil
}

// close stops the background flusher and writes what is left.
func (l *taskLogger) close(ctx context.Context) error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	l.mu.Unlock()
	close(l.stop)
	<-l.done
	return l.flush(ctx)
}
