package expression

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// leaks are fragments that must never reach a user-facing message: Go panic
// text and internal type names.
var leaks = []string{"runtime error", "goroutine ", "panic:", "*expression.", "expression.", "interface {}", "[]interface", "map[string]interface", "Internal error", "%!"}

func FuzzRender(f *testing.F) {
	seeds := []string{
		"", "plain", "{{ 1 + 2 }}", "{{ inputs.name | upper }}", "{{ outputs['my-task'].uri }}",
		"{% for x in inputs.list %}{{ loop.index }}{{ x }}{% else %}e{% endfor %}",
		"{% if a %}x{% elseif b %}y{% else %}z{% endif %}", "{% set x = [1, {'a': 2}] %}{{ x[1].a }}",
		"{{ missing ?? 'd' }}{{ missing ??? 'e' }}{{ inputs.opt is defined }}",
		"{{ d | date('yyyy-MM-dd HH:mm:ss XXX', timeZone='Europe/Paris') }}",
		"{{ d | dateAdd(1, 'MONTHS', format='iso_sec') }}", "{{ d | timestampNano }}",
		"{{ inputs | jq('.list | map(. + 1)') | first }}", "{{ fromJson(inputs.json) | toJson }}",
		"{{ yaml('a: [1, 2]') | yaml }}", `{{ "interp #{inputs.count * 2}" }}`, "{% raw %}{{ x }}{% endraw %}",
		"{{- ' a ' -}} {#- c -#}", "{% filter upper %}x{% endfilter %}", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1) }}",
		"{{ render(tpl2) }}{{ renderOnce(tpl) }}", "{{ 1234.5 | numberFormat('#,##0.00') }}", "{{ [3,1,2] | sort | join(',') }}",
		"{{ 'a,b' | split(',') | length }}", "{{ 10 / 0 }}", "{{ 1 ? 2 : 3 }}", "{{ 'x' ~ [1] ~ {'a': 1} }}",
		"{{ 1..5 }}", "{{ range(0, 10, 3) }}", "{{ max(1, 2.5) }}", "{{ inputs.m | keys }}", "{{ huge * huge }}",
		"{{ '2024-01-31' | date('EEEE d MMMM', locale='fr') }}", "{{ 'x' | replace({'(x)': '$1$1'}, regexp=true) }}",
		"{{ currentEachOutput(outputs.each) }}", "{{ now() }}{{ uuid() }}{{ kv('k', 'other') }}",
		"{{", "{%", "{#", "{{ 'a }}", "{% if %}", "{{ a.b.c[d][e] | f(g=h) is i }}", "{{ \"#{\"#{1}\"}\" }}",
		"{{ '2024-12-29' | date('YYYY-ww e W Q G z O XXX', locale='fr') }}", "{{ dayOfWeek(d) }}{{ isWeekend(day) }}",
		"{% for e in inputs.m %}{{ e }}{{ e.key }}{% endfor %}", "{{ [1, 2] - 1 }}{{ [1] == [1.0] }}", "{{ 'a.b' | split('.') }}",
		"{{ ksuid() }}{{ nanoId(3) }}{{ id() }}", "{% raw %}{{ x }}{% endraw %}{{ render('{% raw %}{{ y }}{% endraw %}') }}",
		"{{ 'x' | abbreviate(2) }}{{ 'a\nb' | nindent(2) }}{{ 'x' | nl2br }}", "{% if inputs.opt %}x{% endif %}",
		"{% set t = 0 %}{% for i in [1, 2] %}{% set t = t + i %}{% endfor %}{{ t }}",
		"{{ 9223372036854775807 + 1 }}", "{{ -9223372036854775808 / -1 }}", "{{ 0.1 * 3 }}", "{{ 1L }}",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	vars, err := DecodeJSON([]byte(testVarsJSON))
	if err != nil {
		f.Fatal(err)
	}
	eng := NewEngine(256)
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		defer func() {
			// a rendering that takes this long is a hang for a flow
			if d := time.Since(start); d > 15*time.Second {
				t.Fatalf("%q took %v", src, d)
			}
		}()
		tpl, perr := Parse(src)
		if perr != nil {
			checkError(t, src, perr)
			return
		}
		goctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		ctx := Context{Vars: vars, Functions: testFunctions{}, Cancel: goctx}
		if _, err := eng.RenderTemplate(tpl, ctx); err != nil {
			checkError(t, src, err)
		}
		if _, err := eng.RenderTemplateTyped(tpl, ctx); err != nil {
			checkError(t, src, err)
		}
		if _, err := eng.RenderValue(MapOf(src, []any{src}), ctx); err != nil {
			checkError(t, src, err)
		}
	})
}

func checkError(t *testing.T, src string, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %T is not an *Error: %v", src, err, err)
	}
	if e.Line < 1 || e.Column < 1 {
		t.Fatalf("%q: bad position %d:%d", src, e.Line, e.Column)
	}
	msg := e.Message
	for _, l := range leaks {
		if strings.Contains(msg, l) && !strings.Contains(src, l) {
			t.Fatalf("%q: message leaks %q: %s", src, l, msg)
		}
	}
}
