package kestra

import (
	"encoding/json"
	"fmt"
	"time"
)

// StateType is the state of an execution, a task run or an attempt.
type StateType string

// State types in the order of Kestra 1.3's enum.
const (
	StateCreated     StateType = "CREATED"
	StateSubmitted   StateType = "SUBMITTED"
	StateRunning     StateType = "RUNNING"
	StatePaused      StateType = "PAUSED"
	StateRestarted   StateType = "RESTARTED"
	StateKilling     StateType = "KILLING"
	StateSuccess     StateType = "SUCCESS"
	StateWarning     StateType = "WARNING"
	StateFailed      StateType = "FAILED"
	StateKilled      StateType = "KILLED"
	StateCancelled   StateType = "CANCELLED"
	StateQueued      StateType = "QUEUED"
	StateRetrying    StateType = "RETRYING"
	StateRetried     StateType = "RETRIED"
	StateSkipped     StateType = "SKIPPED"
	StateBreakpoint  StateType = "BREAKPOINT"
	StateResubmitted StateType = "RESUBMITTED"
)

// StateTypes lists every state type in Kestra's enum order.
var StateTypes = []StateType{
	StateCreated, StateSubmitted, StateRunning, StatePaused, StateRestarted, StateKilling,
	StateSuccess, StateWarning, StateFailed, StateKilled, StateCancelled, StateQueued,
	StateRetrying, StateRetried, StateSkipped, StateBreakpoint, StateResubmitted,
}

// ParseStateType returns the state type named s, or an EINVALID error.
func ParseStateType(s string) (StateType, error) {
	t := StateType(s)
	if !t.Valid() {
		return "", Errorf(EINVALID, "invalid state %q", s)
	}
	return t, nil
}

// Valid reports whether t is one of Kestra's state types.
func (t StateType) Valid() bool {
	for _, s := range StateTypes {
		if s == t {
			return true
		}
	}
	return false
}

// IsTerminated reports whether t is final: FAILED, WARNING, SUCCESS, KILLED,
// CANCELLED, RETRIED, SKIPPED or RESUBMITTED.
func (t StateType) IsTerminated() bool {
	switch t {
	case StateFailed, StateWarning, StateSuccess, StateKilled, StateCancelled,
		StateRetried, StateSkipped, StateResubmitted:
		return true
	}
	return false
}

// IsTerminatedNoFail reports whether t is final and not a failure: WARNING,
// SUCCESS, RETRIED, SKIPPED or RESUBMITTED.
func (t StateType) IsTerminatedNoFail() bool {
	switch t {
	case StateWarning, StateSuccess, StateRetried, StateSkipped, StateResubmitted:
		return true
	}
	return false
}

// IsCreated reports whether t is CREATED or RESTARTED.
func (t StateType) IsCreated() bool { return t == StateCreated || t == StateRestarted }

// IsRunning reports whether t is RUNNING or KILLING.
func (t StateType) IsRunning() bool { return t == StateRunning || t == StateKilling }

// IsRetrying reports whether t is RETRYING or RETRIED.
func (t StateType) IsRetrying() bool { return t == StateRetrying || t == StateRetried }

// IsFailed reports whether t is FAILED.
func (t StateType) IsFailed() bool { return t == StateFailed }

// IsPaused reports whether t is PAUSED.
func (t StateType) IsPaused() bool { return t == StatePaused }

// IsKilled reports whether t is KILLED.
func (t StateType) IsKilled() bool { return t == StateKilled }

// IsRestartable reports whether an execution in t can be restarted: FAILED
// or PAUSED.
func (t StateType) IsRestartable() bool { return t == StateFailed || t == StatePaused }

// IsResumable reports whether an execution in t can be resumed: PAUSED,
// RETRYING, RETRIED or CREATED.
func (t StateType) IsResumable() bool {
	return t == StatePaused || t == StateRetrying || t == StateRetried || t == StateCreated
}

// History is one entry of a state's history.
type History struct {
	State StateType `json:"state"`
	Date  time.Time `json:"date"`
}

// MarshalJSON writes the date as an ISO instant.
func (h History) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		State StateType `json:"state"`
		Date  string    `json:"date"`
	}{h.State, FormatInstant(h.Date)})
}

// State is the current state and the history of an execution, a task run or
// an attempt. Duration, StartDate and EndDate are derived from Histories.
type State struct {
	Current   StateType
	Histories []History
}

// now is the clock used for the duration of states that are not finished.
var now = time.Now

// NewState returns a state of type t entered at date.
func NewState(t StateType, date time.Time) State {
	return State{Current: t, Histories: []History{{State: t, Date: date}}}
}

// WithState returns s moved to t at date. Like Kestra's State.withState it
// is a no-op if s is already in t.
func (s State) WithState(t StateType, date time.Time) State {
	if s.Current == t && len(s.Histories) > 0 {
		return s
	}
	h := make([]History, len(s.Histories), len(s.Histories)+1)
	copy(h, s.Histories)
	return State{Current: t, Histories: append(h, History{State: t, Date: date})}
}

// StartDate is the date of the first history entry (zero if none).
func (s State) StartDate() time.Time {
	if len(s.Histories) == 0 {
		return time.Time{}
	}
	return s.Histories[0].Date
}

// EndDate is the date of the last history entry when the state is
// terminated or PAUSED; ok is false otherwise.
func (s State) EndDate() (end time.Time, ok bool) {
	if len(s.Histories) == 0 || !(s.Current.IsTerminated() || s.Current.IsPaused()) {
		return time.Time{}, false
	}
	return s.Histories[len(s.Histories)-1].Date, true
}

// Duration is EndDate − StartDate when ended, now − StartDate otherwise.
func (s State) Duration() time.Duration {
	if len(s.Histories) == 0 {
		return 0
	}
	if end, ok := s.EndDate(); ok {
		return end.Sub(s.StartDate())
	}
	return now().Sub(s.StartDate())
}

type stateJSON struct {
	Current   StateType       `json:"current"`
	Histories []History       `json:"histories"`
	Duration  json.RawMessage `json:"duration,omitempty"`
	StartDate string          `json:"startDate,omitempty"`
	EndDate   string          `json:"endDate,omitempty"`
}

// MarshalJSON writes Kestra's State shape with the computed fields.
func (s State) MarshalJSON() ([]byte, error) {
	h := s.Histories
	if h == nil {
		h = []History{}
	}
	out := stateJSON{Current: s.Current, Histories: h}
	if len(s.Histories) > 0 {
		d, _ := json.Marshal(FormatDuration(s.Duration()))
		out.Duration = d
		out.StartDate = FormatInstant(s.StartDate())
		if end, ok := s.EndDate(); ok {
			out.EndDate = FormatInstant(end)
		}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads Kestra's State shape; the computed fields are ignored
// (they may be ISO strings or, in Kestra's internal JSON, numbers).
func (s *State) UnmarshalJSON(b []byte) error {
	var in stateJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return fmt.Errorf("kestra: state: %w", err)
	}
	if in.Current != "" && !in.Current.Valid() {
		return Errorf(EINVALID, "invalid state %q", in.Current)
	}
	s.Current, s.Histories = in.Current, in.Histories
	return nil
}
