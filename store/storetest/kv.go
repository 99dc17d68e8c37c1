package storetest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

func testKV(t *testing.T, h Harness) {
	t.Run("TypedValues", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		values := map[string]kestra.KVValue{
			"s":   {Type: kestra.KVString, Value: "hello"},
			"n":   {Type: kestra.KVNumber, Value: json.Number("42.5")},
			"b":   {Type: kestra.KVBoolean, Value: true},
			"dt":  {Type: kestra.KVDatetime, Value: T0.Add(123 * time.Millisecond)},
			"d":   {Type: kestra.KVDate, Value: time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)},
			"dur": {Type: kestra.KVDuration, Value: 90 * time.Minute},
			"j":   {Type: kestra.KVJSON, Value: map[string]any{"a": []any{json.Number("1"), "x", nil}}},
		}
		for k, v := range values {
			entry := must[*kestra.KVEntry](t)(s.PutKV(ctx, "company.team", k, v, store.PutKVOptions{Description: "desc " + k}))
			if entry.Version != 1 || entry.Key != k || entry.CreationDate.IsZero() || entry.ExpirationDate != nil {
				t.Fatalf("put %s: %+v", k, entry)
			}
		}
		for k, v := range values {
			got := must[*kestra.KVDetail](t)(s.GetKV(ctx, "company.team", k))
			jsonEqual(t, got.KVValue, v)
			if got.Revision != 1 || !got.Updated.Equal(e.clock.Now()) {
				t.Fatalf("get %s: revision %d updated %v", k, got.Revision, got.Updated)
			}
		}
		e.clock.Advance(time.Second)
		again := must[*kestra.KVEntry](t)(s.PutKV(ctx, "company.team", "s", kestra.KVValue{Type: kestra.KVNumber, Value: json.Number("7")}, store.PutKVOptions{}))
		if again.Version != 2 || !again.CreationDate.Equal(T0.Add(24*time.Hour)) || !again.UpdateDate.Equal(e.clock.Now()) {
			t.Fatalf("second put: %+v", again)
		}
		if got := must[*kestra.KVDetail](t)(s.GetKV(ctx, "company.team", "s")); got.Type != kestra.KVNumber || got.Revision != 2 {
			t.Fatalf("overwritten value: %+v", got)
		}
		list := must[[]*kestra.KVEntry](t)(s.ListKV(ctx, "company.team"))
		var keys []string
		for _, en := range list {
			keys = append(keys, en.Key)
		}
		if strings.Join(keys, ",") != "b,d,dt,dur,j,n,s" || list[0].Description != "desc b" {
			t.Fatalf("list: %v", keys)
		}
		if l := must[[]*kestra.KVEntry](t)(s.ListKV(ctx, "other")); len(l) != 0 {
			t.Fatalf("other namespace: %d", len(l))
		}
		_, err := s.GetKV(ctx, "company.team", "missing")
		wantCode(t, err, kestra.ENOTFOUND)
		_, err = s.PutKV(ctx, "Bad NS", "k", values["s"], store.PutKVOptions{})
		wantCode(t, err, kestra.EINVALID)
		_, err = s.PutKV(ctx, "ns", "", values["s"], store.PutKVOptions{})
		wantCode(t, err, kestra.EINVALID)
		_, err = s.PutKV(ctx, "ns", "k", kestra.KVValue{Type: kestra.KVNumber, Value: "nan"}, store.PutKVOptions{})
		wantCode(t, err, kestra.EINVALID)

		if !must[bool](t)(s.DeleteKV(ctx, "company.team", "s")) || must[bool](t)(s.DeleteKV(ctx, "company.team", "s")) {
			t.Fatal("delete")
		}
		deleted := must[[]string](t)(s.DeleteKVs(ctx, "company.team", []string{"b", "nope", "n"}))
		if strings.Join(deleted, ",") != "b,n" {
			t.Fatalf("delete many: %v", deleted)
		}
	})

	t.Run("TTL", func(t *testing.T) {
		e := newEnv(t, h)
		ctx, s := e.ctx, e.s
		v := kestra.KVValue{Type: kestra.KVString, Value: "x"}
		entry := must[*kestra.KVEntry](t)(s.PutKV(ctx, "ns", "temp", v, store.PutKVOptions{TTL: time.Hour}))
		if entry.ExpirationDate == nil || !entry.ExpirationDate.Equal(e.clock.Now().Add(time.Hour)) {
			t.Fatalf("expiration %v", entry.ExpirationDate)
		}
		must[*kestra.KVEntry](t)(s.PutKV(ctx, "ns", "perm", v, store.PutKVOptions{}))
		must[*kestra.KVEntry](t)(s.PutKV(ctx, "ns", "temp2", v, store.PutKVOptions{TTL: 3 * time.Hour}))

		e.clock.Advance(59 * time.Minute)
		must[*kestra.KVDetail](t)(s.GetKV(ctx, "ns", "temp"))
		list := must[[]*kestra.KVEntry](t)(s.ListKV(ctx, "ns"))
		if len(list) != 3 || list[1].ExpirationDate == nil {
			t.Fatalf("list before expiry: %d", len(list))
		}

		e.clock.Advance(time.Minute) // exactly at expiry: gone
		_, err := s.GetKV(ctx, "ns", "temp")
		wantCode(t, err, kestra.EGONE)
		if list := must[[]*kestra.KVEntry](t)(s.ListKV(ctx, "ns")); len(list) != 2 {
			t.Fatalf("list after expiry: %d entries", len(list))
		}
		// Putting an expired key again starts it afresh.
		fresh := must[*kestra.KVEntry](t)(s.PutKV(ctx, "ns", "temp", v, store.PutKVOptions{}))
		if fresh.Version != 1 || !fresh.CreationDate.Equal(e.clock.Now()) || fresh.ExpirationDate != nil {
			t.Fatalf("re-put: %+v", fresh)
		}
		must[*kestra.KVDetail](t)(s.GetKV(ctx, "ns", "temp"))

		e.clock.Advance(3 * time.Hour)
		if n := must[int64](t)(s.PurgeExpiredKV(ctx)); n != 1 {
			t.Fatalf("purged %d", n)
		}
		_, err = s.GetKV(ctx, "ns", "temp2")
		wantCode(t, err, kestra.ENOTFOUND)
	})
}
