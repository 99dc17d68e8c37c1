package notify

import (
	"context"
	"testing"
	"time"
)

func recv(ch <-chan struct{}) (woken, open bool) {
	select {
	case _, ok := <-ch:
		return ok, ok
	case <-time.After(50 * time.Millisecond):
		return false, true
	}
}

func TestHub(t *testing.T) {
	h := New()
	ctx, cancel := context.WithCancel(context.Background())
	a := h.Subscribe(ctx, "x")
	b := h.Subscribe(context.Background(), "y")

	for _, tc := range []struct {
		name      string
		publish   func()
		ch        <-chan struct{}
		wantWoken bool
	}{
		{"own topic", func() { h.Publish("x") }, a, true},
		{"other topic", func() { h.Publish("y") }, a, false},
		{"coalesced", func() { h.Publish("x"); h.Publish("x"); h.Publish("x") }, a, true},
		{"nothing pending after coalesced wake", func() {}, a, false},
		{"publish all", h.PublishAll, a, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.publish()
			if woken, _ := recv(tc.ch); woken != tc.wantWoken {
				t.Fatalf("woken = %v, want %v", woken, tc.wantWoken)
			}
		})
	}
	// b got "y" and the PublishAll, coalesced into one.
	if woken, _ := recv(b); !woken {
		t.Fatal("b not woken")
	}
	cancel()
	deadline := time.After(time.Second)
	for {
		if _, open := recv(a); !open {
			break
		}
		select {
		case <-deadline:
			t.Fatal("cancelled subscription not closed")
		default:
		}
	}
	h.Close()
	if _, open := recv(b); open {
		t.Fatal("Close left a subscription open")
	}
	if _, open := recv(h.Subscribe(context.Background(), "z")); open {
		t.Fatal("subscription after Close is open")
	}
	h.Publish("y") // no panic after Close
}
