package catalog

import (
	"strings"
	"testing"
)

func TestLookupResolvesAliases(t *testing.T) {
	tests := []struct{ name, want string }{
		{"io.kestra.plugin.core.log.Log", "io.kestra.plugin.core.log.Log"},
		{"io.kestra.core.tasks.log.Log", "io.kestra.plugin.core.log.Log"},
		{"io.kestra.core.tasks.flows.Flow", "io.kestra.plugin.core.flow.Subflow"},
		{"io.kestra.plugin.core.flow.WaitFor", "io.kestra.plugin.core.flow.LoopUntil"},
		{"io.kestra.core.tasks.executions.Fail", "io.kestra.plugin.core.execution.Fail"},
		{"io.kestra.plugin.core.condition.ExpressionCondition", "io.kestra.plugin.core.condition.Expression"},
		{"io.kestra.core.models.conditions.types.VariableCondition", "io.kestra.plugin.core.condition.Expression"},
		{"io.kestra.core.models.triggers.types.Schedule", "io.kestra.plugin.core.trigger.Schedule"},
		{"io.kestra.plugin.fs.http.Request", "io.kestra.plugin.core.http.Request"},
		{"io.kestra.core.tasks.storages.PurgeExecution", "io.kestra.plugin.core.storage.PurgeCurrentExecutionFiles"},
	}
	for _, tt := range tests {
		got, ok := Lookup(tt.name)
		if !ok || got.Name != tt.want {
			t.Errorf("Lookup(%s) = %v, %v; want %s", tt.name, got, ok, tt.want)
		}
		if IsAlias(tt.name) != (tt.name != tt.want) {
			t.Errorf("IsAlias(%s) wrong", tt.name)
		}
	}
	if _, ok := Lookup("io.kestra.plugin.core.debug.Unknown"); ok {
		t.Error("unknown type found")
	}
}

func TestDeclarationsAreConsistent(t *testing.T) {
	for _, typ := range Types() {
		if !strings.HasPrefix(typ.Name, "io.kestra.") {
			t.Errorf("%s: not a Kestra type name", typ.Name)
		}
		if (typ.Category == TaskCategory) == (typ.Runs == NotRun) {
			t.Errorf("%s: tasks run, other categories do not", typ.Name)
		}
		seen := map[string]bool{}
		for _, p := range typ.Props {
			if seen[p.Name] {
				t.Errorf("%s: property %s declared twice", typ.Name, p.Name)
			}
			seen[p.Name] = true
			if p.Kind == Enum && len(p.Values) == 0 {
				t.Errorf("%s.%s: enum without values", typ.Name, p.Name)
			}
			if p.Kind.IsBlock() && typ.Runs != Flowable {
				t.Errorf("%s.%s: only flowable tasks have child tasks", typ.Name, p.Name)
			}
		}
		if _, unsupported := Unsupported[typ.Name]; unsupported {
			t.Errorf("%s is both declared and unsupported", typ.Name)
		}
	}
}

func TestExecutors(t *testing.T) {
	r := NewExecutors[string](Activity)
	if err := r.Register("io.kestra.plugin.core.kv.Get", "get"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, wantErr string }{
		{"io.kestra.plugin.core.kv.Get", "already registered"},
		{"io.kestra.plugin.fs.http.Request", "canonical name"},
		{"io.kestra.plugin.core.log.Log", "runs as inline"},
		{"io.kestra.nope", "not declared"},
	} {
		err := r.Register(tt.name, "x")
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("Register(%s) = %v, want %q", tt.name, err, tt.wantErr)
		}
	}
	if e, ok := r.Lookup("io.kestra.plugin.core.kv.Get"); !ok || e != "get" {
		t.Errorf("Lookup = %q, %v", e, ok)
	}
	err := r.Verify()
	if err == nil || !strings.Contains(err.Error(), "io.kestra.plugin.core.kv.Set") ||
		strings.Contains(err.Error(), "kv.Get,") {
		t.Errorf("Verify = %v, want kv.Set missing and kv.Get present", err)
	}
	full := NewExecutors[int](Flowable)
	for _, typ := range Types() {
		if typ.Runs == Flowable && typ.Pending == "" {
			if err := full.Register(typ.Name, 1); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := full.Verify(); err != nil {
		t.Errorf("Verify with every flowable registered: %v", err)
	}
}
