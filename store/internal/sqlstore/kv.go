package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

const putKVSQL = `INSERT INTO kv (namespace, key, type, value, description, version, created, updated, expires)
VALUES ($1, $2, $3, $4, $5, 1, $6, $6, $7)
ON CONFLICT (namespace, key) DO UPDATE SET type = excluded.type, value = excluded.value,
	description = excluded.description, updated = excluded.updated, expires = excluded.expires,
	version = CASE WHEN kv.expires IS NOT NULL AND kv.expires <= excluded.updated THEN 1 ELSE kv.version + 1 END,
	created = CASE WHEN kv.expires IS NOT NULL AND kv.expires <= excluded.updated THEN excluded.created ELSE kv.created END
RETURNING version, created`

func validateKVKey(namespace, key string) error {
	if err := store.ValidateFlowKey(namespace, "x"); err != nil {
		return err
	}
	if key == "" || len(key) > 255 || strings.ContainsFunc(key, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return kestra.Errorf(kestra.EINVALID, "key: invalid KV key %q", key)
	}
	return nil
}

// PutKV implements store.KVStore.
func (s *Store) PutKV(ctx context.Context, namespace, key string, v kestra.KVValue, opts store.PutKVOptions) (*kestra.KVEntry, error) {
	if err := validateKVKey(namespace, key); err != nil {
		return nil, err
	}
	raw, err := v.Raw()
	if err != nil {
		return nil, err
	}
	if opts.TTL < 0 {
		return nil, kestra.Errorf(kestra.EINVALID, "ttl: must be positive")
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	e := &kestra.KVEntry{Namespace: namespace, Key: key, Description: opts.Description, UpdateDate: now}
	var expires any
	if opts.TTL > 0 {
		exp := now.Add(opts.TTL)
		e.ExpirationDate = &exp
		expires = s.d.Time(exp)
	}
	var created nullTime
	err = s.b.InTx(ctx, func(tx Tx) error {
		return tx.QueryRow(ctx, putKVSQL, namespace, key, string(v.Type), string(raw), opts.Description,
			s.d.Time(now), expires).Scan(&e.Version, &created)
	})
	if err != nil {
		return nil, fmt.Errorf("store: put kv %s/%s: %w", namespace, key, err)
	}
	e.CreationDate = created.T
	return e, nil
}

// GetKV implements store.KVStore.
func (s *Store) GetKV(ctx context.Context, namespace, key string) (*kestra.KVDetail, error) {
	var typ string
	var raw []byte
	var version int
	var updated, expires nullTime
	err := s.b.QueryRow(ctx, "SELECT type, value, version, updated, expires FROM kv WHERE namespace = $1 AND key = $2",
		namespace, key).Scan(&typ, &raw, &version, &updated, &expires)
	if isNoRows(err) {
		return nil, kestra.Errorf(kestra.ENOTFOUND, "No value found for key '%s' in namespace '%s'", key, namespace)
	}
	if err != nil {
		return nil, fmt.Errorf("store: get kv %s/%s: %w", namespace, key, err)
	}
	if expires.Valid && !expires.T.After(s.now()) {
		return nil, kestra.Errorf(kestra.EGONE, "The requested value has expired")
	}
	v, err := kestra.DecodeKVValue(kestra.KVType(typ), raw)
	if err != nil {
		return nil, fmt.Errorf("store: get kv %s/%s: %w", namespace, key, err)
	}
	return &kestra.KVDetail{KVValue: v, Revision: version, Updated: updated.T}, nil
}

// ListKV implements store.KVStore.
func (s *Store) ListKV(ctx context.Context, namespace string) ([]*kestra.KVEntry, error) {
	rows, err := s.b.Query(ctx, `SELECT key, version, description, created, updated, expires FROM kv
		WHERE namespace = $1 AND (expires IS NULL OR expires > $2) ORDER BY key`, namespace, s.d.Time(s.now()))
	if err != nil {
		return nil, fmt.Errorf("store: list kv %s: %w", namespace, err)
	}
	defer rows.Close()
	out := []*kestra.KVEntry{}
	for rows.Next() {
		e := &kestra.KVEntry{Namespace: namespace}
		var created, updated, expires nullTime
		if err := rows.Scan(&e.Key, &e.Version, &e.Description, &created, &updated, &expires); err != nil {
			return nil, fmt.Errorf("store: list kv %s: %w", namespace, err)
		}
		e.CreationDate, e.UpdateDate = created.T, updated.T
		if expires.Valid {
			t := expires.T
			e.ExpirationDate = &t
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// DeleteKV implements store.KVStore.
func (s *Store) DeleteKV(ctx context.Context, namespace, key string) (bool, error) {
	n, err := s.b.Exec(ctx, "DELETE FROM kv WHERE namespace = $1 AND key = $2", namespace, key)
	if err != nil {
		return false, fmt.Errorf("store: delete kv %s/%s: %w", namespace, key, err)
	}
	return n > 0, nil
}

// DeleteKVs implements store.KVStore.
func (s *Store) DeleteKVs(ctx context.Context, namespace string, keys []string) ([]string, error) {
	deleted := []string{}
	err := s.b.InTx(ctx, func(tx Tx) error {
		for _, k := range keys {
			n, err := tx.Exec(ctx, "DELETE FROM kv WHERE namespace = $1 AND key = $2", namespace, k)
			if err != nil {
				return err
			}
			if n > 0 {
				deleted = append(deleted, k)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: delete kv %s: %w", namespace, err)
	}
	return deleted, nil
}

// PurgeExpiredKV implements store.KVStore.
func (s *Store) PurgeExpiredKV(ctx context.Context) (int64, error) {
	n, err := s.b.Exec(ctx, "DELETE FROM kv WHERE expires IS NOT NULL AND expires <= $1", s.d.Time(s.now()))
	if err != nil {
		return 0, fmt.Errorf("store: purge expired kv: %w", err)
	}
	return n, nil
}
