package activities

import (
	"context"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// io.kestra.plugin.scripts.shell.Commands and .Script: commands run by the
// interpreter (default /bin/sh -c) on the worker host (Kestra's Process
// task runner).
func init() {
	register("io.kestra.plugin.scripts.shell.Commands", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		return runShell(ctx, r, "commands")
	})
	register("io.kestra.plugin.scripts.shell.Script", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		return runShell(ctx, r, "script")
	})
}

func runShell(ctx context.Context, r *run, prop string) (workflows.TaskResult, error) {
	o, err := r.prepareScript(ctx, true)
	if err != nil {
		return workflows.TaskResult{}, err
	}
	commands, err := r.commandsProp(prop)
	if err != nil {
		return workflows.TaskResult{}, err
	}
	if commands, err = r.localizeURIs(ctx, commands); err != nil {
		return workflows.TaskResult{}, err
	}
	lines, err := r.scriptLines(commands)
	if err != nil {
		return workflows.TaskResult{}, err
	}
	interp, err := r.interpreter()
	if err != nil {
		return workflows.TaskResult{}, err
	}
	return r.execScript(ctx, o, append(interp, strings.Join(lines, "\n")))
}

// commandsProp renders the commands list, or the script string as one
// command.
func (r *run) commandsProp(prop string) ([]string, error) {
	if prop == "script" {
		s, ok, err := r.strOpt("script")
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fail("script: required")
		}
		return []string{s}, nil
	}
	c, ok, err := r.listProp(prop)
	if err != nil {
		return nil, err
	}
	if !ok || len(c) == 0 {
		return nil, fail("%s: required", prop)
	}
	return c, nil
}
