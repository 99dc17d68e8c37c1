package activities

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/url"
	"os"
	"path"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// io.kestra.plugin.core.http.Download: the response body goes to internal
// storage; outputs uri, code, length and headers. An empty body fails the
// task unless failOnEmptyResponse is false (or allowFailed).
func init() {
	register("io.kestra.plugin.core.http.Download", runDownload)
}

func runDownload(ctx context.Context, r *run) (workflows.TaskResult, error) {
	if r.deps.Storage == nil {
		return workflows.TaskResult{}, fail("the Download task %s", noStorageYet)
	}
	opts, err := r.httpOptions()
	if err != nil {
		return workflows.TaskResult{}, err
	}
	failOnEmpty, err := r.boolProp("failOnEmptyResponse", true)
	if err != nil {
		return workflows.TaskResult{}, err
	}
	req, err := r.httpRequest(ctx)
	if err != nil {
		return workflows.TaskResult{}, err
	}
	resp, err := opts.do(ctx, req)
	if err != nil {
		return workflows.TaskResult{}, err
	}
	defer resp.Body.Close()
	if err := opts.check(resp.StatusCode, nil); err != nil {
		head, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return workflows.TaskResult{}, opts.check(resp.StatusCode, head)
	}
	dir, err := r.dir()
	if err != nil {
		return workflows.TaskResult{}, err
	}
	tmp, err := os.CreateTemp(dir, "download-*")
	if err != nil {
		return workflows.TaskResult{}, fmt.Errorf("download: %w", err)
	}
	defer tmp.Close()
	var body io.Reader = resp.Body
	if opts.maxContentLength > 0 {
		body = io.LimitReader(resp.Body, opts.maxContentLength+1)
	}
	size, err := io.Copy(tmp, body)
	if err != nil {
		if ctx.Err() != nil {
			return workflows.TaskResult{}, ctx.Err()
		}
		return workflows.TaskResult{}, fail("read the response body: %v", err)
	}
	if opts.maxContentLength > 0 && size > opts.maxContentLength {
		return workflows.TaskResult{}, fail("the response body is larger than maxContentLength (%d bytes)", opts.maxContentLength)
	}
	if resp.ContentLength >= 0 && resp.ContentLength != size {
		return workflows.TaskResult{}, fail("Invalid size, got %d, expected %d", size, resp.ContentLength)
	}
	if size == 0 {
		if failOnEmpty && !opts.allowFailed {
			return workflows.TaskResult{}, fail("No response from server")
		}
		r.log.add(kestra.LevelWarn, fmt.Sprintf("File '%s' is empty", req.URL))
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return workflows.TaskResult{}, fmt.Errorf("download: %w", err)
	}
	uri := r.taskFileURI(downloadName(resp.Header.Get("Content-Disposition"), req.URL))
	if _, err := r.deps.Storage.Put(ctx, uri, tmp); err != nil {
		return workflows.TaskResult{}, fmt.Errorf("download: store %s: %w", uri, err)
	}
	r.log.add(kestra.LevelDebug, fmt.Sprintf("File '%s' downloaded with size '%d'", req.URL, size))
	return workflows.TaskResult{Outputs: map[string]any{
		"uri":     uri,
		"code":    int64(resp.StatusCode),
		"length":  size,
		"headers": headerOutput(resp.Header),
	}}, nil
}

// downloadName is the stored file's name: the Content-Disposition file
// name, else a random name with the URI's extension (as Kestra's temporary
// file).
func downloadName(disposition string, u *url.URL) string {
	if _, params, err := mime.ParseMediaType(disposition); err == nil {
		if name := path.Base(strings.ReplaceAll(params["filename"], "\\", "/")); name != "" && name != "." && name != "/" && name != ".." {
			return url.PathEscape(name)
		}
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "download-" + hex.EncodeToString(b) + path.Ext(path.Base(u.Path))
}
