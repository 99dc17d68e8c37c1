// Package sqlq turns validated store queries into parameterised SQL WHERE
// and ORDER BY clauses for the SQL implementations of the store. Values
// only ever travel as bind arguments; identifiers come from fixed tables.
package sqlq

import (
	"fmt"
	"strings"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store"
)

// Dialect is what differs between the SQL implementations.
type Dialect interface {
	// Placeholder returns the bind placeholder of the n-th argument (1-based).
	Placeholder(n int) string
	// Time converts a time to the column's bind value.
	Time(t time.Time) any
	// ILike is a case-insensitive LIKE of expr against the placeholder ph
	// (the pattern escapes with backslash).
	ILike(expr, ph string) string
	// Like is a case-sensitive LIKE, escaping with backslash.
	Like(expr, ph string) string
	// Regex matches expr against the regular expression at ph.
	Regex(expr, ph string) string
	// LabelHas is true when the JSON label list labelsExpr holds l.
	LabelHas(a *Args, labelsExpr string, l kestra.Label) string
	// InList is the condition "col is one of vals", with vals bound as a
	// single argument (any number of values).
	InList(a *Args, col string, vals []string) string
	// Duration is the SQL of end − start (or now − start when end is NULL)
	// for sorting.
	Duration(a *Args, start, end string, now time.Time) string
}

// Args collects bind arguments.
type Args struct {
	D    Dialect
	Vals []any
}

// Add appends v and returns its placeholder.
func (a *Args) Add(v any) string {
	a.Vals = append(a.Vals, v)
	return a.D.Placeholder(len(a.Vals))
}

// Table describes how a resource's fields map to SQL expressions.
type Table struct {
	Columns   map[store.Field]string // plain columns (string, state, time fields)
	Query     []string               // columns searched by q
	Labels    string                 // JSON label list expression ("" if none)
	TimeRange string                 // column timeRange applies to
	Sorts     map[string]string      // sort field → column ("" = special duration)
	TieBreak  string                 // unique column appended to ORDER BY
	Start     string                 // start column (duration sort)
	End       string                 // end column (duration sort)
	Level     string                 // level column (logs)
	Namespace string                 // namespace column (scope)
	Child     string                 // trigger execution id column (childFilter)
}

// LikeEscape escapes %, _ and \ for a LIKE pattern.
func LikeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Where returns the conditions of q's filters ANDed ("" if none).
func Where(t *Table, q store.Query, a *Args, now time.Time) (string, error) {
	var conds []string
	for _, f := range q.Filters {
		c, err := cond(t, f, a, now)
		if err != nil {
			return "", err
		}
		conds = append(conds, c)
	}
	return strings.Join(conds, " AND "), nil
}

func cond(t *Table, f store.Filter, a *Args, now time.Time) (string, error) {
	switch f.Field {
	case store.FieldQuery:
		pat := a.Add("%" + LikeEscape(f.Values[0]) + "%")
		var ors []string
		for _, c := range t.Query {
			ors = append(ors, a.D.ILike(c, pat))
		}
		return "(" + strings.Join(ors, " OR ") + ")", nil
	case store.FieldLabels:
		if t.Labels == "" {
			break
		}
		var parts []string
		for _, v := range f.Values {
			parts = append(parts, a.D.LabelHas(a, t.Labels, store.LabelValue(v)))
		}
		switch f.Op {
		case store.OpEquals:
			return "(" + strings.Join(parts, " AND ") + ")", nil
		case store.OpNotEquals:
			return "NOT (" + strings.Join(parts, " AND ") + ")", nil
		case store.OpIn:
			return "(" + strings.Join(parts, " OR ") + ")", nil
		case store.OpNotIn:
			return "NOT (" + strings.Join(parts, " OR ") + ")", nil
		}
	case store.FieldTimeRange:
		return t.TimeRange + " >= " + a.Add(a.D.Time(now.Add(-store.DurationValue(f.Values[0])))), nil
	case store.FieldChildFilter:
		if f.Values[0] == "CHILD" {
			return t.Child + " IS NOT NULL", nil
		}
		return t.Child + " IS NULL", nil
	case store.FieldScope:
		sys := t.Namespace + " = " + a.Add(store.SystemNamespace)
		var wantSystem, wantUser bool
		for _, v := range f.Values {
			wantSystem = wantSystem || v == "SYSTEM"
			wantUser = wantUser || v == "USER"
		}
		if f.Op == store.OpNotEquals || f.Op == store.OpNotIn {
			wantSystem, wantUser = !wantSystem, !wantUser
		}
		switch {
		case wantSystem && wantUser:
			return "TRUE", nil
		case wantSystem:
			return sys, nil
		case wantUser:
			return "NOT (" + sys + ")", nil
		default:
			return "FALSE", nil
		}
	case store.FieldMinLevel:
		return t.Level + " >= " + a.Add(int(store.LevelValue(f.Values[0]))), nil
	case store.FieldStartDate, store.FieldEndDate:
		col := t.Columns[f.Field]
		v := a.Add(a.D.Time(store.TimeValue(f.Values[0])))
		return col + " " + cmpOp(f.Op) + " " + v, nil
	case store.FieldState:
		return inList(t.Columns[f.Field], f, a), nil
	default:
		col, ok := t.Columns[f.Field]
		if !ok {
			break
		}
		v := f.Values[0]
		switch f.Op {
		case store.OpEquals, store.OpNotEquals, store.OpIn, store.OpNotIn:
			return inList(col, f, a), nil
		case store.OpStartsWith:
			return a.D.Like(col, a.Add(LikeEscape(v)+"%")), nil
		case store.OpEndsWith:
			return a.D.ILike(col, a.Add("%"+LikeEscape(v))), nil
		case store.OpContains:
			return a.D.ILike(col, a.Add("%"+LikeEscape(v)+"%")), nil
		case store.OpRegex:
			return a.D.Regex(col, a.Add(v)), nil
		case store.OpPrefix:
			// The namespace itself or any namespace below it. One range
			// [v, v+"/") drives the index ('/' follows '.' and '-'); the
			// residual test drops siblings such as "v-x".
			pv, pdot := a.Add(v), a.Add(v+".")
			return fmt.Sprintf("(%s >= %s AND %s < %s AND (%s = %s OR %s > %s))", col, pv, col, a.Add(v+"/"), col, pv, col, pdot), nil
		}
	}
	return "", kestra.Errorf(kestra.EINVALID, "%s: filter %s not supported here", f.Field, f.Op)
}

func inList(col string, f store.Filter, a *Args) string {
	neg := f.Op == store.OpNotEquals || f.Op == store.OpNotIn
	if len(f.Values) == 1 {
		op := " = "
		if neg {
			op = " <> "
		}
		return col + op + a.Add(f.Values[0])
	}
	phs := make([]string, len(f.Values))
	for i, v := range f.Values {
		phs[i] = a.Add(v)
	}
	op := " IN ("
	if neg {
		op = " NOT IN ("
	}
	return col + op + strings.Join(phs, ", ") + ")"
}

func cmpOp(op store.Op) string {
	switch op {
	case store.OpNotEquals:
		return "<>"
	case store.OpGreaterThan:
		return ">"
	case store.OpLessThan:
		return "<"
	case store.OpGreaterThanOrEqual:
		return ">="
	case store.OpLessThanOrEqual:
		return "<="
	}
	return "="
}

// OrderBy returns the ORDER BY list of q's sorts, with NULLs last and the
// tie-breaker column appended.
func OrderBy(t *Table, q store.Query, a *Args, now time.Time) string {
	var terms []string
	for _, s := range q.Sort {
		col, ok := t.Sorts[s.Field]
		if !ok {
			continue
		}
		if col == "" {
			col = a.D.Duration(a, t.Start, t.End, now)
		}
		dir := " ASC"
		if s.Desc {
			dir = " DESC"
		}
		terms = append(terms, col+dir+" NULLS LAST")
	}
	if t.TieBreak != "" {
		dir := " ASC"
		if len(q.Sort) > 0 && q.Sort[0].Desc {
			dir = " DESC"
		}
		terms = append(terms, t.TieBreak+dir)
	}
	return strings.Join(terms, ", ")
}
