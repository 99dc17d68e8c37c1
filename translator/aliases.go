package translator

import "gopkg.in/yaml.v3"

// maxExpandedNodes bounds the size of a document once its aliases are
// expanded, so that a few nested aliases cannot make a flow enormous.
const maxExpandedNodes = 200_000

// checkAliases rejects documents whose aliases refer to an enclosing node
// (which would expand forever) or expand to too many nodes. It must pass
// before the document is walked.
func (c *checker) checkAliases(root *yaml.Node) bool {
	sizes := map[*yaml.Node]int{}
	active := map[*yaml.Node]bool{}
	ok := true
	var size func(n *yaml.Node) int
	size = func(n *yaml.Node) int {
		if n == nil || !ok {
			return 0
		}
		if n.Kind == yaml.AliasNode {
			if active[n.Alias] {
				c.errorf(n, "", "invalid YAML: alias *%s refers to a value that contains it", n.Value)
				ok = false
				return 0
			}
			return size(n.Alias)
		}
		if s, done := sizes[n]; done {
			return s
		}
		active[n] = true
		total := 1
		for _, child := range n.Content {
			total += size(child)
			if total > maxExpandedNodes {
				break
			}
		}
		active[n] = false
		sizes[n] = total
		return total
	}
	if size(root) > maxExpandedNodes && ok {
		c.errorf(root, "", "invalid YAML: the document expands to more than %d values", maxExpandedNodes)
		ok = false
	}
	return ok
}
