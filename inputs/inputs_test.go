package inputs_test

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/inputs"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
	"github.com/kestra-temporal/kestra-temporal/translator"
)

// decls translates a flow whose inputs section is given.
func decls(t *testing.T, inputsYAML string) []*plan.Input {
	t.Helper()
	src := "id: f\nnamespace: io.kestra.tests\ninputs:\n" + inputsYAML + "\ntasks:\n- id: t\n  type: io.kestra.plugin.core.log.Log\n  message: hi\n"
	r, err := translator.TranslateOne("flow.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Valid() {
		t.Fatalf("invalid test flow: %v", r.Errors)
	}
	return r.Flow.Inputs
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseTypes(t *testing.T) {
	tests := []struct {
		name  string
		decl  string
		value string
		want  string // JSON of inputs["x"]
		err   string // substring of the error message
	}{
		{"string", "- {id: x, type: STRING}", "hello", `"hello"`, ""},
		{"string empty", "- {id: x, type: STRING}", "", `""`, ""},
		{"string validator ok", `- {id: x, type: STRING, validator: 'A\d+'}`, "A123", `"A123"`, ""},
		{"string validator full match", `- {id: x, type: STRING, validator: 'A\d+'}`, "xA123", "", "Invalid input for `x`, it must match the pattern `A\\d+`, but received `xA123`"},
		{"enum ok", "- {id: x, type: ENUM, values: [A, B]}", "B", `"B"`, ""},
		{"enum bad", "- {id: x, type: ENUM, values: [ENUM_VALUE, OTHER_ONE]}", "INVALID", "", "Invalid input for `x`, it must match the values `[ENUM_VALUE, OTHER_ONE]`, but received `INVALID`"},
		{"select bad", "- {id: x, type: SELECT, values: [A, B]}", "C", "", "it must match the values `[A, B]`"},
		{"select custom", "- {id: x, type: SELECT, values: [A, B], allowCustomValue: true}", "C", `"C"`, ""},
		{"select optional any", "- {id: x, type: SELECT, values: [A], required: false}", "Z", `"Z"`, ""},
		{"select expression", `- {id: x, type: SELECT, expression: "{{ ['a', 'b'] }}"}`, "b", `"b"`, ""},
		{"multiselect ok", "- {id: x, type: MULTISELECT, values: [A, B, C]}", `["A","C"]`, `["A","C"]`, ""},
		{"multiselect bad", "- {id: x, type: MULTISELECT, values: [A, B]}", `["A","Z"]`, "", "it must match the values `[A, B]`"},
		{"multiselect custom", "- {id: x, type: MULTISELECT, values: [A], allowCustomValue: true}", `["Z"]`, `["Z"]`, ""},
		{"int", "- {id: x, type: INT}", "42", `42`, ""},
		{"int negative", "- {id: x, type: INT}", "-7", `-7`, ""},
		{"int bad", "- {id: x, type: INT}", "4.2", "", "Invalid input for `x`, For input string: \"4.2\", but received `4.2`"},
		{"int overflow", "- {id: x, type: INT}", "3000000000", "", "For input string"},
		{"int min", "- {id: x, type: INT, min: 10, max: 20}", "9", "", "Invalid input for `x`, it must be more than `10`, but received `9`"},
		{"int max", "- {id: x, type: INT, min: 10, max: 20}", "21", "", "Invalid input for `x`, it must be less than `20`, but received `21`"},
		{"int in range", "- {id: x, type: INT, min: 10, max: 20}", "12", `12`, ""},
		{"float", "- {id: x, type: FLOAT}", "42.42", `42.42`, ""},
		{"float bad", "- {id: x, type: FLOAT}", "abc", "", `For input string: "abc"`},
		{"float nan", "- {id: x, type: FLOAT}", "NaN", "", `For input string`},
		{"float min", "- {id: x, type: FLOAT, min: 0.1, max: 0.5}", "0.05", "", "it must be more than `0.1`"},
		{"float max", "- {id: x, type: FLOAT, min: 0.1, max: 0.5}", "0.6", "", "it must be less than `0.5`"},
		{"boolean true", "- {id: x, type: BOOLEAN}", "true", `true`, ""},
		{"boolean False", "- {id: x, type: BOOLEAN}", "False", `false`, ""},
		{"bool", "- {id: x, type: BOOL}", "true", `true`, ""},
		{"boolean bad", "- {id: x, type: BOOLEAN}", "yes", "", "Expected `BOOLEAN` but received `yes`"},
		{"datetime", "- {id: x, type: DATETIME}", "2019-10-06T18:27:49Z", `"2019-10-06T18:27:49Z"`, ""},
		{"datetime offset", "- {id: x, type: DATETIME}", "2019-10-06T20:27:49.500+02:00", `"2019-10-06T18:27:49.500Z"`, ""},
		{"datetime bad", "- {id: x, type: DATETIME}", "yesterday", "", "Expected `DATETIME` but received `yesterday`"},
		{"datetime after", `- {id: x, type: DATETIME, after: "2023-01-01T00:00:00Z", before: "2023-12-31T23:59:59Z"}`, "2022-01-01T00:00:00Z", "", "it must be after `2023-01-01T00:00:00Z`"},
		{"datetime before", `- {id: x, type: DATETIME, after: "2023-01-01T00:00:00Z", before: "2023-12-31T23:59:59Z"}`, "2024-01-01T00:00:00Z", "", "it must be before `2023-12-31T23:59:59Z`"},
		{"date", "- {id: x, type: DATE}", "2019-10-06", `"2019-10-06"`, ""},
		{"date bad", "- {id: x, type: DATE}", "06/10/2019", "", "Expected `DATE`"},
		{"date after", "- {id: x, type: DATE, after: 2023-01-01, before: 2023-12-31}", "2022-12-31", "", "it must be after `2023-01-01`"},
		{"date before", "- {id: x, type: DATE, after: 2023-01-01, before: 2023-12-31}", "2024-01-01", "", "it must be before `2023-12-31`"},
		{"time", "- {id: x, type: TIME}", "18:27:49", `"18:27:49"`, ""},
		{"time short", "- {id: x, type: TIME}", "18:27", `"18:27:00"`, ""},
		{"time bad", "- {id: x, type: TIME}", "25:00:00", "", "Expected `TIME`"},
		{"time after", `- {id: x, type: TIME, after: "01:00:00", before: "11:59:59"}`, "00:30:00", "", "it must be after `01:00`"},
		{"time before", `- {id: x, type: TIME, after: "01:00:00", before: "11:59:59"}`, "12:00:00", "", "it must be before `11:59:59`"},
		{"duration", "- {id: x, type: DURATION}", "PT5M6S", `"PT5M6S"`, ""},
		{"duration days", "- {id: x, type: DURATION}", "P1D", `"PT24H"`, ""},
		{"duration bad", "- {id: x, type: DURATION}", "5 minutes", "", "Expected `DURATION`"},
		{"duration min", "- {id: x, type: DURATION, min: PT10S, max: PT20S}", "PT5S", "", "It must be more than `PT10S`"},
		{"duration max", "- {id: x, type: DURATION, min: PT10S, max: PT20S}", "PT1M", "", "It must be less than `PT20S`"},
		{"json object order", "- {id: x, type: JSON}", `{"b": 1, "a": [true, null]}`, `{"b":1,"a":[true,null]}`, ""},
		{"json empty", "- {id: x, type: JSON}", `{}`, `{}`, ""},
		{"json bad", "- {id: x, type: JSON}", `{"a":`, "", "Expected `JSON` but received `{\"a\":`"},
		{"yaml", "- {id: x, type: YAML}", "some: property\nalist:\n- of\n- values", `{"some":"property","alist":["of","values"]}`, ""},
		{"yaml bad", "- {id: x, type: YAML}", "a: [", "", "Expected `YAML`"},
		{"uri", "- {id: x, type: URI}", "https://www.google.com", `"https://www.google.com"`, ""},
		{"uri bad", "- {id: x, type: URI}", "http:/bla", "", "Invalid input for `x`, Expected `URI` but received `http:/bla`, but received `http:/bla`"},
		{"secret", "- {id: x, type: SECRET}", "s3cr3t", `"s3cr3t"`, ""},
		{"secret validator", `- {id: x, type: SECRET, validator: '\d+'}`, "abc", "", "it must match the pattern"},
		{"array int", "- {id: x, type: ARRAY, itemType: INT}", "[1, 2, 3]", `[1,2,3]`, ""},
		{"array int strings", "- {id: x, type: ARRAY, itemType: INT}", `["1", "2"]`, `[1,2]`, ""},
		{"array bad item", "- {id: x, type: ARRAY, itemType: INT}", `["s1", "s2"]`, "", "Invalid input for `x`, Unable to parse array element as `INT` on `s1`, but received `[\"s1\", \"s2\"]`"},
		{"array not a list", "- {id: x, type: ARRAY, itemType: STRING}", `{"a": 1}`, "", "Expected `ARRAY`"},
		{"array datetime", "- {id: x, type: ARRAY, itemType: DATETIME}", `["2019-10-06T18:27:49Z"]`, `["2019-10-06T18:27:49Z"]`, ""},
		{"email", "- {id: x, type: EMAIL}", "a.b@example.com", `"a.b@example.com"`, ""},
		{"email bad", "- {id: x, type: EMAIL}", "not-an-email", "", "The input must be a valid email"},
		{"file uri", "- {id: x, type: FILE}", "kestra:///a/b/file.txt", `"kestra:///a/b/file.txt"`, ""},
		{"file path refused", "- {id: x, type: FILE}", "/etc/passwd", "", "Expected `FILE`"},
		{"missing required", "- {id: x, type: STRING}\n- {id: y, type: STRING, required: false}", "\x00", "", "Invalid input for `x`, missing required input, but received `null`"},
		{"empty int is missing", "- {id: x, type: INT}", "", "", "missing required input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := map[string][]string{"x": {tt.value}}
			if tt.value == "\x00" {
				raw = nil
			}
			got, err := inputs.Parse(decls(t, tt.decl), raw, nil, inputs.Options{})
			if tt.err != "" {
				if err == nil {
					t.Fatalf("got %s, want error %q", jsonOf(t, got), tt.err)
				}
				if !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %q does not contain %q", err, tt.err)
				}
				if kestra.ErrorCode(err) != kestra.EINVALID {
					t.Fatalf("code %q, want EINVALID", kestra.ErrorCode(err))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g := jsonOf(t, got["x"]); g != tt.want {
				t.Fatalf("got %s, want %s", g, tt.want)
			}
		})
	}
}

func TestParseDefaultsNestedAndOptional(t *testing.T) {
	d := decls(t, `
- {id: a, type: INT, defaults: 5}
- {id: b, type: STRING, defaults: "{{ inputs.a + 1 }}-{{ flow.id }}"}
- {id: c, type: STRING, required: false}
- {id: nested.string, type: STRING, required: false}
- {id: nested.more.int, type: INT, required: false}
- {id: when, type: DATETIME, defaults: "2013-08-09T14:19:00Z"}
- {id: empty, type: STRING, defaults: ''}
- id: y
  type: YAML
  defaults:
    property: something
    list: [1, 2]
- {id: arr, type: ARRAY, itemType: INT, defaults: [1, 2]}
- {id: dur, type: DURATION, defaults: PT1S}
`)
	got, err := inputs.Parse(d, map[string][]string{"nested.more.int": {"123"}}, nil, inputs.Options{
		Vars: map[string]any{"flow": map[string]any{"id": "f", "namespace": "io.kestra.tests"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a":5,"arr":[1,2],"b":"6-f","c":null,"dur":"PT1S","empty":"","nested":{"more":{"int":123},"string":null},"when":"2013-08-09T14:19:00Z","y":{"property":"something","list":[1,2]}}`
	if g := jsonOf(t, got); g != want {
		t.Fatalf("got  %s\nwant %s", g, want)
	}
}

func TestParseCollectsEveryViolation(t *testing.T) {
	d := decls(t, `
- {id: s, type: STRING}
- {id: i, type: INT}
- {id: e, type: ENUM, values: [A]}
`)
	_, err := inputs.Parse(d, map[string][]string{"i": {"x"}, "e": {"B"}}, nil, inputs.Options{})
	var ie *inputs.Error
	if !errors.As(err, &ie) {
		t.Fatalf("want *inputs.Error, got %v", err)
	}
	if len(ie.Violations) != 3 {
		t.Fatalf("want 3 violations, got %+v", ie.Violations)
	}
	want := "s: Invalid input for `s`, missing required input, but received `null`, i: Invalid input for `i`, For input string: \"x\", but received `x`, e: Invalid input for `e`, it must match the values `[A]`, but received `B`"
	if err.Error() != want {
		t.Fatalf("got  %s\nwant %s", err, want)
	}
	if kestra.ErrorMessage(err) != want {
		t.Fatalf("kestra message %q", kestra.ErrorMessage(err))
	}
}

func TestParseDependsOn(t *testing.T) {
	d := decls(t, `
- {id: kind, type: SELECT, values: [a, b]}
- id: detail
  type: STRING
  dependsOn:
    inputs: [kind]
    condition: "{{ inputs.kind == 'b' }}"
`)
	got, err := inputs.Parse(d, map[string][]string{"kind": {"a"}}, nil, inputs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got["detail"]; ok {
		t.Fatalf("disabled input present: %s", jsonOf(t, got))
	}
	_, err = inputs.Parse(d, map[string][]string{"kind": {"b"}}, nil, inputs.Options{})
	if err == nil || !strings.Contains(err.Error(), "`detail`, missing required input") {
		t.Fatalf("want detail required, got %v", err)
	}
}

func TestParseFile(t *testing.T) {
	d := decls(t, "- {id: file, type: FILE}\n- {id: csv, type: FILE, extension: csv}\n- {id: opt, type: FILE, required: false}")
	stored := map[string]string{}
	opts := inputs.Options{StoreFile: func(id, name string, r io.Reader) (string, error) {
		b, err := io.ReadAll(r)
		if err != nil {
			return "", err
		}
		stored[name] = string(b)
		return "kestra:///ns/f/executions/e/inputs/" + id + "/" + name, nil
	}}
	file := func(content string) inputs.File {
		return inputs.File{Filename: "x", Size: int64(len(content)), Open: func() (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader(content)), nil
		}}
	}
	got, err := inputs.Parse(d, nil, map[string]inputs.File{"file": file("hello"), "csv": file("a,b")}, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"csv":"kestra:///ns/f/executions/e/inputs/csv/csv.csv","file":"kestra:///ns/f/executions/e/inputs/file/file.upl","opt":null}`
	if g := jsonOf(t, got); g != want {
		t.Fatalf("got %s", g)
	}
	if stored["file.upl"] != "hello" || stored["csv.csv"] != "a,b" {
		t.Fatalf("stored %v", stored)
	}
	// A storage failure is not a validation error.
	opts.StoreFile = func(string, string, io.Reader) (string, error) { return "", os.ErrPermission }
	_, err = inputs.Parse(d, nil, map[string]inputs.File{"file": file("x"), "csv": file("y")}, opts)
	if !errors.Is(err, os.ErrPermission) || kestra.ErrorCode(err) != kestra.EINTERNAL {
		t.Fatalf("want storage error, got %v", err)
	}
}

// TestConformanceFlow runs the inputs of the conformance suite's inputs.yaml
// with the values of the inputs-typed case.
func TestConformanceFlow(t *testing.T) {
	src, err := os.ReadFile("../../shared/conformance/flows/inputs.yaml")
	if err != nil {
		t.Skip("conformance flows not available:", err)
	}
	r, err := translator.TranslateOne("inputs.yaml", src)
	if err != nil || !r.Valid() {
		t.Fatalf("translate: %v %v", err, r.Errors)
	}
	raw := map[string][]string{}
	for k, v := range map[string]string{
		"string": "myString", "enum": "ENUM_VALUE", "int": "42", "float": "42.42", "bool": "false",
		"instant": "2019-10-06T18:27:49Z", "date": "2019-10-06", "time": "18:27:49", "duration": "PT5M6S",
		"json": `{"a": "b"}`, "uri": "https://www.google.com", "nested.string": "a string", "nested.more.int": "123",
		"nested.bool": "true", "validatedString": "A123", "validatedInt": "12", "validatedDate": "2023-01-02",
		"validatedDateTime": "2023-01-01T00:00:10Z", "validatedDuration": "PT15S", "validatedFloat": "0.42",
		"validatedTime": "11:27:49", "secret": "secret", "array": "[1, 2, 3]", "yaml": "some: property\nalist:\n- of\n- values",
	} {
		raw[k] = []string{v}
	}
	got, err := inputs.Parse(r.Flow.Inputs, raw, nil, inputs.Options{})
	if err == nil || !strings.Contains(err.Error(), "Invalid input for `file`, missing required input") {
		t.Fatalf("want the missing file reported, got %v", err)
	}
	raw["file"] = []string{"kestra:///io/kestra/tests/inputs/executions/x/inputs/file/file.upl"}
	got, err = inputs.Parse(r.Flow.Inputs, raw, nil, inputs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"int": `42`, "float": `42.42`, "bool": `false`, "json": `{"a":"b"}`, "array": `[1,2,3]`,
		"nested": `{"bool":true,"more":{"int":123},"string":"a string"}`, "validatedInt": `12`,
		"yaml": `{"some":"property","alist":["of","values"]}`, "empty": `""`, "instantDefaults": `"2013-08-09T14:19:00Z"`,
		"optionalFile": `null`, "duration": `"PT5M6S"`, "validatedFloat": `0.42`,
	} {
		if g := jsonOf(t, got[path]); g != want {
			t.Errorf("%s: got %s, want %s", path, g, want)
		}
	}
}

func TestParseSecretEncryption(t *testing.T) {
	d := decls(t, `- {id: s, type: SECRET, validator: 'a.*'}`)
	opts := inputs.Options{EncryptSecret: func(p string) (string, error) { return "enc(" + p + ")", nil }}
	got, err := inputs.Parse(d, map[string][]string{"s": {"abc"}}, nil, opts)
	if err != nil || got["s"] != "enc(abc)" {
		t.Fatalf("got %v, %v", got, err)
	}
	// The validator sees the plain value; the message never shows a
	// ciphertext.
	_, err = inputs.Parse(d, map[string][]string{"s": {"xyz"}}, nil, opts)
	if err == nil || !strings.Contains(err.Error(), "it must match the pattern `a.*`, but received `********`") {
		t.Fatalf("got %v", err)
	}
}
