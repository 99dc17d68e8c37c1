package activities

import (
	"strings"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/catalog"
)

// TestVerify keeps the list of activity types still to implement honest:
// update it when a type gains an executor.
func TestVerify(t *testing.T) {
	// Every activity type of the catalog has an executor, except those the
	// catalog marks pending (they fail fast in the workflow instead).
	if err := Verify(); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	for _, ty := range catalog.Types() {
		if _, ok := executors.Lookup(ty.Name); ok && ty.Pending != "" {
			t.Errorf("%s has an executor: remove it from the catalog's pending types", ty.Name)
		}
	}
	t.Logf("implemented: %s", strings.Join(Implemented(), ", "))
}
