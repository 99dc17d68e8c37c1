package devserver

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"

	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/log/tag"
)

// serverLogger adapts the Temporal server's log.Logger to log/slog.
//
// The server calls Fatal when it cannot go on, expecting the process to exit
// (a busy port is one case). Here Fatal records the error, logs it and ends
// the calling goroutine with runtime.Goexit: if that is the goroutine running
// the server's construction or start, Start returns the error instead of the
// process dying; elsewhere only that goroutine ends.
type serverLogger struct {
	log   *slog.Logger
	level *levelFloor
	fatal *fatalSlot
	attrs []slog.Attr
}

var (
	_ log.Logger     = serverLogger{}
	_ log.WithLogger = serverLogger{}
)

// levelFloor is the configured level, raised above error while stopping:
// the server then logs the in-flight calls it cancels as warnings and errors.
type levelFloor struct {
	base     slog.Leveler
	stopping atomic.Bool
}

func (l *levelFloor) Level() slog.Level {
	if l.stopping.Load() {
		return max(l.base.Level(), slog.LevelError+1)
	}
	return l.base.Level()
}

// benign are messages the server logs at warn or above in every start of
// this configuration, which need no action.
var benign = map[string]bool{
	// No frontend HTTP port is configured: the Nexus HTTP endpoints are off.
	"HTTP API port has not been set. Nexus HTTP endpoints will not be available. " +
		"To enable Nexus, follow these instructions: " +
		"https://github.com/temporalio/temporal/blob/main/docs/architecture/nexus.md#enabling-nexus.": true,
}

// fatalSlot keeps the first fatal error the server reported.
type fatalSlot struct {
	mu  sync.Mutex
	err error
}

func (f *fatalSlot) set(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = err
	}
}

func (f *fatalSlot) get() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

func newServerLogger(l *slog.Logger, level slog.Leveler) serverLogger {
	return serverLogger{
		log:   l.With("component", "temporal"),
		level: &levelFloor{base: level},
		fatal: &fatalSlot{},
	}
}

func (s serverLogger) Debug(msg string, tags ...tag.Tag) { s.emit(slog.LevelDebug, msg, tags) }
func (s serverLogger) Info(msg string, tags ...tag.Tag)  { s.emit(slog.LevelInfo, msg, tags) }
func (s serverLogger) Warn(msg string, tags ...tag.Tag)  { s.emit(slog.LevelWarn, msg, tags) }
func (s serverLogger) Error(msg string, tags ...tag.Tag) { s.emit(slog.LevelError, msg, tags) }

// DPanic panics only in development builds of the server: an error here.
func (s serverLogger) DPanic(msg string, tags ...tag.Tag) { s.emit(slog.LevelError, msg, tags) }

// Panic logs and panics, as the interface promises.
func (s serverLogger) Panic(msg string, tags ...tag.Tag) {
	s.emit(slog.LevelError, msg, tags)
	panic(s.describe(msg, tags))
}

// Fatal logs, records the error for Start and ends the calling goroutine.
func (s serverLogger) Fatal(msg string, tags ...tag.Tag) {
	s.emit(slog.LevelError, msg, tags)
	s.fatal.set(fmt.Errorf("temporal server: %s", s.describe(msg, tags)))
	runtime.Goexit()
}

func (s serverLogger) With(tags ...tag.Tag) log.Logger {
	c := s
	c.attrs = append(append([]slog.Attr(nil), s.attrs...), tagsToAttrs(tags)...)
	return c
}

func (s serverLogger) emit(level slog.Level, msg string, tags []tag.Tag) {
	if level < s.level.Level() || (level <= slog.LevelWarn && benign[msg]) {
		return
	}
	ctx := context.Background()
	if !s.log.Enabled(ctx, level) {
		return
	}
	attrs := tagsToAttrs(tags)
	if len(s.attrs) > 0 {
		attrs = append(append([]slog.Attr(nil), s.attrs...), attrs...)
	}
	s.log.LogAttrs(ctx, level, msg, attrs...)
}

func (s serverLogger) describe(msg string, tags []tag.Tag) string {
	for _, t := range tags {
		if t.Key() == "error" {
			return fmt.Sprintf("%s: %v", msg, t.Value())
		}
	}
	if len(tags) > 0 {
		return fmt.Sprintf("%s %v", msg, tagsToAttrs(tags))
	}
	return msg
}

func tagsToAttrs(tags []tag.Tag) []slog.Attr {
	attrs := make([]slog.Attr, 0, len(tags))
	for _, t := range tags {
		attrs = append(attrs, slog.Any(t.Key(), t.Value()))
	}
	return attrs
}
