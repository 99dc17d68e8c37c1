package api

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/inputs"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
	"github.com/kestra-temporal/kestra-temporal/store"
)

const webhookType = "io.kestra.plugin.core.trigger.Webhook"

// webhookResponse is Kestra ≥1.1's WebhookResponse.
type webhookResponse struct {
	TenantID     string                   `json:"tenantId,omitempty"`
	Namespace    string                   `json:"namespace"`
	FlowID       string                   `json:"flowId"`
	FlowRevision int                      `json:"flowRevision"`
	ID           string                   `json:"id"`
	Labels       []kestra.Label           `json:"labels,omitempty"`
	Outputs      map[string]any           `json:"outputs,omitempty"`
	State        kestra.State             `json:"state"`
	Trigger      *kestra.ExecutionTrigger `json:"trigger,omitempty"`
	URL          string                   `json:"url"`
}

// webhook is GET|POST|PUT /executions/webhook/{namespace}/{id}/{key}: it
// starts an execution of the flow whose Webhook trigger has that key.
func (s *server) webhook(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ns, id, key := chi.URLParam(r, "namespace"), chi.URLParam(r, "id"), chi.URLParam(r, "key")
	_, fl, err := s.flowPlan(ctx, ns, id, store.GetFlowOptions{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if fl.Disabled {
		s.fail(w, r, kestra.Errorf(kestra.ECONFLICT, "Cannot execute a disabled flow: %s.%s", ns, id))
		return
	}
	flowVars := map[string]any{"id": fl.ID, "namespace": fl.Namespace, "revision": int64(fl.Revision)}
	trig := findWebhook(fl, key, flowVars)
	if trig == nil {
		s.fail(w, r, kestra.Errorf(kestra.ENOTFOUND, "Webhook not found"))
		return
	}
	body, err := readBody(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var payload any
	if len(body) > 0 {
		if v, err := expression.DecodeJSON(body); err == nil {
			payload = v
		} else {
			payload = string(body)
		}
	}
	vars := map[string]any{
		"body":       payload,
		"headers":    map[string][]string(r.Header),
		"parameters": map[string][]string(r.URL.Query()),
	}
	if !conditionsHold(trig, map[string]any{"flow": flowVars, "trigger": vars}) {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	execID := kestra.NewID()
	typed, err := inputs.Parse(fl.Inputs, nil, nil, s.inputOptions(ctx, fl, execID))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.exec.Start(ctx, StartRequest{
		Flow: fl, Inputs: typed, Labels: executionLabels(fl, nil, execID), ExecutionID: execID,
		Trigger: &kestra.ExecutionTrigger{ID: trig.ID, Type: trig.Type, Variables: vars},
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.metrics.executions.WithLabelValues(ns).Inc()
	wait, _ := trig.Props.Get("wait")
	if wait == true {
		if e, err = s.waitTerminal(ctx, e); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	resp := webhookResponse{
		TenantID: e.TenantID, Namespace: e.Namespace, FlowID: e.FlowID, FlowRevision: e.FlowRevision, ID: e.ID,
		Labels: e.Labels, State: e.State, Trigger: e.Trigger, URL: s.executionURL(e),
	}
	if ro, _ := trig.Props.Get("returnOutputs"); ro == true && wait == true {
		resp.Outputs = e.Outputs
	}
	writeJSON(w, http.StatusOK, resp)
}

// findWebhook returns the enabled Webhook trigger whose rendered key is key.
func findWebhook(fl *plan.Flow, key string, flowVars map[string]any) *plan.Trigger {
	for _, t := range fl.Triggers {
		if t == nil || t.Disabled || t.Type != webhookType {
			continue
		}
		k, _ := t.Props.String("key")
		if strings.Contains(k, "{") {
			rendered, err := expression.Render(k, expression.Context{Vars: map[string]any{"flow": flowVars}})
			if err != nil {
				continue
			}
			k = rendered
		}
		if k != "" && k == key {
			return t
		}
	}
	return nil
}

// conditionsHold evaluates the trigger's Expression conditions (other
// condition types are not evaluated here and hold).
func conditionsHold(t *plan.Trigger, vars map[string]any) bool {
	for _, c := range t.Conditions {
		if c == nil || !strings.HasSuffix(c.Type, ".Expression") && !strings.HasSuffix(c.Type, ".ExpressionCondition") {
			continue
		}
		expr, _ := c.Props.String("expression")
		out, err := expression.Render(expr, expression.Context{Vars: vars})
		if err != nil || !truthy(out) {
			return false
		}
	}
	return true
}

// truthy is Kestra's TruthUtils.isTruthy.
func truthy(s string) bool {
	switch strings.TrimSpace(s) {
	case "", "false", "0", "-0":
		return false
	}
	return true
}
