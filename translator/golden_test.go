package translator

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// TestGoldenValid translates every flow under testdata/valid and compares the
// plan (and any warnings) with the checked-in .plan.json file.
func TestGoldenValid(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	if len(files) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			r, err := TranslateOne(filepath.Base(file), src)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Valid() {
				t.Fatalf("unexpected errors:\n%v", r.Errors)
			}
			if r.Flow.Source != string(src) {
				t.Error("source not kept verbatim")
			}
			r.Flow.Source = "" // the YAML is right beside the golden file
			got, err := json.MarshalIndent(struct {
				Plan         any      `json:"plan"`
				Warnings     []string `json:"warnings,omitempty"`
				Infos        []string `json:"infos,omitempty"`
				Deprecations []string `json:"deprecationPaths,omitempty"`
			}{r.Flow, problemStrings(r.Warnings), r.Infos, r.Deprecations}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			compareGolden(t, strings.TrimSuffix(file, ".yaml")+".plan.json", append(got, '\n'))
		})
	}
}

// TestGoldenInvalid checks that every flow under testdata/invalid is rejected
// with exactly the problems in its .errors.txt file.
func TestGoldenInvalid(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid/*.yaml")
	if len(files) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			for _, r := range Translate(filepath.Base(file), src) {
				if r.Valid() {
					fmt.Fprintf(&out, "%s:%d: OK %s.%s\n", r.File, r.Line, r.Flow.Namespace, r.Flow.ID)
				}
				for _, p := range r.Errors {
					out.WriteString(p.String())
					out.WriteByte('\n')
				}
			}
			compareGolden(t, strings.TrimSuffix(file, ".yaml")+".errors.txt", out.Bytes())
		})
	}
}

func problemStrings(ps Problems) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./translator -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test ./translator -update rewrites it)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
