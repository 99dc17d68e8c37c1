package expression

import (
	"regexp"
	"testing"
)

func TestFunctions(t *testing.T) {
	runRenderCases(t, []renderCase{
		{name: "secret", tpl: "{{ secret('API_KEY') }}", want: "s3cr3t"},
		{name: "secret_missing", tpl: "{{ secret('NOPE') }}", err: "Cannot find secret for key 'NOPE'"},
		{name: "secret_needs_key", tpl: "{{ secret() }}", err: `"key" of secret() is required`},
		{name: "kv_default_namespace", tpl: "{{ kv('my-key').field }}", want: "value"},
		{name: "kv_namespace", tpl: "{{ kv('k', 'other') + 1 }}|{{ kv(key='k', namespace='other') }}", want: "8|7"},
		{name: "kv_missing_is_null", tpl: "[{{ kv('missing') }}]|[{{ kv('missing').field ?? null }}]", want: "[]|[]"},
		{name: "kv_error_on_missing", tpl: "{{ kv('missing', errorOnMissing=true) }}", err: "The key 'missing' does not exist in the namespace 'company.team'"},
		{name: "read", tpl: "{{ read('kestra:///a/b.txt') }}", want: "content of kestra:///a/b.txt"},
		{name: "file_functions", tpl: "{{ fileURI('x.txt') }}|{{ fileSize('a') }}|{{ fileExists('a.txt') }}|{{ fileExists('a.csv') }}|{{ isFileEmpty('a') }}", want: "kestra:///company/team/_files/x.txt|0|true|false|true"},
		{name: "error_logs", tpl: "{{ errorLogs()[0].message }}|{{ errorLogs() | length }}", want: "boom|1"},
		{name: "encrypt_unsupported", tpl: "{{ encrypt('k', 'v') }}", err: "encrypt(): not available in this context"},
		{name: "range", tpl: "{{ range(0, 4, 2) }}|{{ range(3, 0, -1) }}|{{ range(1, 1) }}|{{ range(2, 1) }}", want: "[0,2,4]|[3,2,1,0]|[1]|[]"},
		{name: "range_zero_step", tpl: "{{ range(1, 2, 0) }}", err: "can not be 0"},
		{name: "range_too_long", tpl: "{{ range(0, 100000000) | length }}", err: "range is too long"},
		{name: "range_non_integer", tpl: "{{ range(0, 'a') }}", err: "integer bounds"},
		{name: "max_min", tpl: "{{ max(1, 5, 3) }}|{{ min([4, 2, 8]) }}|{{ max('a', 'b') }}|{{ max(1.5, 2) }}|{{ min(inputs.list) }}", want: "5|2|b|2|1"},
		{name: "max_mixed_fails", tpl: "{{ max(1, 'a') }}", err: "Could not perform greater than comparison"},
		{name: "render_simple", tpl: "{{ render(tpl) }}", want: "Rick"},
		{name: "render_recursive", tpl: "{{ render(tpl2) }}|{{ render(tpl2, recursive=false) }}|{{ renderOnce(tpl2) }}", want: "Rick|{{ inputs.name }}|{{ inputs.name }}"},
		{name: "render_not_recursive_by_default", tpl: "{{ tpl2 }}", want: "{{ tpl }}"},
		{name: "render_map_list", tpl: "{{ render({'a': tpl, 'b': [tpl2, 1]}) }}", want: `{"a":"Rick","b":["Rick",1]}`},
		{name: "render_scalars", tpl: "{{ render(5) }}|[{{ render(null) }}]|{{ render('plain') }}", want: "5|[]|plain"},
		{name: "render_sees_loop_vars", tpl: "{% for x in [1, 2] %}{{ render('{{ x * 10 }}') }}{% endfor %}", want: "1020"},
		{name: "render_sees_set_vars", tpl: "{% set who = 'me' %}{{ render('hi {{ who }}') }}", want: "hi me"},
		{name: "render_set_does_not_leak", tpl: "{% set x = 1 %}{{ render('{% set x = 2 %}{% set y = 3 %}{{ x }}') }}{{ x }}{{ y ?? '-' }}", want: "21-"},
		{name: "render_named_args", tpl: "{{ render(template=tpl2, recursive=false) }}|{{ render(toRender=tpl) }}|{{ renderOnce(template=tpl) }}", want: "{{ inputs.name }}|Rick|Rick"},
		{name: "render_needs_template", tpl: "{{ render() }}", err: "The 'render' function expects an argument 'template'."},
		{name: "render_recursive_boolean", tpl: "{{ render(tpl, recursive='yes') }}", err: "optional argument 'recursive' with type boolean"},
		{name: "date_helpers", tpl: "{{ dayOfWeek('2025-01-06T00:30:00+02:00') }}|{{ dayOfMonth('2025-01-06') }}|{{ monthOfYear(day) }}|{{ isWeekend(d) }}|{{ isWeekend('2025-01-06') }}|{{ hourOfDay('2025-01-06T14:30:00+02:00') }}", want: "MONDAY|6|3|true|false|14"},
		{name: "date_helper_errors", tpl: "{{ hourOfDay('2025-01-06') }}", err: "The 'hourOfDay()' function could not parse 'date'"},
		{name: "date_helper_missing", tpl: "{{ dayOfWeek() }}", err: "The 'dayOfWeek()' function expects a 'date' argument."},
		{name: "render_syntax_error", tpl: "{{ render('{{ 1 + }}') }}", err: "Unexpected token"},
		{name: "render_undefined", tpl: "{{ render('{{ nope }}') }}", err: "Unable to find `nope` used in the expression `{{ nope }}`"},
		{name: "current_each_output", tpl: "{{ currentEachOutput(outputs.each).value }}", want: "one"},
		{name: "current_each_output_not_a_map", tpl: "{{ currentEachOutput('x') }}", err: "expects an argument 'outputs' with type map"},
		{name: "current_each_output_missing_arg", tpl: "{{ currentEachOutput() }}", err: "expects an argument 'outputs'"},
		{name: "fetch_context", tpl: "{% set a = 1 %}{{ fetchContext().a }}|{{ fetchContext().flow.id }}", want: "1|f"},
		{name: "print_context_is_json", tpl: "{{ printContext() | toJson | startsWith('{\"inputs\":{\"name\":\"Rick\"') }}", want: "true"},
		{name: "nano_id_length", tpl: "{{ nanoId() | length }}|{{ nanoId(5) | length }}|{{ nanoId(4, 'ab') | length }}", want: "21|5|4"},
		{name: "ksuid_length", tpl: "{{ ksuid() | length }}", want: "27"},
		{name: "random_int_range", tpl: "{{ randomInt(10, 11) }}", want: "10"},
		{name: "random_int_bad_bounds", tpl: "{{ randomInt(5, 1) }}", err: "upper bound must be greater"},
	})
}

func TestRandomFunctionsAreDerivedFromTheProvider(t *testing.T) {
	ctx := testContext(t)
	eng := NewEngine(0)
	uuid, err := eng.Render("{{ uuid() }}", ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(uuid) {
		t.Fatalf("uuid() = %q, not a version 4 UUID", uuid)
	}
	again, _ := eng.Render("{{ uuid() }}", ctx)
	if again != uuid {
		t.Fatalf("uuid() is not deterministic for a deterministic provider: %q vs %q", uuid, again)
	}
	id, err := eng.Render("{{ id() }}", ctx)
	if err != nil || !regexp.MustCompile(`^[0-9A-Za-z]{1,22}$`).MatchString(id) {
		t.Fatalf("id() = %q, %v", id, err)
	}
	nano, err := eng.Render("{{ nanoId(8, 'xy') }}", ctx)
	if err != nil || !regexp.MustCompile(`^[xy]{8}$`).MatchString(nano) {
		t.Fatalf("nanoId = %q, %v", nano, err)
	}
	if _, err := eng.Render("{{ uuid() }}", Context{}); err == nil {
		t.Fatal("uuid() without provider should fail")
	}
}
