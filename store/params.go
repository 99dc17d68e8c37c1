package store

import (
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

var filterParam = regexp.MustCompile(`^filters\[([^\]]+)\]\[([^\]]+)\](?:\[([^\]]*)\])?$`)

// legacyParams maps Kestra's flat (pre-1.x) query parameters to filters.
var legacyParams = []struct {
	name  string
	field Field
	op    Op
}{
	{"q", FieldQuery, OpEquals},
	{"scope", FieldScope, OpIn},
	{"namespace", FieldNamespace, OpPrefix},
	{"flowId", FieldFlowID, OpEquals},
	{"state", FieldState, OpIn},
	{"startDate", FieldStartDate, OpGreaterThanOrEqual},
	{"endDate", FieldEndDate, OpLessThanOrEqual},
	{"timeRange", FieldTimeRange, OpEquals},
	{"labels", FieldLabels, OpEquals},
	{"triggerExecutionId", FieldTriggerExecutionID, OpEquals},
	{"childFilter", FieldChildFilter, OpEquals},
	{"executionId", FieldExecutionID, OpEquals},
	{"taskId", FieldTaskID, OpEquals},
	{"taskRunId", FieldTaskRunID, OpEquals},
	{"triggerId", FieldTriggerID, OpEquals},
	{"minLevel", FieldMinLevel, OpGreaterThanOrEqual},
}

// ParseQuery reads a search from URL query parameters for resource r:
// page, size, sort (field:asc|desc, repeated or comma-separated), and
// either 1.x filters (filters[field][OP]=value, labels also as
// filters[labels][OP][key]=value) or, when none is present, the flat
// legacy parameters (q, namespace as a prefix, flowId, state (repeated),
// startDate, endDate, timeRange, labels=key:value (repeated),
// triggerExecutionId, childFilter, scope, minLevel, taskId, taskRunId,
// triggerId). Other parameters are ignored. The result is validated.
func ParseQuery(r Resource, v url.Values) (Query, error) {
	var q Query
	var err error
	if q.Page.Number, err = intParam(v, "page", 1); err != nil {
		return q, err
	}
	if q.Page.Size, err = intParam(v, "size", DefaultPageSize); err != nil {
		return q, err
	}
	for _, s := range v["sort"] {
		for _, term := range strings.Split(s, ",") {
			term = strings.TrimSpace(term)
			if term == "" {
				continue
			}
			field, dir, _ := strings.Cut(term, ":")
			var desc bool
			switch strings.ToLower(dir) {
			case "", "asc":
			case "desc":
				desc = true
			default:
				return q, invalid("sort", "invalid sort direction %q, expected asc or desc", dir)
			}
			q.Sort = append(q.Sort, Sort{Field: field, Desc: desc})
		}
	}
	// Deterministic order of the filters of the map.
	keys := make([]string, 0, len(v))
	for k := range v {
		if strings.HasPrefix(k, "filters[") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		m := filterParam.FindStringSubmatch(k)
		if m == nil {
			return q, invalid(k, "malformed filter parameter, expected filters[field][OPERATION]")
		}
		f := Filter{Field: canonicalField(m[1]), Op: Op(strings.ToUpper(m[2]))}
		if m[3] != "" {
			if f.Field != FieldLabels {
				return q, invalid(m[1], "malformed filter parameter %q", k)
			}
			for _, val := range v[k] {
				f.Values = append(f.Values, m[3]+":"+val)
			}
		} else {
			f.Values = append(f.Values, v[k]...)
		}
		q.Filters = append(q.Filters, f)
	}
	if len(q.Filters) == 0 {
		for _, p := range legacyParams {
			vals := nonEmpty(v[p.name])
			if len(vals) == 0 {
				continue
			}
			if !slices.Contains(resourceFields[r], p.field) {
				continue
			}
			if p.op == OpEquals && p.field == FieldLabels {
				q.Filters = append(q.Filters, Filter{Field: p.field, Op: p.op, Values: vals})
				continue
			}
			if p.op != OpIn && len(vals) > 1 {
				return q, invalid(p.name, "expected one value, got %d", len(vals))
			}
			q.Filters = append(q.Filters, Filter{Field: p.field, Op: p.op, Values: vals})
		}
	}
	return q.Validate(r)
}

func nonEmpty(vals []string) []string {
	var out []string
	for _, v := range vals {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

func intParam(v url.Values, name string, def int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, invalid(name, "must be an integer of at least 1, got %q", s)
	}
	return n, nil
}
