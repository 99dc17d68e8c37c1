package workflows

import (
	"fmt"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/catalog"
)

// Verify reports the catalog's flowable and inline types (not marked
// pending) that this workflow cannot run. The worker checks it at start,
// with activities.Verify for the activity types.
func Verify() error {
	var missing []string
	for _, t := range catalog.Types() {
		if t.Pending != "" {
			continue
		}
		switch t.Runs {
		case catalog.Flowable:
			if _, ok := flowables[t.Name]; !ok {
				missing = append(missing, t.Name)
			}
		case catalog.Inline:
			if _, ok := inlineTasks[t.Name]; !ok {
				missing = append(missing, t.Name)
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("workflows: no implementation for %s", strings.Join(missing, ", "))
	}
	return nil
}
