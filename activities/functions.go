package activities

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

// ioFunctions gives templates rendered by activities the real clock,
// secrets, the KV store, the execution's error logs and randomness.
type ioFunctions struct {
	expression.Unsupported
	ctx    context.Context
	deps   *Deps
	execID string

	mu      sync.Mutex
	secrets []string // values to mask in logs
}

func (f *ioFunctions) Now() (time.Time, error) { return time.Now(), nil }

func (f *ioFunctions) RandomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("random bytes: %w", err)
	}
	return b, nil
}

// Secret reads the environment variable SECRET_<KEY> holding a base64
// value, as Kestra OSS does; the value is masked in the task's logs.
func (f *ioFunctions) Secret(key string) (string, error) {
	raw := f.deps.Env("SECRET_" + strings.ToUpper(key))
	if raw == "" {
		raw = f.deps.Env("SECRET_" + key)
	}
	if raw == "" {
		return "", fmt.Errorf("Cannot find secret for key '%s'.", key)
	}
	v, err := expression.DecodeBase64Secret(strings.Join(strings.Fields(raw), ""))
	if err != nil {
		return "", fmt.Errorf("secret '%s': %w", key, err)
	}
	if v != "" {
		f.mu.Lock()
		f.secrets = append(f.secrets, v)
		f.mu.Unlock()
	}
	return v, nil
}

// mask hides the secrets read so far in a log message.
func (f *ioFunctions) mask(s string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, v := range f.secrets {
		s = strings.ReplaceAll(s, v, "******")
	}
	return s
}

// KV reads a key of the KV store; an expired key counts as missing.
func (f *ioFunctions) KV(namespace, key string, errorOnMissing bool) (any, error) {
	d, err := f.deps.Store.GetKV(f.ctx, namespace, key)
	switch kestra.ErrorCode(err) {
	case "":
		return kvValue(d.KVValue)
	case kestra.ENOTFOUND, kestra.EGONE:
		if errorOnMissing {
			return nil, fmt.Errorf("The key '%s' does not exist in the namespace '%s'", key, namespace)
		}
		return nil, nil
	}
	return nil, fmt.Errorf("kv(): %w", err)
}

// kvValue converts a stored value to the engine's values (dates and
// durations as ISO strings).
func kvValue(v kestra.KVValue) (any, error) {
	raw, err := v.Raw()
	if err != nil {
		return nil, err
	}
	out, err := expression.DecodeJSON(raw)
	if err != nil {
		return nil, fmt.Errorf("decode KV value: %w", err)
	}
	return out, nil
}

// ErrorLogs returns the execution's ERROR log lines so far.
func (f *ioFunctions) ErrorLogs() ([]any, error) {
	lines, err := f.deps.Store.ExecutionLogs(f.ctx, f.execID, store.LogFilter{MinLevel: kestra.LevelError})
	if err != nil {
		return nil, fmt.Errorf("errorLogs(): %w", err)
	}
	out := make([]any, 0, len(lines))
	for _, l := range lines {
		m := expression.NewMap(8)
		m.Set("namespace", l.Namespace)
		m.Set("flowId", l.FlowID)
		m.Set("taskId", l.TaskID)
		m.Set("executionId", l.ExecutionID)
		m.Set("taskRunId", l.TaskRunID)
		m.Set("timestamp", kestra.FormatInstant(l.Timestamp))
		m.Set("level", l.Level.String())
		m.Set("message", l.Message)
		out = append(out, m)
	}
	return out, nil
}

const noStorage = "internal storage is not available to tasks yet"

func (f *ioFunctions) Read(uri string) (string, error) { return f.readFile(uri) }

func (f *ioFunctions) FileURI(string) (string, error) {
	return "", fmt.Errorf("fileURI(): namespace files are not available yet")
}

func (f *ioFunctions) FileSize(uri string) (int64, error) {
	if f.deps.Storage == nil {
		return 0, fmt.Errorf("fileSize(): %s", noStorage)
	}
	in, size, err := f.deps.Storage.Open(f.ctx, uri)
	if err != nil {
		return 0, fmt.Errorf("fileSize(): %s", errorText(err))
	}
	in.Close()
	return size, nil
}

func (f *ioFunctions) FileExists(uri string) (bool, error) {
	if f.deps.Storage == nil {
		return false, fmt.Errorf("fileExists(): %s", noStorage)
	}
	in, _, err := f.deps.Storage.Open(f.ctx, uri)
	switch kestra.ErrorCode(err) {
	case "":
		in.Close()
		return true, nil
	case kestra.ENOTFOUND:
		return false, nil
	}
	return false, fmt.Errorf("fileExists(): %s", errorText(err))
}

// errorText is the message of a coded error, or the error itself.
func errorText(err error) string {
	if kestra.ErrorCode(err) != kestra.EINTERNAL {
		return kestra.ErrorMessage(err)
	}
	return err.Error()
}
