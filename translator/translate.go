package translator

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestra-temporal/kestra-temporal/plan"
)

// Result is the outcome of translating one flow document.
type Result struct {
	File  string
	Index int // position of the document in its source, from 0
	Line  int // line where the document starts
	// Flow is the plan. It is always set, partially filled when Errors is not
	// empty, so that callers can still name the flow.
	Flow     *plan.Flow
	Errors   Problems
	Warnings Problems
	// Infos are notes such as a legacy type name being replaced.
	Infos []string
	// Deprecations are the paths of deprecated things the flow uses.
	Deprecations []string
}

// Valid reports whether the flow has no errors.
func (r *Result) Valid() bool { return len(r.Errors) == 0 }

// Err returns the errors as an error, or nil for a valid flow.
func (r *Result) Err() error {
	if r.Valid() {
		return nil
	}
	return r.Errors
}

// ErrNoFlow is returned when a source holds no YAML document at all.
var ErrNoFlow = errors.New("no flow found: the source is empty")

// Translate reads every flow of a source that may hold several YAML
// documents separated by "---". file names the source in problems.
func Translate(file string, src []byte) []*Result {
	docs := splitDocuments(trimBOM(src))
	out := make([]*Result, 0, len(docs))
	for i, d := range docs {
		r := translateDocument(file, d)
		r.Index = i
		out = append(out, r)
	}
	return out
}

// TranslateOne reads a source that must hold exactly one flow.
func TranslateOne(file string, src []byte) (*Result, error) {
	results := Translate(file, src)
	switch len(results) {
	case 0:
		return nil, ErrNoFlow
	case 1:
		return results[0], nil
	}
	return nil, fmt.Errorf("expected one flow, found %d YAML documents", len(results))
}

func translateDocument(file string, d document) *Result {
	r := &Result{File: file, Line: d.line}
	c := &checker{file: file, lineOffset: d.line - 1}
	var root yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(d.text))
	if err := dec.Decode(&root); err != nil {
		r.Flow = &plan.Flow{Version: plan.Version, Source: d.text}
		r.Errors = Problems{yamlProblem(file, d, err)}
		return r
	}
	body := &root
	if body.Kind == yaml.DocumentNode && len(body.Content) == 1 {
		body = body.Content[0]
	}
	if !c.checkAliases(body) {
		r.Flow = &plan.Flow{Version: plan.Version, Source: d.text}
		r.Errors = c.errs
		return r
	}
	f := c.flow(body)
	f.Source = d.text
	r.Flow = f
	r.Errors = sortProblems(c.errs)
	r.Warnings = sortProblems(c.warnings)
	r.Infos = dedupe(c.infos)
	r.Deprecations = dedupe(c.deprecations)
	return r
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlHints adds what usually causes a YAML parser message.
var yamlHints = []struct{ cause, hint string }{
	{"did not find expected key", "check the indentation of this line"},
	{"did not find expected '-' indicator", "check the indentation of this line"},
	{"mapping values are not allowed in this context", "quote a value that contains \": \", or check the indentation"},
	{"found character that cannot start any token", "quote a value that starts with @, ` or %"},
}

// yamlProblem turns a YAML syntax error into a located problem. The YAML
// parser often reports the line of the enclosing block rather than the line
// at fault (a misindented key is reported at the list it belongs to), so the
// shortest failing prefix of the document is searched for from there: it
// ends on the offending line. Once a prefix fails, longer ones fail too, so a
// binary search finds it in a few parses.
func yamlProblem(file string, d document, err error) Problem {
	line, msg := parseYAMLError(err)
	lines := strings.SplitAfter(d.text, "\n")
	if line > 0 && line <= len(lines) {
		fails := func(k int) (string, bool) {
			var n yaml.Node
			if perr := yaml.Unmarshal([]byte(strings.Join(lines[:k], "")), &n); perr != nil {
				_, m := parseYAMLError(perr)
				return m, true
			}
			return "", false
		}
		lo, hi := line, len(lines) // the full document fails
		for lo < hi {
			mid := (lo + hi) / 2
			if _, bad := fails(mid); bad {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		if m, bad := fails(lo); bad {
			line, msg = lo, m
		}
	}
	for _, h := range yamlHints {
		if strings.Contains(msg, h.cause) {
			msg += " (" + h.hint + ")"
			break
		}
	}
	p := Problem{File: file, Line: d.line, Column: 1, Message: "invalid YAML: " + msg}
	if line > 0 {
		p.Line = d.line - 1 + line
		if line <= len(lines) {
			text := lines[line-1]
			p.Column = len(text) - len(strings.TrimLeft(text, " \t")) + 1
		}
	}
	return p
}

func parseYAMLError(err error) (int, string) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2]
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}

func sortProblems(ps Problems) Problems {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	return ps
}

func dedupe(list []string) []string {
	var out []string
	for _, s := range list {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// trimBOM drops a UTF-8 byte order mark some editors write.
func trimBOM(src []byte) []byte { return bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")) }
