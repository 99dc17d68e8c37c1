package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/kestra-temporal/kestra-temporal/activities/process"
	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/workflows"
)

// scriptOpts are the properties every script task shares, rendered.
type scriptOpts struct {
	dir             string
	env             []string
	warningOnStdErr bool
	outputFiles     []string // globs
}

// prepareScript creates the working directory (exposed to templates as
// workingDir), refuses what needs internal storage, writes the input files
// and renders the environment.
func (r *run) prepareScript(ctx context.Context, warnDefault bool) (*scriptOpts, error) {
	dir, err := r.dir()
	if err != nil {
		return nil, err
	}
	r.vars.Set("workingDir", dir)
	outputFiles, _, err := r.listProp("outputFiles")
	if err != nil {
		return nil, err
	}
	if len(outputFiles) > 0 && r.deps.Storage == nil {
		return nil, fail("outputFiles %s", noStorageYet)
	}
	if v, ok := r.raw("namespaceFiles"); ok {
		enabled := false
		if m, err := r.renderAny("namespaceFiles", v); err != nil {
			return nil, err
		} else if mm, isMap := m.(*expression.Map); isMap {
			e, _ := mm.Get("enabled")
			enabled, _ = asBool(e)
		}
		if enabled {
			return nil, fail("namespaceFiles needs namespace files storage (not available yet)")
		}
	}
	if err := r.writeInputFiles(ctx, dir); err != nil {
		return nil, err
	}
	o := &scriptOpts{dir: dir, outputFiles: outputFiles}
	if o.warningOnStdErr, err = r.boolProp("warningOnStdErr", warnDefault); err != nil {
		return nil, err
	}
	taskEnv, err := r.stringMapProp("env")
	if err != nil {
		return nil, err
	}
	o.env = baseEnv(dir)
	for _, e := range taskEnv {
		o.env = append(o.env, e.Key+"="+e.Value.(string))
	}
	return o, nil
}

// baseEnv is the worker's environment for a command, without the secrets
// (use secret() in the task instead) and with WORKING_DIR.
func baseEnv(dir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "SECRET_") || strings.HasPrefix(kv, process.EnvSupervisor+"=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "WORKING_DIR="+dir)
}

// writeInputFiles writes inputFiles (a map of file name to content, or a
// JSON object string) into the working directory.
func (r *run) writeInputFiles(ctx context.Context, dir string) error {
	files, _, err := r.mapProp("inputFiles")
	if err != nil {
		return err
	}
	for _, f := range files {
		content := stringOf(f.Value)
		p, err := within(dir, f.Key)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("inputFiles: %w", err)
		}
		if strings.HasPrefix(content, "kestra://") {
			local, err := r.download(ctx, strings.TrimSpace(content))
			if err != nil {
				return propErr("inputFiles", err)
			}
			if err := os.Rename(local, p); err != nil {
				return fmt.Errorf("inputFiles: %w", err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return fmt.Errorf("inputFiles: %w", err)
		}
	}
	return nil
}

// scriptLines prepends "set -e" when failFast (default true) and the
// beforeCommands, as Kestra's script tasks do.
func (r *run) scriptLines(commands []string) ([]string, error) {
	before, _, err := r.listProp("beforeCommands")
	if err != nil {
		return nil, err
	}
	failFast, err := r.boolProp("failFast", true)
	if err != nil {
		return nil, err
	}
	var lines []string
	if failFast {
		lines = append(lines, "set -e")
	}
	return append(append(lines, before...), commands...), nil
}

// interpreter renders the interpreter property (default /bin/sh -c).
func (r *run) interpreter() ([]string, error) {
	in, ok, err := r.listProp("interpreter")
	if err != nil {
		return nil, err
	}
	if !ok || len(in) == 0 {
		return []string{"/bin/sh", "-c"}, nil
	}
	return in, nil
}

const (
	levelInfo = kestra.LevelInfo
	levelWarn = kestra.LevelWarn
)

// outputLine is a line of Kestra's stdout protocol.
var outputLine = regexp.MustCompile(`^::(\{.*\})::$`)

// scriptOutput collects what a command reports.
type scriptOutput struct {
	r              *run
	vars           *expression.Map
	stdout, stderr int
}

func (o *scriptOutput) line(level kestra.Level, line string) {
	if o.vars == nil {
		o.vars = expression.NewMap(0)
	}
	if level >= kestra.LevelWarn {
		o.stderr++
	} else {
		o.stdout++
	}
	m := outputLine.FindStringSubmatch(line)
	if m == nil {
		o.r.log.add(level, line)
		return
	}
	var msg struct {
		Outputs json.RawMessage   `json:"outputs"`
		Metrics []json.RawMessage `json:"metrics"`
		Logs    []struct {
			Level   string `json:"level"`
			Message string `json:"message"`
		} `json:"logs"`
	}
	if err := json.Unmarshal([]byte(m[1]), &msg); err != nil {
		o.r.log.add(kestra.LevelWarn, fmt.Sprintf("Invalid outputs '%v'", err))
		return
	}
	if len(msg.Outputs) > 0 && string(msg.Outputs) != "null" {
		v, err := expression.DecodeJSON(msg.Outputs)
		if vm, ok := v.(*expression.Map); err == nil && ok {
			vm.Range(func(k string, val any) bool {
				o.vars.Set(k, val)
				return true
			})
		} else {
			o.r.log.add(kestra.LevelWarn, "Invalid outputs: not a JSON object")
		}
	}
	for _, l := range msg.Logs {
		lv, err := kestra.ParseLevel(l.Level)
		if err != nil {
			lv = kestra.LevelInfo
		}
		o.r.log.add(lv, l.Message)
	}
	for _, mt := range msg.Metrics {
		// Metrics are not stored yet: keep a trace of them.
		o.r.log.add(kestra.LevelDebug, "metric (not stored yet): "+string(mt))
	}
}

// execScript runs a command in the working directory and builds the script
// outputs: exitCode, vars, stdOutLineCount, stdErrLineCount.
func (r *run) execScript(ctx context.Context, o *scriptOpts, args []string) (workflows.TaskResult, error) {
	out := &scriptOutput{r: r, vars: expression.NewMap(0)}
	res, err := process.Run(ctx, process.Command{
		Args: args,
		Env:  o.env,
		Dir:  o.dir,
		// A worker that dies leaves no working directory behind.
		RemoveDirOnStop: true,
		Stdout:          func(l string) { out.line(kestra.LevelInfo, l) },
		Stderr:          func(l string) { out.line(kestra.LevelError, l) },
	})
	if err != nil {
		if ctx.Err() != nil {
			return workflows.TaskResult{}, ctx.Err()
		}
		return workflows.TaskResult{}, fmt.Errorf("run command: %w", err)
	}
	outputs := map[string]any{
		"exitCode":        int64(res.ExitCode),
		"vars":            toOutput(out.vars),
		"stdOutLineCount": int64(out.stdout),
		"stdErrLineCount": int64(out.stderr),
	}
	if res.ExitCode != 0 {
		return workflows.TaskResult{}, &failure{msg: fmt.Sprintf("Command failed with exit code %d", res.ExitCode), outputs: outputs}
	}
	files, err := r.uploadOutputFiles(ctx, o.dir, o.outputFiles)
	if err != nil {
		return workflows.TaskResult{}, err
	}
	if files != nil {
		outputs["outputFiles"] = files
	}
	return workflows.TaskResult{Outputs: outputs, Warning: o.warningOnStdErr && out.stderr > 0}, nil
}
