package kestra

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Label is a key/value pair on a flow or an execution.
type Label struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Well-known label keys.
const (
	LabelCorrelationID = "system.correlationId"
	LabelFrom          = "system.from"
)

// ParseLabel parses "key:value" as used in query strings (labels=k:v).
func ParseLabel(s string) (Label, error) {
	k, v, ok := strings.Cut(s, ":")
	if !ok || k == "" {
		return Label{}, Errorf(EINVALID, "invalid label %q: expected key:value", s)
	}
	return Label{Key: k, Value: v}, nil
}

// ExecutionTrigger is what started an execution.
type ExecutionTrigger struct {
	ID        string         `json:"id"`
	Type      string         `json:"type"`
	Variables map[string]any `json:"variables,omitempty"`
	LogFile   string         `json:"logFile,omitempty"`
}

// ExecutionMetadata is Kestra's execution metadata.
type ExecutionMetadata struct {
	AttemptNumber       int        `json:"attemptNumber"`
	OriginalCreatedDate *time.Time `json:"originalCreatedDate,omitempty"`
}

// Execution kinds (1.x).
const (
	KindNormal     = "NORMAL"
	KindTest       = "TEST"
	KindPlayground = "PLAYGROUND"
)

// Execution is a run of a flow revision.
type Execution struct {
	ID           string             `json:"id"`
	Namespace    string             `json:"namespace"`
	FlowID       string             `json:"flowId"`
	FlowRevision int                `json:"flowRevision"`
	TaskRunList  []TaskRun          `json:"taskRunList,omitempty"`
	Inputs       map[string]any     `json:"inputs,omitempty"`
	Outputs      map[string]any     `json:"outputs,omitempty"`
	Labels       []Label            `json:"labels,omitempty"`
	Variables    map[string]any     `json:"variables,omitempty"`
	State        State              `json:"state"`
	ParentID     string             `json:"parentId,omitempty"`
	OriginalID   string             `json:"originalId,omitempty"`
	Trigger      *ExecutionTrigger  `json:"trigger,omitempty"`
	Deleted      bool               `json:"deleted"`
	Metadata     *ExecutionMetadata `json:"metadata,omitempty"`
	ScheduleDate *time.Time         `json:"scheduleDate,omitempty"`
	TenantID     string             `json:"tenantId,omitempty"`
	Kind         string             `json:"kind,omitempty"`
}

// TriggerExecutionID is the id of the execution that triggered e (a
// Subflow task's parent or a Flow trigger's source), from
// trigger.variables.executionId; "" if none.
func (e *Execution) TriggerExecutionID() string {
	if e.Trigger == nil {
		return ""
	}
	if id, ok := e.Trigger.Variables["executionId"].(string); ok {
		return id
	}
	return ""
}

// FindTaskRun returns the task run with the given id, or nil.
func (e *Execution) FindTaskRun(id string) *TaskRun {
	for i := range e.TaskRunList {
		if e.TaskRunList[i].ID == id {
			return &e.TaskRunList[i]
		}
	}
	return nil
}

// TaskRun is one run of a task inside an execution (one per loop value).
type TaskRun struct {
	ID              string           `json:"id"`
	ExecutionID     string           `json:"executionId"`
	Namespace       string           `json:"namespace"`
	FlowID          string           `json:"flowId"`
	TaskID          string           `json:"taskId"`
	ParentTaskRunID string           `json:"parentTaskRunId,omitempty"`
	Value           string           `json:"value,omitempty"`
	Attempts        []TaskRunAttempt `json:"attempts,omitempty"`
	Outputs         map[string]any   `json:"outputs"` // always serialized, null when none
	State           State            `json:"state"`
	Iteration       *int             `json:"iteration,omitempty"`
	Dynamic         *bool            `json:"dynamic,omitempty"`
	TenantID        string           `json:"tenantId,omitempty"`
	ForceExecution  *bool            `json:"forceExecution,omitempty"`
}

// AttemptNumber is the number of attempts so far (Kestra's attemptNumber()).
func (t *TaskRun) AttemptNumber() int { return len(t.Attempts) }

// TaskRunAttempt is one attempt of a runnable task run.
type TaskRunAttempt struct {
	State    State  `json:"state"`
	LogFile  string `json:"logFile,omitempty"`
	WorkerID string `json:"workerId,omitempty"`
}

// Clone returns a deep copy of e through JSON (maps and slices included).
func (e *Execution) Clone() (*Execution, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("kestra: clone execution: %w", err)
	}
	var c Execution
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("kestra: clone execution: %w", err)
	}
	return &c, nil
}
