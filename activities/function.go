package activities

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/temporal"

	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// function is the local activity that evaluates, for a template rendered in
// workflow code, an expression function that needs I/O (workflows.
// FunctionActivity). It uses the same providers as the task activities.
func (d *Deps) function(ctx context.Context, call workflows.FunctionCall) (any, error) {
	f := &ioFunctions{ctx: ctx, deps: d, execID: call.ExecutionID}
	str := func(i int) string {
		if i < len(call.Args) {
			if s, ok := call.Args[i].(string); ok {
				return s
			}
		}
		return ""
	}
	var (
		v   any
		err error
	)
	switch call.Name {
	case "secret":
		v, err = f.Secret(str(0))
	case "kv":
		errorOnMissing := len(call.Args) > 2 && call.Args[2] == true
		v, err = f.KV(str(0), str(1), errorOnMissing)
	case "read":
		v, err = f.Read(str(0))
	case "fileURI":
		v, err = f.FileURI(str(0))
	case "fileSize":
		v, err = f.FileSize(str(0))
	case "fileExists":
		v, err = f.FileExists(str(0))
	case "errorLogs":
		v, err = f.ErrorLogs()
	case "encrypt":
		v, err = f.Encrypt(str(0), str(1))
	case "decrypt":
		v, err = f.Decrypt(str(0), str(1))
	default:
		err = fmt.Errorf("unknown function %s()", call.Name)
	}
	if err != nil {
		// The function's own answer (a missing key, an unknown secret) is
		// final; the template reports it.
		return nil, temporal.NewNonRetryableApplicationError(err.Error(), workflows.FunctionFailed, nil)
	}
	return v, nil
}
