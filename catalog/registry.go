package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// all holds every declared type; byName indexes canonical names and aliases.
var (
	all    []*Type
	byName = map[string]*Type{}
)

// declare adds types to the catalog. Declarations live in this package only
// and run at init, so a clash is a programming error and panics.
func declare(types ...*Type) {
	for _, t := range types {
		for _, n := range append([]string{t.Name}, t.Aliases...) {
			if prev, dup := byName[n]; dup {
				panic(fmt.Sprintf("catalog: %s declared twice (%s and %s)", n, prev.Name, t.Name))
			}
			byName[n] = t
		}
		all = append(all, t)
	}
}

// Lookup finds a type by canonical name or legacy alias.
func Lookup(name string) (*Type, bool) {
	t, ok := byName[name]
	return t, ok
}

// IsAlias reports whether name is a legacy alias rather than a canonical name.
func IsAlias(name string) bool {
	t, ok := byName[name]
	return ok && t.Name != name
}

// Types returns every declared type sorted by canonical name.
func Types() []*Type {
	out := slices.Clone(all)
	slices.SortFunc(out, func(a, b *Type) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Executors maps canonical type names to the code that runs them. Each
// package that runs types keeps one, registers at start-up, and calls Verify
// so that a declared type without an executor is caught before any flow runs.
type Executors[E any] struct {
	runs Runs
	m    map[string]E
}

// NewExecutors returns an empty registry for types that run as runs.
func NewExecutors[E any](runs Runs) *Executors[E] {
	return &Executors[E]{runs: runs, m: map[string]E{}}
}

// Register adds the executor of a type. It returns an error for a name the
// catalog does not declare under that canonical spelling, for a type that
// runs elsewhere, and for a second registration.
func (r *Executors[E]) Register(name string, e E) error {
	t, ok := byName[name]
	switch {
	case !ok:
		return fmt.Errorf("catalog: register %s: type not declared", name)
	case t.Name != name:
		return fmt.Errorf("catalog: register %s: use the canonical name %s", name, t.Name)
	case t.Runs != r.runs:
		return fmt.Errorf("catalog: register %s: type runs as %s, not %s", name, t.Runs, r.runs)
	}
	if _, dup := r.m[name]; dup {
		return fmt.Errorf("catalog: register %s: already registered", name)
	}
	r.m[name] = e
	return nil
}

// Lookup returns the executor of a type given by canonical name or alias.
func (r *Executors[E]) Lookup(name string) (E, bool) {
	var zero E
	t, ok := byName[name]
	if !ok {
		return zero, false
	}
	e, ok := r.m[t.Name]
	return e, ok
}

// Verify fails when a declared type that runs as this registry's kind has no
// executor.
func (r *Executors[E]) Verify() error {
	var missing []string
	for _, t := range Types() {
		if t.Runs != r.runs || t.Pending != "" {
			continue
		}
		if _, ok := r.m[t.Name]; !ok {
			missing = append(missing, t.Name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("catalog: no %s executor for %s", r.runs, strings.Join(missing, ", "))
	}
	return nil
}
