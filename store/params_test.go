package store

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/kestra"
)

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct {
		name    string
		r       Resource
		query   string
		want    Query
		errWith string // EINVALID naming this
	}{
		{name: "defaults", r: ResourceExecutions, query: "",
			want: Query{Sort: DefaultSort[ResourceExecutions], Page: Page{1, 10}}},
		{name: "legacy params", r: ResourceExecutions,
			query: "q=x&namespace=company&flowId=f&state=FAILED&state=SUCCESS&labels=a:b&labels=c:d%3Ae&timeRange=PT24H&childFilter=MAIN&page=2&size=25&sort=state.startDate:desc,id",
			want: Query{Filters: []Filter{
				{FieldQuery, OpEquals, []string{"x"}},
				{FieldNamespace, OpPrefix, []string{"company"}},
				{FieldFlowID, OpEquals, []string{"f"}},
				{FieldState, OpIn, []string{"FAILED", "SUCCESS"}},
				{FieldTimeRange, OpEquals, []string{"PT24H"}},
				{FieldLabels, OpEquals, []string{"a:b", "c:d:e"}},
				{FieldChildFilter, OpEquals, []string{"MAIN"}},
			}, Sort: []Sort{{"state.startDate", true}, {"id", false}}, Page: Page{2, 25}}},
		{name: "1.x filters win over legacy", r: ResourceExecutions,
			query: "namespace=ignored&filters[namespace][EQUALS]=company.team&filters[state][IN]=FAILED,RUNNING&filters[labels][EQUALS][team]=a&filters[START_DATE][GREATER_THAN_OR_EQUAL_TO]=2024-12-20T16:02:32Z",
			want: Query{Filters: []Filter{
				{FieldStartDate, OpGreaterThanOrEqual, []string{"2024-12-20T16:02:32Z"}},
				{FieldLabels, OpEquals, []string{"team:a"}},
				{FieldNamespace, OpEquals, []string{"company.team"}},
				{FieldState, OpIn, []string{"FAILED", "RUNNING"}},
			}, Sort: DefaultSort[ResourceExecutions], Page: Page{1, 10}}},
		{name: "logs minLevel", r: ResourceLogs, query: "minLevel=WARN&sort=timestamp:desc",
			want: Query{Filters: []Filter{{FieldMinLevel, OpGreaterThanOrEqual, []string{"WARN"}}},
				Sort: []Sort{{"timestamp", true}}, Page: Page{1, 10}}},
		{name: "field not for resource is ignored in legacy form", r: ResourceFlows, query: "state=FAILED",
			want: Query{Sort: DefaultSort[ResourceFlows], Page: Page{1, 10}}},
		{name: "unknown filter field", r: ResourceExecutions, query: "filters[color][EQUALS]=red", errWith: "color"},
		{name: "field of another resource", r: ResourceFlows, query: "filters[state][EQUALS]=FAILED", errWith: "state"},
		{name: "bad op", r: ResourceExecutions, query: "filters[state][CONTAINS]=F", errWith: "state"},
		{name: "bad state", r: ResourceExecutions, query: "state=NOPE", errWith: "state"},
		{name: "bad date", r: ResourceExecutions, query: "startDate=yesterday", errWith: "startDate"},
		{name: "bad time range", r: ResourceExecutions, query: "timeRange=24h", errWith: "timeRange"},
		{name: "bad label", r: ResourceExecutions, query: "labels=novalue", errWith: "labels"},
		{name: "bad sort field", r: ResourceExecutions, query: "sort=document:asc", errWith: "sort"},
		{name: "bad sort direction", r: ResourceExecutions, query: "sort=id:up", errWith: "sort"},
		{name: "bad page", r: ResourceExecutions, query: "page=0", errWith: "page"},
		{name: "bad size", r: ResourceExecutions, query: "size=x", errWith: "size"},
		{name: "malformed filter", r: ResourceExecutions, query: "filters[state]=x", errWith: "filters[state]"},
		{name: "two values for EQUALS", r: ResourceExecutions, query: "flowId=a&flowId=b", errWith: "flowId"},
		{name: "bad regex", r: ResourceExecutions, query: "filters[flowId][REGEX]=(", errWith: "flowId"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseQuery(tc.r, v)
			if tc.errWith != "" {
				if kestra.ErrorCode(err) != kestra.EINVALID || !strings.HasPrefix(kestra.ErrorMessage(err), tc.errWith) {
					t.Fatalf("err = %v, want EINVALID naming %q", err, tc.errWith)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestLineKey(t *testing.T) {
	two := 2
	for _, tc := range []struct {
		l    LogLine
		want string
	}{
		{LogLine{LogEntry: kestra.LogEntry{ExecutionID: "e", TaskRunID: "tr", AttemptNumber: &two}, Seq: 7}, "e/tr/2/7"},
		{LogLine{LogEntry: kestra.LogEntry{ExecutionID: "e", TaskRunID: "tr"}, Seq: 0}, "e/tr/0/0"},
		{LogLine{LogEntry: kestra.LogEntry{TriggerID: "t"}, Key: "trigger/t/1"}, "trigger/t/1"},
	} {
		got, err := tc.l.LineKey()
		if err != nil || got != tc.want {
			t.Errorf("LineKey = %q, %v; want %q", got, err, tc.want)
		}
	}
	if _, err := (&LogLine{}).LineKey(); kestra.ErrorCode(err) != kestra.EINVALID {
		t.Errorf("no key: %v", err)
	}
}
