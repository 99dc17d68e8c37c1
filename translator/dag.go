package translator

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestra-temporal/kestra-temporal/plan"
)

// dag checks the tasks of a Dag: a list of {task, dependsOn}.
func (c *checker) dag(n *yaml.Node, path string) []*plan.DagNode {
	items, ok := c.sequence(n, path, "a list of {task, dependsOn}")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		c.errorf(n, path, "must not be empty")
	}
	var out []*plan.DagNode
	for i, item := range items {
		ip := index(path, i)
		fields, ok := c.mapping(item, ip, "a dag task {task, dependsOn}")
		if !ok {
			continue
		}
		node := &plan.DagNode{}
		for _, fl := range fields {
			p := join(ip, fl.key)
			switch fl.key {
			case "task":
				node.Task = c.task(fl.value, p)
			case "dependsOn":
				if deps, ok := c.sequence(fl.value, p, "a list of task ids"); ok {
					for j, d := range deps {
						if s, ok := c.scalar(d, index(p, j), "a task id"); ok {
							node.DependsOn = append(node.DependsOn, s)
						}
					}
				}
			default:
				c.unknown(fl, p)
			}
		}
		if node.Task == nil {
			if _, has := find(fields, "task"); !has {
				c.errorf(item, join(ip, "task"), "must not be null")
			}
			continue
		}
		out = append(out, node)
	}
	return out
}

// checkDag reports dependencies on unknown tasks and dependency cycles, with
// Kestra's messages.
func (c *checker) checkDag(n *yaml.Node, path string, nodes []*plan.DagNode) {
	ids := map[string]bool{}
	for _, d := range nodes {
		ids[d.Task.ID] = true
	}
	var missing []string
	for _, d := range nodes {
		for _, dep := range d.DependsOn {
			if !ids[dep] && !slices.Contains(missing, dep) {
				missing = append(missing, dep)
			}
		}
	}
	if len(missing) > 0 {
		c.errorf(n, join(path, "tasks"), "Not existing task id in dependency: %s", strings.Join(missing, ", "))
	}
	if cycle := dagCycle(nodes); len(cycle) > 0 {
		c.errorf(n, join(path, "tasks"), "Cyclic dependency detected: %s", strings.Join(cycle, ", "))
	}
}

// dagCycle returns the ids of the tasks that take part in a dependency
// cycle, in declaration order, or nil.
func dagCycle(nodes []*plan.DagNode) []string {
	deps := map[string][]string{}
	for _, d := range nodes {
		deps[d.Task.ID] = d.DependsOn
	}
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[string]int{}
	inCycle := map[string]bool{}
	var stack []string
	var visit func(id string)
	visit = func(id string) {
		state[id] = visiting
		stack = append(stack, id)
		for _, dep := range deps[id] {
			if _, known := deps[dep]; !known {
				continue
			}
			switch state[dep] {
			case visiting:
				for i := len(stack) - 1; i >= 0; i-- {
					inCycle[stack[i]] = true
					if stack[i] == dep {
						break
					}
				}
			case unvisited:
				visit(dep)
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = done
	}
	for _, d := range nodes {
		if state[d.Task.ID] == unvisited {
			visit(d.Task.ID)
		}
	}
	var out []string
	for _, d := range nodes {
		if inCycle[d.Task.ID] {
			out = append(out, d.Task.ID)
		}
	}
	return out
}
