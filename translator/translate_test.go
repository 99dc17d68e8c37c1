package translator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/plan"
)

func TestSplitDocuments(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		texts []string
		lines []int
	}{
		{"single", "id: a\n", []string{"id: a\n"}, []int{1}},
		{"leading separator", "---\nid: a\n", []string{"id: a\n"}, []int{2}},
		{"two", "id: a\n---\nid: b\n", []string{"id: a\n", "id: b\n"}, []int{1, 3}},
		{"comment-only documents dropped", "# c\n---\nid: a\n---\n\n# end\n", []string{"id: a\n"}, []int{3}},
		{"separator with comment", "id: a\n--- # next\nid: b", []string{"id: a\n", "id: b"}, []int{1, 3}},
		{"dashes inside a value are not separators", "a: |\n  ---\n  x\n", []string{"a: |\n  ---\n  x\n"}, []int{1}},
		{"document end marker", "id: a\n...\nid: b\n", []string{"id: a\n", "id: b\n"}, []int{1, 3}},
		{"crlf", "id: a\r\n---\r\nid: b\r\n", []string{"id: a\r\n", "id: b\r\n"}, []int{1, 3}},
		{"empty", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := splitDocuments([]byte(tt.src))
			if len(docs) != len(tt.texts) {
				t.Fatalf("got %d documents, want %d: %+v", len(docs), len(tt.texts), docs)
			}
			for i, d := range docs {
				if d.text != tt.texts[i] || d.line != tt.lines[i] {
					t.Errorf("doc %d = (%q, line %d), want (%q, line %d)", i, d.text, d.line, tt.texts[i], tt.lines[i])
				}
			}
		})
	}
}

func TestTranslateOne(t *testing.T) {
	if _, err := TranslateOne("f", []byte("# nothing\n")); err != ErrNoFlow {
		t.Errorf("empty source: %v", err)
	}
	if _, err := TranslateOne("f", []byte("id: a\n---\nid: b\n")); err == nil || !strings.Contains(err.Error(), "found 2") {
		t.Errorf("two documents: %v", err)
	}
	r, err := TranslateOne("f", []byte("\xef\xbb\xbfid: a\nnamespace: b\ntasks:\n- id: t\n  type: io.kestra.plugin.core.debug.Return\n"))
	if err != nil || !r.Valid() {
		t.Fatalf("with a BOM: %v %v", err, r.Errors)
	}
}

// translate is a test helper returning the first document's result.
func translate(t *testing.T, src string) *Result {
	t.Helper()
	r, err := TranslateOne("flow.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

const header = "id: f\nnamespace: acme\n"

func TestEveryProblemIsReported(t *testing.T) {
	r := translate(t, header+`tasks:
  - id: a
    type: io.kestra.plugin.core.debug.Return
    formt: x
  - id: b
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: c
        type: io.kestra.plugin.core.log.Log
  - id: a
    type: io.kestra.nope
`)
	want := []string{
		"flow.yaml:6:5: tasks[0].formt: Unrecognized field \"formt\" (did you mean \"format\"?)",
		"flow.yaml:10:9: tasks[1].tasks[0].message: must not be null",
		"flow.yaml:12:9: tasks[2].id: Duplicate task id with name [a]",
		"flow.yaml:13:11: tasks[2].type: Invalid type: io.kestra.nope",
	}
	if got := problemStrings(r.Errors); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Err() == nil || !strings.Contains(r.Err().Error(), "formt") {
		t.Errorf("Err() = %v", r.Err())
	}
}

func TestLabelsAcceptMapAndList(t *testing.T) {
	for _, src := range []string{
		"labels:\n  env: prod\n  tier: 1\n",
		"labels:\n  - key: env\n    value: prod\n  - key: tier\n    value: \"1\"\n",
	} {
		r := translate(t, header+src+"tasks:\n- id: t\n  type: io.kestra.plugin.core.debug.Return\n")
		if !r.Valid() {
			t.Fatalf("%s: %v", src, r.Errors)
		}
		want := []plan.Label{{Key: "env", Value: "prod"}, {Key: "tier", Value: "1"}}
		if len(r.Flow.Labels) != 2 || r.Flow.Labels[0] != want[0] || r.Flow.Labels[1] != want[1] {
			t.Errorf("%s: labels = %v", src, r.Flow.Labels)
		}
	}
}

func TestPluginDefaultsPrecedence(t *testing.T) {
	r := translate(t, header+`pluginDefaults:
  - type: io.kestra.plugin.core.log.Log
    values: {level: ERROR, message: from default}
  - type: io.kestra.core.tasks.log
    forced: true
    values: {level: TRACE}
tasks:
  - id: mine
    type: io.kestra.core.tasks.log.Log
    message: mine
    level: INFO
  - id: defaulted
    type: io.kestra.plugin.core.log.Log
`)
	if !r.Valid() {
		t.Fatal(r.Errors)
	}
	tests := []struct{ task, prop, want string }{
		{"mine", "message", "mine"}, // the task's own value wins
		{"mine", "level", "TRACE"},  // unless a default is forced
		{"defaulted", "message", "from default"},
		{"defaulted", "level", "ERROR"}, // a prefix default on the legacy name does not match the canonical name
	}
	for _, tt := range tests {
		var task *plan.Task
		for _, x := range r.Flow.Tasks {
			if x.ID == tt.task {
				task = x
			}
		}
		if got, _ := task.Props.String(tt.prop); got != tt.want {
			t.Errorf("%s.%s = %q, want %q", tt.task, tt.prop, got, tt.want)
		}
	}
}

func TestTemplatesOnlyInDynamicProperties(t *testing.T) {
	r := translate(t, header+`tasks:
  - id: p
    type: io.kestra.plugin.core.flow.Parallel
    concurrent: "{{ inputs.n }}"
    tasks:
      - id: t
        type: io.kestra.plugin.core.flow.Sleep
        duration: "{{ inputs.d }}"
`)
	got := problemStrings(r.Errors)
	if len(got) != 1 || !strings.Contains(got[0], "tasks[0].concurrent: is not dynamic") {
		t.Errorf("got %v", got)
	}
}

func TestTemplateSyntaxIsChecked(t *testing.T) {
	r := translate(t, header+`tasks:
- id: t
  type: io.kestra.plugin.core.debug.Return
  format: "a {{ outputs.x | }}"
- id: u
  type: io.kestra.plugin.core.output.OutputValues
  values:
    nested: ["ok {{ 1 + 1 }}", "{% if %}"]
`)
	if !r.Valid() {
		t.Fatalf("a broken expression fails at run time, as in Kestra, not at validation: %v", r.Errors)
	}
	got := problemStrings(r.Warnings)
	if len(got) != 2 || !strings.HasPrefix(got[0], "flow.yaml:6:11: tasks[0].format: invalid expression, the task will fail when it renders it: Unexpected token") ||
		!strings.HasPrefix(got[1], "flow.yaml:10:32: tasks[1].values.nested[1]: invalid expression") {
		t.Errorf("got %q", got)
	}
}

func TestViolationShape(t *testing.T) {
	results := Translate("f.yaml", []byte(header+"tasks:\n- id: t\n  type: io.kestra.core.tasks.log.Log\n  message: x\n---\nid: g\nnamespace: acme\ntasks:\n- id: t\n  type: X\n"))
	if len(results) != 2 {
		t.Fatalf("%d results", len(results))
	}
	b, _ := json.Marshal(results[0].Violation())
	var ok map[string]any
	_ = json.Unmarshal(b, &ok)
	if ok["constraints"] != nil || ok["flow"] != "f" || ok["index"] != 0.0 ||
		len(ok["infos"].([]any)) != 1 || ok["outdated"] != false {
		t.Errorf("valid violation = %s", b)
	}
	v := results[1].Violation()
	if v.Index != 1 || v.Constraints == nil || *v.Constraints != "tasks[0].type: Invalid type: X (line 12, column 9)" {
		t.Errorf("invalid violation = %+v", v)
	}
}

func TestConformanceFlowsAreAccepted(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "conformance", "flows")
	files, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
	if len(files) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no conformance flows in %s", dir)
		}
		t.Skip("../shared/conformance is absent")
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range Translate(filepath.Base(file), src) {
			if !r.Valid() {
				t.Errorf("%s rejected:\n%v", file, r.Errors)
			}
		}
	}
}
