package activities

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/storage"
	"github.com/kestra-temporal/kestra-temporal/store"
)

func TestLogFetch(t *testing.T) {
	st, err := storage.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, nil, func(d *Deps) { d.Storage = st })
	ctx := context.Background()
	ts := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var lines []store.LogLine
	for i, l := range []struct {
		task  string
		level kestra.Level
		msg   string
	}{{"hello", kestra.LevelInfo, "Hello \"World\""}, {"err", kestra.LevelError, "boom"}, {"hello", kestra.LevelDebug, "noise"}} {
		a := 0
		lines = append(lines, store.LogLine{Key: fmt.Sprint("k", i), LogEntry: kestra.LogEntry{
			Namespace: "company.team", FlowID: "f", ExecutionID: "exec1", TaskID: l.task, TaskRunID: "tr-" + l.task,
			AttemptNumber: &a, Timestamp: ts, Level: l.level, Message: l.msg}})
	}
	if _, err := h.store.AppendLogs(ctx, lines); err != nil {
		t.Fatal(err)
	}
	read := func(uri string) string {
		in, _, err := st.Open(ctx, uri)
		if err != nil {
			return errorText(err)
		}
		defer in.Close()
		b, _ := io.ReadAll(in)
		return string(b)
	}
	fetch := func(props string) result {
		return h.run(task(t, "- id: fetch\n  type: io.kestra.plugin.core.log.Fetch\n"+indentBody(props)), nil)
	}
	r := fetch("level: INFO")
	eq(t, fmt.Sprint(r.res.Outputs["size"]), "2")
	eq(t, read(r.res.Outputs["uri"].(string)),
		`{namespace:"company.team",flowId:"f",taskId:"hello",executionId:"exec1",taskRunId:"tr-hello",attemptNumber:0,timestamp:2026-01-02T03:04:05Z,level:"INFO",message:"Hello \"World\""}`+"\n"+
			`{namespace:"company.team",flowId:"f",taskId:"err",executionId:"exec1",taskRunId:"tr-err",attemptNumber:0,timestamp:2026-01-02T03:04:05Z,level:"ERROR",message:"boom"}`+"\n")
	r = fetch("level: DEBUG\ntasksId: [hello]")
	eq(t, fmt.Sprint(r.res.Outputs["size"]), "2")
	eq(t, fetch("executionId: nope").failure, "Unable to find execution 'nope' of flow 'f' in namespace 'company.team'")
	if !strings.HasSuffix(r.res.Outputs["uri"].(string), ".ion") {
		t.Errorf("uri %v", r.res.Outputs["uri"])
	}
}
