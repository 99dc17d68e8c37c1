package workflows

import (
	"encoding/json"
	"fmt"
	"strconv"

	"go.temporal.io/sdk/workflow"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// flowable runs a flowable task's children and returns the task's state.
type flowable func(r *runner, ctx workflow.Context, s scope) kestra.StateType

var flowables map[string]flowable

func init() {
	flowables = map[string]flowable{
		"io.kestra.plugin.core.flow.Sequential":     runSequential,
		"io.kestra.plugin.core.flow.AllowFailure":   runAllowFailure,
		"io.kestra.plugin.core.flow.Parallel":       runParallel,
		"io.kestra.plugin.core.flow.If":             runIf,
		"io.kestra.plugin.core.flow.Switch":         runSwitch,
		"io.kestra.plugin.core.flow.ForEach":        runForEach,
		"io.kestra.plugin.core.flow.EachSequential": runEachSequential,
		"io.kestra.plugin.core.flow.EachParallel":   runEachParallel,
		"io.kestra.plugin.core.flow.Dag":            runDag,
		"io.kestra.plugin.core.flow.LoopUntil":      runLoopUntil,
		"io.kestra.plugin.core.flow.Pause":          runPause,
	}
}

func runSequential(r *runner, ctx workflow.Context, s scope) kestra.StateType {
	return r.runBlock(ctx, s.task.Tasks, s.task.Errors, s.task.Finally, s.frame.child(s.taskRun, "", false))
}

// runAllowFailure turns a failure of its children into a warning.
func runAllowFailure(r *runner, ctx workflow.Context, s scope) kestra.StateType {
	state := runSequential(r, ctx, s)
	if state == kestra.StateFailed {
		return kestra.StateWarning
	}
	return state
}

// intProp reads a static integer property.
func intProp(t *plan.Task, name string, def int) int {
	if v, ok := prop(t, name); ok {
		if i, ok := v.(int64); ok {
			return int(i)
		}
	}
	return def
}

// runParallel runs its children at the same time, at most `concurrent` at
// once (0: no limit). After a failure no new child starts; those running
// finish.
func runParallel(r *runner, ctx workflow.Context, s scope) kestra.StateType {
	f := s.frame.child(s.taskRun, "", false)
	jobs := make([]func(workflow.Context) kestra.StateType, len(s.task.Tasks))
	for i, t := range s.task.Tasks {
		jobs[i] = func(ctx workflow.Context) kestra.StateType { return r.runTask(ctx, t, f) }
	}
	state := r.concurrently(ctx, intProp(s.task, "concurrent", 0), jobs)
	return r.afterChildren(ctx, state, s.task, f)
}

// afterChildren runs a flowable's errors and finally branches once its
// children are done.
func (r *runner) afterChildren(ctx workflow.Context, state kestra.StateType, t *plan.Task, f frame) kestra.StateType {
	if failed(state) && len(t.Errors) > 0 && ctx.Err() == nil {
		r.runSequence(ctx, t.Errors, f)
	}
	if len(t.Finally) > 0 {
		state = worst(state, r.runSequence(ctx, t.Finally, f))
	}
	return state
}

// concurrently runs jobs in coroutines, at most limit at once (0: all), and
// returns the worst state. Once a job has failed no further job starts.
// Coroutines are started in order, so the run replays deterministically.
func (r *runner) concurrently(ctx workflow.Context, limit int, jobs []func(workflow.Context) kestra.StateType) kestra.StateType {
	if limit <= 0 || limit > len(jobs) {
		limit = len(jobs)
	}
	state := kestra.StateSuccess
	running := 0
	wg := workflow.NewWaitGroup(ctx)
	for _, job := range jobs {
		_ = workflow.Await(ctx, func() bool { return running < limit })
		if failed(state) || ctx.Err() != nil {
			break
		}
		running++
		wg.Add(1)
		workflow.Go(ctx, func(ctx workflow.Context) {
			defer wg.Done()
			st := job(ctx)
			state = worst(state, st)
			running--
		})
	}
	wg.Wait(ctx)
	if ctx.Err() != nil {
		state = worst(state, kestra.StateKilled)
	}
	return state
}

// runIf runs then or else depending on its condition.
func runIf(r *runner, ctx workflow.Context, s scope) kestra.StateType {
	cond, _ := prop(s.task, "condition")
	v, err := r.renderTyped(ctx, s, cond)
	if err != nil {
		r.log(ctx, s.taskRun, kestra.LevelError, "condition: "+err.Error())
		return kestra.StateFailed
	}
	ok := truthy(v)
	r.setOutputs(s.task, s.taskRun, s.frame, map[string]any{"evaluationResult": ok})
	branch := s.task.Then
	if !ok {
		branch = s.task.Else
	}
	return r.runBlock(ctx, branch, s.task.Errors, s.task.Finally, s.frame.child(s.taskRun, "", false))
}

// runSwitch runs the case matching its rendered value, or the defaults; with
// neither it fails.
func runSwitch(r *runner, ctx workflow.Context, s scope) kestra.StateType {
	value, err := r.stringProp(ctx, s, "value", "")
	if err != nil {
		r.log(ctx, s.taskRun, kestra.LevelError, err.Error())
		return kestra.StateFailed
	}
	var branch []*plan.Task
	matched := false
	for _, c := range s.task.Cases {
		if c.Value == value {
			branch, matched = c.Tasks, true
			break
		}
	}
	if !matched {
		branch = s.task.Defaults
	}
	r.setOutputs(s.task, s.taskRun, s.frame, map[string]any{"value": value, "defaults": !matched})
	if !matched && len(branch) == 0 {
		r.log(ctx, s.taskRun, kestra.LevelError, fmt.Sprintf("No task defined for value '%s' and no default tasks", value))
		return kestra.StateFailed
	}
	return r.runBlock(ctx, branch, s.task.Errors, s.task.Finally, s.frame.child(s.taskRun, "", false))
}

// loopValues renders a loop's values: a list, or a string holding a JSON
// list. Each value becomes a string; objects and lists become their JSON.
func (r *runner) loopValues(ctx workflow.Context, s scope, name string) ([]string, error) {
	raw, _ := prop(s.task, name)
	v, err := r.renderTyped(ctx, s, raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if str, ok := v.(string); ok {
		if v, err = expression.DecodeJSON([]byte(str)); err != nil {
			return nil, fmt.Errorf("%s: not a JSON list: %s", name, str)
		}
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s: must be a list", name)
	}
	nulls := 0
	for _, item := range list {
		if item == nil {
			nulls++
		}
	}
	if nulls > 0 {
		return nil, fmt.Errorf("Found '%d' null values on Each, with values=%s", nulls, javaString(list))
	}
	out := make([]string, len(list))
	for i, item := range list {
		switch x := item.(type) {
		case string:
			out[i] = x
		case *expression.Map, []any, map[string]any:
			b, err := json.Marshal(x)
			if err != nil {
				return nil, fmt.Errorf("%s: value %d: %w", name, i, err)
			}
			out[i] = string(b)
		default:
			out[i] = stringify(x)
		}
	}
	return out, nil
}

// runForEach runs its tasks once per value, in order within a value, with at
// most concurrencyLimit values at once (default 1; 0: no limit).
func runForEach(r *runner, ctx workflow.Context, s scope) kestra.StateType {
	return r.eachValue(ctx, s, "values", intProp(s.task, "concurrencyLimit", 1), false)
}

// runEachSequential runs its tasks for one value after the other.
func runEachSequential(r *runner, ctx workflow.Context, s scope) kestra.StateType {
	return r.eachValue(ctx, s, "value", 1, false)
}

// runEachParallel runs every task of every value at the same time, at most
// `concurrent` at once.
func runEachParallel(r *runner, ctx workflow.Context, s scope) kestra.StateType {
	return r.eachValue(ctx, s, "value", intProp(s.task, "concurrent", 0), true)
}

func (r *runner) eachValue(ctx workflow.Context, s scope, prop string, limit int, flat bool) kestra.StateType {
	values, err := r.loopValues(ctx, s, prop)
	if err != nil {
		r.log(ctx, s.taskRun, kestra.LevelError, err.Error())
		return kestra.StateFailed
	}
	var jobs []func(workflow.Context) kestra.StateType
	for _, v := range values {
		f := s.frame.child(s.taskRun, v, true)
		if flat {
			for _, t := range s.task.Tasks {
				jobs = append(jobs, func(ctx workflow.Context) kestra.StateType { return r.runTask(ctx, t, f) })
			}
			continue
		}
		jobs = append(jobs, func(ctx workflow.Context) kestra.StateType { return r.runSequence(ctx, s.task.Tasks, f) })
	}
	state := r.concurrently(ctx, limit, jobs)
	return r.afterChildren(ctx, state, s.task, s.frame.child(s.taskRun, "", false))
}

// runDag runs its tasks as soon as the tasks they depend on succeeded, at
// most `concurrent` at once.
func runDag(r *runner, ctx workflow.Context, s scope) kestra.StateType {
	f := s.frame.child(s.taskRun, "", false)
	limit := intProp(s.task, "concurrent", 0)
	if limit <= 0 {
		limit = len(s.task.Dag)
	}
	done := map[string]kestra.StateType{}
	started := map[string]bool{}
	state := kestra.StateSuccess
	running := 0
	wg := workflow.NewWaitGroup(ctx)
	ready := func(n *plan.DagNode) bool {
		for _, d := range n.DependsOn {
			st, ok := done[d]
			if !ok || failed(st) {
				return false
			}
		}
		return true
	}
	for len(started) < len(s.task.Dag) && !failed(state) && ctx.Err() == nil {
		var next *plan.DagNode
		_ = workflow.Await(ctx, func() bool {
			if failed(state) {
				return true
			}
			if running >= limit {
				return false
			}
			for _, n := range s.task.Dag {
				if !started[n.Task.ID] && ready(n) {
					next = n
					return true
				}
			}
			return running == 0 // nothing can start: a dependency failed
		})
		if next == nil {
			break
		}
		started[next.Task.ID] = true
		running++
		wg.Add(1)
		node := next
		workflow.Go(ctx, func(ctx workflow.Context) {
			defer wg.Done()
			st := r.runTask(ctx, node.Task, f)
			done[node.Task.ID] = st
			state = worst(state, st)
			running--
		})
	}
	wg.Wait(ctx)
	return r.afterChildren(ctx, state, s.task, f)
}

// runLoopUntil runs its tasks until its condition is true, checking at most
// maxIterations times over maxDuration, waiting interval between runs.
func runLoopUntil(r *runner, ctx workflow.Context, s scope) kestra.StateType {
	maxIter, maxDur, interval := 100, "PT1H", "PT1S"
	if cf, ok := prop(s.task, "checkFrequency"); ok {
		if m, ok := cf.(*plan.Map); ok {
			if v, ok := m.Get("maxIterations"); ok {
				if i, ok := v.(int64); ok {
					maxIter = int(i)
				}
			}
			if v, ok := m.String("maxDuration"); ok {
				maxDur = v
			}
			if v, ok := m.String("interval"); ok {
				interval = v
			}
		}
	}
	maxD, _ := parseDuration(maxDur)
	wait, _ := parseDuration(interval)
	failOnMax := false
	if v, ok := prop(s.task, "failOnMaxReached"); ok {
		failOnMax = truthy(v)
	}
	start := workflow.Now(ctx)
	cond, _ := prop(s.task, "condition")
	for i := 1; ; i++ {
		f := s.frame.child(s.taskRun, "", false)
		iteration := i - 1
		f.iteration = &iteration
		r.setOutputs(s.task, s.taskRun, s.frame, map[string]any{"iterationCount": int64(i - 1)})
		state := r.runBlock(ctx, s.task.Tasks, nil, nil, f)
		if failed(state) {
			return r.afterChildren(ctx, state, s.task, f)
		}
		r.setOutputs(s.task, s.taskRun, s.frame, map[string]any{"iterationCount": int64(i)})
		v, err := r.renderTyped(ctx, s, cond)
		if err != nil {
			r.log(ctx, s.taskRun, kestra.LevelError, "condition: "+err.Error())
			return kestra.StateFailed
		}
		if truthy(v) {
			return r.afterChildren(ctx, kestra.StateSuccess, s.task, f)
		}
		if i >= maxIter || workflow.Now(ctx).Sub(start) >= maxD {
			msg := "LoopUntil reached its maximum of " + strconv.Itoa(maxIter) + " iterations or " + maxDur
			if failOnMax {
				r.log(ctx, s.taskRun, kestra.LevelError, msg)
				return r.afterChildren(ctx, kestra.StateFailed, s.task, f)
			}
			r.log(ctx, s.taskRun, kestra.LevelWarn, msg)
			return r.afterChildren(ctx, kestra.StateSuccess, s.task, f)
		}
		if err := workflow.Sleep(ctx, wait); err != nil {
			return kestra.StateKilled
		}
	}
}
