package kestra

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestFormatInstant(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2024-12-20T16:02:32Z", "2024-12-20T16:02:32Z"},
		{"2024-12-20T16:02:32.1Z", "2024-12-20T16:02:32.100Z"},
		{"2024-12-20T16:02:32.123456Z", "2024-12-20T16:02:32.123456Z"},
		{"2024-12-20T17:02:32.123456789+01:00", "2024-12-20T16:02:32.123456789Z"},
	} {
		if got := FormatInstant(mustTime(t, tc.in)); got != tc.want {
			t.Errorf("FormatInstant(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "PT0S"},
		{456 * time.Millisecond, "PT0.456S"},
		{48 * time.Hour, "PT48H"},
		{time.Hour + 2*time.Minute + 3500*time.Millisecond, "PT1H2M3.5S"},
		{-1500 * time.Millisecond, "PT-1.5S"},
	} {
		got := FormatDuration(tc.d)
		if got != tc.want {
			t.Errorf("FormatDuration(%v) = %s, want %s", tc.d, got, tc.want)
		}
		back, err := ParseDuration(got)
		if err != nil || back != tc.d {
			t.Errorf("ParseDuration(%s) = %v, %v; want %v", got, back, err, tc.d)
		}
	}
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{{"P1D", 24 * time.Hour}, {"PT24H", 24 * time.Hour}, {"pt1m", time.Minute}, {"-PT1M", -time.Minute}, {"P1DT0.25S", 24*time.Hour + 250*time.Millisecond}} {
		got, err := ParseDuration(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDuration(%s) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "P", "PT", "1H", "PT1X", "P1W"} {
		if _, err := ParseDuration(bad); ErrorCode(err) != EINVALID {
			t.Errorf("ParseDuration(%q) err = %v, want EINVALID", bad, err)
		}
	}
}

func TestStatePredicates(t *testing.T) {
	type preds struct{ terminated, running, created, retrying, restartable, resumable bool }
	want := map[StateType]preds{
		StateCreated:     {created: true, resumable: true},
		StateSubmitted:   {},
		StateRunning:     {running: true},
		StatePaused:      {restartable: true, resumable: true},
		StateRestarted:   {created: true},
		StateKilling:     {running: true},
		StateSuccess:     {terminated: true},
		StateWarning:     {terminated: true},
		StateFailed:      {terminated: true, restartable: true},
		StateKilled:      {terminated: true},
		StateCancelled:   {terminated: true},
		StateQueued:      {},
		StateRetrying:    {retrying: true, resumable: true},
		StateRetried:     {terminated: true, retrying: true, resumable: true},
		StateSkipped:     {terminated: true},
		StateBreakpoint:  {},
		StateResubmitted: {terminated: true},
	}
	if len(StateTypes) != len(want) {
		t.Fatalf("%d state types, want %d", len(StateTypes), len(want))
	}
	for _, s := range StateTypes {
		got := preds{s.IsTerminated(), s.IsRunning(), s.IsCreated(), s.IsRetrying(), s.IsRestartable(), s.IsResumable()}
		if got != want[s] {
			t.Errorf("%s: predicates %+v, want %+v", s, got, want[s])
		}
	}
	if !StateSuccess.IsTerminatedNoFail() || StateFailed.IsTerminatedNoFail() || StateKilled.IsTerminatedNoFail() {
		t.Error("IsTerminatedNoFail wrong")
	}
	if _, err := ParseStateType("NOPE"); ErrorCode(err) != EINVALID {
		t.Errorf("ParseStateType(NOPE) err = %v", err)
	}
}

func TestStateJSON(t *testing.T) {
	t0 := mustTime(t, "2024-12-20T16:02:32.123Z")
	fixed := t0.Add(10 * time.Second)
	now = func() time.Time { return fixed }
	defer func() { now = time.Now }()

	for _, tc := range []struct {
		name  string
		state State
		want  string
	}{
		{"terminated", NewState(StateCreated, t0).WithState(StateRunning, t0.Add(100*time.Millisecond)).WithState(StateSuccess, t0.Add(456*time.Millisecond)),
			`{"current":"SUCCESS","histories":[{"state":"CREATED","date":"2024-12-20T16:02:32.123Z"},{"state":"RUNNING","date":"2024-12-20T16:02:32.223Z"},{"state":"SUCCESS","date":"2024-12-20T16:02:32.579Z"}],"duration":"PT0.456S","startDate":"2024-12-20T16:02:32.123Z","endDate":"2024-12-20T16:02:32.579Z"}`},
		{"running uses now", NewState(StateRunning, t0),
			`{"current":"RUNNING","histories":[{"state":"RUNNING","date":"2024-12-20T16:02:32.123Z"}],"duration":"PT10S","startDate":"2024-12-20T16:02:32.123Z"}`},
		{"paused has end date", NewState(StateRunning, t0).WithState(StatePaused, t0.Add(time.Second)),
			`{"current":"PAUSED","histories":[{"state":"RUNNING","date":"2024-12-20T16:02:32.123Z"},{"state":"PAUSED","date":"2024-12-20T16:02:33.123Z"}],"duration":"PT1S","startDate":"2024-12-20T16:02:32.123Z","endDate":"2024-12-20T16:02:33.123Z"}`},
		{"withState same is no-op", NewState(StateRunning, t0).WithState(StateRunning, t0.Add(time.Second)),
			`{"current":"RUNNING","histories":[{"state":"RUNNING","date":"2024-12-20T16:02:32.123Z"}],"duration":"PT10S","startDate":"2024-12-20T16:02:32.123Z"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.state)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Fatalf("got  %s\nwant %s", b, tc.want)
			}
			var back State
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			b2, _ := json.Marshal(back)
			if string(b2) != tc.want {
				t.Fatalf("round trip got %s", b2)
			}
		})
	}
	// Kestra's internal JSON writes durations as numbers: accepted and ignored.
	var s State
	if err := json.Unmarshal([]byte(`{"current":"SUCCESS","histories":[],"duration":0.456}`), &s); err != nil || s.Current != StateSuccess {
		t.Fatalf("numeric duration: %v %+v", err, s)
	}
}

// roundTrip unmarshals in into a new T, marshals it back and compares with
// want (in itself when want is "").
func roundTrip[T any](t *testing.T, in, want string) {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatalf("unmarshal %T: %v", v, err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %T: %v", v, err)
	}
	if want == "" {
		want = in
	}
	if string(b) != want {
		t.Fatalf("%T round trip\ngot  %s\nwant %s", v, b, want)
	}
}

func TestJSONRoundTrips(t *testing.T) {
	const st = `{"current":"SUCCESS","histories":[{"state":"CREATED","date":"2024-12-20T16:02:32.123Z"},{"state":"SUCCESS","date":"2024-12-20T16:02:33Z"}],"duration":"PT0.877S","startDate":"2024-12-20T16:02:32.123Z","endDate":"2024-12-20T16:02:33Z"}`
	taskRun := `{"id":"tr1","executionId":"e1","namespace":"io.kestra.tests","flowId":"full","taskId":"t1","parentTaskRunId":"tr0","value":"value 1","attempts":[{"state":` + st + `,"logFile":"kestra:///x.log","workerId":"w1"}],"outputs":{"value":"x"},"state":` + st + `,"iteration":3}`
	for _, tc := range []struct {
		name string
		run  func(t *testing.T)
	}{
		{"execution full", func(t *testing.T) {
			roundTrip[Execution](t, `{"id":"4wjtkzwVGBM9yKnjm3yv8r","namespace":"io.kestra.tests","flowId":"full","flowRevision":1,"taskRunList":[`+taskRun+`],"inputs":{"a":"b"},"outputs":{"o":1},"labels":[{"key":"system.correlationId","value":"4wjtkzwVGBM9yKnjm3yv8r"}],"state":`+st+`,"parentId":"p","originalId":"4wjtkzwVGBM9yKnjm3yv8r","trigger":{"id":"webhook","type":"io.kestra.plugin.core.trigger.Webhook","variables":{"body":null}},"deleted":false,"metadata":{"attemptNumber":1,"originalCreatedDate":"2024-12-20T16:02:32.123Z"},"scheduleDate":"2024-12-20T16:00:00Z","tenantId":"main","kind":"NORMAL"}`, "")
		}},
		{"execution minimal omits nulls", func(t *testing.T) {
			roundTrip[Execution](t, `{"id":"e","namespace":"n","flowId":"f","flowRevision":2,"taskRunList":[],"inputs":{},"state":`+st+`,"deleted":false}`,
				`{"id":"e","namespace":"n","flowId":"f","flowRevision":2,"state":`+st+`,"deleted":false}`)
		}},
		{"task run outputs always serialized", func(t *testing.T) {
			roundTrip[TaskRun](t, `{"id":"tr","executionId":"e","namespace":"n","flowId":"f","taskId":"seq","state":`+st+`}`,
				`{"id":"tr","executionId":"e","namespace":"n","flowId":"f","taskId":"seq","outputs":null,"state":`+st+`}`)
		}},
		{"task run full", func(t *testing.T) { roundTrip[TaskRun](t, taskRun, "") }},
		{"log entry", func(t *testing.T) {
			roundTrip[LogEntry](t, `{"namespace":"n","flowId":"f","taskId":"t1","executionId":"e","taskRunId":"tr","attemptNumber":0,"timestamp":"2024-12-20T16:02:32.123456Z","level":"INFO","thread":"WorkerThread","message":"hello","tenantId":"main"}`, "")
		}},
		{"trigger log entry", func(t *testing.T) {
			roundTrip[LogEntry](t, `{"namespace":"n","flowId":"f","triggerId":"sched","timestamp":"2024-12-20T16:02:32Z","level":"WARN","message":"m"}`, "")
		}},
		{"kv detail", func(t *testing.T) {
			roundTrip[KVValue](t, `{"type":"DURATION","value":"PT1H"}`, "")
			roundTrip[KVValue](t, `{"type":"NUMBER","value":42.5}`, "")
			roundTrip[KVValue](t, `{"type":"JSON","value":{"a":[1,true,"x"]}}`, "")
			roundTrip[KVValue](t, `{"type":"DATE","value":"2024-12-20"}`, "")
			roundTrip[KVValue](t, `{"type":"DATETIME","value":"2024-12-20T16:02:32.5+01:00"}`, `{"type":"DATETIME","value":"2024-12-20T15:02:32.500Z"}`)
		}},
	} {
		t.Run(tc.name, tc.run)
	}
}

func TestKVEntryJSON(t *testing.T) {
	t0 := mustTime(t, "2024-12-20T16:02:32Z")
	exp := t0.Add(time.Hour)
	b, _ := json.Marshal(KVEntry{Namespace: "n", Key: "k", Version: 2, CreationDate: t0, UpdateDate: t0, ExpirationDate: &exp})
	want := `{"namespace":"n","key":"k","version":2,"creationDate":"2024-12-20T16:02:32Z","updateDate":"2024-12-20T16:02:32Z","expirationDate":"2024-12-20T17:02:32Z"}`
	if string(b) != want {
		t.Fatalf("got %s", b)
	}
	b, _ = json.Marshal(KVDetail{KVValue: KVValue{Type: KVString, Value: "x"}, Revision: 1, Updated: t0})
	if string(b) != `{"type":"STRING","value":"x","revision":1,"updated":"2024-12-20T16:02:32Z"}` {
		t.Fatalf("got %s", b)
	}
}

func TestParseKVBody(t *testing.T) {
	for _, tc := range []struct {
		body string
		typ  KVType
		raw  string
	}{
		{`"hello"`, KVString, `"hello"`},
		{`hello`, KVString, `"hello"`},
		{` 42 `, KVNumber, `42`},
		{`-1.5e3`, KVNumber, `-1.5e3`},
		{`true`, KVBoolean, `true`},
		{`{"a":1}`, KVJSON, `{"a":1}`},
		{`[1,2]`, KVJSON, `[1,2]`},
		{`2024-12-20T16:02:32Z`, KVDatetime, `"2024-12-20T16:02:32Z"`},
		{`2024-12-20`, KVDate, `"2024-12-20"`},
		{`PT1H30M`, KVDuration, `"PT1H30M"`},
		{`"PT1H"`, KVString, `"PT1H"`},
	} {
		v, err := ParseKVBody(tc.body)
		if err != nil {
			t.Errorf("ParseKVBody(%q): %v", tc.body, err)
			continue
		}
		raw, err := v.Raw()
		if v.Type != tc.typ || err != nil || string(raw) != tc.raw {
			t.Errorf("ParseKVBody(%q) = %s %s %v; want %s %s", tc.body, v.Type, raw, err, tc.typ, tc.raw)
		}
	}
	for _, bad := range []string{``, `null`, `{bad`, `hello world`} {
		if _, err := ParseKVBody(bad); ErrorCode(err) != EINVALID {
			t.Errorf("ParseKVBody(%q) err = %v, want EINVALID", bad, err)
		}
	}
	for _, tc := range []struct {
		typ KVType
		in  string
		ok  bool
	}{{KVNumber, "12", true}, {KVNumber, "x", false}, {KVBoolean, "false", true}, {KVBoolean, "yes", false}, {KVDate, "2024-02-30", false}, {KVJSON, "[", false}} {
		_, err := ParseKVTyped(tc.typ, tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseKVTyped(%s, %q) err = %v", tc.typ, tc.in, err)
		}
	}
}

func TestLevel(t *testing.T) {
	if !(LevelTrace < LevelDebug && LevelDebug < LevelInfo && LevelInfo < LevelWarn && LevelWarn < LevelError) {
		t.Fatal("levels not ordered")
	}
	for _, s := range []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR"} {
		l, err := ParseLevel(strings.ToLower(s))
		if err != nil || l.String() != s {
			t.Errorf("ParseLevel(%s) = %v, %v", s, l, err)
		}
	}
	if _, err := ParseLevel("FATAL"); ErrorCode(err) != EINVALID {
		t.Errorf("ParseLevel(FATAL) err = %v", err)
	}
}

func TestNewID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewID()
		if len(id) == 0 || len(id) > 22 || strings.Trim(id, base62) != "" || seen[id] {
			t.Fatalf("bad or duplicate id %q", id)
		}
		seen[id] = true
	}
	var max [16]byte
	for i := range max {
		max[i] = 0xff
	}
	if got := encodeBase62(max); len(got) != 22 {
		t.Fatalf("max uuid encodes to %q", got)
	}
}

func TestErrors(t *testing.T) {
	base := Errorf(ENOTFOUND, "execution %s not found", "x")
	wrapped := fmt.Errorf("store: get: %w", base)
	for _, tc := range []struct {
		err        error
		code, mesg string
	}{
		{nil, "", ""},
		{wrapped, ENOTFOUND, "execution x not found"},
		{errors.New("boom"), EINTERNAL, "Internal error."},
	} {
		if ErrorCode(tc.err) != tc.code || ErrorMessage(tc.err) != tc.mesg {
			t.Errorf("%v: code %q message %q", tc.err, ErrorCode(tc.err), ErrorMessage(tc.err))
		}
	}
}
