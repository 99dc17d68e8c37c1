package store

import (
	"encoding/json"
	"regexp"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
)

// Flow is one revision of a flow. The store keeps Source verbatim and never
// parses it; Document is the flow's JSON as the translator computed it.
type Flow struct {
	Namespace string
	ID        string
	Revision  int
	Source    string
	Deleted   bool
	Disabled  bool
	Labels    []kestra.Label
	Updated   time.Time
	Document  json.RawMessage
}

var (
	flowIDPattern    = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)
	namespacePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
)

// ValidateFlowKey checks a namespace and flow id against Kestra's patterns.
func ValidateFlowKey(namespace, id string) error {
	if len(namespace) > 150 || !namespacePattern.MatchString(namespace) {
		return kestra.Errorf(kestra.EINVALID, "namespace: invalid namespace %q", namespace)
	}
	if len(id) > 100 || !flowIDPattern.MatchString(id) {
		return kestra.Errorf(kestra.EINVALID, "id: invalid flow id %q", id)
	}
	return nil
}

// ValidateFlow checks what the store requires of a flow to write.
func ValidateFlow(f *Flow) error {
	if f == nil {
		return kestra.Errorf(kestra.EINVALID, "flow: missing")
	}
	if err := ValidateFlowKey(f.Namespace, f.ID); err != nil {
		return err
	}
	if f.Source == "" {
		return kestra.Errorf(kestra.EINVALID, "source: empty flow source")
	}
	if len(f.Document) > 0 && !json.Valid(f.Document) {
		return kestra.Errorf(kestra.EINVALID, "document: invalid JSON")
	}
	return nil
}
