package activities

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/translator"
)

// httpOptions are the rendered "options" of an HTTP task.
type httpOptions struct {
	connectTimeout, readTimeout  time.Duration
	followRedirects, allowFailed bool
	allowedCodes                 []int64
	user, password, token        string
	maxContentLength             int64
}

// do sends the request with the options' client settings and
// authentication. Transport errors are task failures.
func (o *httpOptions) do(ctx context.Context, req *http.Request) (*http.Response, error) {
	if o.token != "" {
		req.Header.Set("Authorization", "Bearer "+o.token)
	} else if o.user != "" {
		req.SetBasicAuth(o.user, o.password)
	}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: o.connectTimeout}).DialContext,
		ResponseHeaderTimeout: o.readTimeout,
		TLSHandshakeTimeout:   o.connectTimeout,
	}
	client := &http.Client{Transport: transport}
	if !o.followRedirects {
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	resp, err := client.Do(req)
	if err != nil {
		transport.CloseIdleConnections()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fail("%s", requestError(err))
	}
	// The connection is not reused: close it with the body.
	resp.Body = closeWith{resp.Body, transport.CloseIdleConnections}
	return resp, nil
}

type closeWith struct {
	io.ReadCloser
	after func()
}

func (c closeWith) Close() error {
	err := c.ReadCloser.Close()
	c.after()
	return err
}

// check fails a response code >= 400, or outside allowedResponseCodes,
// unless allowFailed.
func (o *httpOptions) check(code int, body []byte) error {
	failed := code >= 400 || len(o.allowedCodes) > 0 && !slices.Contains(o.allowedCodes, int64(code))
	if !failed || o.allowFailed {
		return nil
	}
	msg := fmt.Sprintf("Failed http request with response code '%d'", code)
	if len(body) > 0 {
		msg += " and body:\n" + string(body)
	}
	return fail("%s", msg)
}

// headerOutput is the headers output: lower-case names, lists of values.
func headerOutput(h http.Header) map[string]any {
	out := map[string]any{}
	for k, vs := range h {
		list := make([]any, len(vs))
		for i, v := range vs {
			list[i] = v
		}
		out[strings.ToLower(k)] = list
	}
	return out
}

// requestError words a transport error without Go's "Get \"…\":" prefix.
func requestError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Sprintf("%s %s: %v", strings.ToUpper(ue.Op), ue.URL, ue.Err)
	}
	return err.Error()
}

// httpOptions renders the options object and the deprecated top-level
// allowFailed.
func (r *run) httpOptions() (*httpOptions, error) {
	o := &httpOptions{followRedirects: true}
	var err error
	if o.allowFailed, err = r.boolProp("allowFailed", false); err != nil {
		return nil, err
	}
	raw, ok, err := r.anyProp("options")
	if err != nil || !ok {
		return o, err
	}
	m, isMap := raw.(*expression.Map)
	if !isMap {
		return nil, fail("options: expected an object")
	}
	get := func(k string) (any, bool) {
		v, ok := m.Get(k)
		return v, ok && v != nil
	}
	dur := func(k string) (time.Duration, error) {
		v, ok := get(k)
		if !ok {
			return 0, nil
		}
		d, err := translator.ParseDuration(strings.TrimSpace(stringOf(v)))
		if err != nil {
			return 0, fail("options.%s: %v", k, err)
		}
		return d, nil
	}
	if o.connectTimeout, err = dur("connectTimeout"); err != nil {
		return nil, err
	}
	if o.readTimeout, err = dur("readTimeout"); err != nil {
		return nil, err
	}
	if o.readTimeout == 0 {
		if o.readTimeout, err = dur("readIdleTimeout"); err != nil {
			return nil, err
		}
	}
	for k, dst := range map[string]*bool{"followRedirects": &o.followRedirects, "allowFailed": &o.allowFailed} {
		if v, ok := get(k); ok {
			b, isBool := asBool(v)
			if !isBool {
				return nil, fail("options.%s: expected a boolean, got %s", k, stringOf(v))
			}
			*dst = b
		}
	}
	if v, ok := get("allowedResponseCodes"); ok {
		list, isList := v.([]any)
		if !isList {
			list = []any{v}
		}
		for _, c := range list {
			n, isInt := asInt(c)
			if !isInt {
				return nil, fail("options.allowedResponseCodes: expected a list of integers")
			}
			o.allowedCodes = append(o.allowedCodes, n)
		}
	}
	if v, ok := get("maxContentLength"); ok {
		n, isInt := asInt(v)
		if !isInt {
			return nil, fail("options.maxContentLength: expected an integer")
		}
		o.maxContentLength = n
	}
	if v, ok := get("basicAuthUser"); ok {
		o.user = stringOf(v)
		p, _ := get("basicAuthPassword")
		o.password = stringOf(p)
	}
	if v, ok := get("auth"); ok {
		a, isMap := v.(*expression.Map)
		if !isMap {
			return nil, fail("options.auth: expected an object")
		}
		typ, _ := a.Get("type")
		user, _ := a.Get("username")
		pass, _ := a.Get("password")
		token, _ := a.Get("token")
		switch strings.ToUpper(stringOf(typ)) {
		case "BASIC":
			o.user, o.password = stringOf(user), stringOf(pass)
		case "BEARER":
			o.token = stringOf(token)
		default:
			return nil, fail("options.auth.type: expected BASIC or BEARER, got %s", stringOf(typ))
		}
	}
	return o, nil
}
