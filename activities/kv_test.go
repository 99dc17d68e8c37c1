package activities

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

func TestKV(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	if _, err := h.store.PutKV(ctx, "company.team", "existing", kestra.KVValue{Type: kestra.KVString, Value: "old"}, store.PutKVOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.PutKV(ctx, "other.ns", "elsewhere", kestra.KVValue{Type: kestra.KVNumber, Value: json.Number("7")}, store.PutKVOptions{}); err != nil {
		t.Fatal(err)
	}
	stored := func(ns, key string) string {
		d, err := h.store.GetKV(ctx, ns, key)
		if err != nil {
			return kestra.ErrorCode(err)
		}
		return js(d.KVValue)
	}
	tests := []struct {
		name    string
		task    string
		outputs string
		failure string
		check   func(t *testing.T)
	}{
		{
			name:  "set a string in the flow namespace",
			task:  "type: io.kestra.plugin.core.kv.Set\nkey: greeting\nvalue: hello {{ flow.id }}",
			check: func(t *testing.T) { eq(t, stored("company.team", "greeting"), `{"type":"STRING","value":"hello f"}`) },
		},
		{
			name:  "set keeps the type of a single expression",
			task:  "type: io.kestra.plugin.core.kv.Set\nkey: n\nvalue: \"{{ 40 + 2 }}\"",
			check: func(t *testing.T) { eq(t, stored("company.team", "n"), `{"type":"NUMBER","value":42}`) },
		},
		{
			name: "set a map as JSON",
			task: "type: io.kestra.plugin.core.kv.Set\nkey: obj\nvalue: {a: 1, b: [x, \"{{ flow.id }}\"]}",
			check: func(t *testing.T) {
				eq(t, stored("company.team", "obj"), `{"type":"JSON","value":{"a":1,"b":["x","f"]}}`)
			},
		},
		{
			name: "kvType converts strings",
			task: "type: io.kestra.plugin.core.kv.Set\nkey: num\nvalue: '123.45'\nkvType: NUMBER\nnamespace: other.ns",
			check: func(t *testing.T) {
				eq(t, stored("other.ns", "num"), `{"type":"NUMBER","value":123.45}`)
			},
		},
		{
			name:  "kvType BOOLEAN",
			task:  "type: io.kestra.plugin.core.kv.Set\nkey: b\nvalue: 'TRUE'\nkvType: BOOLEAN",
			check: func(t *testing.T) { eq(t, stored("company.team", "b"), `{"type":"BOOLEAN","value":true}`) },
		},
		{
			name:  "kvType DATE from an instant",
			task:  "type: io.kestra.plugin.core.kv.Set\nkey: d\nvalue: '2024-05-06T10:00:00Z'\nkvType: DATE",
			check: func(t *testing.T) { eq(t, stored("company.team", "d"), `{"type":"DATE","value":"2024-05-06"}`) },
		},
		{
			name:  "kvType DURATION",
			task:  "type: io.kestra.plugin.core.kv.Set\nkey: dur\nvalue: PT1H30M\nkvType: DURATION",
			check: func(t *testing.T) { eq(t, stored("company.team", "dur"), `{"type":"DURATION","value":"PT1H30M"}`) },
		},
		{
			name:  "kvType JSON",
			task:  "type: io.kestra.plugin.core.kv.Set\nkey: j\nvalue: '{\"k\": [1, true]}'\nkvType: JSON",
			check: func(t *testing.T) { eq(t, stored("company.team", "j"), `{"type":"JSON","value":{"k":[1,true]}}`) },
		},
		{
			name:    "invalid number",
			task:    "type: io.kestra.plugin.core.kv.Set\nkey: bad\nvalue: abc\nkvType: NUMBER",
			failure: `value: invalid NUMBER KV value "abc"`,
		},
		{
			name:    "overwrite false on an existing key",
			task:    "type: io.kestra.plugin.core.kv.Set\nkey: existing\nvalue: new\noverwrite: false",
			failure: "Cannot set value for key 'existing'. Key already exists and `overwrite` is set to `false`.",
			check:   func(t *testing.T) { eq(t, stored("company.team", "existing"), `{"type":"STRING","value":"old"}`) },
		},
		{
			name:    "invalid key",
			task:    "type: io.kestra.plugin.core.kv.Set\nkey: 'bad key'\nvalue: x",
			failure: "Key must start with an alphanumeric character (uppercase or lowercase) and can contain alphanumeric characters (uppercase or lowercase), dots (.), underscores (_), and hyphens (-) only.",
		},
		{
			name: "ttl",
			task: "type: io.kestra.plugin.core.kv.Set\nkey: temp\nvalue: x\nttl: PT1H",
			check: func(t *testing.T) {
				entries, _ := h.store.ListKV(ctx, "company.team")
				for _, e := range entries {
					if e.Key == "temp" && e.ExpirationDate == nil {
						t.Error("no expiration date")
					}
				}
			},
		},
		{
			name:    "get",
			task:    "type: io.kestra.plugin.core.kv.Get\nkey: existing",
			outputs: `{"value":"old"}`,
		},
		{
			name:    "get from another namespace",
			task:    "type: io.kestra.plugin.core.kv.Get\nkey: elsewhere\nnamespace: other.ns",
			outputs: `{"value":7}`,
		},
		{
			name:    "get missing",
			task:    "type: io.kestra.plugin.core.kv.Get\nkey: nope",
			outputs: `{"value":null}`,
		},
		{
			name:    "get missing with errorOnMissing",
			task:    "type: io.kestra.plugin.core.kv.Get\nkey: nope\nerrorOnMissing: true",
			failure: "No value found for key 'nope' in namespace 'company.team' and `errorOnMissing` is set to true",
		},
		{
			name:  "kv() function",
			task:  "type: io.kestra.plugin.core.kv.Set\nkey: copy\nvalue: \"{{ kv('existing') }}-{{ kv('elsewhere', 'other.ns') }}-{{ kv('nope') ?? 'none' }}\"",
			check: func(t *testing.T) { eq(t, stored("company.team", "copy"), `{"type":"STRING","value":"old-7-none"}`) },
		},
		{
			name:    "kv() errorOnMissing",
			task:    "type: io.kestra.plugin.core.kv.Get\nkey: \"{{ kv('nope', errorOnMissing=true) }}\"",
			failure: "key: The key 'nope' does not exist in the namespace 'company.team' ({{ kv('nope', errorOnMissing=true) }}:1)",
		},
		{
			name:    "get keys by prefix",
			task:    "type: io.kestra.plugin.core.kv.GetKeys\nprefix: ex",
			outputs: `{"keys":["existing"]}`,
		},
		{
			name:    "delete",
			task:    "type: io.kestra.plugin.core.kv.Delete\nkey: greeting",
			outputs: `{"deleted":true}`,
			check:   func(t *testing.T) { eq(t, stored("company.team", "greeting"), kestra.ENOTFOUND) },
		},
		{
			name:    "delete missing",
			task:    "type: io.kestra.plugin.core.kv.Delete\nkey: greeting",
			outputs: `{"deleted":false}`,
		},
		{
			name:    "delete missing with errorOnMissing",
			task:    "type: io.kestra.plugin.core.kv.Delete\nkey: greeting\nerrorOnMissing: true",
			failure: "No value found for key 'greeting' in namespace 'company.team' and `errorOnMissing` is set to true",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := h.run(task(t, "- id: t\n"+indentBody(tc.task)), nil)
			if r.err != nil {
				t.Fatalf("infrastructure error: %v", r.err)
			}
			if r.failure != tc.failure {
				t.Fatalf("failure %q, want %q", r.failure, tc.failure)
			}
			if tc.outputs != "" {
				eq(t, js(r.res.Outputs), tc.outputs)
			}
			if tc.check != nil {
				tc.check(t)
			}
		})
	}
}

// indentBody indents the lines of a task body under "- id: t".
func indentBody(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return strings.Join(lines, "\n")
}

func eq(t *testing.T, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
