package activities

import (
	"os/exec"
	"strings"
	"testing"
)

func TestPython(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	h := newHarness(t, nil)
	tests := []struct {
		name    string
		task    string
		outputs string
		warning bool
		failure string
		logs    []string
	}{
		{
			name: "script with the Kestra helper",
			task: `- id: t
  type: io.kestra.plugin.scripts.python.Script
  script: |
    from kestra import Kestra
    print("hello {{ flow.namespace }}")
    Kestra.outputs({"answer": 42, "names": ["a", "b"]})
    Kestra.logger().warning("watch out")
    Kestra.counter("rows", 3)`,
			outputs: `{"exitCode":0,"stdErrLineCount":0,"stdOutLineCount":4,"vars":{"answer":42,"names":["a","b"]}}`,
			logs:    []string{"INFO hello company.team", "WARN watch out"},
		},
		{
			name: "commands with python",
			task: `- id: t
  type: io.kestra.plugin.scripts.python.Commands
  inputFiles:
    main.py: |
      import sys
      print("args", sys.argv[1:])
      sys.exit(2)
  commands: ['python main.py x y']`,
			failure: "Command failed with exit code 2",
			logs:    []string{"INFO args ['x', 'y']"},
		},
		{
			name: "stderr is a warning",
			task: `- id: t
  type: io.kestra.plugin.scripts.python.Script
  script: |
    import sys
    print("to stderr", file=sys.stderr)`,
			warning: true,
			logs:    []string{"ERROR to stderr"},
		},
		{
			name: "failed dependency installation",
			task: `- id: t
  type: io.kestra.plugin.scripts.python.Script
  dependencies: ["./no-such-local-package"]
  script: print("never")`,
			failure: "Installing dependencies failed with exit code 1",
			logs:    []string{"INFO Installing dependencies: ./no-such-local-package"},
		},
		{
			name: "legacy Python",
			task: `- id: t
  type: io.kestra.core.tasks.scripts.Python
  args: ["--name", "{{ flow.id }}"]
  inputFiles:
    main.py: |
      import sys
      from kestra import Kestra
      Kestra.outputs({"args": sys.argv[1:]})`,
			outputs: `{"exitCode":0,"stdErrLineCount":0,"stdOutLineCount":1,"vars":{"args":["--name","f"]}}`,
		},
		{
			name: "legacy Python without main.py",
			task: `- id: t
  type: io.kestra.core.tasks.scripts.Python
  inputFiles: {other.py: "pass"}`,
			failure: "Invalid input files structure, expecting inputFiles property to contain at least a main.py key with python code value.",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := h.run(task(t, tc.task), nil)
			if r.err != nil {
				t.Fatalf("infrastructure error: %v", r.err)
			}
			if r.failure != tc.failure {
				t.Fatalf("failure %q, want %q; logs:\n%s", r.failure, tc.failure, strings.Join(r.messages(), "\n"))
			}
			if tc.outputs != "" && js(r.res.Outputs) != tc.outputs {
				t.Errorf("outputs %s\nwant    %s", js(r.res.Outputs), tc.outputs)
			}
			if r.res.Warning != tc.warning {
				t.Errorf("warning %v, want %v", r.res.Warning, tc.warning)
			}
			for _, l := range tc.logs {
				if !r.hasLog(l) {
					t.Errorf("log %q missing in:\n%s", l, strings.Join(r.messages(), "\n"))
				}
			}
		})
	}
}
