package api

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

// inputFunctions backs the template functions input defaults may use when
// an execution is created: now(), the random functions and kv() of the
// flow's namespace. Secrets and files are not available there.
type inputFunctions struct {
	expression.Unsupported
	ctx       context.Context
	store     store.KVStore
	namespace string
}

func (f inputFunctions) Now() (time.Time, error) { return time.Now(), nil }

func (f inputFunctions) RandomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("api: random bytes: %w", err)
	}
	return b, nil
}

func (f inputFunctions) KV(namespace, key string, errorOnMissing bool) (any, error) {
	if namespace == "" {
		namespace = f.namespace
	}
	d, err := f.store.GetKV(f.ctx, namespace, key)
	switch kestra.ErrorCode(err) {
	case "":
	case kestra.ENOTFOUND, kestra.EGONE:
		if errorOnMissing {
			return nil, fmt.Errorf("The key '%s' does not exist in the namespace '%s'", key, namespace)
		}
		return nil, nil
	default:
		return nil, err
	}
	raw, err := d.Raw()
	if err != nil {
		return nil, err
	}
	return expression.DecodeJSON(raw)
}
