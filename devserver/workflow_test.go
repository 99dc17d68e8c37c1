package devserver_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"

	"github.com/kestra-temporal/kestra-temporal/devserver"
	"github.com/kestra-temporal/kestra-temporal/devserver/devservertest"
)

func TestWorkflowWithActivity(t *testing.T) {
	ctx := testContext(t)
	c := devservertest.NewClient(t, shared)
	startWorker(t, c, t.Name())

	got, err := greet(ctx, c, client.StartWorkflowOptions{ID: "greet-" + t.Name(), TaskQueue: t.Name()}, "world")
	if err != nil {
		t.Fatal(err)
	}
	if got != "hello world" {
		t.Fatalf("result %q, want %q", got, "hello world")
	}
}

func TestDefaultSearchAttributesRegistered(t *testing.T) {
	ctx := testContext(t)
	c := devservertest.NewClient(t, shared)
	list, err := c.OperatorService().ListSearchAttributes(ctx,
		&operatorservice.ListSearchAttributesRequest{Namespace: shared.Namespace()})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range devserver.DefaultSearchAttributes() {
		if got := list.GetCustomAttributes()[name]; got != want {
			t.Errorf("search attribute %s: type %s, want %s", name, got, want)
		}
	}
}

func TestSearchAttributesAtStart(t *testing.T) {
	ctx := testContext(t)
	c := devservertest.NewClient(t, shared)
	startWorker(t, c, t.Name())

	var (
		ns     = temporal.NewSearchAttributeKeyKeyword(devserver.SearchAttributeNamespace)
		flow   = temporal.NewSearchAttributeKeyKeyword(devserver.SearchAttributeFlowID)
		state  = temporal.NewSearchAttributeKeyKeyword(devserver.SearchAttributeState)
		labels = temporal.NewSearchAttributeKeyKeywordList(devserver.SearchAttributeLabels)
	)
	id := "sa-" + strconv.FormatInt(time.Now().UnixNano(), 36) // unique per run: visibility keeps closed runs
	_, err := greet(ctx, c, client.StartWorkflowOptions{
		ID:        id,
		TaskQueue: t.Name(),
		TypedSearchAttributes: temporal.NewSearchAttributes(
			ns.ValueSet("company.team"), flow.ValueSet(id),
			state.ValueSet("CREATED"), labels.ValueSet([]string{"env=test", "team=core"}),
		),
	}, "sa")
	if err != nil {
		t.Fatal(err)
	}

	desc, err := c.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		t.Fatal(err)
	}
	fields := desc.GetWorkflowExecutionInfo().GetSearchAttributes().GetIndexedFields()
	var gotFlow string
	if err := converter.GetDefaultDataConverter().FromPayload(fields[devserver.SearchAttributeFlowID], &gotFlow); err != nil {
		t.Fatalf("decode %s: %v", devserver.SearchAttributeFlowID, err)
	}
	if gotFlow != id {
		t.Errorf("%s = %q, want %q", devserver.SearchAttributeFlowID, gotFlow, id)
	}
	var gotLabels []string
	if err := converter.GetDefaultDataConverter().FromPayload(fields[devserver.SearchAttributeLabels], &gotLabels); err != nil {
		t.Fatalf("decode %s: %v", devserver.SearchAttributeLabels, err)
	}
	if !slices.Equal(gotLabels, []string{"env=test", "team=core"}) {
		t.Errorf("%s = %q", devserver.SearchAttributeLabels, gotLabels)
	}

	// Visibility is eventually consistent: poll the query the REST API would use.
	query := "KestraNamespace = 'company.team' AND KestraFlowId = '" + id + "' AND KestraLabels = 'env=test'"
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Namespace: shared.Namespace(), Query: query,
		})
		if err != nil {
			t.Fatalf("list %q: %v", query, err)
		}
		if len(resp.GetExecutions()) == 1 && resp.GetExecutions()[0].GetExecution().GetWorkflowId() == id {
			if got := resp.GetExecutions()[0].GetStatus(); got != enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED {
				t.Logf("status in visibility: %s", got)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("query %q found %d executions, want %s", query, len(resp.GetExecutions()), id)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestUnknownSearchAttributeRejected(t *testing.T) {
	ctx := testContext(t)
	c := devservertest.NewClient(t, shared)
	_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                    "unknown-sa",
		TaskQueue:             t.Name(),
		TypedSearchAttributes: temporal.NewSearchAttributes(temporal.NewSearchAttributeKeyKeyword("NotRegistered").ValueSet("x")),
	}, Greet, "x")
	if err == nil || !strings.Contains(err.Error(), "NotRegistered") {
		t.Fatalf("start with an unregistered search attribute: err = %v, want one naming it", err)
	}
}
