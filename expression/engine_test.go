package expression

import "testing"

func TestSyntax(t *testing.T) {
	runRenderCases(t, []renderCase{
		{name: "no_brace_returned_as_is", tpl: "plain text", want: "plain text"},
		{name: "single_braces_are_text", tpl: "{a} {{ 1 }} }", want: "{a} 1 }"},
		{name: "empty_expression_fails", tpl: "{{ }}", err: "Unexpected token"},
		{name: "unclosed_print", tpl: "{{ 1 + 2", err: "missing \"}}\""},
		{name: "unclosed_exec", tpl: "{% if true ", err: "missing \"%}\""},
		{name: "unclosed_comment", tpl: "a {# b", err: "Unclosed comment"},
		{name: "unclosed_string", tpl: "{{ 'abc }}", err: "Unclosed string literal"},
		{name: "unclosed_paren", tpl: "{{ (1 + 2 }}", err: "Unexpected"},
		{name: "unclosed_list", tpl: "{{ [1, 2 }}", err: "Unexpected"},
		{name: "unclosed_interpolation", tpl: `{{ "a #{b" }}`, err: "Unclosed"},
		{name: "bad_character", tpl: "{{ 1 ; 2 }}", err: "Unexpected character ';'"},
		{name: "dangling_operator", tpl: "{{ 1 + }}", err: "Unexpected token"},
		{name: "double_operator", tpl: "{{ 1 * * 2 }}", err: "Unexpected token"},
		{name: "missing_endfor", tpl: "{% for x in [1] %}x", err: `looking for the "endfor" tag`},
		{name: "missing_endfilter", tpl: "{% filter upper %}x", err: `looking for the "endfilter" tag`},
		{name: "missing_endraw", tpl: "{% raw %}x", err: `looking for the "endraw" tag`},
		{name: "stray_endif", tpl: "{% endif %}", err: `Unexpected tag name "endif"`},
		{name: "stray_else", tpl: "{% else %}", err: `Unexpected tag name "else"`},
		{name: "removed_include", tpl: "{% include 'x' %}", err: `Unexpected tag name "include"`},
		{name: "removed_extends", tpl: "{% extends 'x' %}", err: `Unexpected tag name "extends"`},
		{name: "removed_import", tpl: "{% import 'x' %}", err: `Unexpected tag name "import"`},
		{name: "removed_autoescape", tpl: "{% autoescape %}x{% endautoescape %}", err: `Unexpected tag name "autoescape"`},
		{name: "tag_without_name", tpl: "{% 1 %}", err: "expected a tag name"},
		{name: "for_without_in", tpl: "{% for x of y %}{% endfor %}", err: `expected "in"`},
		{name: "set_without_equals", tpl: "{% set x 1 %}", err: `expected "="`},
		{name: "unknown_filter", tpl: "{{ 1 | nope }}", err: "Filter [nope] does not exist."},
		{name: "removed_raw_filter", tpl: "{{ 'a' | raw }}", err: "Filter [raw] does not exist."},
		{name: "unknown_test", tpl: "{{ 1 is nope }}", err: "Test [nope] does not exist."},
		{name: "unknown_function", tpl: "{{ nope() }}", err: "Function or Macro [nope] does not exist."},
		{name: "unknown_function_not_called", tpl: "{% if false %}{{ nope() }}{% endif %}ok", want: "ok"},
		{name: "filter_name_missing", tpl: "{{ 1 | }}", err: "expected a filter name"},
		{name: "attribute_name_missing", tpl: "{{ a. }}", err: "expected an attribute name"},
		{name: "ternary_missing_colon", tpl: "{{ true ? 1 }}", err: `expected ":"`},
		{name: "error_names_template_and_line", tpl: "a\nb {{ 1 | nope }}", err: "Filter [nope] does not exist. (a\nb {{ 1 | nope }}:2)"},
		{name: "deep_nesting_refused", tpl: "{{ " + repeat("(", 300) + "1" + repeat(")", 300) + " }}", err: "nested too deeply"},
		{name: "comment_with_delimiters_inside", tpl: "a{# {{ x }} {% if %} #}b", want: "ab"},
		{name: "close_delimiter_inside_string", tpl: "{{ '}}' }}", want: "}}"},
		{name: "map_literal_without_space", tpl: "{{{'a':1}}}", want: `{"a":1}`},
		{name: "nested_map_literal", tpl: "{{ {'a':{'b':1}} }}", want: `{"a":{"b":1}}`},
		{name: "names_with_unicode", tpl: "{% set café = 'ok' %}{{ café }}", want: "ok"},
		{name: "keyword_prefix_is_a_name", tpl: "{% set organization = 1 %}{% set android = 2 %}{{ organization + android }}", want: "3"},
	})
}

func repeat(s string, n int) string {
	out := ""
	for i := 0; i < n; i++ {
		out += s
	}
	return out
}

func TestLiterals(t *testing.T) {
	runRenderCases(t, []renderCase{
		{name: "integer", tpl: "{{ 42 }}", want: "42"},
		{name: "long_suffix", tpl: "{{ 42L }}", want: "42"},
		{name: "decimal", tpl: "{{ 1.25 }}", want: "1.25"},
		{name: "decimal_whole", tpl: "{{ 3.0 }}", want: "3.0"},
		{name: "big_integer_literal", tpl: "{{ 123456789012345678901234567890 }}", want: "123456789012345678901234567890"},
		{name: "single_quoted", tpl: "{{ 'it''s' }}", err: "Unexpected token"},
		{name: "escaped_single_quote", tpl: `{{ 'it\'s' }}`, want: "it's"},
		{name: "escaped_double_quote", tpl: `{{ "say \"hi\"" }}`, want: `say "hi"`},
		{name: "double_backslash", tpl: `{{ 'a\\b' }}`, want: `a\b`},
		{name: "other_backslashes_kept", tpl: `{{ 'a\nb\d' }}`, want: `a\nb\d`},
		{name: "double_quoted_plain", tpl: `{{ "x" }}`, want: "x"},
		{name: "interpolation", tpl: `{{ "#{inputs.name} has #{inputs.count + 1}" }}`, want: "Rick has 43"},
		{name: "interpolation_nested_quotes", tpl: `{{ "a#{'b' ~ "c"}d" }}`, want: "abcd"},
		{name: "interpolation_with_map", tpl: `{{ "v=#{ {'k': 1}.k }" }}`, want: "v=1"},
		{name: "escaped_interpolation_kept", tpl: `{{ "\#{x}" }}`, want: `\#{x}`},
		{name: "single_quotes_do_not_interpolate", tpl: `{{ '#{inputs.name}' }}`, want: "#{inputs.name}"},
		{name: "true_false", tpl: "{{ true }}|{{ false }}|{{ TRUE }}|{{ False }}", want: "true|false|true|false"},
		{name: "null_none", tpl: "[{{ null }}][{{ none }}][{{ NULL }}]", want: "[][][]"},
		{name: "list", tpl: "{{ [1, 'a', true, null, 1.5] }}", want: `[1,"a",true,null,1.5]`},
		{name: "empty_list", tpl: "{{ [] }}", want: "[]"},
		{name: "empty_map", tpl: "{{ {} }}", want: "{}"},
		{name: "map_keys_in_order", tpl: "{{ {'b': 1, 'a': 2} }}", want: `{"b":1,"a":2}`},
		{name: "map_number_key", tpl: "{{ {1: 'one'} }}", want: `{"1":"one"}`},
		{name: "map_key_expression", tpl: "{{ {inputs.name: 1} }}", want: `{"Rick":1}`},
		{name: "map_double_quoted_key", tpl: `{{ {"k": "v"}.k }}`, want: "v"},
		{name: "nested_literals", tpl: "{{ [{'a': [1, {'b': []}]}] }}", want: `[{"a":[1,{"b":[]}]}]`},
		{name: "range_operator", tpl: "{{ 1..4 }}", want: "[1,2,3,4]"},
		{name: "range_operator_descending_empty", tpl: "{{ 3..1 }}", want: "[]"},
	})
}

func TestAccess(t *testing.T) {
	runRenderCases(t, []renderCase{
		{name: "dot", tpl: "{{ inputs.name }}", want: "Rick"},
		{name: "deep", tpl: "{{ inputs.nested.a.b.c }}", want: "deep"},
		{name: "bracket_literal", tpl: "{{ inputs['name'] }}", want: "Rick"},
		{name: "bracket_double_quoted", tpl: `{{ inputs["name"] }}`, want: "Rick"},
		{name: "dash_in_task_id", tpl: "{{ outputs['my-task'].uri }}", want: "kestra://x"},
		{name: "bracket_dynamic", tpl: "{{ outputs.each[taskrun.value].value }}", want: "one"},
		{name: "bracket_chain", tpl: "{{ inputs['nested']['a']['b']['c'] }}", want: "deep"},
		{name: "list_index", tpl: "{{ inputs.list[0] }}|{{ inputs.list[2] }}", want: "3|2"},
		{name: "list_index_dot", tpl: "{{ inputs.list.1 }}", want: "1"},
		{name: "list_index_expression", tpl: "{{ inputs.list[1 + 1] }}", want: "2"},
		{name: "list_of_maps", tpl: "{{ inputs.users[1].name }}", want: "Bo"},
		{name: "list_size", tpl: "{{ inputs.list.size }}", want: "3"},
		{name: "literal_access", tpl: "{{ [10, 20][1] }}|{{ {'a': {'b': 'c'}}.a.b }}", want: "20|c"},
		{name: "call_result_access", tpl: "{{ fromJson('{\"a\": [5]}').a[0] }}", want: "5"},
		{name: "labels_nested", tpl: "{{ labels.system.correlationId }}", want: "c1"},
		{name: "map_renders_json", tpl: "{{ inputs.m }}", want: `{"zeta":1,"alpha":2}`},
		{name: "list_renders_json", tpl: "{{ inputs.users }}", want: `[{"name":"Al","age":30},{"name":"Bo","age":25}]`},
		{name: "null_value_renders_empty", tpl: "[{{ inputs.opt }}]", want: "[]"},
		{name: "number_key_on_map", tpl: "{{ {'1': 'one'}[1] }}", want: "one"},
		{name: "go_map_vars_sorted", tpl: "{{ inputs.m | keys }}", want: `["zeta","alpha"]`},
	})
}

func TestStrict(t *testing.T) {
	runRenderCases(t, []renderCase{
		{name: "missing_root", tpl: "{{ nope }}", err: "Unable to find `nope` used in the expression `{{ nope }}` at line 1"},
		{name: "missing_attribute", tpl: "{{ inputs.nope }}", err: "Unable to find `nope` used in the expression `{{ inputs.nope }}` at line 1"},
		{name: "missing_deep", tpl: "{{ inputs.nested.a.x.y }}", err: "Unable to find `x`"},
		{name: "attribute_of_string", tpl: "{{ inputs.name.first }}", err: "Unable to find `first`"},
		{name: "attribute_of_number", tpl: "{{ inputs.count.x }}", err: "Unable to find `x`"},
		{name: "attribute_of_null", tpl: "{{ inputs.opt.x }}", err: "Unable to find `x`"},
		{name: "index_out_of_range", tpl: "{{ inputs.list[3] }}", err: "Unable to find `3`"},
		{name: "negative_index", tpl: "{{ inputs.list[-1] }}", err: "Unable to find `-1`"},
		{name: "dynamic_key_missing", tpl: "{{ inputs[inputs.name] }}", err: "Unable to find `Rick`"},
		{name: "line_number", tpl: "a\nb\nc {{ x }}", err: "at line 3"},
		{name: "line_number_in_tag", tpl: "a\n{% if y %}{% endif %}", err: "Unable to find `y` used in the expression `a\n{% if y %}{% endif %}` at line 2"},
		{name: "coalesce_catches", tpl: "{{ nope ?? 'd' }}|{{ inputs.nope ?? 'd' }}|{{ inputs.opt.x ?? 'd' }}", want: "d|d|d"},
		{name: "coalesce_keeps_value", tpl: "{{ inputs.name ?? 'd' }}|{{ inputs.zero ?? 'd' }}|{{ inputs.empty ?? 'd' }}|", want: "Rick|0||"},
		{name: "coalesce_chain", tpl: "{{ a ?? b ?? 'c' }}", want: "c"},
		{name: "coalesce_right_must_resolve", tpl: "{{ a ?? b }}", err: "Unable to find `b`"},
		{name: "coalesce_catches_inside_call", tpl: "{{ (nope | upper) ?? 'd' }}", want: "d"},
		{name: "coalesce_keeps_other_errors", tpl: "{{ (1 / 0) ?? 'd' }}", err: "/ by zero"},
		{name: "undefined_coalesce", tpl: "{{ nope ??? 'd' }}|[{{ inputs.opt ??? 'd' }}]", want: "d|[]"},
		{name: "is_defined_guard", tpl: "{{ nope is defined }}|{{ inputs.nope.x is not defined }}|{{ inputs.name is defined }}", want: "false|true|true"},
		{name: "default_guard", tpl: "{{ nope | default('d') }}|{{ inputs.nope.deeper | default('d') }}", want: "d|d"},
		{name: "default_guards_whole_chain", tpl: "{{ nope | upper | default('d') }}", want: "d"},
		{name: "if_does_not_guard", tpl: "{% if nope %}x{% endif %}", err: "Unable to find `nope`"},
		{name: "or_short_circuits", tpl: "{{ true or nope }}", want: "true"},
		{name: "and_short_circuits", tpl: "{{ false and nope }}", want: "false"},
		{name: "ternary_lazy", tpl: "{{ true ? 'a' : nope }}|{{ false ? nope : 'b' }}", want: "a|b"},
		{name: "unused_set_is_lazy_not", tpl: "{% set x = nope %}", err: "Unable to find `nope`"},
		{name: "null_test_on_missing_fails", tpl: "{{ nope is null }}", err: "Unable to find `nope`"},
		{name: "empty_test_on_missing_fails", tpl: "{{ nope is empty }}", err: "Unable to find `nope`"},
		{name: "for_over_missing_fails", tpl: "{% for x in nope %}{% endfor %}", err: "Unable to find `nope`"},
	})
}

func TestArithmetic(t *testing.T) {
	runRenderCases(t, []renderCase{
		{name: "add", tpl: "{{ 1 + 2 }}", want: "3"},
		{name: "sub_negative", tpl: "{{ 1 - 5 }}", want: "-4"},
		{name: "mul", tpl: "{{ 6 * 7 }}", want: "42"},
		{name: "integer_division_truncates", tpl: "{{ 10 / 4 }}|{{ -7 / 2 }}", want: "2|-3"},
		{name: "decimal_division", tpl: "{{ 10 / 4.0 }}|{{ 1 / 3.0 }}", want: "2.5|0.3333333333333333"},
		{name: "mod", tpl: "{{ 10 % 3 }}|{{ -7 % 3 }}|{{ 7.5 % 2 }}", want: "1|-1|1.5"},
		{name: "division_by_zero", tpl: "{{ 1 / 0 }}", err: "/ by zero"},
		{name: "mod_by_zero", tpl: "{{ 1 % 0 }}", err: "/ by zero"},
		{name: "decimal_division_by_zero", tpl: "{{ 1.0 / 0 }}|{{ -1.0 / 0 }}|{{ 0.0 / 0 }}", want: "Infinity|-Infinity|NaN"},
		{name: "float_sum", tpl: "{{ 0.1 + 0.2 }}", want: "0.30000000000000004"},
		{name: "double_kept", tpl: "{{ inputs.price * 2 }}|{{ inputs.price + 1 }}", want: "3.0|2.5"},
		{name: "int_plus_decimal", tpl: "{{ inputs.count + 0.5 }}", want: "42.5"},
		{name: "long_overflow_wraps", tpl: "{{ 9223372036854775807 + 1 }}", want: "-9223372036854775808"},
		{name: "big_arithmetic", tpl: "{{ huge + 1 }}|{{ huge * 2 }}", want: "123456789012345678901234567891|246913578024691357802469135780"},
		{name: "big_back_to_long", tpl: "{{ (huge - huge) + 1 }}", want: "1"},
		{name: "big_json_int_exact", tpl: "{{ big }}|{{ big + 1 }}", want: "9007199254740993|9007199254740994"},
		{name: "unary_minus", tpl: "{{ -inputs.count }}|{{ -(1 + 2) }}|{{ -2 * 3 }}|{{ - -2 }}", want: "-42|-3|-6|2"},
		{name: "unary_plus", tpl: "{{ +3 }}", want: "3"},
		{name: "unary_minus_string_fails", tpl: "{{ -'a' }}", err: "invalid operands for mathematical operation [MULTIPLICATION]"},
		{name: "precedence", tpl: "{{ 2 + 3 * 4 }}|{{ (2 + 3) * 4 }}|{{ 20 - 4 - 3 }}|{{ 64 / 4 / 2 }}", want: "14|20|13|8"},
		{name: "plus_string_concatenates", tpl: "{{ 'a' + 1 }}|{{ 1 + 'a' }}|{{ 'a' + null }}", want: "a1|1a|anull"},
		{name: "plus_lists", tpl: "{{ [1] + [2, 3] }}|{{ [1] + 2 }}", want: "[1,2,3]|[1,2]"},
		{name: "minus_string_fails", tpl: "{{ 'a' - 1 }}", err: "invalid operands for mathematical operation [SUBTRACT]"},
		{name: "null_arithmetic_fails", tpl: "{{ inputs.opt + 1 }}", err: "invalid operands for mathematical operation [ADD]"},
		{name: "list_subtract", tpl: "{{ [1, 2, 3, 2] - 2 }}|{{ [1, 2, 3, 2] - [2, 3] }}|{{ [1] - 1.0 }}", want: "[1,3,2]|[1]|[1]"},
		{name: "scientific_output", tpl: "{{ 10000000.0 }}|{{ 0.0001 }}|{{ 123456789.5 }}|{{ sci }}|{{ 0.001 }}", want: "1.0E7|1.0E-4|1.234567895E8|1.0E21|0.001"},
		{name: "decimal_one_point_zero", tpl: "{{ dec }}|{{ dec * 3 }}", want: "1.0|3.0"},
		{name: "filter_binds_tighter_than_plus", tpl: "{{ 2 + -3 | abs }}", want: "5"},
	})
}

func TestComparisonAndLogic(t *testing.T) {
	runRenderCases(t, []renderCase{
		{name: "eq_numbers_across_types", tpl: "{{ 1 == 1.0 }}|{{ 42 == inputs.count }}|{{ big == 9007199254740993 }}", want: "true|true|true"},
		{name: "eq_strings", tpl: "{{ 'a' == 'a' }}|{{ 'a' == 'b' }}|{{ 'a' equals 'a' }}", want: "true|false|true"},
		{name: "eq_string_number", tpl: "{{ '1' == 1 }}|{{ '1' != 1 }}", want: "false|true"},
		{name: "eq_null", tpl: "{{ null == null }}|{{ inputs.opt == null }}|{{ 0 == null }}|{{ '' == null }}", want: "true|true|false|false"},
		{name: "eq_lists_maps_java_equals", tpl: "{{ [1, 2] == [1, 2.0] }}|{{ [1, 2] == [1, 2] }}|{{ {'a': 1} == {'a': 1} }}|{{ [1] == [2] }}", want: "false|true|true|false"},
		{name: "eq_bool", tpl: "{{ true == true }}|{{ inputs.flag == true }}|{{ true == 'true' }}", want: "true|true|false"},
		{name: "ordering_numbers", tpl: "{{ 3 > 2.5 }}|{{ 2 >= 2 }}|{{ 1 < 1 }}|{{ 1 <= 1.0 }}", want: "true|true|false|true"},
		{name: "ordering_strings", tpl: "{{ 'a' < 'b' }}|{{ 'b' >= 'a' }}|{{ 'B' < 'a' }}", want: "true|true|true"},
		{name: "ordering_null_false", tpl: "{{ inputs.opt > 1 }}|{{ 1 < null }}|{{ null <= null }}", want: "false|false|false"},
		{name: "ordering_mixed_fails", tpl: "{{ 1 < 'a' }}|{{ [1] >= [1] }}", err: "Could not perform less than comparison"},
		{name: "ordering_big", tpl: "{{ huge > 1 }}|{{ huge < 1.5 }}", want: "true|false"},
		{name: "and_or", tpl: "{{ true and true }}|{{ true and false }}|{{ false or false }}|{{ false or true }}", want: "true|false|false|true"},
		{name: "not", tpl: "{{ not true }}|{{ not false }}|{{ not inputs.opt }}|{{ not '' }}|{{ not 'x' }}", want: "false|true|true|true|false"},
		{name: "not_binds_tightly", tpl: "{{ not 1 == 2 }}|{{ not true and false }}|{{ not false and not false }}|{{ not (1 == 2) }}", want: "false|false|true|true"},
		{name: "and_binds_tighter_than_or", tpl: "{{ true or true and false }}|{{ (true or true) and false }}", want: "true|false"},
		{name: "truthiness_in_if", tpl: "{% if 0 %}a{% endif %}{% if 1 %}b{% endif %}{% if [] %}c{% endif %}{% if [0] %}d{% endif %}{% if {} %}e{% endif %}{% if 'x' %}f{% endif %}", want: "bdf"},
		{name: "comparison_chain_with_math", tpl: "{{ 1 + 1 == 2 }}|{{ 2 * 3 > 5 and 1 < 2 }}", want: "true|true"},
		{name: "contains_list", tpl: "{{ inputs.list contains 1 }}|{{ inputs.list contains 9 }}|{{ inputs.list contains 1.0 }}", want: "true|false|false"},
		{name: "contains_list_all", tpl: "{{ [1, 2, 3] contains [1, 3] }}|{{ [1, 2] contains [1, 5] }}", want: "true|false"},
		{name: "contains_map_key", tpl: "{{ inputs.m contains 'zeta' }}|{{ inputs.m contains 1 }}", want: "true|false"},
		{name: "contains_string", tpl: "{{ inputs.words contains 'big' }}|{{ inputs.words contains 'x' }}", want: "true|false"},
		{name: "contains_null", tpl: "{{ inputs.opt contains 'x' }}|{{ 'a null' contains null }}", want: "false|true"},
		{name: "contains_on_number_fails", tpl: "{{ 5 contains 5 }}", err: "Contains operator can only be used on Collections, Maps and arrays. Actual type was: java.lang.Long"},
		{name: "isIn", tpl: "{{ 2 isIn [1, 2] }}|{{ 'zeta' isIn inputs.m }}|{{ 2 isIn inputs.m }}|{{ 'ig' isIn inputs.words }}|{{ 5 isIn [] }}", want: "true|true|true|true|false"},
		{name: "ternary", tpl: "{{ inputs.count > 40 ? 'big' : 'small' }}", want: "big"},
		{name: "ternary_null_and_zero", tpl: "{{ inputs.opt ? 'y' : 'n' }}|{{ inputs.zero ? 'y' : 'n' }}", want: "n|n"},
		{name: "ternary_right_assoc", tpl: "{{ false ? 1 : true ? 2 : 3 }}", want: "2"},
		{name: "ternary_with_filter", tpl: "{{ inputs.flag ? inputs.name | upper : 'no' }}", want: "RICK"},
		{name: "is_binds_tighter_than_and", tpl: "{{ 2 is even and 3 is odd }}", want: "true"},
		{name: "is_not", tpl: "{{ 2 is not odd }}|{{ inputs.opt is not null }}", want: "true|false"},
	})
}

func TestOperatorsConcat(t *testing.T) {
	runRenderCases(t, []renderCase{
		{name: "concat", tpl: "{{ 'a' ~ 'b' ~ 'c' }}", want: "abc"},
		{name: "concat_number", tpl: "{{ 'n' ~ 1 ~ 1.5 ~ 2.0 }}", want: "n11.52.0"},
		{name: "concat_null", tpl: "{{ 'a' ~ null ~ 'b' }}|[{{ null ~ null }}]", want: "ab|[]"},
		{name: "concat_bool", tpl: "{{ 'x' ~ true }}", want: "xtrue"},
		{name: "concat_list_java", tpl: "{{ 'l' ~ ['a', 1] }}", want: "l[a, 1]"},
		{name: "concat_map_java", tpl: "{{ 'm' ~ inputs.m }}", want: "m{zeta=1, alpha=2}"},
		{name: "concat_binds_tighter_than_filter", tpl: "{{ 'a' ~ 'b' | upper }}", want: "AB"},
		{name: "concat_binds_looser_than_coalesce", tpl: "{{ 'a' ~ nope ?? 'z' }}", want: "az"},
		{name: "coalesce_binds_tighter_than_filter", tpl: "{{ nope ?? 'abc' | upper }}", want: "ABC"},
	})
}

func TestTags(t *testing.T) {
	runRenderCases(t, []renderCase{
		{name: "if_true", tpl: "{% if inputs.flag %}yes{% endif %}", want: "yes"},
		{name: "if_false", tpl: "[{% if not inputs.flag %}yes{% endif %}]", want: "[]"},
		{name: "if_else", tpl: "{% if inputs.count < 10 %}small{% else %}big{% endif %}", want: "big"},
		{name: "if_elseif_chain", tpl: "{% if inputs.count < 10 %}a{% elseif inputs.count < 50 %}b{% elseif true %}c{% else %}d{% endif %}", want: "b"},
		{name: "if_nested", tpl: "{% if true %}{% if false %}x{% else %}y{% endif %}{% endif %}", want: "y"},
		{name: "for_list", tpl: "{% for x in inputs.list %}{{ x }},{% endfor %}", want: "3,1,2,"},
		{name: "for_map_entries", tpl: "{% for e in inputs.m %}{{ e.key }}={{ e.value }};{% endfor %}", want: "zeta=1;alpha=2;"},
		{name: "for_map_entry_prints", tpl: "{% for e in {'a': 1} %}{{ e }}{% endfor %}", want: `{"a":1}`},
		{name: "for_loop_vars", tpl: "{% for x in ['a', 'b', 'c'] %}{{ loop.index }}{{ loop.revindex }}{{ loop.first }}{{ loop.last }}{{ loop.length }}|{% endfor %}", want: "02truefalse3|11falsefalse3|20falsetrue3|"},
		{name: "for_index0", tpl: "{% for x in [7, 8] %}{{ loop.index0 }}{% endfor %}", want: "01"},
		{name: "for_else", tpl: "{% for x in [] %}x{% else %}none{% endfor %}", want: "none"},
		{name: "for_null_renders_nothing", tpl: "[{% for x in inputs.opt %}x{% else %}e{% endfor %}]", want: "[]"},
		{name: "for_string_fails", tpl: "{% for c in inputs.name %}{% endfor %}", err: "Not an iterable object. Value = [Rick]"},
		{name: "for_number_fails", tpl: "{% for c in 3 %}{% endfor %}", err: "Not an iterable object. Value = [3]"},
		{name: "for_nested_loop_shadows", tpl: "{% for i in [1, 2] %}{% for j in [1, 2, 3] %}{{ loop.length }}{% endfor %}{{ loop.length }}|{% endfor %}", want: "3332|3332|"},
		{name: "for_var_scoped", tpl: "{% for x in [1] %}{% endfor %}{{ x ?? 'gone' }}", want: "gone"},
		{name: "for_range", tpl: "{% for i in range(1, 3) %}{{ i }}{% endfor %}", want: "123"},
		{name: "for_users", tpl: "{% for u in inputs.users %}{{ u.name }}({{ u.age }}) {% endfor %}", want: "Al(30) Bo(25) "},
		{name: "for_over_literal_map_order", tpl: "{% for e in {'a': 1, 'b': 2} %}{{ e.key }}{% endfor %}", want: "ab"},
		{name: "set", tpl: "{% set x = inputs.count * 2 %}{{ x }}", want: "84"},
		{name: "set_shadows_context", tpl: "{% set inputs = 'over' %}{{ inputs }}", want: "over"},
		{name: "set_reassign", tpl: "{% set x = 1 %}{% set x = x + 1 %}{{ x }}", want: "2"},
		{name: "set_inside_loop_is_local", tpl: "{% set t = 0 %}{% for i in [1, 2] %}{% set t = i %}{% endfor %}{{ t }}", want: "0"},
		{name: "set_list_and_map", tpl: "{% set l = [1, 2] %}{% set m = {'k': l} %}{{ m.k[1] }}", want: "2"},
		{name: "raw", tpl: "{% raw %}{{ x }}{% if %}{% endraw %}", want: "{{ x }}{% if %}"},
		{name: "raw_multiline", tpl: "a{% raw %}\n{{ y }}\n{% endraw %}b", want: "a\n{{ y }}\nb"},
		{name: "raw_trim", tpl: "a {%- raw -%} x {%- endraw -%} b", want: "axb"},
		{name: "verbatim", tpl: "{% verbatim %}{{ foo }}{% endverbatim %}", want: "{{ foo }}"},
		{name: "filter_block", tpl: "{% filter upper %}hello {{ inputs.name }}{% endfilter %}", want: "HELLO RICK"},
		{name: "filter_block_chain", tpl: "{% filter lower | capitalize %}HELLO World{% endfilter %}", want: "Hello world"},
		{name: "filter_block_with_args", tpl: "{% filter replace({'a': 'o'}) %}banana{% endfilter %}", want: "bonono"},
		{name: "block", tpl: "{% block content %}inside{% endblock %}", want: "inside"},
		{name: "macro", tpl: "{% macro greet(n, p='Hi') %}{{ p }} {{ n }}{% endmacro %}{{ greet('Bob') }}/{{ greet('Al', p='Yo') }}", want: "Hi Bob/Yo Al"},
		{name: "macro_does_not_see_context", tpl: "{% macro m() %}{{ inputs ?? 'none' }}{% endmacro %}{{ m() }}", want: "none"},
		{name: "macro_missing_arg_is_null", tpl: "{% macro m(a) %}[{{ a }}]{% endmacro %}{{ m() }}", want: "[]"},
		{name: "macro_recursion_bounded", tpl: "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", err: "Too many nested macro calls"},
	})
}

func TestWhitespace(t *testing.T) {
	runRenderCases(t, []renderCase{
		{name: "no_newline_trimming", tpl: "{% if true %}\na\n{% endif %}\n", want: "\na\n\n"},
		{name: "trim_left", tpl: "a  \n {{- 'b' }}", want: "ab"},
		{name: "trim_right", tpl: "{{ 'a' -}} \n  b", want: "ab"},
		{name: "trim_tags", tpl: "x {%- if true -%} y {%- endif -%} z", want: "xyz"},
		{name: "trim_comment", tpl: "a \n{#- c -#}\n b", want: "ab"},
		{name: "trim_loop", tpl: "{% for i in [1, 2] -%}\n  {{ i }}\n{%- endfor %}", want: "12"},
		{name: "spaces_kept", tpl: "  {{ 'a' }}  ", want: "  a  "},
		{name: "crlf_kept", tpl: "a\r\n{{ 'b' }}\r\n", want: "a\r\nb\r\n"},
		{name: "unicode_kept", tpl: "héllo {{ 'wörld' }} ✓", want: "héllo wörld ✓"},
		{name: "comment_dropped", tpl: "a{# note #}b", want: "ab"},
		{name: "trim_unicode_space", tpl: "a\u00a0\t{{- 'b' }}", want: "ab"},
	})
}

func TestOutputRules(t *testing.T) {
	runRenderCases(t, []renderCase{
		{name: "string_as_is", tpl: "{{ execution.startDate }}", want: "2026-01-02T03:04:05.123Z"},
		{name: "bool", tpl: "{{ inputs.flag }}", want: "true"},
		{name: "json_no_html_escape", tpl: "{{ {'h': inputs.html} }}", want: `{"h":"<b>\"A&B\"</b>"}`},
		{name: "json_control_chars", tpl: "{{ ['a\tb', inputs.multi] }}", want: `["a\tb","line1\nline2"]`},
		{name: "json_unicode_kept", tpl: "{{ ['é✓'] }}", want: `["é✓"]`},
		{name: "json_doubles", tpl: "{{ [1.0, 2.5, 1.0E10] }}", err: "Unexpected token"},
		{name: "json_doubles_java", tpl: "{{ [1.0, 2.5, 10000000000.0] }}", want: "[1.0,2.5,1.0E10]"},
		{name: "json_nan", tpl: "{{ [0.0 / 0] }}", want: `["NaN"]`},
		{name: "json_big", tpl: "{{ [huge] }}", want: "[123456789012345678901234567890]"},
		{name: "no_expression_braces", tpl: `{"a": 1}`, want: `{"a": 1}`},
		{name: "shell_syntax", tpl: "echo ${HOME} $((1+1))", want: "echo ${HOME} $((1+1))"},
	})
}
