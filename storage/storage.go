// Package storage is Kestra's internal storage: files addressed by
// kestra:///… URIs (FILE inputs, task output files). Local keeps them in a
// directory, for local mode; a multi-node deployment needs a shared backend
// behind the same interface.
//
// URI layout (Kestra's StorageContext): inputs
// kestra:///{namespace as path}/{flowId}/executions/{executionId}/inputs/{inputId}/{file},
// task files …/executions/{executionId}/tasks/{taskId}/{taskRunId}/{file}.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/kestra"
)

// Scheme is the URI scheme of internal storage.
const Scheme = "kestra://"

// Storage stores and reads files by kestra:// URI. Errors are
// *kestra.Error ENOTFOUND for a missing file and EINVALID for a URI that
// is not an internal-storage URI.
type Storage interface {
	// Put writes the content of r under uri, replacing any file there,
	// and returns the number of bytes written.
	Put(ctx context.Context, uri string, r io.Reader) (int64, error)
	// Open returns the content of the file at uri and its size.
	Open(ctx context.Context, uri string) (io.ReadCloser, int64, error)
	// DeletePrefix removes every file whose URI starts with prefix (a
	// directory URI such as an execution's prefix).
	DeletePrefix(ctx context.Context, prefix string) error
}

// NamespacePath writes a namespace as a path: "company.team" → "company/team".
func NamespacePath(namespace string) string { return strings.ReplaceAll(namespace, ".", "/") }

// ExecutionPrefix is the URI every file of an execution starts with,
// ending with a slash.
func ExecutionPrefix(namespace, flowID, executionID string) string {
	return Scheme + "/" + NamespacePath(namespace) + "/" + flowID + "/executions/" + executionID + "/"
}

// InputURI is the URI of the file of a FILE input.
func InputURI(namespace, flowID, executionID, inputID, filename string) string {
	return ExecutionPrefix(namespace, flowID, executionID) + "inputs/" + inputID + "/" + filename
}

// CleanPath returns the path of a kestra:// URI, cleaned and absolute
// ("/company/team/…"); EINVALID if uri is not kestra:// or escapes the root.
func CleanPath(uri string) (string, error) {
	rest, ok := strings.CutPrefix(uri, Scheme)
	if !ok {
		return "", kestra.Errorf(kestra.EINVALID, "invalid internal storage URI %q: expected kestra:///…", uri)
	}
	if !strings.HasPrefix(rest, "/") {
		rest = "/" + rest
	}
	for _, seg := range strings.Split(rest, "/") {
		if seg == ".." {
			return "", kestra.Errorf(kestra.EINVALID, "invalid internal storage URI %q: '..' is not allowed", uri)
		}
	}
	if strings.ContainsAny(rest, "\x00\\") {
		return "", kestra.Errorf(kestra.EINVALID, "invalid internal storage URI %q", uri)
	}
	p := path.Clean(rest)
	if p == "/" {
		return "", kestra.Errorf(kestra.EINVALID, "invalid internal storage URI %q: no file", uri)
	}
	return p, nil
}

// Local stores files under a directory.
type Local struct {
	dir string
}

// NewLocal returns a storage rooted at dir (created when missing).
func NewLocal(dir string) (*Local, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	return &Local{dir: dir}, nil
}

func (l *Local) file(uri string) (string, error) {
	p, err := CleanPath(uri)
	if err != nil {
		return "", err
	}
	return filepath.Join(l.dir, filepath.FromSlash(p)), nil
}

// Put implements Storage. The file appears atomically.
func (l *Local) Put(ctx context.Context, uri string, r io.Reader) (int64, error) {
	name, err := l.file(uri)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return 0, fmt.Errorf("storage: put %s: %w", uri, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".upload-*")
	if err != nil {
		return 0, fmt.Errorf("storage: put %s: %w", uri, err)
	}
	n, err := io.Copy(tmp, readerCtx{ctx, r})
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return 0, fmt.Errorf("storage: put %s: %w", uri, err)
	}
	return n, nil
}

// Open implements Storage.
func (l *Local) Open(_ context.Context, uri string) (io.ReadCloser, int64, error) {
	name, err := l.file(uri)
	if err != nil {
		return nil, 0, err
	}
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, kestra.Errorf(kestra.ENOTFOUND, "File not found: %s", uri)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("storage: open %s: %w", uri, err)
	}
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		_ = f.Close()
		return nil, 0, kestra.Errorf(kestra.ENOTFOUND, "File not found: %s", uri)
	}
	return f, st.Size(), nil
}

// DeletePrefix implements Storage.
func (l *Local) DeletePrefix(_ context.Context, prefix string) error {
	name, err := l.file(prefix)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(name); err != nil {
		return fmt.Errorf("storage: delete %s: %w", prefix, err)
	}
	return nil
}

// readerCtx stops a copy when ctx ends.
type readerCtx struct {
	ctx context.Context
	r   io.Reader
}

func (r readerCtx) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}
