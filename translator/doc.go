// Package translator reads Kestra flow YAML and turns it into a validated
// plan. It parses with the yaml.v3 node API so that every problem carries the
// line and column it refers to, checks the flow against the type catalog and
// Kestra's validation rules, reports every problem it finds (not just the
// first), and produces a plan.Flow with aliases resolved, plugin defaults
// merged and templates left unrendered.
package translator
