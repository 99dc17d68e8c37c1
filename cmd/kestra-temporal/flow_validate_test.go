package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run executes the CLI with args and returns its output and exit status.
func run(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := newRootCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.Execute()
	var ex exitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &ex):
		return out.String(), ex.code
	default:
		return out.String() + err.Error(), -1
	}
}

func writeFlows(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const goodFlow = "id: good\nnamespace: acme\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n"

func TestFlowValidate(t *testing.T) {
	dir := writeFlows(t, map[string]string{
		"good.yaml":        goodFlow,
		"sub/typo.yml":     "id: typo\nnamespace: acme\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    mesage: hi\n",
		"notes.txt":        "not a flow",
		"sub/two.yaml":     goodFlow + "---\n" + strings.Replace(goodFlow, "good", "other", 1),
		"sub/unknown.yaml": "id: u\nnamespace: acme\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Lgo\n",
	})
	out, code := run(t, "flow", "validate", dir)
	if code != 1 {
		t.Errorf("exit %d, want 1\n%s", code, out)
	}
	for _, want := range []string{
		"good.yaml:1: OK acme.good\n",
		"two.yaml:1: OK acme.good\n",
		"two.yaml:8: OK acme.other\n",
		"typo.yml:6:5: tasks[0].mesage: Unrecognized field \"mesage\" (did you mean \"message\"?)\n",
		"unknown.yaml:5:11: tasks[0].type: Invalid type: io.kestra.plugin.core.log.Lgo (did you mean io.kestra.plugin.core.log.Log?)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "must not be null") {
		t.Errorf("a misspelt property is reported twice:\n%s", out)
	}
	if strings.Contains(out, "notes.txt") {
		t.Errorf("non-YAML file validated:\n%s", out)
	}

	out, code = run(t, "flow", "validate", filepath.Join(dir, "good.yaml"))
	if code != 0 || strings.TrimSpace(out) != filepath.Join(dir, "good.yaml")+":1: OK acme.good" {
		t.Errorf("single valid file: exit %d\n%s", code, out)
	}
}

func TestFlowValidateJSON(t *testing.T) {
	dir := writeFlows(t, map[string]string{
		"a.yaml": goodFlow + "---\nid: bad\nnamespace: acme\ntasks: []\n",
	})
	out, code := run(t, "flow", "validate", "--output", "json", dir)
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got) != 2 || got[0]["constraints"] != nil || got[1]["flow"] != "bad" ||
		got[1]["constraints"] != "tasks: must not be empty (line 10, column 8)" {
		t.Errorf("got %s", out)
	}
}

func TestFlowValidateBadArguments(t *testing.T) {
	if out, code := run(t, "flow", "validate", "/does/not/exist"); code != -1 || !strings.Contains(out, "no such file") {
		t.Errorf("missing path: exit %d\n%s", code, out)
	}
	if out, code := run(t, "flow", "validate", "--output", "xml", "."); code != -1 || !strings.Contains(out, "--output") {
		t.Errorf("bad output: exit %d\n%s", code, out)
	}
	empty := writeFlows(t, map[string]string{"empty.yaml": "# nothing yet\n"})
	if out, code := run(t, "flow", "validate", empty); code != 1 || !strings.Contains(out, "no flow found") {
		t.Errorf("empty file: exit %d\n%s", code, out)
	}
}
