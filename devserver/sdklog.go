package devserver

import (
	"context"
	"log/slog"

	sdklog "go.temporal.io/sdk/log"
)

// sdkLogger is the logger of the SDK clients NewClient makes: l, without
// records below level (the SDK logs every worker start at info).
func sdkLogger(l *slog.Logger, level slog.Leveler) sdklog.Logger {
	return sdklog.NewStructuredLogger(slog.New(minLevelHandler{inner: l.Handler(), min: level}))
}

// minLevelHandler drops records below min.
type minLevelHandler struct {
	inner slog.Handler
	min   slog.Leveler
}

func (h minLevelHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return level >= h.min.Level() && h.inner.Enabled(ctx, level)
}

func (h minLevelHandler) Handle(ctx context.Context, r slog.Record) error {
	return h.inner.Handle(ctx, r)
}

func (h minLevelHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return minLevelHandler{inner: h.inner.WithAttrs(attrs), min: h.min}
}

func (h minLevelHandler) WithGroup(name string) slog.Handler {
	return minLevelHandler{inner: h.inner.WithGroup(name), min: h.min}
}
