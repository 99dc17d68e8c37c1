package expression

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type exprCase struct {
	Name        string          `json:"name"`
	Template    string          `json:"template"`
	Vars        json.RawMessage `json:"vars"`
	Expect      *string         `json:"expect"`
	ExpectError *string         `json:"expectError"`
	Typed       bool            `json:"typed"`
	ExpectValue json.RawMessage `json:"expectValue"`
	Now         string          `json:"now"`
}

// fixedFunctions is a deterministic provider for tests.
type fixedFunctions struct {
	Unsupported
	now time.Time
}

func (f fixedFunctions) Now() (time.Time, error) { return f.now, nil }

func TestConformance(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "conformance", "expressions.json")
	data, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("conformance table missing: %v", err)
		}
		t.Skipf("conformance table not found (%v)", err)
	}
	var cases []exprCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	eng := NewEngine(0)
	passed := 0
	for _, c := range cases {
		ok := t.Run(c.Name, func(t *testing.T) {
			vars, err := DecodeJSON(c.Vars)
			if err != nil {
				t.Fatalf("vars: %v", err)
			}
			ctx := Context{Vars: vars}
			if c.Now != "" {
				now, err := time.Parse(time.RFC3339Nano, c.Now)
				if err != nil {
					t.Fatalf("now: %v", err)
				}
				ctx.Functions = fixedFunctions{now: now}
			}
			if c.Typed {
				got, err := eng.RenderTyped(c.Template, ctx)
				if err != nil {
					t.Fatalf("RenderTyped(%q): %v", c.Template, err)
				}
				want, err := DecodeJSON(c.ExpectValue)
				if err != nil {
					t.Fatalf("expectValue: %v", err)
				}
				if !valuesEqual(got, want) || toJSON(got) != toJSON(want) {
					t.Fatalf("RenderTyped(%q) = %#v (%s), want %s", c.Template, got, toJSON(got), toJSON(want))
				}
				return
			}
			got, err := eng.Render(c.Template, ctx)
			if c.ExpectError != nil {
				if err == nil {
					t.Fatalf("Render(%q) = %q, want error containing %q", c.Template, got, *c.ExpectError)
				}
				if !strings.Contains(err.Error(), *c.ExpectError) {
					t.Fatalf("Render(%q) error = %q, want it to contain %q", c.Template, err.Error(), *c.ExpectError)
				}
				return
			}
			if err != nil {
				t.Fatalf("Render(%q): %v", c.Template, err)
			}
			if got != *c.Expect {
				t.Fatalf("Render(%q) = %q, want %q", c.Template, got, *c.Expect)
			}
		})
		if ok {
			passed++
		}
	}
	t.Logf("conformance: %d/%d passed", passed, len(cases))
}
