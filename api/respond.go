package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/kestra-temporal/kestra-temporal/inputs"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/translator"
)

// httpError is an error with the HTTP status and Micronaut reason Kestra
// answers with.
type httpError struct {
	status  int
	reason  string // "Not Found", "Invalid entity"…
	message string // appended to the reason: "<reason>: <message>"
	details []errorDetail
}

func (e *httpError) Error() string { return e.reason + ": " + e.message }

type errorDetail struct {
	Message string `json:"message"`
	Path    string `json:"path,omitempty"`
}

// badRequest is a malformed query parameter (400).
func badRequest(param string, err error) error {
	return &httpError{status: http.StatusBadRequest, reason: "Bad Request",
		message: fmt.Sprintf("Failed to convert argument [%s]: %s", param, kestra.ErrorMessage(err))}
}

// invalidEntity is a 422 with one constraint violation.
func invalidEntity(path, msg string) error {
	return &httpError{status: http.StatusUnprocessableEntity, reason: "Invalid entity",
		message: path + ": " + msg, details: []errorDetail{{Message: msg, Path: path}}}
}

// problemsError turns translator problems into a 422 naming each problem's
// line and column.
func problemsError(results ...*translator.Result) error {
	e := &httpError{status: http.StatusUnprocessableEntity, reason: "Invalid entity"}
	var msgs []string
	for _, r := range results {
		for _, p := range r.Errors {
			m := fmt.Sprintf("%s (line %d, column %d)", p.Message, p.Line, p.Column)
			path := "flow"
			if p.Path != "" {
				path = "flow." + p.Path
			}
			e.details = append(e.details, errorDetail{Message: m, Path: path})
			msgs = append(msgs, path+": "+m)
		}
	}
	e.message = joinComma(msgs)
	return e
}

func joinComma(s []string) string {
	var b bytes.Buffer
	for i, x := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(x)
	}
	return b.String()
}

// toHTTPError maps an error to Kestra's status and reason. Internal errors
// keep their details out of the body.
func toHTTPError(err error) *httpError {
	var he *httpError
	if errors.As(err, &he) {
		return he
	}
	var ie *inputs.Error
	if errors.As(err, &ie) {
		e := &httpError{status: http.StatusUnprocessableEntity, reason: "Invalid entity", message: ie.Error()}
		for _, v := range ie.Violations {
			e.details = append(e.details, errorDetail{Message: v.Message, Path: v.Input})
		}
		return e
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &httpError{status: http.StatusRequestEntityTooLarge, reason: "Request Entity Too Large",
			message: "the request body exceeds " + strconv.FormatInt(mbe.Limit, 10) + " bytes"}
	}
	msg := kestra.ErrorMessage(err)
	switch kestra.ErrorCode(err) {
	case kestra.ENOTFOUND:
		return &httpError{status: http.StatusNotFound, reason: "Not Found", message: msg}
	case kestra.EINVALID:
		return &httpError{status: http.StatusUnprocessableEntity, reason: "Illegal argument", message: msg}
	case kestra.ECONFLICT:
		return &httpError{status: http.StatusConflict, reason: "Illegal state", message: msg}
	case kestra.EGONE:
		return &httpError{status: http.StatusGone, reason: "Resource has expired", message: msg}
	case kestra.EUNAUTHORIZED:
		return &httpError{status: http.StatusUnauthorized, reason: "Unauthorized", message: msg}
	case kestra.ENOTIMPLEMENTED:
		return &httpError{status: http.StatusNotImplemented, reason: "Not Implemented", message: msg}
	}
	return &httpError{status: http.StatusInternalServerError, reason: "Internal server error"}
}

// fail writes err as Kestra's JSON error body and logs server-side errors.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && errors.Is(err, r.Context().Err()) {
		return // the client is gone: nobody to answer
	}
	he := toHTTPError(err)
	if he.status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	} else {
		s.log.DebugContext(r.Context(), "request rejected", "method", r.Method, "path", r.URL.Path, "status", he.status, "err", err)
	}
	s.writeError(w, r, he)
}

func (s *server) writeError(w http.ResponseWriter, r *http.Request, he *httpError) {
	msg := he.reason
	if he.message != "" {
		msg += ": " + he.message
	}
	details := he.details
	if len(details) == 0 {
		details = []errorDetail{{Message: msg}}
	}
	body := map[string]any{
		"message":   msg,
		"_links":    map[string]any{"self": map[string]any{"href": r.RequestURI, "templated": false}},
		"_embedded": map[string]any{"errors": details},
	}
	if he.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="Kestra"`)
	}
	writeJSON(w, he.status, body)
}

// writeJSON writes v with Kestra's conventions (no HTML escaping).
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"message":"Internal server error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// readBody reads a whole request body (bounded by limitBody).
func readBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		}
		return nil, &httpError{status: http.StatusBadRequest, reason: "Bad Request", message: "cannot read the request body"}
	}
	return b, nil
}

// decodeJSON decodes a JSON request body into v; a malformed body is
// Kestra's 422 "Invalid json".
func decodeJSON(r *http.Request, v any) error {
	b, err := readBody(r)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return &httpError{status: http.StatusUnprocessableEntity, reason: "Invalid json", message: err.Error()}
	}
	return nil
}

// boolParam reads a boolean query parameter.
func boolParam(r *http.Request, name string, def bool) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, badRequest(name, kestra.Errorf(kestra.EINVALID, "expected true or false, got %q", v))
	}
	return b, nil
}

// intParam reads a non-negative integer query parameter.
func intParam(r *http.Request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badRequest(name, kestra.Errorf(kestra.EINVALID, "expected a non-negative integer, got %q", v))
	}
	return n, nil
}
