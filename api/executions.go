package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/kestra-temporal/kestra-temporal/inputs"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
	"github.com/kestra-temporal/kestra-temporal/storage"
	"github.com/kestra-temporal/kestra-temporal/store"
)

// executionWithURL is Kestra's ExecutionResponse: the execution and its UI
// address.
type executionWithURL struct {
	*kestra.Execution
	URL string `json:"url"`
}

func (s *server) executionURL(e *kestra.Execution) string {
	return s.cfg.BaseURL + "/ui/main/executions/" + e.Namespace + "/" + e.FlowID + "/" + e.ID
}

// requestLabels parses repeated labels=key:value; system labels other
// than system.correlationId are Kestra's.
func requestLabels(vals []string) ([]kestra.Label, error) {
	var out []kestra.Label
	for _, v := range vals {
		if strings.Contains(v, "%") { // a value encoded twice, as Kestra's UI sends it
			if u, err := url.PathUnescape(v); err == nil {
				v = u
			}
		}
		l, err := kestra.ParseLabel(v)
		if err != nil {
			return nil, badRequest("labels", err)
		}
		if strings.HasPrefix(l.Key, "system.") && l.Key != kestra.LabelCorrelationID {
			return nil, invalidEntity("labels", "System labels can only be set by Kestra itself, offending label: "+l.Key+"="+l.Value)
		}
		out = append(out, l)
	}
	return out, nil
}

// executionLabels are the labels of a new execution: the flow's, the
// request's, then system.correlationId (its own id unless given).
func executionLabels(fl *plan.Flow, req []kestra.Label, id string) []kestra.Label {
	var out []kestra.Label
	for _, l := range fl.Labels {
		if !strings.HasPrefix(l.Key, "system.") {
			out = append(out, kestra.Label{Key: l.Key, Value: l.Value})
		}
	}
	out = append(out, req...)
	for _, l := range out {
		if l.Key == kestra.LabelCorrelationID {
			return out
		}
	}
	return append(out, kestra.Label{Key: kestra.LabelCorrelationID, Value: id})
}

// inputOptions stores uploads under the execution's inputs and gives
// templates the flow and its variables.
func (s *server) inputOptions(ctx context.Context, fl *plan.Flow, executionID string) inputs.Options {
	vars := map[string]any{
		"flow":      map[string]any{"id": fl.ID, "namespace": fl.Namespace, "revision": int64(fl.Revision)},
		"execution": map[string]any{"id": executionID},
	}
	if fl.Variables != nil {
		vars["vars"] = inputs.EngineValue(fl.Variables)
	}
	opts := inputs.Options{Vars: vars, Functions: inputFunctions{ctx: ctx, store: s.store, namespace: fl.Namespace}}
	if s.files != nil {
		opts.StoreFile = func(inputID, filename string, r io.Reader) (string, error) {
			uri := storage.InputURI(fl.Namespace, fl.ID, executionID, inputID, filename)
			if _, err := s.files.Put(ctx, uri, r); err != nil {
				return "", err
			}
			return uri, nil
		}
	}
	return opts
}

// createExecution is POST /executions/{namespace}/{id} (and the deprecated
// /executions/trigger/{namespace}/{id}).
func (s *server) createExecution(w http.ResponseWriter, r *http.Request) {
	ns := chi.URLParam(r, "namespace")
	if ns == "" {
		ns = chi.URLParam(r, "executionId")
	}
	e, err := s.startExecution(r, ns, chi.URLParam(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, executionWithURL{Execution: e, URL: s.executionURL(e)})
}

func (s *server) startExecution(r *http.Request, ns, id string) (*kestra.Execution, error) {
	ctx := r.Context()
	q := r.URL.Query()
	rev, err := intParam(r, "revision")
	if err != nil {
		return nil, err
	}
	wait, err := boolParam(r, "wait", false)
	if err != nil {
		return nil, err
	}
	var schedule *time.Time
	if v := q.Get("scheduleDate"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return nil, badRequest("scheduleDate", kestra.Errorf(kestra.EINVALID, "expected an ISO-8601 date-time such as 2024-12-20T16:00:00Z, got %q", v))
		}
		t = t.UTC()
		schedule = &t
	}
	labels, err := requestLabels(q["labels"])
	if err != nil {
		return nil, err
	}
	_, fl, err := s.flowPlan(ctx, ns, id, store.GetFlowOptions{Revision: rev})
	if err != nil {
		return nil, err
	}
	if fl.Disabled {
		return nil, kestra.Errorf(kestra.ECONFLICT, "Cannot execute a disabled flow: %s.%s", ns, id)
	}
	frm, err := s.readForm(r)
	if err != nil {
		return nil, err
	}
	defer frm.close()
	execID := kestra.NewID()
	typed, err := inputs.Parse(fl.Inputs, frm.values, frm.files, s.inputOptions(ctx, fl, execID))
	if err != nil {
		s.discardFiles(ctx, fl.Namespace, fl.ID, execID)
		return nil, err
	}
	e, err := s.exec.Start(ctx, StartRequest{
		Flow: fl, Inputs: typed, Labels: executionLabels(fl, labels, execID),
		ScheduleDate: schedule, ExecutionID: execID,
	})
	if err != nil {
		s.discardFiles(ctx, fl.Namespace, fl.ID, execID)
		return nil, err
	}
	s.metrics.executions.WithLabelValues(ns).Inc()
	if !wait {
		return e, nil
	}
	return s.waitTerminal(ctx, e)
}

// discardFiles removes the uploads of an execution that was not created.
func (s *server) discardFiles(ctx context.Context, ns, flowID, execID string) {
	if s.files == nil {
		return
	}
	if err := s.files.DeletePrefix(context.WithoutCancel(ctx), storage.ExecutionPrefix(ns, flowID, execID)); err != nil {
		s.log.WarnContext(ctx, "cannot remove the uploads of a rejected execution", "execution", execID, "err", err)
	}
}

// waitTerminal waits until the execution is terminated (a PAUSED execution
// is not), and returns its latest state when the wait times out.
func (s *server) waitTerminal(ctx context.Context, e *kestra.Execution) (*kestra.Execution, error) {
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, s.cfg.WaitTimeout)
	defer cancel()
	wake, err := s.store.WatchExecution(ctx, e.ID)
	if err != nil {
		return nil, fmt.Errorf("api: wait for %s: %w", e.ID, err)
	}
	poll := time.NewTicker(2 * time.Second) // in case a notification is lost
	defer poll.Stop()
	last := e
	for {
		cur, err := s.store.GetExecution(ctx, e.ID)
		if err == nil {
			last = cur
			if cur.State.Current.IsTerminated() {
				return cur, nil
			}
		} else if ctx.Err() == nil && kestra.ErrorCode(err) != kestra.ENOTFOUND {
			return nil, err
		}
		select {
		case <-wake:
		case <-poll.C:
		case <-ctx.Done():
			if err := parent.Err(); err != nil {
				return nil, err
			}
			return last, nil // timed out: the execution as it is now
		}
	}
}

func (s *server) execution(r *http.Request) (*kestra.Execution, error) {
	id := chi.URLParam(r, "executionId")
	e, err := s.store.GetExecution(r.Context(), id)
	if kestra.ErrorCode(err) == kestra.ENOTFOUND {
		return nil, kestra.Errorf(kestra.ENOTFOUND, "Execution not found: %s", id)
	}
	return e, err
}

func (s *server) getExecution(w http.ResponseWriter, r *http.Request) {
	e, err := s.execution(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, e)
}

// listExecutions is GET /executions?namespace=&flowId=: one flow's
// executions.
func (s *server) listExecutions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ns, flowID := q.Get("namespace"), q.Get("flowId")
	if ns == "" || flowID == "" {
		s.fail(w, r, &httpError{status: http.StatusBadRequest, reason: "Bad Request", message: "Required QueryValue [namespace] and [flowId] not specified"})
		return
	}
	v := url.Values{"filters[namespace][EQUALS]": {ns}, "filters[flowId][EQUALS]": {flowID}}
	for _, k := range []string{"page", "size", "sort"} {
		if x, ok := q[k]; ok {
			v[k] = x
		}
	}
	query, err := store.ParseQuery(store.ResourceExecutions, v)
	if err != nil {
		s.fail(w, r, &httpError{status: http.StatusBadRequest, reason: "Bad Request", message: kestra.ErrorMessage(err)})
		return
	}
	s.writeExecutions(w, r, query)
}

func (s *server) searchExecutions(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r, store.ResourceExecutions)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeExecutions(w, r, q)
}

func (s *server) writeExecutions(w http.ResponseWriter, r *http.Request, q store.Query) {
	res, err := s.store.SearchExecutions(r.Context(), q, store.SearchExecutionsOptions{WithTaskRuns: true})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *server) deleteExecution(w http.ResponseWriter, r *http.Request) {
	e, err := s.execution(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	delLogs, err := boolParam(r, "deleteLogs", true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	delStorage, err := boolParam(r, "deleteStorage", true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	if err := s.store.DeleteExecution(ctx, e.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if delLogs {
		if _, err := s.store.DeleteLogs(ctx, e.ID, store.LogFilter{}); err != nil {
			s.log.WarnContext(ctx, "cannot delete the logs of a deleted execution", "execution", e.ID, "err", err)
		}
	}
	if delStorage {
		s.discardFiles(ctx, e.Namespace, e.FlowID, e.ID)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *server) executionFlow(w http.ResponseWriter, r *http.Request) {
	e, err := s.execution(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.store.GetFlow(r.Context(), e.Namespace, e.FlowID, store.GetFlowOptions{Revision: e.FlowRevision, AllowDeleted: true})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, flowJSON(f, false))
}

func (s *server) killExecution(w http.ResponseWriter, r *http.Request) {
	e, err := s.execution(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if e.State.Current.IsTerminated() {
		s.fail(w, r, kestra.Errorf(kestra.ECONFLICT, "Execution is already finished, can't kill it"))
		return
	}
	if err := s.exec.Kill(r.Context(), e.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func (s *server) restartExecution(w http.ResponseWriter, r *http.Request) {
	rev, err := intParam(r, "revision")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.execution(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch st := e.State.Current; {
	case st.IsRestartable():
	case st.IsTerminated():
		s.fail(w, r, kestra.Errorf(kestra.EINVALID, "No task found to restart: execution %s is %s", e.ID, st))
		return
	default:
		s.fail(w, r, kestra.Errorf(kestra.ECONFLICT, "Execution %s is %s: only a FAILED or PAUSED execution can be restarted", e.ID, st))
		return
	}
	out, err := s.exec.Restart(r.Context(), e.ID, rev)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *server) replayExecution(w http.ResponseWriter, r *http.Request) {
	rev, err := intParam(r, "revision")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.execution(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	trID := r.URL.Query().Get("taskRunId")
	if trID != "" && e.FindTaskRun(trID) == nil {
		s.fail(w, r, kestra.Errorf(kestra.EINVALID, "No task found: task run %s is not in execution %s", trID, e.ID))
		return
	}
	if e.State.Current.IsRunning() || e.State.Current.IsCreated() {
		s.fail(w, r, kestra.Errorf(kestra.ECONFLICT, "Execution %s is %s: wait for it to end before replaying it", e.ID, e.State.Current))
		return
	}
	out, err := s.exec.Replay(r.Context(), e.ID, trID, rev)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *server) pauseExecution(w http.ResponseWriter, r *http.Request) {
	e, err := s.execution(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	notRunning := &httpError{status: http.StatusUnprocessableEntity, reason: "Illegal argument",
		message: fmt.Sprintf("Execution %s is %s: only a RUNNING execution can be paused", e.ID, e.State.Current)}
	if e.State.Current != kestra.StateRunning {
		s.fail(w, r, notRunning)
		return
	}
	if err := s.exec.Pause(r.Context(), e.ID); err != nil {
		if kestra.ErrorCode(err) == kestra.ECONFLICT {
			err = notRunning
		}
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// resumeExecution is POST /executions/{id}/resume: the multipart body
// carries the onResume inputs of the paused Pause task.
func (s *server) resumeExecution(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, err := s.execution(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !e.State.Current.IsPaused() {
		s.fail(w, r, kestra.Errorf(kestra.ECONFLICT, "Execution %s is %s, not PAUSED: it can't be resumed", e.ID, e.State.Current))
		return
	}
	_, fl, err := s.flowPlan(ctx, e.Namespace, e.FlowID, store.GetFlowOptions{Revision: e.FlowRevision, AllowDeleted: true})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	frm, err := s.readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer frm.close()
	typed, err := inputs.Parse(pausedInputs(e, fl), frm.values, frm.files, s.inputOptions(ctx, fl, e.ID))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.exec.Resume(ctx, e.ID, typed); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// pausedInputs are the onResume inputs of the execution's paused tasks.
func pausedInputs(e *kestra.Execution, fl *plan.Flow) []*plan.Input {
	var out []*plan.Input
	for _, tr := range e.TaskRunList {
		if !tr.State.Current.IsPaused() {
			continue
		}
		if t := findTask(fl, tr.TaskID); t != nil {
			out = append(out, t.OnResume...)
		}
	}
	return out
}

// findTask finds a task by id anywhere in a flow.
func findTask(fl *plan.Flow, id string) *plan.Task {
	var walk func(ts []*plan.Task) *plan.Task
	walk = func(ts []*plan.Task) *plan.Task {
		for _, t := range ts {
			if t == nil {
				continue
			}
			if t.ID == id {
				return t
			}
			blocks := [][]*plan.Task{t.Tasks, t.Then, t.Else, t.Defaults, t.Errors, t.Finally}
			for _, c := range t.Cases {
				blocks = append(blocks, c.Tasks)
			}
			for _, d := range t.Dag {
				blocks = append(blocks, []*plan.Task{d.Task})
			}
			for _, b := range blocks {
				if f := walk(b); f != nil {
					return f
				}
			}
		}
		return nil
	}
	for _, b := range [][]*plan.Task{fl.Tasks, fl.Errors, fl.Finally, fl.AfterExecution} {
		if t := walk(b); t != nil {
			return t
		}
	}
	return nil
}

// setLabels is POST /executions/{id}/labels: replace or add labels of a
// terminated execution.
func (s *server) setLabels(w http.ResponseWriter, r *http.Request) {
	var labels []kestra.Label
	if err := decodeJSON(r, &labels); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, l := range labels {
		if l.Key == "" {
			s.fail(w, r, invalidEntity("labels", "a label needs a key"))
			return
		}
		if strings.HasPrefix(l.Key, "system.") {
			s.fail(w, r, invalidEntity("labels", "system labels can only be set by Kestra itself, offending label: "+l.Key))
			return
		}
	}
	e, err := s.execution(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !e.State.Current.IsTerminated() {
		s.fail(w, r, &httpError{status: http.StatusBadRequest, reason: "Bad Request",
			message: fmt.Sprintf("Execution %s is %s: labels can only be set on a terminated execution", e.ID, e.State.Current)})
		return
	}
	ls, ok := s.exec.(LabelSetter)
	if !ok {
		s.fail(w, r, kestra.Errorf(kestra.ENOTIMPLEMENTED, "setting labels is not supported by this executor"))
		return
	}
	if err := ls.SetLabels(r.Context(), e.ID, mergeLabels(e.Labels, labels)); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.store.GetExecution(r.Context(), e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// mergeLabels replaces the values of existing keys and appends new ones.
func mergeLabels(old, add []kestra.Label) []kestra.Label {
	out := append([]kestra.Label(nil), old...)
	for _, l := range add {
		found := false
		for i := range out {
			if out[i].Key == l.Key {
				out[i].Value, found = l.Value, true
			}
		}
		if !found {
			out = append(out, l)
		}
	}
	return out
}

// redirectError sends the client to another URL (a file of another
// execution of the same flow, as Kestra does).
type redirectError struct{ location string }

func (e *redirectError) Error() string { return "redirect to " + e.location }

// executionFile checks that ?path= is inside the execution's storage and
// returns the cleaned URI. A file of another execution of the same flow is
// a redirect to that execution's file URL; anything else is a 422.
func (s *server) executionFile(r *http.Request) (string, error) {
	e, err := s.execution(r)
	if err != nil {
		return "", err
	}
	p := r.URL.Query().Get("path")
	if p == "" {
		return "", &httpError{status: http.StatusBadRequest, reason: "Bad Request", message: "Required QueryValue [path] not specified"}
	}
	prefix := storage.ExecutionPrefix(e.Namespace, e.FlowID, e.ID)
	invalid := &httpError{status: http.StatusUnprocessableEntity, reason: "Illegal argument",
		message: "Invalid prefix path: the file must be inside " + prefix}
	clean, err := storage.CleanPath(p)
	if err != nil {
		return "", invalid
	}
	uri := storage.Scheme + clean
	if !strings.HasPrefix(uri, prefix) {
		flowPrefix := strings.TrimSuffix(prefix, e.ID+"/")
		other, _, ok := strings.Cut(strings.TrimPrefix(uri, flowPrefix), "/")
		if !strings.HasPrefix(uri, flowPrefix) || !ok || other == "" {
			return "", invalid
		}
		loc := mainBase + "/executions/" + url.PathEscape(other) + "/file"
		if strings.HasSuffix(r.URL.Path, "/metas") {
			loc += "/metas"
		}
		return "", &redirectError{location: loc + "?path=" + url.QueryEscape(uri)}
	}
	if s.files == nil {
		return "", kestra.Errorf(kestra.ENOTFOUND, "File not found: %s", p)
	}
	return uri, nil
}

// failFile answers a file error, following redirects.
func (s *server) failFile(w http.ResponseWriter, r *http.Request, err error) {
	if re, ok := err.(*redirectError); ok {
		http.Redirect(w, r, re.location, http.StatusFound)
		return
	}
	s.fail(w, r, err)
}

func (s *server) downloadFile(w http.ResponseWriter, r *http.Request) {
	uri, err := s.executionFile(r)
	if err != nil {
		s.failFile(w, r, err)
		return
	}
	rc, size, err := s.files.Open(r.Context(), uri)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", path.Base(uri)))
	w.Header().Set("Content-Length", fmt.Sprint(size))
	if _, err := io.Copy(w, rc); err != nil {
		s.log.DebugContext(r.Context(), "file download interrupted", "uri", uri, "err", err)
	}
}

func (s *server) fileMetas(w http.ResponseWriter, r *http.Request) {
	uri, err := s.executionFile(r)
	if err != nil {
		s.failFile(w, r, err)
		return
	}
	rc, size, err := s.files.Open(r.Context(), uri)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_ = rc.Close()
	writeJSON(w, http.StatusOK, map[string]int64{"size": size})
}

// inputResult is one input of Kestra's validate answers.
type inputResult struct {
	Input   *plan.Input   `json:"input"`
	Value   any           `json:"value"`
	Enabled bool          `json:"enabled"`
	Errors  []errorDetail `json:"errors"`
}

// validateResponse is Kestra's ApiValidateExecutionInputsResponse.
type validateResponse struct {
	ID        string        `json:"id"`
	Namespace string        `json:"namespace"`
	Inputs    []inputResult `json:"inputs"`
}

// validateInputs types the form against decls without storing anything:
// FILE uploads get the URI they would have.
func (s *server) validateInputs(ctx context.Context, r *http.Request, fl *plan.Flow, decls []*plan.Input, execID string) ([]inputResult, error) {
	frm, err := s.readForm(r)
	if err != nil {
		return nil, err
	}
	defer frm.close()
	opts := s.inputOptions(ctx, fl, execID)
	opts.StoreFile = func(inputID, filename string, _ io.Reader) (string, error) {
		return storage.InputURI(fl.Namespace, fl.ID, execID, inputID, filename), nil
	}
	results, err := inputs.Validate(decls, frm.values, frm.files, opts)
	if err != nil {
		return nil, err
	}
	out := make([]inputResult, len(results))
	for i, res := range results {
		out[i] = inputResult{Input: res.Input, Value: res.Value, Enabled: res.Enabled, Errors: []errorDetail{}}
		for _, m := range res.Errors {
			out[i].Errors = append(out[i].Errors, errorDetail{Message: m})
		}
	}
	return out, nil
}

// validateExecution is POST /executions/{namespace}/{id}/validate: the
// typed inputs of a would-be execution, nothing created.
func (s *server) validateExecution(w http.ResponseWriter, r *http.Request) {
	ns, id := chi.URLParam(r, "executionId"), chi.URLParam(r, "id")
	rev, err := intParam(r, "revision")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, fl, err := s.flowPlan(r.Context(), ns, id, store.GetFlowOptions{Revision: rev})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.validateInputs(r.Context(), r, fl, fl.Inputs, kestra.NewID())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, validateResponse{ID: fl.ID, Namespace: fl.Namespace, Inputs: res})
}

// validateResume is POST /executions/{id}/resume/validate.
func (s *server) validateResume(w http.ResponseWriter, r *http.Request) {
	e, err := s.execution(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !e.State.Current.IsPaused() {
		s.fail(w, r, kestra.Errorf(kestra.ECONFLICT, "Execution %s is %s, not PAUSED: it can't be resumed", e.ID, e.State.Current))
		return
	}
	_, fl, err := s.flowPlan(r.Context(), e.Namespace, e.FlowID, store.GetFlowOptions{Revision: e.FlowRevision, AllowDeleted: true})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.validateInputs(r.Context(), r, fl, pausedInputs(e, fl), e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, validateResponse{ID: e.ID, Namespace: e.Namespace, Inputs: res})
}

// orCreate guards POST /executions/{executionId}/{action}: the same path
// creates an execution of flow {namespace}/{id}, and a flow may be named
// like an action (Kestra's tests have a flow called "pause"). When the first
// segment is not an execution but the pair names a flow, the request
// creates an execution of that flow.
func (s *server) orCreate(action string, handler http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		first := chi.URLParam(r, "executionId")
		if _, err := s.store.GetExecution(r.Context(), first); kestra.ErrorCode(err) == kestra.ENOTFOUND {
			if _, err := s.store.GetFlow(r.Context(), first, action, store.GetFlowOptions{}); err == nil {
				chi.RouteContext(r.Context()).URLParams.Add("id", action)
				s.createExecution(w, r)
				return
			}
		}
		handler(w, r)
	}
}
