package devserver

import (
	"context"
	"fmt"
	"slices"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	namespacepb "go.temporal.io/api/namespace/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/types/known/durationpb"
)

// awaitNamespaces waits until the frontend answers for every namespace. On a
// database that existed before, it also brings the namespaces' retention and
// search attributes up to the options: namespaces created by an earlier run
// are left untouched by the pre-start registration.
func (s *Server) awaitNamespaces(ctx context.Context, existed bool) error {
	c, err := s.NewClient(ctx)
	if err != nil {
		return fmt.Errorf("devserver: frontend not ready: %w", err)
	}
	defer c.Close()

	for _, ns := range s.opts.Namespaces {
		desc, err := describeNamespace(ctx, c, ns)
		if err != nil {
			return err
		}
		if !existed {
			continue
		}
		if desc.GetConfig().GetWorkflowExecutionRetentionTtl().AsDuration() != s.opts.Retention {
			if err := s.updateRetention(ctx, c, ns); err != nil {
				return err
			}
		}
		if err := s.addSearchAttributes(ctx, c, ns); err != nil {
			return err
		}
	}
	return nil
}

// describeNamespace retries briefly: the frontend may answer before its
// namespace registry has loaded.
func describeNamespace(ctx context.Context, c client.Client, ns string) (*workflowservice.DescribeNamespaceResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for {
		desc, err := c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: ns})
		if err == nil {
			return desc, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("devserver: describe namespace %q: %w", ns, err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (s *Server) updateRetention(ctx context.Context, c client.Client, ns string) error {
	_, err := c.WorkflowService().UpdateNamespace(ctx, &workflowservice.UpdateNamespaceRequest{
		Namespace: ns,
		Config: &namespacepb.NamespaceConfig{
			WorkflowExecutionRetentionTtl: durationpb.New(s.opts.Retention),
		},
	})
	if err != nil {
		return fmt.Errorf("devserver: set retention of namespace %q to %s: %w", ns, s.opts.Retention, err)
	}
	return nil
}

// addSearchAttributes registers the options' search attributes missing from
// ns, and fails if one exists with another type.
func (s *Server) addSearchAttributes(ctx context.Context, c client.Client, ns string) error {
	list, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: ns})
	if err != nil {
		return fmt.Errorf("devserver: list search attributes of namespace %q: %w", ns, err)
	}
	missing := map[string]enumspb.IndexedValueType{}
	for _, name := range sortedKeys(s.opts.SearchAttributes) {
		want := s.opts.SearchAttributes[name]
		have, ok := list.GetCustomAttributes()[name]
		switch {
		case !ok:
			missing[name] = want
		case have != want:
			return fmt.Errorf("devserver: search attribute %q of namespace %q is %s in the database, not %s",
				name, ns, have, want)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	_, err = c.OperatorService().AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{
		Namespace:        ns,
		SearchAttributes: missing,
	})
	if err != nil {
		return fmt.Errorf("devserver: add search attributes %v to namespace %q: %w", sortedKeys(missing), ns, err)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
