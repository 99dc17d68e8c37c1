package workflows

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// Updates a client sends to a running execution.
const (
	// UpdateResume resumes a paused execution; its argument is the typed
	// onResume inputs (map[string]any, possibly empty).
	UpdateResume = "resume"
	// UpdatePause pauses a running execution: running tasks finish, no new
	// task starts until it is resumed.
	UpdatePause = "pause"
)

// ErrNotPaused and ErrNotRunning are the update validators' refusals.
var (
	ErrNotPaused  = errors.New("execution is not paused")
	ErrNotRunning = errors.New("execution is not running")
)

// pauses tracks what holds the execution paused.
type pauses struct {
	// tasks counts Pause task runs waiting for a resume.
	tasks int
	// requested is set by the pause update.
	requested bool
	// epoch grows with each resume; a Pause task waits for it to move.
	epoch int
	// inputs are the onResume inputs of the latest resume.
	inputs map[string]any
}

func (r *runner) paused() bool { return r.pause.tasks > 0 || r.pause.requested }

// registerPauseUpdates installs the resume and pause update handlers.
func (r *runner) registerPauseUpdates(ctx workflow.Context) error {
	err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateResume,
		func(ctx workflow.Context, inputs map[string]any) error {
			r.pause.epoch++
			r.pause.inputs = inputs
			r.pause.requested = false
			r.setState(ctx, kestra.StateRunning)
			return nil
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, _ map[string]any) error {
			if !r.paused() || r.exec.State.Current != kestra.StatePaused {
				return ErrNotPaused
			}
			return nil
		}})
	if err != nil {
		return fmt.Errorf("register resume update: %w", err)
	}
	err = workflow.SetUpdateHandlerWithOptions(ctx, UpdatePause,
		func(ctx workflow.Context) error {
			r.pause.requested = true
			r.setState(ctx, kestra.StatePaused)
			return nil
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context) error {
			if r.exec.State.Current != kestra.StateRunning {
				return ErrNotRunning
			}
			return nil
		}})
	if err != nil {
		return fmt.Errorf("register pause update: %w", err)
	}
	return nil
}

// waitIfPaused holds a task back while the execution is paused by request.
func (r *runner) waitIfPaused(ctx workflow.Context) {
	if r.pause.requested {
		_ = workflow.Await(ctx, func() bool { return !r.pause.requested })
	}
}

// runPause pauses the execution until it is resumed or its pauseDuration
// (legacy delay) elapses; then `behavior` decides (RESUME, WARN, FAIL,
// CANCEL). A Kestra 0.21 `timeout` fails the task when reached. After a
// resume the deprecated child `tasks` run.
func runPause(r *runner, ctx workflow.Context, s scope) kestra.StateType {
	f := s.frame.child(s.taskRun, "", false)
	if s.task.OnPause != nil {
		if st := r.runTask(ctx, s.task.OnPause, f); failed(st) {
			return st
		}
	}
	wait, err := r.durationProp(ctx, s, "pauseDuration")
	if err != nil {
		r.log(ctx, s.taskRun, kestra.LevelError, err.Error())
		return kestra.StateFailed
	}
	// A Pause's timeout is the common task property (Kestra 0.21 semantics:
	// reaching it fails the task).
	timeout, err := r.durationValue(ctx, s, "timeout", s.task.Timeout)
	if err != nil {
		r.log(ctx, s.taskRun, kestra.LevelError, err.Error())
		return kestra.StateFailed
	}
	behavior, err := r.stringProp(ctx, s, "behavior", "RESUME")
	if err != nil {
		r.log(ctx, s.taskRun, kestra.LevelError, err.Error())
		return kestra.StateFailed
	}

	if wasPaused(s.taskRun) {
		// A restart re-enters a Pause that was already resumed: only its
		// children run again.
		return r.runBlock(ctx, s.task.Tasks, s.task.Errors, s.task.Finally, f)
	}
	r.setTaskRunState(ctx, s.taskRun, kestra.StatePaused)
	r.pause.tasks++
	r.setState(ctx, kestra.StatePaused)
	epoch := r.pause.epoch
	limit := wait
	if limit == 0 || (timeout > 0 && timeout < limit) {
		limit = timeout
	}
	resumed := false
	if limit > 0 {
		resumed, err = workflow.AwaitWithTimeout(ctx, limit, func() bool { return r.pause.epoch != epoch })
	} else {
		err = workflow.Await(ctx, func() bool { return r.pause.epoch != epoch })
		resumed = err == nil
	}
	r.pause.tasks--
	if err != nil { // killed while paused
		return kestra.StateKilled
	}
	if !r.paused() && r.exec.State.Current == kestra.StatePaused {
		r.setState(ctx, kestra.StateRunning)
	}

	state := kestra.StateSuccess
	switch {
	case resumed:
		r.setTaskRunState(ctx, s.taskRun, kestra.StateRunning)
		if len(s.task.OnResume) > 0 {
			r.setOutputs(s.task, s.taskRun, s.frame, map[string]any{"onResume": r.onResumeOutputs(s.task)})
		}
	case wait > 0 && (timeout == 0 || wait <= timeout):
		// the pause duration elapsed
		switch behavior {
		case "FAIL":
			return kestra.StateFailed
		case "WARN":
			state = kestra.StateWarning
		case "CANCEL":
			return kestra.StateKilled
		}
		r.setTaskRunState(ctx, s.taskRun, kestra.StateRunning)
	default:
		// Kestra 0.21: a Pause whose timeout is reached fails.
		r.log(ctx, s.taskRun, kestra.LevelError, fmt.Sprintf("Pause timed out after %s", timeout))
		return kestra.StateFailed
	}
	if len(s.task.Tasks) > 0 {
		state = worst(state, r.runBlock(ctx, s.task.Tasks, s.task.Errors, s.task.Finally, f))
	}
	return state
}

// onResumeOutputs keeps the declared onResume inputs from the resume.
func (r *runner) onResumeOutputs(t *plan.Task) map[string]any {
	out := map[string]any{}
	for _, in := range t.OnResume {
		out[in.ID] = r.pause.inputs[in.ID]
	}
	return out
}

// durationProp renders an optional duration property; absent gives 0.
func (r *runner) durationProp(ctx workflow.Context, s scope, name string) (time.Duration, error) {
	v, _ := prop(s.task, name)
	str, _ := v.(string)
	return r.durationValue(ctx, s, name, str)
}

// durationValue renders a duration template; empty gives 0.
func (r *runner) durationValue(ctx workflow.Context, s scope, name, tmpl string) (time.Duration, error) {
	if tmpl == "" {
		return 0, nil
	}
	v, err := r.renderString(ctx, s, tmpl)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	d, err := parseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return d, nil
}

func wasPaused(tr *kestra.TaskRun) bool {
	for _, h := range tr.State.Histories {
		if h.State == kestra.StatePaused {
			return true
		}
	}
	return false
}
