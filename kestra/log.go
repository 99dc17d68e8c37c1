package kestra

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Level is a log level. Levels are ordered: LevelTrace < LevelDebug <
// LevelInfo < LevelWarn < LevelError; the zero Level is unset.
type Level int8

// Log levels.
const (
	LevelTrace Level = iota + 1
	LevelDebug
	LevelInfo
	LevelWarn
	LevelError
)

var levelNames = [...]string{"", "TRACE", "DEBUG", "INFO", "WARN", "ERROR"}

// String returns the level's name ("INFO"), or "" when unset.
func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return fmt.Sprintf("Level(%d)", int8(l))
	}
	return levelNames[l]
}

// ParseLevel parses a level name (case-insensitive).
func ParseLevel(s string) (Level, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	for i := 1; i < len(levelNames); i++ {
		if levelNames[i] == u {
			return Level(i), nil
		}
	}
	return 0, Errorf(EINVALID, "invalid level %q: expected TRACE, DEBUG, INFO, WARN or ERROR", s)
}

// MarshalText writes the level's name.
func (l Level) MarshalText() ([]byte, error) {
	if l < LevelTrace || l > LevelError {
		return nil, fmt.Errorf("kestra: invalid level %d", int8(l))
	}
	return []byte(levelNames[l]), nil
}

// UnmarshalText reads a level's name.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := ParseLevel(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// LogEntry is one log line of an execution, a task run attempt or a trigger.
type LogEntry struct {
	Namespace     string    `json:"namespace"`
	FlowID        string    `json:"flowId"`
	TaskID        string    `json:"taskId,omitempty"`
	ExecutionID   string    `json:"executionId,omitempty"`
	TaskRunID     string    `json:"taskRunId,omitempty"`
	AttemptNumber *int      `json:"attemptNumber,omitempty"`
	TriggerID     string    `json:"triggerId,omitempty"`
	Timestamp     time.Time `json:"timestamp"`
	Level         Level     `json:"level"`
	Thread        string    `json:"thread,omitempty"`
	Message       string    `json:"message,omitempty"`
	TenantID      string    `json:"tenantId,omitempty"`
	ExecutionKind string    `json:"executionKind,omitempty"`
}

// MarshalJSON writes Kestra's LogEntry shape with an ISO timestamp.
func (e LogEntry) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Namespace     string `json:"namespace"`
		FlowID        string `json:"flowId"`
		TaskID        string `json:"taskId,omitempty"`
		ExecutionID   string `json:"executionId,omitempty"`
		TaskRunID     string `json:"taskRunId,omitempty"`
		AttemptNumber *int   `json:"attemptNumber,omitempty"`
		TriggerID     string `json:"triggerId,omitempty"`
		Timestamp     string `json:"timestamp"`
		Level         Level  `json:"level"`
		Thread        string `json:"thread,omitempty"`
		Message       string `json:"message,omitempty"`
		TenantID      string `json:"tenantId,omitempty"`
		ExecutionKind string `json:"executionKind,omitempty"`
	}{e.Namespace, e.FlowID, e.TaskID, e.ExecutionID, e.TaskRunID, e.AttemptNumber, e.TriggerID,
		FormatInstant(e.Timestamp), e.Level, e.Thread, e.Message, e.TenantID, e.ExecutionKind})
}

// PrettyString is the line of the log download: "<timestamp> <LEVEL> <message>".
func (e LogEntry) PrettyString() string {
	return FormatInstant(e.Timestamp) + " " + e.Level.String() + " " + e.Message
}
