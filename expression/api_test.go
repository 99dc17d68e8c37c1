package expression

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tpl, err := Parse("Hello {{ inputs.name | upper }}")
	if err != nil {
		t.Fatal(err)
	}
	if tpl.Source() != "Hello {{ inputs.name | upper }}" {
		t.Fatalf("Source() = %q", tpl.Source())
	}
	cases := []struct {
		src          string
		line, column int
		msg          string
	}{
		{"ab\n  {{ 1 + }}", 2, 10, "Unexpected token"},
		{"{{ x | nope }}", 1, 8, "Filter [nope] does not exist."},
		{"x\ny\n{% if a %}", 3, 11, `"endif"`},
		{"é {{ 'a", 1, 6, "Unclosed string literal"},
		{"{% foo %}", 1, 4, `Unexpected tag name "foo"`},
	}
	for _, c := range cases {
		_, err := Parse(c.src)
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("Parse(%q) error %v is not an *Error", c.src, err)
		}
		if e.Line != c.line || e.Column != c.column || !e.Syntax || e.Template != c.src || !strings.Contains(e.Message, c.msg) {
			t.Errorf("Parse(%q) = %+v, want line %d column %d message containing %q", c.src, e, c.line, c.column, c.msg)
		}
	}
}

func TestRenderErrorDetails(t *testing.T) {
	eng := NewEngine(0)
	_, err := eng.Render("line1\n  {{ inputs.missing }}", testContext(t))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T is not an *Error", err)
	}
	if e.Undefined != "missing" || e.Line != 2 || e.Column != 13 || e.Syntax {
		t.Fatalf("error = %+v", e)
	}
	if e.Error() != "Unable to find `missing` used in the expression `line1\n  {{ inputs.missing }}` at line 2" {
		t.Fatalf("message = %q", e.Error())
	}
}

type failingFunctions struct{ Unsupported }

var errBackend = errors.New("backend down")

func (failingFunctions) Secret(string) (string, error) {
	return "", fmt.Errorf("vault: %w", errBackend)
}
func (failingFunctions) Now() (time.Time, error) { panic("provider bug") }

func TestProviderErrorsAndPanics(t *testing.T) {
	eng := NewEngine(0)
	ctx := Context{Functions: failingFunctions{}}
	_, err := eng.Render("{{ secret('x') }}", ctx)
	if !errors.Is(err, errBackend) {
		t.Fatalf("secret error %v does not wrap the provider error", err)
	}
	if !strings.Contains(err.Error(), "vault: backend down ({{ secret('x') }}:1)") {
		t.Fatalf("message = %q", err.Error())
	}
	_, err = eng.Render("{{ now() }}", ctx)
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Message, "Internal error") {
		t.Fatalf("panic not converted: %v", err)
	}
	if strings.Contains(err.Error(), "provider bug") || strings.Contains(err.Error(), "goroutine") {
		t.Fatalf("panic text leaked: %q", err.Error())
	}
	if _, err := eng.RenderTyped("{{ now() }}", ctx); err == nil {
		t.Fatal("typed: panic not converted")
	}
}

func TestRenderTyped(t *testing.T) {
	ctx := testContext(t)
	eng := NewEngine(0)
	huge, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	cases := []struct {
		tpl  string
		want any
	}{
		{"{{ inputs.count }}", int64(42)},
		{"{{ inputs.price }}", 1.5},
		{"{{ 2.5 * 2 }}", 5.0},
		{"{{ inputs.flag }}", true},
		{"{{ inputs.name }}", "Rick"},
		{"{{ null }}", nil},
		{"{{ inputs.opt }}", nil},
		{"plain text", "plain text"},
		{"", ""},
		{"id-{{ inputs.name }}", "id-Rick"},
		{"{{ 1 }}{{ 2 }}", "12"},
		{"  {{ inputs.count }}", "  42"},
		{"{{ inputs.count }} items", "42 items"},
		{"{% if true %}{{ 5 }}{% endif %}", int64(5)},
		{"{% set x = 3 %}{{ x }}", int64(3)},
		{"{{ big }}", int64(9007199254740993)},
		{"{{ huge }}", huge},
		{"{{ [1, 'a'] }}", []any{int64(1), "a"}},
		{"{{ inputs.m }}", MapOf("zeta", int64(1), "alpha", int64(2))},
		{"map: {{ inputs.m }}", `map: {"zeta":1,"alpha":2}`},
		{"{{ inputs.m | toJson }}", `{"zeta":1,"alpha":2}`},
		{"{% for i in [1, 2] %}{{ i }}{% endfor %}", "12"},
		{"{% filter upper %}a{% endfilter %}", "A"},
		{"{{ 'a' }}{{ null }}", "a"},
		{"{% for e in {'k': 1} %}{{ e }}{% endfor %}", MapOf("k", int64(1))},
		{"{% for e in {'k': 1} %}{{ [e, [e]] }}{% endfor %}", []any{MapOf("k", int64(1)), []any{MapOf("k", int64(1))}}},
		{"{% for i in [1] %}{{ loop }}{% endfor %}", MapOf("index", int64(0), "revindex", int64(0), "first", true, "last", true, "length", int64(1))},
	}
	for _, c := range cases {
		t.Run(c.tpl, func(t *testing.T) {
			got, err := eng.RenderTyped(c.tpl, ctx)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprintf("%T", got) != fmt.Sprintf("%T", c.want) || !valuesEqual(got, c.want) && !(got == nil && c.want == nil) {
				if b, ok := got.(*big.Int); !ok || b.Cmp(c.want.(*big.Int)) != 0 {
					t.Fatalf("RenderTyped(%q) = %#v (%T), want %#v (%T)", c.tpl, got, got, c.want, c.want)
				}
			}
		})
	}
	if _, err := eng.RenderTyped("{{ nope }}", ctx); err == nil || !strings.Contains(err.Error(), "Unable to find `nope`") {
		t.Fatalf("typed undefined: %v", err)
	}
	if _, err := eng.RenderTyped("{{ 1 +", ctx); err == nil {
		t.Fatal("typed syntax error expected")
	}
}

func TestRenderValue(t *testing.T) {
	ctx := testContext(t)
	eng := NewEngine(0)
	in := MapOf(
		"{{ inputs.name }}", "key rendered",
		"plain", "{{ inputs.count + 1 }}",
		"list", []any{"{{ flow.id }}", int64(3), nil, true},
		"nested", map[string]any{"b": "{{ tpl }}", "a": 1.5},
		"strings", []string{"{{ labels.env }}"},
	)
	got, err := eng.RenderValue(in, ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Rick":"key rendered","plain":"43","list":["f",3,null,true],"nested":{"a":1.5,"b":"{{ inputs.name }}"},"strings":["prod"]}`
	if s := ToJSON(got); s != want {
		t.Fatalf("RenderValue = %s\nwant          %s", s, want)
	}
	dup, err := eng.RenderValue(MapOf("{{ flow.id }}", 1, "f", 2), ctx)
	if err != nil || ToJSON(dup) != `{"f":1}` {
		t.Fatalf("keys rendering to the same value: first wins, got %s %v", ToJSON(dup), err)
	}
	if v, _ := eng.RenderValue(int64(5), ctx); v != int64(5) {
		t.Fatalf("scalar not kept: %#v", v)
	}
	if v, _ := eng.RenderValue(nil, ctx); v != nil {
		t.Fatalf("nil not kept: %#v", v)
	}
	if _, err := eng.RenderValue([]any{"ok", MapOf("k", "{{ nope }}")}, ctx); err == nil || !strings.Contains(err.Error(), "Unable to find `nope`") {
		t.Fatalf("nested error: %v", err)
	}
	if _, err := eng.RenderValue(MapOf("{{ nope }}", 1), ctx); err == nil {
		t.Fatal("key error expected")
	}
}

func TestPackageLevelHelpers(t *testing.T) {
	ctx := Context{Vars: map[string]any{"b": 2, "a": []string{"x"}, "c": map[string]string{"z": "1", "y": "2"}}}
	s, err := Render("{{ a[0] }}{{ b + 1 }}{% for e in c %}{{ e.key }}{% endfor %}", ctx)
	if err != nil || s != "x3yz" {
		t.Fatalf("Render = %q, %v", s, err)
	}
	v, err := RenderTyped("{{ b }}", ctx)
	if err != nil || v != int64(2) {
		t.Fatalf("RenderTyped = %#v, %v", v, err)
	}
	r, err := RenderValue([]any{"{{ b }}"}, ctx)
	if err != nil || ToJSON(r) != `["2"]` {
		t.Fatalf("RenderValue = %#v, %v", r, err)
	}
	// a plain Go map is iterated in sorted key order
	s, err = Render("{{ m }}|{{ m | keys }}", Context{Vars: map[string]any{"m": map[string]any{"b": 1, "a": 2, "c": 3}}})
	if err != nil || s != `{"a":2,"b":1,"c":3}|["a","b","c"]` {
		t.Fatalf("go map = %q, %v", s, err)
	}
}

func TestDecodeJSON(t *testing.T) {
	v, err := DecodeJSON([]byte(`{"z": 1, "a": [1.0, 2.5, 9007199254740993, 123456789012345678901234567890, "s", null, true, {}]}`))
	if err != nil {
		t.Fatal(err)
	}
	m := v.(*Map)
	if strings.Join(m.Keys(), ",") != "z,a" {
		t.Fatalf("keys = %v", m.Keys())
	}
	if got := ToJSON(v); got != `{"z":1,"a":[1.0,2.5,9007199254740993,123456789012345678901234567890,"s",null,true,{}]}` {
		t.Fatalf("round trip = %s", got)
	}
	list, _ := m.Get("a")
	if _, ok := list.([]any)[2].(int64); !ok {
		t.Fatalf("integer decoded as %T", list.([]any)[2])
	}
	for _, bad := range []string{``, `{`, `[1,]`, `{"a" 1}`, `1 2`, `{1: 2}`, `nul`} {
		if _, err := DecodeJSON([]byte(bad)); err == nil {
			t.Errorf("DecodeJSON(%q) should fail", bad)
		}
	}
	if v, err := DecodeJSON([]byte(` "x" `)); err != nil || v != "x" {
		t.Fatalf("scalar: %#v, %v", v, err)
	}
}

func TestMap(t *testing.T) {
	m := NewMap(0)
	m.Set("b", 1)
	m.Set("a", 2)
	m.Set("b", 3)
	if m.Len() != 2 || strings.Join(m.Keys(), "") != "ba" {
		t.Fatalf("keys %v", m.Keys())
	}
	if v, ok := m.Get("b"); !ok || v != 3 {
		t.Fatalf("Get = %v %v", v, ok)
	}
	m.Delete("b")
	m.Delete("nope")
	if m.Len() != 1 || m.Keys()[0] != "a" {
		t.Fatalf("after delete %v", m.Keys())
	}
	b, _ := m.MarshalJSON()
	if string(b) != `{"a":2}` {
		t.Fatalf("json %s", b)
	}
	var nilMap *Map
	if nilMap.Len() != 0 || nilMap.Keys() != nil {
		t.Fatal("nil map")
	}
	if _, ok := nilMap.Get("x"); ok {
		t.Fatal("nil map get")
	}
	if len(m.ToMap()) != 1 {
		t.Fatal("ToMap")
	}
	var zero Map
	zero.Set("k", 1)
	if zero.Len() != 1 {
		t.Fatal("zero value map")
	}
}

func TestEngineCacheIsBounded(t *testing.T) {
	eng := NewEngine(3)
	for i := 0; i < 10; i++ {
		if _, err := eng.Render(fmt.Sprintf("{{ %d }}", i), Context{}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(eng.cache); n != 3 {
		t.Fatalf("cache holds %d templates, want 3", n)
	}
	t1, _ := eng.Compile("{{ 9 }}")
	t2, _ := eng.Compile("{{ 9 }}")
	if t1 != t2 {
		t.Fatal("a cached template should be reused")
	}
	if _, err := eng.Compile("{{"); err == nil {
		t.Fatal("syntax error expected")
	}
	if len(eng.cache) != 3 {
		t.Fatal("failed templates must not be cached")
	}
}

func TestConcurrentRendering(t *testing.T) {
	ctx := testContext(t)
	eng := NewEngine(8)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				tpl := fmt.Sprintf("{%% for x in inputs.list %%}{{ x + %d }}{%% endfor %%}", i%12)
				want := fmt.Sprintf("%d%d%d", 3+i%12, 1+i%12, 2+i%12)
				got, err := eng.Render(tpl, ctx)
				if err != nil || got != want {
					errs <- fmt.Errorf("goroutine %d: %q -> %q, %v", g, tpl, got, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestJavaDoubleFormatting(t *testing.T) {
	cases := map[float64]string{
		0: "0.0", 1: "1.0", -1.5: "-1.5", 100: "100.0", 1234567: "1234567.0", 1e7: "1.0E7",
		1.5e-3: "0.0015", 9.99e-4: "9.99E-4", 1e-10: "1.0E-10", 123456789012: "1.23456789012E11",
		0.1: "0.1", 1.0 / 3: "0.3333333333333333", 1e100: "1.0E100",
	}
	for f, want := range cases {
		if got := string(appendJavaDouble(nil, f)); got != want {
			t.Errorf("Java(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestCancel(t *testing.T) {
	goctx, cancel := context.WithCancel(context.Background())
	cancel()
	eng := NewEngine(0)
	ctx := Context{Cancel: goctx}
	_, err := eng.Render("{% for i in range(0, 5000) %}{{ i }}{% endfor %}", ctx)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "Rendering cancelled") {
		t.Fatalf("loop: %v", err)
	}
	_, err = eng.Render("{{ [1] | jq('def f: f; f') }}", ctx)
	if err == nil {
		t.Fatal("jq should stop when cancelled")
	}
}

func TestLimits(t *testing.T) {
	eng := NewEngine(0)
	cases := map[string]string{
		"{% for i in range(0, 999999) %}{% for j in range(0, 999999) %}{% endfor %}{% endfor %}": "Too many loop iterations",
		"{{ range(0, 2000000) }}": "range is too long",
		"{% set s = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' %}{% set s = s ~ s ~ s ~ s ~ s ~ s ~ s ~ s %}{% set s = s ~ s ~ s ~ s ~ s ~ s ~ s ~ s %}{% set s = s ~ s ~ s ~ s ~ s ~ s ~ s ~ s %}{% set s = s ~ s ~ s ~ s ~ s ~ s ~ s ~ s %}{% set s = s ~ s ~ s ~ s ~ s ~ s ~ s ~ s %}{% set s = s ~ s ~ s ~ s ~ s ~ s ~ s ~ s %}{% set s = s ~ s ~ s ~ s ~ s ~ s ~ s ~ s %}": "too large",
		"{{ 'a\nb' | indent(65536, '" + strings.Repeat("x", 2000) + "') }}": "too large",
		strings.Repeat("{% if true %}", 300):                                "nested too deeply",
	}
	for tpl, want := range cases {
		_, err := eng.Render(tpl, Context{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Render(%.60q…) = %v, want an error containing %q", tpl, err, want)
		}
	}
}

func TestGoValuesInContext(t *testing.T) {
	instant := time.Date(2024, 12, 20, 16, 2, 32, 123000000, time.UTC)
	ctx := Context{Vars: map[string]any{
		"t":     instant,
		"n":     int32(7),
		"u":     uint64(1 << 63),
		"f":     float32(1.5),
		"ints":  []int{1, 2},
		"strs":  []string{"b", "a"},
		"float": []float64{0.5},
		"sm":    map[string]string{"k": "v"},
		"maps":  []map[string]any{{"x": 1}},
	}}
	got, err := Render("{{ t }}|{{ [t] }}|{{ t | date('yyyy-MM-dd', timeZone='Europe/Paris') }}|{{ n + 1 }}|{{ u }}|{{ f * 2 }}|{{ ints | join('-') }}|{{ strs | sort }}|{{ float }}|{{ sm.k }}|{{ maps[0].x }}", ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := `2024-12-20T16:02:32.123Z|["2024-12-20T16:02:32.123Z"]|2024-12-20|8|9223372036854775808|3.0|1-2|["a","b"]|[0.5]|v|1`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestJSONNumberValues(t *testing.T) {
	ctx := Context{Vars: map[string]any{"i": json.Number("6"), "f": json.Number("6.0"), "b": json.Number("123456789012345678901234567890"), "l": []any{json.Number("1")}}}
	got, err := Render("{{ i + 1 }}|{{ f }}|{{ b }}|{{ l }}|{{ i | className }}", ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := "7|6.0|123456789012345678901234567890|[1]|java.lang.Long"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// TestSharedStructureIsBounded: values built from shared parts grow
// exponentially; every walk over them must stop with an error, not hang.
func TestSharedStructureIsBounded(t *testing.T) {
	const build = "{% set a = [1] %}{% for i in range(0, 60) %}{% set a = [a, a] %}{% endfor %}"
	eng := NewEngine(0)
	for _, expr := range []string{
		"{{ a }}", "{{ a | toJson | length }}", "{{ a | yaml }}", "{{ a | jq('.') }}", "{{ render(a) }}",
		"{{ 'x' ~ a }}", "{{ a | join }}", "{{ a == a }}", "{{ a contains [1] }}", "{{ a | distinct | length }}",
		"{{ a | string | length }}", "{{ a | nindent(2) }}", "{{ [a] | flatten | length }}", "{% for x in a %}{{ x }}{% endfor %}",
		"{{ a | sha256 }}", "{{ a + a }}",
	} {
		start := time.Now()
		_, err := eng.Render(build+expr, Context{})
		_, _ = eng.RenderTyped(build+expr, Context{})
		// generous: the point is that it ends (budgets), even on a loaded machine
		if d := time.Since(start); d > 60*time.Second {
			t.Errorf("%s took %v", expr, d)
		}
		if err != nil && !strings.Contains(err.Error(), "too large") && !strings.Contains(err.Error(), "too expensive") {
			t.Errorf("%s: unexpected error %v", expr, err)
		}
	}
}

func TestMemoIsBounded(t *testing.T) {
	m := newMemo[int](2)
	m.put("a", 1)
	m.put("b", 2)
	m.put("c", 3)
	if _, ok := m.get("a"); ok {
		t.Fatal("a full memo starts over")
	}
	if v, ok := m.get("c"); !ok || v != 3 {
		t.Fatal("latest entry kept")
	}
}
