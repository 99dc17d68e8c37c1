package devserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kestra-temporal/kestra-temporal/devserver"
)

func TestUIServesPagesAndAPI(t *testing.T) {
	s := startServer(t, devserver.Options{Ephemeral: true})
	if s.UIAddr() == "" {
		t.Fatal("UIAddr is empty with the UI enabled")
	}
	httpc := &http.Client{Timeout: 10 * time.Second}
	for path, want := range map[string]string{
		"/":                             "<html",
		"/namespaces/default/workflows": "<html",
		"/healthz":                      `"OK"`,
		"/api/v1/namespaces/default":    `"default"`, // proxied to the frontend over gRPC
		"/api/v1/settings":              "DefaultNamespace",
	} {
		resp, err := httpc.Get("http://" + s.UIAddr() + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		if resp.StatusCode != http.StatusOK || !strings.Contains(strings.ToLower(string(body)), strings.ToLower(want)) {
			t.Errorf("GET %s: %s, body %.200q; want 200 containing %q", path, resp.Status, body, want)
		}
	}
}

func TestUIDisabled(t *testing.T) {
	if shared.UIAddr() != "" {
		t.Fatalf("UIAddr = %q with the UI disabled", shared.UIAddr())
	}
}
