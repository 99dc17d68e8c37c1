package workflows

import (
	"math"
	mathrand "math/rand/v2"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/kestra-temporal/kestra-temporal/plan"
	"github.com/kestra-temporal/kestra-temporal/translator"
)

// retrier applies a Kestra retry policy to a task's attempts. These are the
// retries Kestra users see (attempts, RETRYING); a worker dying under a task
// is retried by Temporal underneath and never counts here.
type retrier struct{ p *plan.Retry }

// newRetrier picks the task's policy, or the flow's when the task has none
// and the flow retries failed tasks in place.
func newRetrier(task, flow *plan.Retry) retrier {
	if task != nil {
		return retrier{task}
	}
	if flow != nil {
		return retrier{flow}
	}
	return retrier{}
}

func (r retrier) warningOnRetry() bool { return r.p != nil && r.p.WarningOnRetry }

// newExecution reports whether failures are retried by a new execution
// rather than in place.
func (r retrier) newExecution() bool { return r.p != nil && r.p.Behavior == "CREATE_NEW_EXECUTION" }

// next says whether another attempt may start after attempts attempts that
// took elapsed so far, and how long to wait before it.
func (r retrier) next(ctx workflow.Context, attempts int, elapsed time.Duration) (time.Duration, bool) {
	p := r.p
	if p == nil || p.Behavior == "CREATE_NEW_EXECUTION" {
		return 0, false
	}
	if p.MaxAttempt > 0 && attempts >= p.MaxAttempt {
		return 0, false
	}
	wait := r.interval(ctx, attempts)
	if p.MaxDuration != "" {
		max, _ := translator.ParseDuration(p.MaxDuration)
		if elapsed+wait > max {
			return 0, false
		}
	}
	if p.MaxAttempt == 0 && p.MaxDuration == "" {
		return 0, false // Kestra needs a bound: without one the policy allows no retry
	}
	return wait, true
}

func (r retrier) interval(ctx workflow.Context, attempts int) time.Duration {
	p := r.p
	dur := func(s string) time.Duration { d, _ := translator.ParseDuration(s); return d }
	switch p.Type {
	case "constant":
		return dur(p.Interval)
	case "exponential":
		factor := p.DelayFactor
		if factor == 0 {
			factor = 2
		}
		d := float64(dur(p.Interval)) * math.Pow(factor, float64(attempts-1))
		if maxI := dur(p.MaxInterval); maxI > 0 && d > float64(maxI) {
			d = float64(maxI)
		}
		return time.Duration(d)
	case "random":
		lo, hi := dur(p.MinInterval), dur(p.MaxInterval)
		if hi <= lo {
			return lo
		}
		var d time.Duration
		_ = workflow.SideEffect(ctx, func(workflow.Context) any {
			return lo + time.Duration(mathrand.Int64N(int64(hi-lo)))
		}).Get(&d)
		return d
	}
	return 0
}

func parseDuration(s string) (time.Duration, error) { return translator.ParseDuration(s) }
