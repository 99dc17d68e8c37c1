package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"path"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
)

// recoverer turns a panic into a 500 without leaking it.
func (s *server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic in handler", "method", r.Method, "path", r.URL.Path,
					"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.writeError(w, r, &httpError{status: http.StatusInternalServerError, reason: "Internal server error"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// authenticate enforces basic auth when configured, except on open URLs.
func (s *server) authenticate(next http.Handler) http.Handler {
	a := s.cfg.BasicAuth
	if a.Username == "" {
		return next
	}
	wantUser := sha256.Sum256([]byte(a.Username))
	wantPass := sha256.Sum256([]byte(a.Password))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Match open URLs on the cleaned path, so that /ping/../api/… is
		// not open.
		p := path.Clean("/" + r.URL.Path)
		for _, open := range a.OpenURLs {
			if p == strings.TrimSuffix(open, "/") || strings.HasPrefix(p+"/", open) && strings.HasSuffix(open, "/") {
				next.ServeHTTP(w, r)
				return
			}
		}
		user, pass, ok := r.BasicAuth()
		gotUser := sha256.Sum256([]byte(user))
		gotPass := sha256.Sum256([]byte(pass))
		userOK := subtle.ConstantTimeCompare(gotUser[:], wantUser[:])
		passOK := subtle.ConstantTimeCompare(gotPass[:], wantPass[:])
		if !ok || userOK&passOK != 1 {
			s.writeError(w, r, &httpError{status: http.StatusUnauthorized, reason: "Unauthorized"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody bounds every request body.
func (s *server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.cfg.MaxBodyBytes {
			s.writeError(w, r, &httpError{status: http.StatusRequestEntityTooLarge, reason: "Request Entity Too Large",
				message: fmt.Sprintf("the request body exceeds %d bytes", s.cfg.MaxBodyBytes)})
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}

// statusWriter records the status of a response. It forwards Flush so
// that SSE works through it.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// instrument counts requests and their latency by route pattern.
func (s *server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil {
			if p := rc.RoutePattern(); p != "" {
				route = p
			}
		}
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		d := time.Since(start)
		s.metrics.observe(r.Method, route, status, d)
		s.log.DebugContext(r.Context(), "http request", "method", r.Method, "path", r.URL.Path, "route", route,
			"status", status, "duration", d)
	})
}
