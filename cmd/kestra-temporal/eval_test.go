package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runEval(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	cmd := newEvalCmd()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), errOut.String(), err
}

func TestEvalCommand(t *testing.T) {
	dir := t.TempDir()
	vars := filepath.Join(dir, "vars.json")
	if err := os.WriteFile(vars, []byte(`{"inputs":{"name":"Rick","count":42,"m":{"zeta":1,"alpha":2}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`[1,2]`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		wantOut string
		wantErr string
	}{
		{"plain", []string{"{{ 1 + 2 }}"}, "3\n", ""},
		{"vars", []string{"--vars", vars, "Hello {{ inputs.name | upper }}"}, "Hello RICK\n", ""},
		{"typed_number", []string{"--vars", vars, "--typed", "{{ inputs.count }}"}, "42\n", ""},
		{"typed_map_keeps_order", []string{"--vars", vars, "--typed", "{{ inputs.m }}"}, "{\"zeta\":1,\"alpha\":2}\n", ""},
		{"typed_decimal", []string{"--typed", "{{ 2.5 * 2 }}"}, "5.0\n", ""},
		{"typed_text", []string{"--typed", "plain"}, "\"plain\"\n", ""},
		{"now_fixed", []string{"--now", "2026-01-02T03:04:05.123Z", "{{ now(format='iso_sec', timeZone='UTC') }}"}, "2026-01-02T03:04:05Z\n", ""},
		{"undefined", []string{"{{ missing }}"}, "", "Unable to find `missing` used in the expression `{{ missing }}` at line 1"},
		{"syntax", []string{"{{ 1 + }}"}, "", "Unexpected token"},
		{"bad_now", []string{"--now", "yesterday", "{{ 1 }}"}, "", "--now"},
		{"missing_vars_file", []string{"--vars", filepath.Join(dir, "nope.json"), "{{ 1 }}"}, "", "reading --vars"},
		{"vars_not_object", []string{"--vars", bad, "{{ 1 }}"}, "", "JSON object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, err := runEval(t, tc.args...)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error %v (stderr %q)", err, errOut)
				}
				if out != tc.wantOut {
					t.Fatalf("stdout = %q, want %q", out, tc.wantOut)
				}
				return
			}
			var ex exitError
			if !errors.As(err, &ex) || ex.code != 1 {
				t.Fatalf("error = %v, want exitError{1}", err)
			}
			if !strings.Contains(errOut, tc.wantErr) {
				t.Fatalf("stderr = %q, want it to contain %q", errOut, tc.wantErr)
			}
			if out != "" {
				t.Fatalf("stdout = %q, want nothing", out)
			}
		})
	}
}

func TestEvalCommandNeedsOneTemplate(t *testing.T) {
	if _, _, err := runEval(t); err == nil {
		t.Fatal("want an error without a template")
	}
}
