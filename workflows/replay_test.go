package workflows

import (
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	historypb "go.temporal.io/api/history/v1"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/encoding/protojson"
)

// recordedHistory is a history recorded on the real Temporal server by
// `go test ./engine -record`, with the workflow ID it ran under (task run
// and activity ids derive from it).
type recordedHistory struct {
	WorkflowID string          `json:"workflowId"`
	History    json.RawMessage `json:"history"`
}

// TestReplayRecordedHistories replays the recorded histories: a change that
// makes the workflow non-deterministic fails here before it breaks running
// executions.
func TestReplayRecordedHistories(t *testing.T) {
	files, _ := filepath.Glob("testdata/histories/*.json")
	if len(files) == 0 {
		t.Fatal("no recorded histories in testdata/histories")
	}
	logger := tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var rec recordedHistory
			if err := json.Unmarshal(raw, &rec); err != nil {
				t.Fatal(err)
			}
			var hist historypb.History
			if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(rec.History, &hist); err != nil {
				t.Fatal(err)
			}
			r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{DataConverter: DataConverter})
			if err != nil {
				t.Fatal(err)
			}
			r.RegisterWorkflowWithOptions(Execute, workflow.RegisterOptions{Name: WorkflowName})
			err = r.ReplayWorkflowHistoryWithOptions(logger, &hist, worker.ReplayWorkflowHistoryOptions{
				OriginalExecution: workflow.Execution{ID: rec.WorkflowID},
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
