package api_test

import (
	"net/http"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/api"
)

// FuzzCreateFlow checks that no flow source makes the API answer 5xx.
func FuzzCreateFlow(f *testing.F) {
	for _, s := range []string{
		helloFlow, pauseFlow, "", "id: x", "- a", "id: x\nnamespace: a\ntasks: []\n",
		"id: x\nnamespace: a\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: {1: 2}\n",
		"id: x\nnamespace: a\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: &a x\n    level: *a\n",
		"---\n---\n", "id: x\nnamespace: a\nlabels: [1, 2]\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\n",
	} {
		f.Add(s)
	}
	e := newEnv(f, api.Config{})
	f.Fuzz(func(t *testing.T, src string) {
		e.t = t
		r := e.yaml(http.MethodPost, "/api/v1/main/flows", src)
		if r.Code >= 500 {
			t.Fatalf("status %d for %q: %s", r.Code, src, r.Body)
		}
		if r.Code == http.StatusOK {
			ns, id := r.path(t, "namespace").(string), r.path(t, "id").(string)
			if g := e.do(http.MethodGet, "/api/v1/main/flows/"+ns+"/"+id, nil); g.Code != http.StatusOK {
				t.Fatalf("read back %d: %s", g.Code, g.Body)
			}
			if d := e.do(http.MethodDelete, "/api/v1/main/flows/"+ns+"/"+id, nil); d.Code != http.StatusNoContent {
				t.Fatalf("delete %d: %s", d.Code, d.Body)
			}
		}
		if v := e.yaml(http.MethodPost, "/api/v1/main/flows/validate", src); v.Code >= 500 {
			t.Fatalf("validate status %d for %q", v.Code, src)
		}
	})
}
