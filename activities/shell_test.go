package activities

import (
	"strings"
	"testing"
)

func TestShell(t *testing.T) {
	h := newHarness(t, map[string]string{"SECRET_PASSWORD": "czNjcjN0"}) // s3cr3t
	tests := []struct {
		name    string
		task    string
		vars    map[string]any
		outputs string // JSON of the outputs, when set
		warning bool
		failure string
		logs    []string // lines that must be logged
		nologs  []string // lines that must not
	}{
		{
			name: "commands, outputs protocol and line counts",
			task: `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  taskRunner: {type: io.kestra.plugin.core.runner.Process}
  commands:
    - echo "hello {{ flow.id }}"
    - echo '::{"outputs":{"test":"value","int":2,"bool":true,"float":3.65}}::'
    - echo '::{"outputs":{"more":[1,2]},"logs":[{"level":"WARN","message":"careful"}],"metrics":[{"name":"count","type":"counter","value":1}]}::'`,
			outputs: `{"exitCode":0,"stdErrLineCount":0,"stdOutLineCount":3,"vars":{"bool":true,"float":3.65,"int":2,"more":[1,2],"test":"value"}}`,
			logs:    []string{"INFO hello f", "WARN careful", `DEBUG metric (not stored yet): {"name":"count","type":"counter","value":1}`},
		},
		{
			name: "stderr makes a warning by default",
			task: `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  commands: ['echo oops >&2']`,
			outputs: `{"exitCode":0,"stdErrLineCount":1,"stdOutLineCount":0,"vars":{}}`,
			warning: true,
			logs:    []string{"ERROR oops"},
		},
		{
			name: "warningOnStdErr false",
			task: `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  warningOnStdErr: false
  commands: ['echo oops >&2']`,
			outputs: `{"exitCode":0,"stdErrLineCount":1,"stdOutLineCount":0,"vars":{}}`,
		},
		{
			name: "failFast stops at the first failing command",
			task: `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  commands: ['false', 'echo after']`,
			failure: "Command failed with exit code 1",
			nologs:  []string{"INFO after"},
		},
		{
			name: "failFast false runs every command",
			task: `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  failFast: false
  commands: ['false', 'echo after', 'exit 4']`,
			failure: "Command failed with exit code 4",
			outputs: `{"exitCode":4,"stdErrLineCount":0,"stdOutLineCount":1,"vars":{}}`,
			logs:    []string{"INFO after", "ERROR Command failed with exit code 4"},
		},
		{
			name: "script, beforeCommands, env, interpreter, inputFiles and workingDir",
			task: `- id: t
  type: io.kestra.plugin.scripts.shell.Script
  interpreter: ["/bin/bash", "-c"]
  beforeCommands: ['export B=before']
  env: {GREETING: "hi {{ inputs.who }}"}
  inputFiles:
    data/in.txt: "content {{ inputs.who }}"
  script: |
    echo "$B $GREETING"
    [ -n "$BASH_VERSION" ] && echo bash
    cat data/in.txt; echo
    test "$(pwd)" = "{{ workingDir }}" && test "$WORKING_DIR" = "{{ workingDir }}" && echo same`,
			vars: map[string]any{"inputs": map[string]any{"who": "bob"}},
			logs: []string{"INFO before hi bob", "INFO bash", "INFO content bob", "INFO same"},
		},
		{
			name: "inputFiles as a JSON string",
			task: `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  inputFiles: '{"a.txt": "A"}'
  commands: ['cat a.txt']`,
			logs: []string{"INFO A"},
		},
		{
			name: "secrets are decoded and masked",
			task: `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  commands: ['echo "pw={{ secret(''password'') }}"', 'test "{{ secret(''PASSWORD'') }}" = s3cr3t && echo ok']`,
			logs: []string{"INFO pw=******", "INFO ok"},
		},
		{
			name: "missing secret",
			task: `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  commands: ['echo "{{ secret(''nope'') }}"']`,
			failure: `commands: Cannot find secret for key 'nope'. (echo "{{ secret('nope') }}":1)`,
		},
		{
			name: "outputFiles needs internal storage",
			task: `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  outputFiles: ["*.csv"]
  commands: ['true']`,
			failure: "outputFiles needs internal storage (not available yet)",
		},
		{
			name: "undefined variable",
			task: `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  commands: ['echo {{ nope }}']`,
			failure: "commands: Unable to find `nope` used in the expression `echo {{ nope }}` at line 1",
		},
		{
			name: "input file outside the working directory",
			task: `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  inputFiles: {"../x": "no"}
  commands: ['true']`,
			failure: `invalid file name "../x": it must be a relative path inside the working directory`,
		},
		{
			name: "legacy Bash",
			task: `- id: t
  type: io.kestra.core.tasks.scripts.Bash
  commands: ['echo legacy', 'false', 'echo not reached']`,
			failure: "Command failed with exit code 1",
			logs:    []string{"INFO legacy"},
			nologs:  []string{"INFO not reached"},
		},
		{
			name: "legacy Bash outputs and interpreter",
			task: `- id: t
  type: io.kestra.core.tasks.scripts.Bash
  interpreter: ["/bin/bash"]
  exitOnFailed: false
  commands: ['false', 'echo "::{\"outputs\":{\"a\":1}}::"']`,
			outputs: `{"exitCode":0,"stdErrLineCount":0,"stdOutLineCount":1,"vars":{"a":1}}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := h.run(task(t, tc.task), tc.vars)
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
			for _, l := range tc.nologs {
				if r.hasLog(l) {
					t.Errorf("unexpected log %q", l)
				}
			}
		})
	}
}
