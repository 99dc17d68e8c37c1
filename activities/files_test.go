package activities

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/storage"
)

func TestFiles(t *testing.T) {
	st, err := storage.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	input := storage.InputURI("company.team", "f", "exec1", "data", "data.csv")
	if _, err := st.Put(ctx, input, strings.NewReader("a,b\n1,2\n")); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, nil, func(d *Deps) { d.Storage = st })
	read := func(uri string) string {
		in, _, err := st.Open(ctx, uri)
		if err != nil {
			return err.Error()
		}
		defer in.Close()
		b, _ := io.ReadAll(in)
		return string(b)
	}
	vars := map[string]any{"inputs": map[string]any{"data": input}}

	r := h.run(task(t, `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  inputFiles: {in.csv: "{{ inputs.data }}"}
  outputFiles: ["*.txt", "sub/**"]
  commands:
    - wc -l < {{ inputs.data }} > count.txt
    - mkdir -p sub/deep && cp in.csv sub/deep/copy.csv
    - echo ignored > other.log
    - echo "{{ read(inputs.data) | trim }}|{{ fileSize(inputs.data) }}|{{ fileExists(inputs.data) }}"`), vars)
	if r.err != nil || r.failure != "" {
		t.Fatalf("%v %s\n%s", r.err, r.failure, strings.Join(r.messages(), "\n"))
	}
	files, _ := r.res.Outputs["outputFiles"].(map[string]any)
	if len(files) != 2 {
		t.Fatalf("outputFiles %v", files)
	}
	eq(t, strings.TrimSpace(read(files["count.txt"].(string))), "2")
	eq(t, read(files["sub/deep/copy.csv"].(string)), "a,b\n1,2\n")
	if u := files["count.txt"].(string); !strings.HasPrefix(u, "kestra:///company/team/f/executions/exec1/tasks/t/") {
		t.Errorf("uri %s", u)
	}
	if !r.hasLog("INFO a,b") || !r.hasLog("INFO 1,2|8|true") {
		t.Errorf("logs %q", r.messages())
	}

	// Legacy Bash: {{ outputFiles.name }} is the file to write.
	r = h.run(task(t, `- id: t
  type: io.kestra.core.tasks.scripts.Bash
  outputFiles: [first]
  commands: ['echo 1 >> {{ outputFiles.first }}']`), nil)
	if r.err != nil || r.failure != "" {
		t.Fatalf("%v %s", r.err, r.failure)
	}
	files, _ = r.res.Outputs["outputFiles"].(map[string]any)
	eq(t, read(files["first"].(string)), "1\n")

	// A missing file.
	r = h.run(task(t, `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  commands: ['cat kestra:///company/team/f/nope.txt']`), nil)
	if !strings.Contains(r.failure, "nope.txt") {
		t.Errorf("failure %q", r.failure)
	}
}

func TestGlob(t *testing.T) {
	for _, c := range []struct {
		glob, path string
		match      bool
	}{
		{"*.csv", "a.csv", true}, {"*.csv", "d/a.csv", false}, {"**.csv", "d/a.csv", true},
		{"out/*", "out/x", true}, {"{a,b}.txt", "b.txt", true}, {"?.txt", "ab.txt", false}, {"a.b", "axb", false},
	} {
		re, err := globRegexp(c.glob)
		if err != nil || re.MatchString(c.path) != c.match {
			t.Errorf("%s ~ %s: %v %v", c.glob, c.path, !c.match, err)
		}
	}
}
