package workflows

import "github.com/kestra-temporal/kestra-temporal/kestra"

// severity orders final states the way Kestra picks a block's state from its
// children: KILLED > FAILED > WARNING > PAUSED > SUCCESS (Execution.
// guessFinalState). SKIPPED counts as success.
func severity(s kestra.StateType) int {
	switch s {
	case kestra.StateKilled:
		return 5
	case kestra.StateFailed:
		return 4
	case kestra.StateWarning:
		return 3
	case kestra.StatePaused:
		return 2
	}
	return 1
}

// worst returns the more severe of two states.
func worst(a, b kestra.StateType) kestra.StateType {
	if severity(b) > severity(a) {
		return b
	}
	return a
}

// failed reports whether a state stops a sequence of tasks.
func failed(s kestra.StateType) bool {
	return s == kestra.StateFailed || s == kestra.StateKilled
}

// tolerate applies a task's allowFailure and allowWarning to its state:
// FAILED becomes WARNING, WARNING becomes SUCCESS.
func tolerate(s kestra.StateType, allowFailure, allowWarning bool) kestra.StateType {
	if s == kestra.StateFailed && allowFailure {
		s = kestra.StateWarning
	}
	if s == kestra.StateWarning && allowWarning {
		s = kestra.StateSuccess
	}
	return s
}
