package activities

import (
	"context"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// io.kestra.core.tasks.scripts.Bash (deprecated): commands joined by new
// lines, "set -o errexit" first unless exitOnFailed is false; a one-word
// interpreter gets "-c" as the old interpreterArgs default.
func init() {
	register("io.kestra.core.tasks.scripts.Bash", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		o, err := r.prepareScript(ctx, true)
		if err != nil {
			return workflows.TaskResult{}, err
		}
		// {{ outputFiles.<name> }} is where the commands write each file.
		paths := expression.NewMap(len(o.outputFiles))
		for _, name := range o.outputFiles {
			p, err := within(o.dir, name)
			if err != nil {
				return workflows.TaskResult{}, err
			}
			paths.Set(name, p)
		}
		r.vars.Set("outputFiles", paths)
		commands, err := r.commandsProp("commands")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		if commands, err = r.localizeURIs(ctx, commands); err != nil {
			return workflows.TaskResult{}, err
		}
		exitOnFailed, err := r.boolProp("exitOnFailed", true)
		if err != nil {
			return workflows.TaskResult{}, err
		}
		var lines []string
		if exitOnFailed {
			lines = append(lines, "set -o errexit")
		}
		lines = append(lines, commands...)
		interp, err := r.interpreter()
		if err != nil {
			return workflows.TaskResult{}, err
		}
		if len(interp) == 1 {
			interp = append(interp, "-c")
		}
		return r.execScript(ctx, o, append(interp, strings.Join(lines, "\n")))
	})
}
