package expression

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Context is what a template is rendered against.
type Context struct {
	// Vars holds the top-level variables (inputs, outputs, vars, flow,
	// execution, taskrun, parents, labels, trigger…): a *Map or a
	// map[string]any. Nested values use the engine's value set: nil, bool,
	// int64, float64, *big.Int, string, []any, *Map, map[string]any (other Go
	// integer and float types are accepted and converted).
	Vars any
	// Functions provides what a pure template cannot compute by itself:
	// the clock, secrets, the KV store, files, logs and randomness. When nil,
	// the functions that need it fail with an error wrapping ErrNotProvided.
	Functions Functions
	// TimeZone is the zone the date filters use when no timeZone argument
	// is given (Java's system default zone). nil means UTC.
	TimeZone *time.Location
	// Locale is the default locale of date and number formatting, as
	// "en", "fr-FR"…; empty means English.
	Locale string
	// Cancel, when set, stops a long rendering (big loops, jq programs)
	// with an error once it is done. The engine never sets a deadline itself.
	Cancel context.Context
}

// DefaultCacheSize is the number of compiled templates an Engine keeps when
// NewEngine is given no positive size.
const DefaultCacheSize = 4096

// Engine renders templates, keeping a bounded cache of compiled templates.
// It is safe for concurrent use. The zero value is not usable; call
// NewEngine.
type Engine struct {
	mu    sync.RWMutex
	cache map[string]*Template
	ring  []string // insertion order, for FIFO eviction
	next  int
	max   int
}

// NewEngine returns an engine whose cache holds at most cacheSize compiled
// templates (DefaultCacheSize when cacheSize <= 0).
func NewEngine(cacheSize int) *Engine {
	if cacheSize <= 0 {
		cacheSize = DefaultCacheSize
	}
	return &Engine{cache: make(map[string]*Template), max: cacheSize}
}

// Compile returns the compiled template for src, from the cache when it was
// compiled before.
func (e *Engine) Compile(src string) (*Template, error) {
	return e.compile(src, false)
}

// rawKeyPrefix marks cache entries compiled for render(), which keep their
// raw blocks.
const rawKeyPrefix = "\x00raw\x00"

func (e *Engine) compile(src string, keepRaw bool) (*Template, error) {
	key := src
	if keepRaw {
		key = rawKeyPrefix + src
	}
	e.mu.RLock()
	t := e.cache[key]
	e.mu.RUnlock()
	if t != nil {
		return t, nil
	}
	var err error
	if keepRaw {
		t, err = parseKeepRaw(src)
	} else {
		t, err = Parse(src)
	}
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	if _, ok := e.cache[key]; !ok {
		if len(e.ring) < e.max {
			e.ring = append(e.ring, key)
		} else {
			delete(e.cache, e.ring[e.next])
			e.ring[e.next] = key
			e.next = (e.next + 1) % e.max
		}
		e.cache[key] = t
	}
	e.mu.Unlock()
	return t, nil
}

// Render renders src to a string, as Kestra renders a string property.
// A template without '{' is returned unchanged.
func (e *Engine) Render(src string, ctx Context) (string, error) {
	if strings.IndexByte(src, '{') < 0 {
		return src, nil
	}
	t, err := e.Compile(src)
	if err != nil {
		return "", err
	}
	return e.RenderTemplate(t, ctx)
}

// RenderTemplate renders a compiled template to a string.
func (e *Engine) RenderTemplate(t *Template, ctx Context) (out string, err error) {
	ec := newEvalCtx(e, t, &ctx)
	defer ec.release()
	defer recoverInto(t.src, &err)
	if err := ec.run(t); err != nil {
		return "", toError(t.src, err)
	}
	return stripRawTags(string(ec.buf)), nil
}

// RenderTyped renders src keeping the native type of the result when the
// template writes a single value: "{{ inputs.count }}" gives int64(42),
// "{{ [1,2] }}" a []any, "{{ null }}" nil. Text mixed with values is
// concatenated into a string (Kestra 1.x). A template without '{' is
// returned unchanged as a string.
func (e *Engine) RenderTyped(src string, ctx Context) (any, error) {
	if strings.IndexByte(src, '{') < 0 {
		return src, nil
	}
	t, err := e.Compile(src)
	if err != nil {
		return nil, err
	}
	return e.RenderTemplateTyped(t, ctx)
}

// RenderTemplateTyped is RenderTyped for a compiled template.
func (e *Engine) RenderTemplateTyped(t *Template, ctx Context) (out any, err error) {
	ec := newEvalCtx(e, t, &ctx)
	defer ec.release()
	defer recoverInto(t.src, &err)
	ec.typed = true
	if err := ec.run(t); err != nil {
		return nil, toError(t.src, err)
	}
	if out, err = ec.typedResult(); err != nil {
		return nil, toError(t.src, err)
	}
	if s, ok := out.(string); ok {
		out = stripRawTags(s)
	}
	return out, nil
}

// RenderValue renders a property value: strings are rendered, maps and
// lists are walked with their keys and nested strings rendered and their
// structure kept; other values are returned as they are. Rendered output is
// not rendered again (use render() inside the template for that).
func (e *Engine) RenderValue(v any, ctx Context) (any, error) {
	return e.renderValue(v, ctx, 0)
}

const maxValueDepth = 1000

func (e *Engine) renderValue(v any, ctx Context, depth int) (any, error) {
	if depth > maxValueDepth {
		return nil, fmt.Errorf("value nested more than %d levels deep", maxValueDepth)
	}
	switch x := v.(type) {
	case string:
		return e.Render(x, ctx)
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			r, err := e.renderValue(item, ctx, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	case *Map, map[string]any:
		out := NewMap(mapLen(x))
		var err error
		mapRange(x, func(k string, item any) bool {
			var rk string
			if rk, err = e.Render(k, ctx); err != nil {
				return false
			}
			var rv any
			if rv, err = e.renderValue(item, ctx, depth+1); err != nil {
				return false
			}
			if _, dup := out.Get(rk); !dup { // Kestra's putIfAbsent
				out.Set(rk, rv)
			}
			return true
		})
		if err != nil {
			return nil, err
		}
		return out, nil
	case []string:
		return e.renderValue(normalize(x), ctx, depth)
	}
	return v, nil
}

// recoverInto turns a panic inside the engine into an *Error; no Go panic
// text or type name reaches the caller.
func recoverInto(src string, err *error) {
	if r := recover(); r != nil {
		*err = &Error{Template: src, Line: 1, Column: 1, Message: "Internal error while rendering the expression"}
	}
}

var defaultEngine = NewEngine(0)

// Render renders src with a shared default engine.
func Render(src string, ctx Context) (string, error) { return defaultEngine.Render(src, ctx) }

// RenderTyped renders src typed with a shared default engine.
func RenderTyped(src string, ctx Context) (any, error) { return defaultEngine.RenderTyped(src, ctx) }

// RenderValue renders a property value with a shared default engine.
func RenderValue(v any, ctx Context) (any, error) { return defaultEngine.RenderValue(v, ctx) }
