package activities

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/storage"
)

func TestStorageTasks(t *testing.T) {
	st, err := storage.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a := storage.InputURI("company.team", "f", "exec1", "a", "a.txt")
	b := storage.InputURI("company.team", "f", "exec1", "b", "b.csv")
	for uri, content := range map[string]string{a: "1\n2\n3\n", b: "x,y"} {
		if _, err := st.Put(ctx, uri, strings.NewReader(content)); err != nil {
			t.Fatal(err)
		}
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
	h := newHarness(t, nil, func(d *Deps) { d.Storage = st })
	runTask := func(typ, props string) result {
		t.Helper()
		return h.run(task(t, "- id: s\n  type: io.kestra.plugin.core.storage."+typ+"\n"+indentBody(props)), nil)
	}

	r := runTask("Size", "uri: "+a)
	eq(t, fmt.Sprint(r.res.Outputs["size"])+r.failure, "6")
	eq(t, runTask("Size", "uri: kestra:///company/team/nope").failure, "File not found: kestra:///company/team/nope")

	r = runTask("Concat", fmt.Sprintf("files: [%s, %s]\nseparator: \"|\"\nextension: .txt", a, b))
	u, _ := r.res.Outputs["uri"].(string)
	eq(t, read(u), "1\n2\n3\n|x,y|")
	if !strings.HasSuffix(u, ".txt") {
		t.Errorf("concat uri %s", u)
	}
	r = runTask("Concat", fmt.Sprintf("files: '[\"%s\", \"%s\"]'", b, b))
	u, _ = r.res.Outputs["uri"].(string)
	eq(t, read(u), "x,yx,y")

	r = runTask("Reverse", "from: "+a)
	u, _ = r.res.Outputs["uri"].(string)
	eq(t, read(u), "3\n2\n1\n")
	if !strings.HasSuffix(u, ".txt") {
		t.Errorf("reverse uri %s", u)
	}

	r = runTask("Delete", "uri: "+b)
	eq(t, js(r.res.Outputs), `{"deleted":true,"uri":"`+b+`"}`)
	eq(t, read(b), "File not found: "+b)
	eq(t, js(runTask("Delete", "uri: "+b).res.Outputs), `{"deleted":false,"uri":"`+b+`"}`)
	eq(t, runTask("Delete", "uri: "+b+"\nerrorOnMissing: true").failure, "Unable to find file '"+b+"'")

	// Without internal storage.
	h2 := newHarness(t, nil)
	r = h2.run(task(t, "- id: s\n  type: io.kestra.plugin.core.storage.Size\n  uri: "+a), nil)
	eq(t, r.failure, "io.kestra.plugin.core.storage.Size needs internal storage (not available yet)")
}
