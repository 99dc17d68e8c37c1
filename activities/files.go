package activities

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/storage"
)

// Internal storage for tasks: output files are uploaded under the task
// run's prefix, kestra:// URIs in commands and input files are downloaded
// into the working directory. Without Deps.Storage these fail clearly.

const noStorageYet = "needs internal storage (not available yet)"

// taskFileURI is where a task run's file is stored (Kestra's layout:
// …/executions/{executionId}/tasks/{taskId}/{taskRunId}/{file}).
func (r *run) taskFileURI(name string) string {
	tr := r.req.TaskRun
	return storage.ExecutionPrefix(tr.Namespace, tr.FlowID, tr.ExecutionID) + "tasks/" + tr.TaskID + "/" + tr.ID + "/" + name
}

// download copies an internal-storage file into the working directory and
// returns its local path.
func (r *run) download(ctx context.Context, uri string) (string, error) {
	if r.deps.Storage == nil {
		return "", fail("%s: kestra:// files need internal storage (not available yet)", uri)
	}
	clean, err := storage.CleanPath(uri)
	if err != nil {
		return "", asFailure(err)
	}
	in, _, err := r.deps.Storage.Open(ctx, uri)
	if err != nil {
		return "", asFailure(fmt.Errorf("read %s: %w", uri, err))
	}
	defer in.Close()
	dir, err := r.dir()
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, "*-"+path.Base(clean))
	if err != nil {
		return "", fmt.Errorf("download %s: %w", uri, err)
	}
	_, err = io.Copy(f, in)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("download %s: %w", uri, err)
	}
	return f.Name(), nil
}

// storageURI matches internal-storage URIs inside commands.
var storageURI = regexp.MustCompile(`kestra://[-\p{L}\p{N}._+~#=/]*`)

// localizeURIs replaces every kestra:// URI in the commands by the path of
// a local copy, as Kestra's script tasks do.
func (r *run) localizeURIs(ctx context.Context, commands []string) ([]string, error) {
	local := map[string]string{}
	out := make([]string, len(commands))
	for i, c := range commands {
		var err error
		out[i] = storageURI.ReplaceAllStringFunc(c, func(uri string) string {
			if p, ok := local[uri]; ok || err != nil {
				return p
			}
			var p string
			if p, err = r.download(ctx, uri); err != nil {
				return uri
			}
			local[uri] = p
			return p
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// uploadOutputFiles stores the working directory's files matching the
// globs and returns the outputFiles output (file name → kestra:// URI).
func (r *run) uploadOutputFiles(ctx context.Context, dir string, globs []string) (map[string]any, error) {
	if len(globs) == 0 {
		return nil, nil
	}
	if r.deps.Storage == nil {
		return nil, fail("outputFiles %s", noStorageYet)
	}
	var res []*regexp.Regexp
	for _, g := range globs {
		re, err := globRegexp(g)
		if err != nil {
			return nil, fail("outputFiles: invalid glob %q", g)
		}
		res = append(res, re)
	}
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == ".kestra" || rel == ".deps" {
				return filepath.SkipDir
			}
			return nil
		}
		for _, re := range res {
			if d.Type().IsRegular() && re.MatchString(rel) {
				names = append(names, rel)
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("outputFiles: %w", err)
	}
	sort.Strings(names)
	out := map[string]any{}
	for _, name := range names {
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return nil, fmt.Errorf("outputFiles: %w", err)
		}
		uri := r.taskFileURI(name)
		_, err = r.deps.Storage.Put(ctx, uri, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("outputFiles: store %s: %w", name, err)
		}
		out[name] = uri
	}
	return out, nil
}

// globRegexp converts a glob as Java's PathMatcher reads it: * and ? stay
// within a path segment, ** crosses them, {a,b} is an alternative.
func globRegexp(glob string) (*regexp.Regexp, error) {
	var sb strings.Builder
	sb.WriteString("^")
	inAlt := false
	for i := 0; i < len(glob); i++ {
		c := glob[i]
		switch {
		case c == '*' && i+1 < len(glob) && glob[i+1] == '*':
			sb.WriteString(".*")
			i++
		case c == '*':
			sb.WriteString("[^/]*")
		case c == '?':
			sb.WriteString("[^/]")
		case c == '{':
			sb.WriteString("(?:")
			inAlt = true
		case c == '}' && inAlt:
			sb.WriteString(")")
			inAlt = false
		case c == ',' && inAlt:
			sb.WriteString("|")
		default:
			sb.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	sb.WriteString("$")
	return regexp.Compile(sb.String())
}

// readFile is read() with internal storage: the content of a kestra:// URI.
func (f *ioFunctions) readFile(uri string) (string, error) {
	if f.deps.Storage == nil {
		return "", fmt.Errorf("read(): %s", noStorage)
	}
	if !strings.HasPrefix(uri, storage.Scheme) {
		return "", fmt.Errorf("read(): namespace files are not available yet: %s", uri)
	}
	in, _, err := f.deps.Storage.Open(f.ctx, uri)
	if err != nil {
		return "", fmt.Errorf("read(): %s", errorText(err))
	}
	defer in.Close()
	b, err := io.ReadAll(in)
	if err != nil {
		return "", fmt.Errorf("read(): %w", err)
	}
	return string(b), nil
}

// storageOrFail returns internal storage, or a task failure naming the
// task type when it is not configured.
func (r *run) storageOrFail() (storage.Storage, error) {
	if r.deps.Storage == nil {
		return nil, fail("%s %s", r.req.Task.Type, noStorageYet)
	}
	return r.deps.Storage, nil
}

// storeNew stores what write produces as a new file of the task run, named
// randomly with the extension ext, and returns its URI.
func (r *run) storeNew(ctx context.Context, ext string, write func(io.Writer) error) (string, error) {
	st, err := r.storageOrFail()
	if err != nil {
		return "", err
	}
	dir, err := r.dir()
	if err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, "out-*"+ext)
	if err != nil {
		return "", fmt.Errorf("create file: %w", err)
	}
	defer tmp.Close()
	if err := write(tmp); err != nil {
		return "", err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return "", fmt.Errorf("store file: %w", err)
	}
	uri := r.taskFileURI(filepath.Base(tmp.Name()))
	if _, err := st.Put(ctx, uri, tmp); err != nil {
		return "", fmt.Errorf("store %s: %w", uri, err)
	}
	return uri, nil
}

// openURI opens an internal-storage file; a missing file or a bad URI is a
// task failure.
func (r *run) openURI(ctx context.Context, uri string) (io.ReadCloser, int64, error) {
	st, err := r.storageOrFail()
	if err != nil {
		return nil, 0, err
	}
	in, size, err := st.Open(ctx, strings.TrimSpace(uri))
	if err != nil {
		return nil, 0, asFailure(err)
	}
	return in, size, nil
}

// requiredStr renders a required string property.
func (r *run) requiredStr(name string) (string, error) {
	s, ok, err := r.strOpt(name)
	if err != nil {
		return "", err
	}
	if !ok || strings.TrimSpace(s) == "" {
		return "", fail("%s: required", name)
	}
	return strings.TrimSpace(s), nil
}
