package catalog

// ProcessRunner is the task runner every script task uses here: commands run
// as processes of the worker host.
const ProcessRunner = "io.kestra.plugin.core.runner.Process"

// Script tasks (plugin-scripts) and their task runner.
func init() {
	noContainer := "tasks run with the Process task runner, which ignores container settings (as in Kestra)"
	common := func(props ...Prop) []Prop {
		return append(props,
			Prop{Name: "taskRunner", Kind: Runner},
			ignored(str("containerImage"), noContainer),
			deprecated(static(enum("runner", "PROCESS")), "use taskRunner"),
			stringList("beforeCommands"), stringList("interpreter"), stringMap("env"),
			anyValue("inputFiles"), stringList("outputFiles"),
			object("namespaceFiles", boolean("enabled"), stringList("include"), stringList("exclude")),
			boolean("warningOnStdErr"), boolean("failFast"), enum("targetOS", "LINUX", "WINDOWS", "AUTO"),
		)
	}
	python := func(props ...Prop) []Prop {
		return common(append(props,
			stringList("dependencies"),
			ignored(str("pythonVersion"), "the worker's python3 is used"),
			enum("packageManager", "UV", "PIP"),
			boolean("dependencyCacheEnabled"))...)
	}
	declare(
		&Type{
			Name: ProcessRunner, Category: RunnerCategory, Runs: NotRun,
		},
		&Type{
			Name: "io.kestra.plugin.scripts.shell.Commands", Category: TaskCategory, Runs: Activity,
			Props: common(required(stringList("commands"))),
		},
		&Type{
			Name: "io.kestra.plugin.scripts.shell.Script", Category: TaskCategory, Runs: Activity,
			Props: common(required(str("script"))),
		},
		&Type{
			Name: "io.kestra.plugin.scripts.python.Commands", Category: TaskCategory, Runs: Activity,
			Props: python(required(stringList("commands"))),
		},
		&Type{
			Name: "io.kestra.plugin.scripts.python.Script", Category: TaskCategory, Runs: Activity,
			Props: python(required(str("script"))),
		},
		&Type{
			Name: "io.kestra.core.tasks.scripts.Bash", Category: TaskCategory, Runs: Activity,
			Deprecated: "use io.kestra.plugin.scripts.shell.Commands",
			Props: []Prop{
				required(stringList("commands")), stringList("interpreter"), stringMap("env"),
				anyValue("inputFiles"), stringList("outputFiles"), boolean("exitOnFailed"),
				boolean("warningOnStdErr"),
			},
		},
		&Type{
			Name: "io.kestra.core.tasks.scripts.Python", Category: TaskCategory, Runs: Activity,
			Deprecated: "use io.kestra.plugin.scripts.python.Script",
			Props: []Prop{
				anyValue("inputFiles"), stringList("requirements"), stringList("args"), stringMap("env"),
				stringList("outputFiles"), boolean("warningOnStdErr"),
			},
		},
	)
}

// Unsupported names known Kestra types that cannot run here, with the reason
// validation gives for each.
var Unsupported = map[string]string{
	"io.kestra.plugin.scripts.runner.docker.Docker": "containers are not available: use " + ProcessRunner,
	"io.kestra.plugin.core.flow.Template":           "templates were removed from Kestra: use a Subflow",
	"io.kestra.core.tasks.flows.Template":           "templates were removed from Kestra: use a Subflow",
}
