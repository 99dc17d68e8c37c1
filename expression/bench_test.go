package expression

import (
	"strings"
	"testing"
)

func BenchmarkRenderCachedFilter(b *testing.B) {
	eng := NewEngine(0)
	ctx := Context{Vars: MapOf("outputs", MapOf("t1", MapOf("value", "hello world")))}
	const tpl = "{{ outputs.t1.value | upper }}"
	if s, err := eng.Render(tpl, ctx); err != nil || s != "HELLO WORLD" {
		b.Fatalf("%q %v", s, err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := eng.Render(tpl, ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// loopTemplate is a 20-line template with a for loop, an if and filters.
var loopTemplate = strings.Join([]string{
	"Report for {{ flow.namespace }}.{{ flow.id }}",
	"Execution: {{ execution.id }}",
	"Started: {{ execution.startDate }}",
	"{% set total = 0 %}",
	"Users:",
	"{% for u in inputs.users %}",
	"  - #{{ loop.index + 1 }} {{ u.name | upper }}",
	"    age: {{ u.age }}",
	"    {% if u.age >= 30 %}senior{% else %}junior{% endif %}",
	"    tags: {{ u.tags | join(', ') }}",
	"    first: {{ loop.first }} last: {{ loop.last }}",
	"{% endfor %}",
	"Count: {{ inputs.users | length }}",
	"Label: {{ labels.env ?? 'none' }}",
	"Missing: {{ inputs.missing ?? 'default' }}",
	"Upper: {{ inputs.name | upper }}",
	"Sum: {{ 1 + 2 * 3 }}",
	"Json: {{ inputs.meta }}",
	"Text: {{ 'a' ~ 'b' }}",
	"End",
}, "\n")

func BenchmarkRenderLoop20(b *testing.B) {
	eng := NewEngine(0)
	users := make([]any, 10)
	for i := range users {
		users[i] = MapOf("name", "user", "age", int64(20+i*2), "tags", []any{"a", "b"})
	}
	vars := MapOf(
		"flow", MapOf("namespace", "company.team", "id", "report"),
		"execution", MapOf("id", "4wjtkzwVGBM9yKnjm3yv8r", "startDate", "2026-01-02T03:04:05.123Z"),
		"inputs", MapOf("users", users, "name", "rick", "meta", MapOf("k", "v")),
		"labels", MapOf("env", "prod"),
	)
	ctx := Context{Vars: vars}
	if strings.Count(loopTemplate, "\n") != 19 {
		b.Fatalf("template has %d lines", strings.Count(loopTemplate, "\n")+1)
	}
	if _, err := eng.Render(loopTemplate, ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := eng.Render(loopTemplate, ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(loopTemplate); err != nil {
			b.Fatal(err)
		}
	}
}
