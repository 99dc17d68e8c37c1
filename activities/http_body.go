package activities

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/expression"
)

// httpRequest renders method, uri, body or formData, contentType and
// headers.
func (r *run) httpRequest(ctx context.Context) (*http.Request, error) {
	uri, ok, err := r.strOpt("uri")
	if err != nil {
		return nil, err
	}
	if !ok || uri == "" {
		return nil, fail("uri: required")
	}
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" {
		return nil, fail("uri: invalid HTTP URI %q", uri)
	}
	method, err := r.str("method", "GET")
	if err != nil {
		return nil, err
	}
	contentType, err := r.str("contentType", "application/json")
	if err != nil {
		return nil, err
	}
	var body io.Reader
	form, _, err := r.mapProp("formData")
	if err != nil {
		return nil, err
	}
	switch {
	case len(form) > 0 && strings.HasPrefix(contentType, "multipart/form-data"):
		b, ct, err := r.multipartBody(ctx, form)
		if err != nil {
			return nil, err
		}
		body, contentType = b, ct
	case len(form) > 0:
		values := url.Values{}
		for _, f := range form {
			values.Add(f.Key, stringOf(f.Value))
		}
		body, contentType = strings.NewReader(values.Encode()), "application/x-www-form-urlencoded"
	default:
		s, ok, err := r.strOpt("body")
		if err != nil {
			return nil, err
		}
		if ok {
			body = strings.NewReader(s)
		} else {
			contentType = ""
		}
	}
	req, err := http.NewRequestWithContext(ctx, strings.ToUpper(method), u.String(), body)
	if err != nil {
		return nil, fail("method: %v", err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	headers, err := r.stringMapProp("headers")
	if err != nil {
		return nil, err
	}
	for _, h := range headers {
		req.Header.Add(h.Key, h.Value.(string))
	}
	return req, nil
}

// multipartBody encodes formData as multipart/form-data: a kestra:// URI
// is sent as a file, so is a {name, content} map (content a kestra:// URI,
// name the file name); other values as text (maps and lists as JSON).
func (r *run) multipartBody(ctx context.Context, form []entry) (io.Reader, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range form {
		var uri, name string
		switch v := f.Value.(type) {
		case string:
			if strings.HasPrefix(v, "kestra://") {
				uri, name = v, path.Base(v)
			}
		case *expression.Map:
			n, hasName := v.Get("name")
			c, hasContent := v.Get("content")
			if hasName && hasContent {
				uri, name = stringOf(c), stringOf(n)
			}
		}
		if uri == "" {
			if err := w.WriteField(f.Key, stringOf(f.Value)); err != nil {
				return nil, "", fmt.Errorf("formData: %w", err)
			}
			continue
		}
		in, _, err := r.openURI(ctx, uri)
		if err != nil {
			return nil, "", propErr("formData", err)
		}
		part, err := w.CreateFormFile(f.Key, name)
		if err == nil {
			_, err = io.Copy(part, in)
		}
		in.Close()
		if err != nil {
			return nil, "", fmt.Errorf("formData: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", fmt.Errorf("formData: %w", err)
	}
	return &buf, w.FormDataContentType(), nil
}
