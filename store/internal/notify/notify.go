// Package notify is an in-process hub of wake-up channels keyed by topic,
// used by the store implementations to wake followers of executions and
// logs. Notifications are coalesced: a subscriber channel holds at most one
// pending value.
package notify

import (
	"context"
	"sync"
)

// Hub dispatches notifications to subscribers. The zero value is not
// usable; call New.
type Hub struct {
	mu     sync.Mutex
	subs   map[string]map[chan struct{}]struct{}
	closed bool
}

// New returns an empty hub.
func New() *Hub {
	return &Hub{subs: make(map[string]map[chan struct{}]struct{})}
}

// Subscribe returns a channel woken by Publish(topic) until ctx ends or
// the hub is closed; the channel is then closed.
func (h *Hub) Subscribe(ctx context.Context, topic string) <-chan struct{} {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		close(ch)
		return ch
	}
	set := h.subs[topic]
	if set == nil {
		set = make(map[chan struct{}]struct{})
		h.subs[topic] = set
	}
	set[ch] = struct{}{}
	h.mu.Unlock()
	go func() {
		<-ctx.Done()
		h.mu.Lock()
		defer h.mu.Unlock()
		if set, ok := h.subs[topic]; ok {
			if _, ok := set[ch]; ok {
				delete(set, ch)
				close(ch)
				if len(set) == 0 {
					delete(h.subs, topic)
				}
			}
		}
	}()
	return ch
}

// Publish wakes the subscribers of topic without blocking.
func (h *Hub) Publish(topic string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[topic] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// PublishAll wakes every subscriber (after a lost connection, when
// notifications may have been missed).
func (h *Hub) PublishAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, set := range h.subs {
		for ch := range set {
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}
}

// Close closes every subscriber channel; later subscriptions get a closed
// channel.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for topic, set := range h.subs {
		for ch := range set {
			close(ch)
		}
		delete(h.subs, topic)
	}
}

// Topics for executions and logs.
func ExecutionTopic(id string) string { return "e:" + id }

// LogTopic is the topic of an execution's log lines.
func LogTopic(executionID string) string { return "l:" + executionID }
