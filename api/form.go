package api

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/inputs"
)

// form is the body of an execution or resume request: fields by name and
// uploaded files by input id.
type form struct {
	values map[string][]string
	files  map[string]inputs.File
	mf     *multipart.Form
}

// close removes the temporary files of a multipart body.
func (f *form) close() {
	if f.mf != nil {
		_ = f.mf.RemoveAll()
	}
}

// readForm reads a multipart or URL-encoded body (an empty body is an
// empty form). File parts named "files" are keyed by their filename (the
// input id, Kestra's convention); other file parts by their field name.
func (s *server) readForm(r *http.Request) (*form, error) {
	f := &form{values: map[string][]string{}, files: map[string]inputs.File{}}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return f, nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return nil, &httpError{status: http.StatusUnsupportedMediaType, reason: "Unsupported Media Type", message: "invalid Content-Type " + ct}
	}
	switch {
	case mt == "multipart/form-data":
		if err := r.ParseMultipartForm(s.cfg.MaxMemoryBytes); err != nil {
			return nil, formError(err)
		}
		f.mf = r.MultipartForm
		for k, v := range r.MultipartForm.Value {
			f.values[k] = v
		}
		for name, headers := range r.MultipartForm.File {
			for _, h := range headers {
				key := name
				if name == "files" {
					key = h.Filename
				}
				if key == "" {
					continue
				}
				h := h
				f.files[key] = inputs.File{Filename: h.Filename, Size: h.Size, Open: func() (io.ReadCloser, error) { return h.Open() }}
			}
		}
	case mt == "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return nil, formError(err)
		}
		for k, v := range r.PostForm {
			f.values[k] = v
		}
	case strings.HasPrefix(mt, "application/json"):
		return nil, &httpError{status: http.StatusUnsupportedMediaType, reason: "Unsupported Media Type",
			message: "send inputs as multipart/form-data (curl -F name=value), not JSON"}
	default:
		// Kestra ignores other bodies (the body may be empty).
	}
	return f, nil
}

func formError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return &httpError{status: http.StatusBadRequest, reason: "Bad Request", message: "malformed form body: " + err.Error()}
}
