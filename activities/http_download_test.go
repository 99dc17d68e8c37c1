package activities

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/storage"
)

func TestHTTPDownload(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/data.csv":
			fmt.Fprint(w, "a,b\n1,2\n")
		case "/named":
			w.Header().Set("Content-Disposition", `attachment; filename="../report.txt"`)
			fmt.Fprint(w, "report")
		case "/empty":
		case "/upload":
			_ = r.ParseMultipartForm(1 << 20)
			f, hdr, err := r.FormFile("file")
			if err != nil {
				fmt.Fprint(w, err)
				return
			}
			b, _ := io.ReadAll(f)
			fmt.Fprintf(w, "%s=%s text=%s", hdr.Filename, b, r.FormValue("text"))
		case "/missing":
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, "gone")
		}
	}))
	defer srv.Close()
	st, err := storage.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, nil, func(d *Deps) { d.Storage = st })
	read := func(uri string) string {
		in, _, err := st.Open(context.Background(), uri)
		if err != nil {
			return err.Error()
		}
		defer in.Close()
		b, _ := io.ReadAll(in)
		return string(b)
	}
	dl := func(props string) result {
		return h.run(task(t, "- id: dl\n  type: io.kestra.plugin.core.http.Download\n"+indentBody(props)), nil)
	}
	r := dl("uri: " + srv.URL + "/data.csv")
	if r.failure != "" || r.err != nil {
		t.Fatal(r.failure, r.err)
	}
	uri := r.res.Outputs["uri"].(string)
	if !strings.HasPrefix(uri, "kestra:///company/team/f/executions/exec1/tasks/dl/") || !strings.HasSuffix(uri, ".csv") {
		t.Errorf("uri %s", uri)
	}
	eq(t, read(uri), "a,b\n1,2\n")
	eq(t, fmt.Sprint(r.res.Outputs["length"], r.res.Outputs["code"]), "8 200")

	r = dl("uri: " + srv.URL + "/named")
	if u, _ := r.res.Outputs["uri"].(string); !strings.HasSuffix(u, "/report.txt") || read(u) != "report" {
		t.Errorf("named: %v %s", r.res.Outputs, r.failure)
	}
	eq(t, dl("uri: "+srv.URL+"/empty").failure, "No response from server")
	if r := dl("uri: " + srv.URL + "/empty\nfailOnEmptyResponse: false"); r.failure != "" || !r.hasLog("WARN File '"+srv.URL+"/empty' is empty") {
		t.Errorf("empty allowed: %s %v", r.failure, r.messages())
	}
	eq(t, dl("uri: "+srv.URL+"/missing").failure, "Failed http request with response code '404' and body:\ngone")

	// The downloaded file is uploaded as a multipart file.
	r = h.run(task(t, `- id: up
  type: io.kestra.plugin.core.http.Request
  uri: `+srv.URL+`/upload
  method: POST
  contentType: multipart/form-data
  formData:
    file: {name: my.csv, content: "`+uri+`"}
    text: hello`), nil)
	eq(t, fmt.Sprint(r.res.Outputs["body"])+r.failure, "my.csv=a,b\n1,2\n text=hello")

	// The downloaded file feeds a shell task.
	r = h.run(task(t, `- id: t
  type: io.kestra.plugin.scripts.shell.Commands
  commands: ['wc -l < {{ outputs.dl.uri }}']`), map[string]any{"outputs": map[string]any{"dl": map[string]any{"uri": uri}}})
	if r.failure != "" || !r.hasLog("INFO 2") {
		t.Errorf("shell on the download: %s %v", r.failure, r.messages())
	}
}
