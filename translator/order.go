package translator

import (
	"iter"
	"slices"
)

// sortedRequired iterates a field→required map in name order, so problems
// come out the same way every time.
func sortedRequired(m map[string]bool) iter.Seq2[string, bool] {
	return func(yield func(string, bool) bool) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !yield(k, m[k]) {
				return
			}
		}
	}
}
