package store

import (
	"strconv"

	"github.com/kestra-temporal/kestra-temporal/kestra"
)

// LogLine is a stored log line: a kestra.LogEntry (it marshals as one) plus
// what makes appends idempotent and following possible.
type LogLine struct {
	kestra.LogEntry
	// Seq is the line's number within its task run attempt; with
	// TaskRunID and AttemptNumber it forms the line's natural key.
	Seq int64 `json:"-"`
	// Key, when set, is the line's unique key instead of the natural one
	// (execution-level or trigger lines, which have no task run).
	Key string `json:"-"`
	// ID is assigned by the store on append, increasing in append order;
	// it is the cursor of LogFilter.AfterID.
	ID int64 `json:"-"`
}

// LineKey returns the idempotency key of l: Key when set, otherwise
// "executionId/taskRunId/attempt/seq". EINVALID when the line has neither.
func (l *LogLine) LineKey() (string, error) {
	if l.Key != "" {
		return l.Key, nil
	}
	if l.TaskRunID == "" {
		return "", kestra.Errorf(kestra.EINVALID, "key: a log line needs a task run id or an explicit key")
	}
	attempt := 0
	if l.AttemptNumber != nil {
		attempt = *l.AttemptNumber
	}
	return l.ExecutionID + "/" + l.TaskRunID + "/" + strconv.Itoa(attempt) + "/" + strconv.FormatInt(l.Seq, 10), nil
}

// ValidateLogLine checks a line before it is appended and returns its key.
func ValidateLogLine(l *LogLine) (string, error) {
	if l.Namespace == "" || l.FlowID == "" {
		return "", kestra.Errorf(kestra.EINVALID, "namespace/flowId: a log line needs a namespace and a flow id")
	}
	if l.Level < kestra.LevelTrace || l.Level > kestra.LevelError {
		return "", kestra.Errorf(kestra.EINVALID, "level: invalid level %d", l.Level)
	}
	if l.Timestamp.IsZero() {
		return "", kestra.Errorf(kestra.EINVALID, "timestamp: missing")
	}
	return l.LineKey()
}

// LogFilter narrows the lines of one execution.
type LogFilter struct {
	MinLevel  kestra.Level // 0: all
	TaskID    string
	TaskRunID string
	Attempt   *int
	AfterID   int64 // only lines appended after the line with this ID
}
