package store

import (
	"context"
	"fmt"
)

// FollowLogs streams the lines of an execution matching f: first those
// already stored, then new ones as they are appended, until ctx ends (the
// channel is then closed). Errors end the stream and are sent on errc.
// It is what the API's log SSE endpoint needs.
func FollowLogs(ctx context.Context, s LogStore, executionID string, f LogFilter) (<-chan LogLine, <-chan error) {
	out := make(chan LogLine, 64)
	errc := make(chan error, 1)
	// Subscribe before the first read so no line falls between them.
	wake, err := s.WatchLogs(ctx, executionID)
	if err != nil {
		errc <- fmt.Errorf("store: follow logs: %w", err)
		close(out)
		return out, errc
	}
	go func() {
		defer close(out)
		for {
			lines, err := s.ExecutionLogs(ctx, executionID, f)
			if err != nil {
				if ctx.Err() == nil {
					errc <- fmt.Errorf("store: follow logs: %w", err)
				}
				return
			}
			for _, l := range lines {
				select {
				case out <- l:
				case <-ctx.Done():
					return
				}
				f.AfterID = l.ID
			}
			select {
			case _, ok := <-wake:
				if !ok {
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, errc
}
