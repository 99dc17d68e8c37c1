package store

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
)

// Resource names what a Query searches; each has its own fields and sorts.
type Resource string

// Searchable resources.
const (
	ResourceFlows      Resource = "flows"
	ResourceExecutions Resource = "executions"
	ResourceTaskRuns   Resource = "taskruns"
	ResourceLogs       Resource = "logs"
)

// Op is a filter operation (Kestra's QueryFilter.Op).
type Op string

// Filter operations.
const (
	OpEquals             Op = "EQUALS"
	OpNotEquals          Op = "NOT_EQUALS"
	OpGreaterThan        Op = "GREATER_THAN"
	OpLessThan           Op = "LESS_THAN"
	OpGreaterThanOrEqual Op = "GREATER_THAN_OR_EQUAL_TO"
	OpLessThanOrEqual    Op = "LESS_THAN_OR_EQUAL_TO"
	OpIn                 Op = "IN"
	OpNotIn              Op = "NOT_IN"
	OpStartsWith         Op = "STARTS_WITH"
	OpEndsWith           Op = "ENDS_WITH"
	OpContains           Op = "CONTAINS"
	OpRegex              Op = "REGEX"
	OpPrefix             Op = "PREFIX"
)

// Field is a filterable field, named as in Kestra's query strings.
type Field string

// Filter fields.
const (
	FieldQuery              Field = "q"
	FieldScope              Field = "scope"
	FieldNamespace          Field = "namespace"
	FieldID                 Field = "id"
	FieldFlowID             Field = "flowId"
	FieldState              Field = "state"
	FieldStartDate          Field = "startDate"
	FieldEndDate            Field = "endDate"
	FieldTimeRange          Field = "timeRange"
	FieldLabels             Field = "labels"
	FieldTriggerExecutionID Field = "triggerExecutionId"
	FieldChildFilter        Field = "childFilter"
	FieldExecutionID        Field = "executionId"
	FieldTaskID             Field = "taskId"
	FieldTaskRunID          Field = "taskRunId"
	FieldTriggerID          Field = "triggerId"
	FieldMinLevel           Field = "minLevel"
)

// Filter is one condition. Values are strings as received; Validate
// checks them (dates ISO-8601, timeRange an ISO duration, states, labels
// "key:value", levels). Several filters are ANDed; IN/NOT_IN take several
// values, other operations exactly one (labels: all must match).
type Filter struct {
	Field  Field
	Op     Op
	Values []string
}

// Sort is one ORDER BY term, with the field named as in the API
// ("state.startDate").
type Sort struct {
	Field string
	Desc  bool
}

// Page selects a page: Number ≥ 1, Size ≥ 1.
type Page struct {
	Number int
	Size   int
}

// Offset is the number of rows before the page.
func (p Page) Offset() int { return (p.Number - 1) * p.Size }

// Default paging, as Kestra's.
const (
	DefaultPageSize = 10
	MaxPageSize     = 10_000
)

// Query is a validated search: filters, sort and page.
type Query struct {
	Filters []Filter
	Sort    []Sort
	Page    Page
}

// Results is a page of results and the total number of matches; it
// marshals as Kestra's PagedResults.
type Results[T any] struct {
	Results []T   `json:"results"`
	Total   int64 `json:"total"`
}

// MarshalJSON writes an empty list rather than null.
func (r Results[T]) MarshalJSON() ([]byte, error) {
	res := r.Results
	if res == nil {
		res = []T{}
	}
	return json.Marshal(struct {
		Results []T   `json:"results"`
		Total   int64 `json:"total"`
	}{res, r.Total})
}

type valueKind int

const (
	kindText      valueKind = iota // q: contains, case-insensitive
	kindString                     // ids
	kindNamespace                  // like kindString, plus PREFIX
	kindState
	kindTime
	kindDuration
	kindLabel
	kindChild // CHILD | MAIN
	kindScope // USER | SYSTEM
	kindLevel
)

var opsByKind = map[valueKind][]Op{
	kindText:      {OpEquals, OpContains},
	kindString:    {OpEquals, OpNotEquals, OpIn, OpNotIn, OpStartsWith, OpEndsWith, OpContains, OpRegex},
	kindNamespace: {OpEquals, OpNotEquals, OpIn, OpNotIn, OpStartsWith, OpEndsWith, OpContains, OpRegex, OpPrefix},
	kindState:     {OpEquals, OpNotEquals, OpIn, OpNotIn},
	kindTime:      {OpEquals, OpNotEquals, OpGreaterThan, OpLessThan, OpGreaterThanOrEqual, OpLessThanOrEqual},
	kindDuration:  {OpEquals},
	kindLabel:     {OpEquals, OpNotEquals, OpIn, OpNotIn},
	kindChild:     {OpEquals},
	kindScope:     {OpEquals, OpNotEquals, OpIn, OpNotIn},
	kindLevel:     {OpEquals, OpGreaterThanOrEqual},
}

var fieldKinds = map[Field]valueKind{
	FieldQuery: kindText, FieldScope: kindScope, FieldNamespace: kindNamespace, FieldID: kindString,
	FieldFlowID: kindString, FieldState: kindState, FieldStartDate: kindTime, FieldEndDate: kindTime,
	FieldTimeRange: kindDuration, FieldLabels: kindLabel, FieldTriggerExecutionID: kindString,
	FieldChildFilter: kindChild, FieldExecutionID: kindString, FieldTaskID: kindString,
	FieldTaskRunID: kindString, FieldTriggerID: kindString, FieldMinLevel: kindLevel,
}

var resourceFields = map[Resource][]Field{
	ResourceFlows: {FieldQuery, FieldScope, FieldNamespace, FieldID, FieldFlowID, FieldLabels},
	ResourceExecutions: {FieldQuery, FieldScope, FieldNamespace, FieldID, FieldFlowID, FieldState, FieldStartDate,
		FieldEndDate, FieldTimeRange, FieldLabels, FieldTriggerExecutionID, FieldChildFilter, FieldExecutionID},
	ResourceTaskRuns: {FieldQuery, FieldScope, FieldNamespace, FieldID, FieldFlowID, FieldState, FieldStartDate,
		FieldEndDate, FieldTimeRange, FieldLabels, FieldExecutionID, FieldTaskID, FieldTaskRunID},
	ResourceLogs: {FieldQuery, FieldScope, FieldNamespace, FieldFlowID, FieldStartDate, FieldEndDate, FieldTimeRange,
		FieldExecutionID, FieldTaskID, FieldTaskRunID, FieldTriggerID, FieldMinLevel},
}

// SortFields lists, per resource, the sort fields accepted (API names).
var SortFields = map[Resource][]string{
	ResourceFlows: {"id", "namespace", "revision", "updated"},
	ResourceExecutions: {"id", "namespace", "flowId", "flowRevision", "state.current", "state.startDate",
		"state.endDate", "state.duration"},
	ResourceTaskRuns: {"id", "namespace", "flowId", "taskId", "executionId", "state.current", "state.startDate",
		"state.endDate", "state.duration"},
	ResourceLogs: {"timestamp", "level", "namespace", "flowId", "taskId", "executionId"},
}

// sortAliases maps short or legacy names to the canonical ones.
var sortAliases = map[string]string{
	"state": "state.current", "startDate": "state.startDate", "endDate": "state.endDate",
	"duration": "state.duration", "current": "state.current",
}

// DefaultSort is used when a query has none.
var DefaultSort = map[Resource][]Sort{
	ResourceFlows:      {{Field: "namespace"}, {Field: "id"}},
	ResourceExecutions: {{Field: "state.startDate", Desc: true}},
	ResourceTaskRuns:   {{Field: "state.startDate", Desc: true}},
	ResourceLogs:       {{Field: "timestamp"}},
}

// fieldAliases maps Kestra's QueryFilter.Field enum names (and a few
// spellings) to the query-string names.
var fieldAliases = map[string]Field{
	"QUERY": FieldQuery, "query": FieldQuery, "SCOPE": FieldScope, "NAMESPACE": FieldNamespace, "ID": FieldID,
	"FLOW_ID": FieldFlowID, "STATE": FieldState, "START_DATE": FieldStartDate, "END_DATE": FieldEndDate,
	"TIME_RANGE": FieldTimeRange, "LABELS": FieldLabels, "label": FieldLabels, "TRIGGER_EXECUTION_ID": FieldTriggerExecutionID,
	"CHILD_FILTER": FieldChildFilter, "EXECUTION_ID": FieldExecutionID, "TASK_ID": FieldTaskID,
	"TASK_RUN_ID": FieldTaskRunID, "TRIGGER_ID": FieldTriggerID, "MIN_LEVEL": FieldMinLevel, "level": FieldMinLevel,
}

func canonicalField(s string) Field {
	if f, ok := fieldAliases[s]; ok {
		return f
	}
	return Field(s)
}

func invalid(field, format string, args ...any) error {
	e := kestra.Errorf(kestra.EINVALID, format, args...)
	e.Message = field + ": " + e.Message
	return e
}

// Validate checks q for resource r, normalises field, operation and sort
// names, splits comma-separated IN values, applies the default sort and
// page, and returns the normalised query. Errors are EINVALID and name the
// offending field.
func (q Query) Validate(r Resource) (Query, error) {
	allowed, ok := resourceFields[r]
	if !ok {
		return q, kestra.Errorf(kestra.EINVALID, "unknown resource %q", r)
	}
	out := Query{Page: q.Page}
	for _, f := range q.Filters {
		f.Field = canonicalField(string(f.Field))
		f.Op = Op(strings.ToUpper(string(f.Op)))
		if !slices.Contains(allowed, f.Field) {
			return q, invalid(string(f.Field), "unknown filter field for %s", r)
		}
		kind := fieldKinds[f.Field]
		if !slices.Contains(opsByKind[kind], f.Op) {
			return q, invalid(string(f.Field), "operation %q not supported", f.Op)
		}
		var vals []string
		for _, v := range f.Values {
			if f.Op == OpIn || f.Op == OpNotIn {
				for _, p := range strings.Split(v, ",") {
					if p = strings.TrimSpace(p); p != "" {
						vals = append(vals, p)
					}
				}
			} else {
				vals = append(vals, v)
			}
		}
		f.Values = vals
		if len(vals) == 0 {
			return q, invalid(string(f.Field), "missing value")
		}
		if len(vals) > 1 && f.Op != OpIn && f.Op != OpNotIn && kind != kindLabel {
			return q, invalid(string(f.Field), "operation %s takes one value, got %d", f.Op, len(vals))
		}
		for _, v := range vals {
			if err := checkValue(f.Field, kind, f.Op, v); err != nil {
				return q, err
			}
		}
		out.Filters = append(out.Filters, f)
	}
	for _, s := range q.Sort {
		name := s.Field
		if a, ok := sortAliases[name]; ok {
			name = a
		}
		if !slices.Contains(SortFields[r], name) {
			return q, invalid("sort", "invalid sort field %q for %s", s.Field, r)
		}
		out.Sort = append(out.Sort, Sort{Field: name, Desc: s.Desc})
	}
	if len(out.Sort) == 0 {
		out.Sort = DefaultSort[r]
	}
	if out.Page.Number == 0 {
		out.Page.Number = 1
	}
	if out.Page.Size == 0 {
		out.Page.Size = DefaultPageSize
	}
	if out.Page.Number < 1 {
		return q, invalid("page", "must be at least 1")
	}
	if out.Page.Size < 1 || out.Page.Size > MaxPageSize {
		return q, invalid("size", "must be between 1 and %d", MaxPageSize)
	}
	return out, nil
}

func checkValue(field Field, kind valueKind, op Op, v string) error {
	switch kind {
	case kindState:
		if _, err := kestra.ParseStateType(v); err != nil {
			return invalid(string(field), "invalid state %q", v)
		}
	case kindTime:
		if _, err := kestra.ParseInstant(v); err != nil {
			return invalid(string(field), "invalid date-time %q, expected ISO-8601", v)
		}
	case kindDuration:
		d, err := kestra.ParseDuration(v)
		if err != nil || d <= 0 {
			return invalid(string(field), "invalid duration %q, expected ISO-8601 like PT24H", v)
		}
	case kindLabel:
		if _, err := kestra.ParseLabel(v); err != nil {
			return invalid(string(field), "invalid label %q, expected key:value", v)
		}
	case kindChild:
		if v != "CHILD" && v != "MAIN" {
			return invalid(string(field), "invalid value %q, expected CHILD or MAIN", v)
		}
	case kindScope:
		if v != "USER" && v != "SYSTEM" {
			return invalid(string(field), "invalid value %q, expected USER or SYSTEM", v)
		}
	case kindLevel:
		if _, err := kestra.ParseLevel(v); err != nil {
			return invalid(string(field), "invalid level %q", v)
		}
	case kindString, kindNamespace:
		if op == OpRegex {
			if err := checkRegex(v); err != nil {
				return invalid(string(field), "invalid regular expression %q", v)
			}
		}
	}
	return nil
}

// SystemNamespace is the namespace of system flows (scope SYSTEM).
const SystemNamespace = "system"

// TimeValue returns a validated time value of a filter.
func TimeValue(v string) time.Time {
	t, _ := kestra.ParseInstant(v)
	return t
}

// DurationValue returns a validated duration value of a filter.
func DurationValue(v string) time.Duration {
	d, _ := kestra.ParseDuration(v)
	return d
}

// LabelValue returns a validated label value of a filter.
func LabelValue(v string) kestra.Label {
	l, _ := kestra.ParseLabel(v)
	return l
}

// LevelValue returns a validated level value of a filter.
func LevelValue(v string) kestra.Level {
	l, _ := kestra.ParseLevel(v)
	return l
}
