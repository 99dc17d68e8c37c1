package translator

import (
	"strconv"
	"strings"
)

// Violation is Kestra's ValidateConstraintViolation: the answer, for one
// flow, of POST /flows/validate and of `flow validate --output json`.
type Violation struct {
	Index            int      `json:"index"`
	Flow             string   `json:"flow,omitempty"`
	Namespace        string   `json:"namespace,omitempty"`
	Constraints      *string  `json:"constraints"`
	Outdated         bool     `json:"outdated"`
	DeprecationPaths []string `json:"deprecationPaths"`
	Warnings         []string `json:"warnings"`
	Infos            []string `json:"infos"`
	// Problems repeats the constraints with their positions; Kestra has no
	// such field, and clients that don't know it ignore it.
	Problems Problems `json:"problems,omitempty"`
	File     string   `json:"file,omitempty"`
}

// Violation summarises the result the way Kestra reports validation.
func (r *Result) Violation() Violation {
	v := Violation{
		Index:            r.Index,
		Flow:             r.Flow.ID,
		Namespace:        r.Flow.Namespace,
		DeprecationPaths: nonNil(r.Deprecations),
		Warnings:         []string{},
		Infos:            nonNil(r.Infos),
		Problems:         r.Errors,
		File:             r.File,
	}
	for _, w := range r.Warnings {
		v.Warnings = append(v.Warnings, located(w))
	}
	if len(r.Errors) > 0 {
		lines := make([]string, len(r.Errors))
		for i, p := range r.Errors {
			lines[i] = located(p)
		}
		s := strings.Join(lines, "\n")
		v.Constraints = &s
	}
	return v
}

// located formats a problem without its file name: "path: message (line L, column C)".
func located(p Problem) string {
	var b strings.Builder
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	if p.Line > 0 {
		b.WriteString(" (line ")
		b.WriteString(strconv.Itoa(p.Line))
		b.WriteString(", column ")
		b.WriteString(strconv.Itoa(p.Column))
		b.WriteString(")")
	}
	return b.String()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
