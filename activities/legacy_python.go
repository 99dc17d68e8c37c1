package activities

import (
	"context"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// io.kestra.core.tasks.scripts.Python (deprecated): inputFiles must hold
// main.py; requirements are installed with pip; main.py runs with args.
func init() {
	register("io.kestra.core.tasks.scripts.Python", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		files, _, err := r.mapProp("inputFiles")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		hasMain := false
		for _, f := range files {
			hasMain = hasMain || f.Key == "main.py"
		}
		if !hasMain {
			return workflows.TaskResult{}, fail("Invalid input files structure, expecting inputFiles property to contain at least a main.py key with python code value.")
		}
		o, err := r.prepareScript(ctx, true)
		if err != nil {
			return workflows.TaskResult{}, err
		}
		reqs, _, err := r.listProp("requirements")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		py, err := r.preparePython(ctx, o, reqs)
		if err != nil {
			return workflows.TaskResult{}, err
		}
		args, _, err := r.listProp("args")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		command := py + " main.py"
		if len(args) > 0 {
			command += " " + strings.Join(args, " ")
		}
		return r.execScript(ctx, o, []string{"/bin/sh", "-c", "set -o errexit\n" + command})
	})
}
