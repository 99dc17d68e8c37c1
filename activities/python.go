package activities

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/kestra-temporal/kestra-temporal/activities/process"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// kestraPy is the "from kestra import Kestra" helper scripts may use.
//
//go:embed kestra.py
var kestraPy []byte

// io.kestra.plugin.scripts.python.Commands and .Script run with the
// worker's python3 (pythonVersion and containerImage are ignored);
// dependencies are installed with pip into the working directory.
func init() {
	register("io.kestra.plugin.scripts.python.Commands", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		return runPython(ctx, r, "commands")
	})
	register("io.kestra.plugin.scripts.python.Script", func(ctx context.Context, r *run) (workflows.TaskResult, error) {
		return runPython(ctx, r, "script")
	})
}

func runPython(ctx context.Context, r *run, prop string) (workflows.TaskResult, error) {
	o, err := r.prepareScript(ctx, true)
	if err != nil {
		return workflows.TaskResult{}, err
	}
	deps, _, err := r.listProp("dependencies")
	if err != nil {
		return workflows.TaskResult{}, err
	}
	py, err := r.preparePython(ctx, o, deps)
	if err != nil {
		return workflows.TaskResult{}, err
	}
	var commands []string
	if prop == "script" {
		script, err := r.commandsProp("script")
		if err != nil {
			return workflows.TaskResult{}, err
		}
		if script, err = r.localizeURIs(ctx, script); err != nil {
			return workflows.TaskResult{}, err
		}
		f, err := os.CreateTemp(o.dir, "script-*.py")
		if err != nil {
			return workflows.TaskResult{}, fmt.Errorf("write script: %w", err)
		}
		_, werr := f.WriteString(script[0])
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return workflows.TaskResult{}, fmt.Errorf("write script: %w", werr)
		}
		commands = []string{py + " " + f.Name()}
	} else if commands, err = r.commandsProp("commands"); err != nil {
		return workflows.TaskResult{}, err
	} else if commands, err = r.localizeURIs(ctx, commands); err != nil {
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

// preparePython finds python3, adds the kestra helper module (and a
// "python" command when the host only has python3), installs the
// dependencies, and returns the python command to use.
func (r *run) preparePython(ctx context.Context, o *scriptOpts, deps []string) (string, error) {
	py := pythonBinary()
	if py == "" {
		return "", fail("python3 is not installed on this worker")
	}
	lib := filepath.Join(o.dir, ".kestra", "lib")
	bin := filepath.Join(o.dir, ".kestra", "bin")
	if err := os.MkdirAll(lib, 0o755); err != nil {
		return "", fmt.Errorf("python helpers: %w", err)
	}
	if err := os.WriteFile(filepath.Join(lib, "kestra.py"), kestraPy, 0o644); err != nil {
		return "", fmt.Errorf("python helpers: %w", err)
	}
	paths := []string{lib}
	if _, err := exec.LookPath("python"); err != nil {
		if err := os.MkdirAll(bin, 0o755); err != nil {
			return "", fmt.Errorf("python helpers: %w", err)
		}
		if err := os.Symlink(py, filepath.Join(bin, "python")); err != nil {
			return "", fmt.Errorf("python helpers: %w", err)
		}
		o.env = prependPath(o.env, "PATH", bin)
	}
	if len(deps) > 0 {
		target := filepath.Join(o.dir, ".deps")
		if err := r.pipInstall(ctx, o, py, target, deps); err != nil {
			return "", err
		}
		paths = append([]string{target}, paths...)
	}
	o.env = prependPath(o.env, "PYTHONPATH", strings.Join(paths, string(os.PathListSeparator)))
	o.env = append(o.env, "PYTHONUNBUFFERED=true", "PIP_ROOT_USER_ACTION=ignore", "PIP_DISABLE_PIP_VERSION_CHECK=1")
	return py, nil
}

var (
	pythonOnce sync.Once
	pythonPath string
)

// pythonBinary finds the worker's python3 once. Wrappers such as pyenv
// shims are resolved to the interpreter they run, which saves their start-up
// cost on every task.
func pythonBinary() string {
	pythonOnce.Do(func() {
		py, err := exec.LookPath("python3")
		if err != nil {
			if py, err = exec.LookPath("python"); err != nil {
				return
			}
		}
		pythonPath = py
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, py, "-c", "import sys; print(sys.executable)").Output()
		if real := strings.TrimSpace(string(out)); err == nil && filepath.IsAbs(real) {
			pythonPath = real
		}
	})
	return pythonPath
}

// pipInstall installs packages into target with pip, its output logged.
func (r *run) pipInstall(ctx context.Context, o *scriptOpts, py, target string, deps []string) error {
	if err := exec.CommandContext(ctx, py, "-m", "pip", "--version").Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fail("dependencies need pip, which is not available to %s on this worker", py)
	}
	r.log.Infof("Installing dependencies: %s", strings.Join(deps, " "))
	out := &scriptOutput{r: r}
	args := append([]string{py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target", target}, deps...)
	res, err := process.Run(ctx, process.Command{
		Args: args, Env: o.env, Dir: o.dir, RemoveDirOnStop: true,
		Stdout: func(l string) { out.line(levelInfo, l) },
		Stderr: func(l string) { out.line(levelWarn, l) },
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("pip install: %w", err)
	}
	if res.ExitCode != 0 {
		return fail("Installing dependencies failed with exit code %d", res.ExitCode)
	}
	return nil
}

// prependPath puts dir first in the list variable name of env.
func prependPath(env []string, name, dir string) []string {
	for i, kv := range env {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			if v != "" {
				dir += string(os.PathListSeparator) + v
			}
			env[i] = name + "=" + dir
			return env
		}
	}
	return append(env, name+"="+dir)
}
