package activities

import (
	"context"
	"io"
	"unicode/utf8"

	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// io.kestra.plugin.core.http.Request: outputs uri, code, headers (lower-case
// names, lists of values) and body. A response code >= 400, or one outside
// options.allowedResponseCodes, fails the task unless allowFailed.
func init() {
	register("io.kestra.plugin.core.http.Request", runRequest)
}

func runRequest(ctx context.Context, r *run) (workflows.TaskResult, error) {
	opts, err := r.httpOptions()
	if err != nil {
		return workflows.TaskResult{}, err
	}
	if enc, err := r.boolProp("encryptBody", false); err != nil {
		return workflows.TaskResult{}, err
	} else if enc {
		return workflows.TaskResult{}, fail("encryptBody needs an encryption key, which is not configurable yet")
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
	var body io.Reader = resp.Body
	if opts.maxContentLength > 0 {
		body = io.LimitReader(resp.Body, opts.maxContentLength+1)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		if ctx.Err() != nil {
			return workflows.TaskResult{}, ctx.Err()
		}
		return workflows.TaskResult{}, fail("read the response body: %v", err)
	}
	if opts.maxContentLength > 0 && int64(len(b)) > opts.maxContentLength {
		return workflows.TaskResult{}, fail("the response body is larger than maxContentLength (%d bytes)", opts.maxContentLength)
	}
	if err := opts.check(resp.StatusCode, b); err != nil {
		return workflows.TaskResult{}, err
	}
	if !utf8.Valid(b) {
		return workflows.TaskResult{}, fail("Illegal unicode in the response body: the Request task only supports valid Unicode strings as body. You can try using the Download task instead.")
	}
	var bodyOut any
	if len(b) > 0 {
		bodyOut = string(b)
	}
	return workflows.TaskResult{Outputs: map[string]any{
		"uri":     req.URL.String(),
		"code":    int64(resp.StatusCode),
		"headers": headerOutput(resp.Header),
		"body":    bodyOut,
	}}, nil
}
