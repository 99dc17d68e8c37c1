package activities

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// engine renders task properties in activities.
var engine = expression.NewEngine(0)

// run is one attempt of one task: its request, rendering context, logger and
// working directory.
type run struct {
	deps *Deps
	req  workflows.TaskRequest
	// vars is the render context; script tasks add workingDir to it.
	vars *expression.Map
	fns  *ioFunctions
	log  *taskLogger
	// attempt is Kestra's attempt number (0-based), temporalAttempt
	// Temporal's (1-based; > 1 after a worker died under the task).
	attempt, temporalAttempt int
	workDir                  string
}

// failure is a task failure in Kestra's sense. Outputs, when set, are what
// the task produced before failing (Kestra keeps them on the task run).
type failure struct {
	msg     string
	outputs map[string]any
}

func (f *failure) Error() string { return f.msg }

// fail returns a task failure: the task ends FAILED with this message and
// Temporal does not retry it.
func fail(format string, args ...any) error {
	return &failure{msg: fmt.Sprintf(format, args...)}
}

// asFailure turns errors that are the task's fault (rendering, invalid
// values, a store refusing a value) into task failures; other errors stay
// infrastructure errors.
func asFailure(err error) error {
	var f *failure
	var ee *expression.Error
	var ke *kestra.Error
	switch {
	case err == nil, errors.As(err, &f):
		return err
	case errors.As(err, &ee):
		return &failure{msg: err.Error()}
	case errors.As(err, &ke) && ke.Code != kestra.EINTERNAL:
		return &failure{msg: ke.Message}
	}
	return err
}

// activity returns the Temporal activity function of a task type.
func (d *Deps) activity(name string, e executor) func(context.Context, workflows.TaskRequest) (workflows.TaskResult, error) {
	return func(ctx context.Context, req workflows.TaskRequest) (workflows.TaskResult, error) {
		if req.Task == nil {
			return workflows.TaskResult{}, temporal.NewNonRetryableApplicationError("no task in the request", workflows.TaskFailedError, nil)
		}
		r, err := d.newRun(ctx, req)
		if err != nil {
			return workflows.TaskResult{}, err
		}
		stopBeat := heartbeat(ctx)
		res, err := e(ctx, r)
		stopBeat()
		err = asFailure(err)
		var f *failure
		if errors.As(err, &f) {
			r.log.add(kestra.LevelError, f.msg)
		} else if err != nil && ctx.Err() == nil {
			d.Logger.Error("task infrastructure error", "type", name, "taskRunId", req.TaskRun.ID, "error", err)
		}
		r.cleanup()
		// The logs must reach the store even when the task was cancelled.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		if ferr := r.log.close(fctx); ferr != nil {
			// Not worth a retry that would run the task twice.
			d.Logger.Error("task log lines lost", "type", name, "taskRunId", req.TaskRun.ID, "error", ferr)
		}
		cancel()
		switch {
		case f != nil && f.outputs != nil:
			// The outputs travel as the error's details (workflows.TaskResult).
			return workflows.TaskResult{}, temporal.NewNonRetryableApplicationError(f.msg, workflows.TaskFailedError, nil,
				workflows.TaskResult{Outputs: f.outputs})
		case f != nil:
			return workflows.TaskResult{}, temporal.NewNonRetryableApplicationError(f.msg, workflows.TaskFailedError, nil)
		case err != nil:
			return workflows.TaskResult{}, err
		}
		return res, nil
	}
}

func (d *Deps) newRun(ctx context.Context, req workflows.TaskRequest) (*run, error) {
	r := &run{deps: d, req: req, attempt: max(len(req.TaskRun.Attempts)-1, 0), temporalAttempt: 1}
	if activity.IsActivity(ctx) {
		r.temporalAttempt = int(activity.GetInfo(ctx).Attempt)
	}
	r.vars = expression.NewMap(0)
	if len(req.Vars) > 0 && string(req.Vars) != "null" {
		v, err := expression.DecodeJSON(req.Vars)
		if err != nil {
			return nil, temporal.NewNonRetryableApplicationError("decode task variables: "+err.Error(), workflows.TaskFailedError, err)
		}
		m, ok := v.(*expression.Map)
		if !ok {
			return nil, temporal.NewNonRetryableApplicationError("task variables are not an object", workflows.TaskFailedError, nil)
		}
		r.vars = m
	}
	r.fns = &ioFunctions{ctx: ctx, deps: d, execID: req.TaskRun.ExecutionID}
	r.log = newTaskLogger(d, req, r.attempt, r.temporalAttempt, r.fns.mask)
	return r, nil
}

// heartbeat records a heartbeat every HeartbeatInterval until stopped, so
// that cancellation reaches the task and a dead worker is noticed.
func heartbeat(ctx context.Context) (stop func()) {
	if !activity.IsActivity(ctx) {
		return func() {}
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(HeartbeatInterval)
		defer t.Stop()
		activity.RecordHeartbeat(ctx)
		for {
			select {
			case <-t.C:
				activity.RecordHeartbeat(ctx)
			case <-done:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return func() { close(done); <-stopped }
}

// context is the expression context of the task's properties.
func (r *run) context() expression.Context {
	return expression.Context{Vars: r.vars, Functions: r.fns}
}

// namespace is the flow's namespace (the default of KV properties).
func (r *run) namespace() string {
	if f, ok := r.vars.Get("flow"); ok {
		if m, ok := f.(*expression.Map); ok {
			if ns, ok := m.Get("namespace"); ok {
				if s, ok := ns.(string); ok && s != "" {
					return s
				}
			}
		}
	}
	return r.req.TaskRun.Namespace
}

// dir creates the attempt's working directory on first use.
func (r *run) dir() (string, error) {
	if r.workDir != "" {
		return r.workDir, nil
	}
	name := r.req.TaskRun.ID + "-" + strconv.Itoa(r.attempt) + "-" + strconv.Itoa(r.temporalAttempt)
	if r.req.TaskRun.ID == "" {
		name = "task"
	}
	if err := os.MkdirAll(r.deps.WorkDir, 0o755); err != nil {
		return "", fmt.Errorf("create work directory: %w", err)
	}
	d, err := os.MkdirTemp(r.deps.WorkDir, name+"-")
	if err != nil {
		return "", fmt.Errorf("create working directory: %w", err)
	}
	r.workDir = d
	return d, nil
}

// cleanup removes the working directory.
func (r *run) cleanup() {
	if r.workDir == "" {
		return
	}
	if err := os.RemoveAll(r.workDir); err != nil {
		r.deps.Logger.Warn("remove task working directory", "dir", r.workDir, "error", err)
	}
	r.workDir = ""
}

// within resolves a relative path inside the working directory, refusing
// paths that leave it.
func within(dir, name string) (string, error) {
	p := filepath.Join(dir, name)
	rel, err := filepath.Rel(dir, p)
	if err != nil || rel == "." || rel == ".." || filepath.IsAbs(name) || strings.HasPrefix(rel, "../") {
		return "", fail("invalid file name %q: it must be a relative path inside the working directory", name)
	}
	return p, nil
}
