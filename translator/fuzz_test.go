package translator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzTranslate feeds arbitrary sources to the translator: it must never
// panic, every problem must be located inside the source, and a valid flow's
// plan must serialise.
func FuzzTranslate(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.yaml")
	for _, s := range seeds {
		src, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("id: a\nnamespace: b\ntasks: &t\n- id: x\n  type: io.kestra.plugin.core.flow.Sequential\n  tasks: *t\n"))
	f.Add([]byte("---\n---\n..."))
	f.Add([]byte("[1, 2"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := strings.Count(string(src), "\n") + 1
		for _, r := range Translate("fuzz.yaml", src) {
			for _, p := range r.Errors {
				if p.Line < 0 || p.Line > lines+1 || p.Message == "" {
					t.Fatalf("problem out of the source (%d lines): %+v", lines, p)
				}
			}
			if r.Valid() {
				if _, err := json.Marshal(r.Flow); err != nil {
					t.Fatalf("valid plan does not serialise: %v", err)
				}
			}
		}
	})
}
