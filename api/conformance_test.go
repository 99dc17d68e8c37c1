package api_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/api"
)

// TestConformanceFlows uploads every flow of the conformance suite: each
// must be accepted, or rejected with a 422, and read back.
func TestConformanceFlows(t *testing.T) {
	files, _ := filepath.Glob("../../shared/conformance/flows/*.y*ml")
	if len(files) == 0 {
		t.Skip("conformance flows not available")
	}
	e := newEnv(t, api.Config{})
	ok := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := e.yaml(http.MethodPost, "/api/v1/main/flows", string(src))
		switch r.Code {
		case http.StatusOK:
			ok++
			ns, id := r.path(t, "namespace").(string), r.path(t, "id").(string)
			g := e.do(http.MethodGet, "/api/v1/main/flows/"+ns+"/"+id+"?source=true", nil)
			if g.Code != http.StatusOK || g.path(t, "source") != string(src) {
				t.Errorf("%s: read back %d", filepath.Base(f), g.Code)
			}
		case http.StatusUnprocessableEntity:
			t.Logf("%s: rejected: %s", filepath.Base(f), r.path(t, "message"))
		default:
			t.Errorf("%s: status %d: %s", filepath.Base(f), r.Code, r.Body)
		}
	}
	t.Logf("%d/%d flows accepted", ok, len(files))
}
