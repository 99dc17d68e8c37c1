package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"time"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/kestra"
)

// Key-value tasks share their namespace (default: the flow's) and key
// properties.

// kvKey is Kestra's KV key pattern (KVStore.validateKey).
var kvKey = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)

func (r *run) kvNamespace() (string, error) {
	ns, err := r.str("namespace", "")
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(ns) == "" {
		ns = r.namespace()
	}
	return ns, nil
}

func (r *run) kvKeyProp() (string, error) {
	key, ok, err := r.strOpt("key")
	if err != nil {
		return "", err
	}
	if !ok || key == "" {
		return "", fail("key: required")
	}
	return key, nil
}

// kvGet reads a key; an expired key is missing.
func (r *run) kvGet(ctx context.Context, ns, key string) (*kestra.KVDetail, error) {
	d, err := r.deps.Store.GetKV(ctx, ns, key)
	switch kestra.ErrorCode(err) {
	case "":
		return d, nil
	case kestra.ENOTFOUND, kestra.EGONE:
		return nil, nil
	}
	return nil, fmt.Errorf("get KV %s/%s: %w", ns, key, err)
}

func missingKey(ns, key string) error {
	return fail("No value found for key '%s' in namespace '%s' and `errorOnMissing` is set to true", key, ns)
}

// kvTyped converts a rendered value to a typed KV value. A string is
// converted to kvType when one is given (as Kestra does); other values keep
// their own type.
func kvTyped(v any, kvType string) (kestra.KVValue, error) {
	if s, ok := v.(string); ok && kvType != "" {
		t, err := kestra.ParseKVType(kvType)
		if err != nil {
			return kestra.KVValue{}, fail("kvType: %s", kestra.ErrorMessage(err))
		}
		switch t {
		case kestra.KVBoolean:
			// Java's Boolean.parseBoolean: anything but "true" is false.
			return kestra.KVValue{Type: t, Value: strings.EqualFold(strings.TrimSpace(s), "true")}, nil
		case kestra.KVDate:
			if d, err := kestra.ParseKVTyped(t, s); err == nil {
				return d, nil
			}
			dt, err := kestra.ParseKVTyped(kestra.KVDatetime, s)
			if err != nil {
				return kestra.KVValue{}, fail("value: %s", kestra.ErrorMessage(err))
			}
			tm := dt.Value.(time.Time).UTC()
			return kestra.KVValue{Type: t, Value: time.Date(tm.Year(), tm.Month(), tm.Day(), 0, 0, 0, 0, time.UTC)}, nil
		}
		kv, err := kestra.ParseKVTyped(t, s)
		if err != nil {
			return kestra.KVValue{}, fail("value: %s", kestra.ErrorMessage(err))
		}
		return kv, nil
	}
	switch x := v.(type) {
	case string:
		return kestra.KVValue{Type: kestra.KVString, Value: x}, nil
	case bool:
		return kestra.KVValue{Type: kestra.KVBoolean, Value: x}, nil
	case int64:
		return kestra.KVValue{Type: kestra.KVNumber, Value: json.Number(fmt.Sprint(x))}, nil
	case float64:
		return kestra.KVValue{Type: kestra.KVNumber, Value: json.Number(expression.ToJSON(x))}, nil
	case *big.Int:
		return kestra.KVValue{Type: kestra.KVNumber, Value: json.Number(x.String())}, nil
	}
	// Maps, lists and null are stored as JSON.
	var j any
	if err := json.Unmarshal([]byte(expression.ToJSON(v)), &j); err != nil {
		return kestra.KVValue{}, fail("value: %v", err)
	}
	return kestra.KVValue{Type: kestra.KVJSON, Value: j}, nil
}
