package workflows

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// FunctionActivity is the local activity that evaluates an expression
// function needing I/O (secret, kv, read, errorLogs…) for a template
// rendered in workflow code. Its result is recorded in the history, so a
// replay renders the same value without calling it again.
const FunctionActivity = "kestra.Function"

// FunctionCall is one call of an I/O-backed expression function.
type FunctionCall struct {
	Name        string `json:"name"`
	Args        []any  `json:"args,omitempty"`
	Namespace   string `json:"namespace"`
	FlowID      string `json:"flowId"`
	ExecutionID string `json:"executionId"`
}

// FunctionFailed is the error type of a function that failed for a reason
// a retry cannot change (a missing secret, a missing key…).
const FunctionFailed = "KestraFunctionFailed"

// call runs an I/O-backed function through the local activity.
func (f workflowFunctions) call(name string, args ...any) (any, error) {
	ctx := workflow.WithLocalActivityOptions(f.ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 3, NonRetryableErrorTypes: []string{FunctionFailed}},
	})
	var out any
	err := workflow.ExecuteLocalActivity(ctx, FunctionActivity, FunctionCall{
		Name: name, Args: args, Namespace: f.r.exec.Namespace, FlowID: f.r.exec.FlowID, ExecutionID: f.r.exec.ID,
	}).Get(f.ctx, &out)
	if err != nil {
		var app *temporal.ApplicationError
		if errors.As(err, &app) {
			return nil, errors.New(app.Message())
		}
		return nil, fmt.Errorf("%s(): %w", name, err)
	}
	return out, nil
}

func (f workflowFunctions) Secret(key string) (string, error) {
	v, err := f.call("secret", key)
	s, _ := v.(string)
	return s, err
}

func (f workflowFunctions) KV(namespace, key string, errorOnMissing bool) (any, error) {
	return f.call("kv", namespace, key, errorOnMissing)
}

func (f workflowFunctions) Read(uri string) (string, error) {
	v, err := f.call("read", uri)
	s, _ := v.(string)
	return s, err
}

func (f workflowFunctions) FileURI(path string) (string, error) {
	v, err := f.call("fileURI", path)
	s, _ := v.(string)
	return s, err
}

func (f workflowFunctions) FileSize(uri string) (int64, error) {
	v, err := f.call("fileSize", uri)
	if err != nil {
		return 0, err
	}
	n, err := toInt(v)
	return int64(n), err
}

func (f workflowFunctions) FileExists(uri string) (bool, error) {
	v, err := f.call("fileExists", uri)
	b, _ := v.(bool)
	return b, err
}

func (f workflowFunctions) ErrorLogs() ([]any, error) {
	// The store must hold the log lines written so far before it is asked
	// for the errors among them.
	if p := f.r.proj; p != nil {
		target := f.r.changes
		_ = workflow.Await(f.ctx, func() bool { return p.projected >= target })
	}
	v, err := f.call("errorLogs")
	list, _ := v.([]any)
	return list, err
}

func (f workflowFunctions) Encrypt(key, plaintext string) (string, error) {
	v, err := f.call("encrypt", key, plaintext)
	s, _ := v.(string)
	return s, err
}

func (f workflowFunctions) Decrypt(key, encrypted string) (string, error) {
	v, err := f.call("decrypt", key, encrypted)
	s, _ := v.(string)
	return s, err
}
