package catalog

// Flowable tasks: interpreted by the execution workflow.
func init() {
	subflowProps := []Prop{
		required(str("namespace")), required(str("flowId")), integer("revision"),
		mapOf("inputs"), labels("labels"),
		static(boolean("wait")), static(boolean("transmitFailed")), static(boolean("inheritLabels")),
		str("scheduleDate"),
	}
	declare(
		&Type{
			Name: "io.kestra.plugin.core.flow.Sequential", Aliases: []string{"io.kestra.core.tasks.flows.Sequential"},
			Category: TaskCategory, Runs: Flowable,
			Props: blocks(required(tasks("tasks"))),
		},
		&Type{
			Name: "io.kestra.plugin.core.flow.Parallel", Aliases: []string{"io.kestra.core.tasks.flows.Parallel"},
			Category: TaskCategory, Runs: Flowable,
			Props: blocks(required(tasks("tasks")), static(integer("concurrent"))),
		},
		&Type{
			Name: "io.kestra.plugin.core.flow.If", Aliases: []string{"io.kestra.core.tasks.flows.If"},
			Category: TaskCategory, Runs: Flowable,
			Props: blocks(required(Prop{Name: "condition", Kind: Any, Dynamic: true}),
				required(tasks("then")), tasks("else")),
		},
		&Type{
			Name: "io.kestra.plugin.core.flow.Switch", Aliases: []string{"io.kestra.core.tasks.flows.Switch"},
			Category: TaskCategory, Runs: Flowable,
			Props: blocks(required(str("value")), required(Prop{Name: "cases", Kind: TaskCases}), tasks("defaults")),
		},
		&Type{
			Name: "io.kestra.plugin.core.flow.ForEach", Category: TaskCategory, Runs: Flowable,
			Props: blocks(required(anyValue("values")), static(integer("concurrencyLimit")), required(tasks("tasks"))),
		},
		&Type{
			Name: "io.kestra.plugin.core.flow.EachSequential", Aliases: []string{"io.kestra.core.tasks.flows.EachSequential"},
			Category: TaskCategory, Runs: Flowable, Deprecated: "use io.kestra.plugin.core.flow.ForEach",
			Props: blocks(required(anyValue("value")), required(tasks("tasks"))),
		},
		&Type{
			Name: "io.kestra.plugin.core.flow.EachParallel", Aliases: []string{"io.kestra.core.tasks.flows.EachParallel"},
			Category: TaskCategory, Runs: Flowable, Deprecated: "use io.kestra.plugin.core.flow.ForEach with concurrencyLimit",
			Props: blocks(required(anyValue("value")), static(integer("concurrent")), required(tasks("tasks"))),
		},
		&Type{
			Name:    "io.kestra.plugin.core.flow.Subflow",
			Aliases: []string{"io.kestra.core.tasks.flows.Subflow", "io.kestra.core.tasks.flows.Flow"},
			// A child workflow started from workflow code, with attempts
			// like a runnable task (Kestra's "executable" tasks).
			Category: TaskCategory, Runs: Inline,
			Props: append(subflowProps,
				deprecated(mapOf("outputs"), "declare outputs on the subflow and read outputs.<task>.outputs")),
		},
		&Type{
			Pending: "ForEachItem needs file splitting and batched subflows",
			Name:    "io.kestra.plugin.core.flow.ForEachItem", Aliases: []string{"io.kestra.core.tasks.flows.ForEachItem"},
			Category: TaskCategory, Runs: Inline,
			Props: append([]Prop{
				required(str("items")),
				object("batch", integer("rows"), str("bytes"), integer("partitions"), str("separator")),
			}, subflowProps...),
		},
		&Type{
			Name: "io.kestra.plugin.core.flow.Pause", Aliases: []string{"io.kestra.core.tasks.flows.Pause"},
			Category: TaskCategory, Runs: Flowable,
			Props: blocks(
				deprecated(duration("delay"), "use pauseDuration"),
				duration("pauseDuration"),
				enum("behavior", "RESUME", "WARN", "FAIL", "CANCEL"),
				Prop{Name: "onResume", Kind: Inputs},
				Prop{Name: "onPause", Kind: SingleTask},
				deprecated(tasks("tasks"), "put the tasks after the Pause task"),
			),
		},
		&Type{
			Name: "io.kestra.plugin.core.flow.Sleep", Category: TaskCategory, Runs: Inline,
			Props: []Prop{required(duration("duration"))},
		},
		&Type{
			Name: "io.kestra.plugin.core.flow.LoopUntil", Aliases: []string{"io.kestra.plugin.core.flow.WaitFor"},
			Category: TaskCategory, Runs: Flowable,
			Props: blocks(
				required(tasks("tasks")),
				required(Prop{Name: "condition", Kind: Any, Dynamic: true}),
				boolean("failOnMaxReached"),
				object("checkFrequency", integer("maxIterations"), duration("maxDuration"), duration("interval")),
			),
		},
		&Type{
			Name: "io.kestra.plugin.core.flow.Dag", Aliases: []string{"io.kestra.core.tasks.flows.Dag"},
			Category: TaskCategory, Runs: Flowable,
			Props: blocks(required(Prop{Name: "tasks", Kind: DagTasks}), static(integer("concurrent"))),
		},
		&Type{
			Name: "io.kestra.plugin.core.flow.AllowFailure", Aliases: []string{"io.kestra.core.tasks.flows.AllowFailure"},
			Category: TaskCategory, Runs: Flowable, Deprecated: "set allowFailure: true on the task instead",
			Props: blocks(required(tasks("tasks"))),
		},
		&Type{
			Pending:  "a working directory shared by tasks needs them on one worker",
			Name:     "io.kestra.plugin.core.flow.WorkingDirectory",
			Aliases:  []string{"io.kestra.core.tasks.flows.WorkingDirectory", "io.kestra.core.tasks.flows.Worker"},
			Category: TaskCategory, Runs: Flowable,
			Props: blocks(
				required(tasks("tasks")),
				object("cache", stringList("patterns"), duration("ttl")),
				object("namespaceFiles", boolean("enabled"), stringList("include"), stringList("exclude")),
				anyValue("inputFiles"), stringList("outputFiles"),
			),
		},
	)
}
