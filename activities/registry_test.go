package activities

import (
	"strings"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/catalog"
)

// TestVerify keeps the list of activity types still to implement honest:
// update it when a type gains an executor.
func TestVerify(t *testing.T) {
	var missing []string
	for _, ty := range catalog.Types() {
		if ty.Runs != catalog.Activity {
			continue
		}
		if _, ok := executors.Lookup(ty.Name); !ok {
			missing = append(missing, ty.Name)
		}
	}
	t.Logf("implemented: %s", strings.Join(Implemented(), ", "))
	t.Logf("still missing: %s", strings.Join(missing, ", "))
	err := Verify()
	if len(missing) == 0 {
		if err != nil {
			t.Fatalf("Verify: %v", err)
		}
		return
	}
	if err == nil || !strings.Contains(err.Error(), missing[0]) {
		t.Fatalf("Verify = %v, want the missing types reported", err)
	}
	want := []string{
		"io.kestra.plugin.core.execution.Count",
		"io.kestra.plugin.core.execution.PurgeExecutions",
		"io.kestra.plugin.core.execution.Resume",
		"io.kestra.plugin.core.storage.DeduplicateItems",
		"io.kestra.plugin.core.storage.FilterItems",
		"io.kestra.plugin.core.storage.LocalFiles",
		"io.kestra.plugin.core.storage.PurgeCurrentExecutionFiles",
		"io.kestra.plugin.core.storage.Split",
	}
	if got := strings.Join(missing, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("missing types changed:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}
