package expression

import (
	"strings"
	"testing"
	"time"
)

const testVarsJSON = `{
 "inputs": {"name": "Rick", "count": 42, "price": 1.5, "list": [3, 1, 2], "m": {"zeta": 1, "alpha": 2},
   "opt": null, "empty": "", "words": "hello big world", "flag": true, "zero": 0,
   "nested": {"a": {"b": {"c": "deep"}}}, "users": [{"name": "Al", "age": 30}, {"name": "Bo", "age": 25}],
   "html": "<b>\"A&B\"</b>", "multi": "line1\nline2", "json": "{\"a\": {\"b\": [1, 2]}}"},
 "outputs": {"t1": {"value": "abc"}, "my-task": {"uri": "kestra://x"},
   "each": {"v1": {"value": "one"}, "v2": {"value": "two"}}},
 "flow": {"id": "f", "namespace": "company.team", "revision": 3},
 "execution": {"id": "exec1", "startDate": "2026-01-02T03:04:05.123Z"},
 "taskrun": {"value": "v1"},
 "labels": {"env": "prod", "system": {"correlationId": "c1"}},
 "d": "2024-03-10T01:30:00Z", "local": "2024-03-10T10:20:30", "day": "2024-03-10",
 "zoned": "2013-09-08T16:19:12.123456+01:00",
 "big": 9007199254740993, "huge": 123456789012345678901234567890, "dec": 1.0, "sci": 1e21,
 "tpl": "{{ inputs.name }}", "tpl2": "{{ tpl }}"
}`

var testNow = time.Date(2026, 1, 2, 3, 4, 5, 123000000, time.UTC)

// testFunctions is a deterministic provider.
type testFunctions struct {
	Unsupported
}

func (testFunctions) Now() (time.Time, error) { return testNow, nil }

func (testFunctions) Secret(key string) (string, error) {
	if key == "API_KEY" {
		return "s3cr3t", nil
	}
	return "", &Error{Message: "Cannot find secret for key '" + key + "'"}
}

func (testFunctions) KV(ns, key string, errorOnMissing bool) (any, error) {
	if ns == "company.team" && key == "my-key" {
		return MapOf("field", "value"), nil
	}
	if ns == "other" && key == "k" {
		return int64(7), nil
	}
	if errorOnMissing {
		return nil, &Error{Message: "The key '" + key + "' does not exist in the namespace '" + ns + "'"}
	}
	return nil, nil
}

func (testFunctions) Read(uri string) (string, error) { return "content of " + uri, nil }
func (testFunctions) FileURI(p string) (string, error) {
	return "kestra:///company/team/_files/" + p, nil
}
func (testFunctions) FileSize(string) (int64, error)    { return 0, nil }
func (testFunctions) FileExists(u string) (bool, error) { return strings.HasSuffix(u, ".txt"), nil }
func (testFunctions) ErrorLogs() ([]any, error) {
	return []any{MapOf("taskId", "fail", "message", "boom")}, nil
}

func (testFunctions) RandomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i * 37)
	}
	return b, nil
}

func testContext(t testing.TB) Context {
	t.Helper()
	vars, err := DecodeJSON([]byte(testVarsJSON))
	if err != nil {
		t.Fatalf("test vars: %v", err)
	}
	return Context{Vars: vars, Functions: testFunctions{}}
}

type renderCase struct {
	name string
	tpl  string
	want string // expected output, unless err is set
	err  string // expected error substring
}

func runRenderCases(t *testing.T, cases []renderCase) {
	t.Helper()
	ctx := testContext(t)
	eng := NewEngine(0)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := eng.Render(c.tpl, ctx)
			if c.err != "" {
				if err == nil {
					t.Fatalf("Render(%q) = %q, want an error containing %q", c.tpl, got, c.err)
				}
				if !strings.Contains(err.Error(), c.err) {
					t.Fatalf("Render(%q) error = %q, want it to contain %q", c.tpl, err.Error(), c.err)
				}
				if _, ok := err.(*Error); !ok {
					t.Fatalf("Render(%q) error has type %T, want *Error", c.tpl, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Render(%q): %v", c.tpl, err)
			}
			if got != c.want {
				t.Fatalf("Render(%q) = %q, want %q", c.tpl, got, c.want)
			}
		})
	}
}
