package catalog

// Core tasks: logging, debugging, outputs.
func init() {
	declare(
		&Type{
			Name: "io.kestra.plugin.core.log.Log", Aliases: []string{"io.kestra.core.tasks.log.Log"},
			Category: TaskCategory, Runs: Inline,
			Props: []Prop{
				required(Prop{Name: "message", Kind: StringOrList, Dynamic: true}),
				enum("level", logLevels...),
			},
		},
		&Type{
			Name: "io.kestra.plugin.core.log.Fetch", Aliases: []string{"io.kestra.core.tasks.log.Fetch"},
			Category: TaskCategory, Runs: Activity,
			Props: []Prop{
				str("namespace"), str("flowId"), str("executionId"),
				stringList("tasksId"), enum("level", logLevels...),
			},
		},
		&Type{
			Name: "io.kestra.plugin.core.debug.Return", Aliases: []string{"io.kestra.core.tasks.debugs.Return"},
			Category: TaskCategory, Runs: Inline,
			Props: []Prop{str("format")},
		},
		&Type{
			Name: "io.kestra.plugin.core.debug.Echo", Aliases: []string{"io.kestra.core.tasks.debugs.Echo"},
			Category: TaskCategory, Runs: Inline,
			Props:      []Prop{str("format"), enum("level", logLevels...)},
			Deprecated: "use io.kestra.plugin.core.log.Log",
		},
		&Type{
			Name: "io.kestra.plugin.core.output.OutputValues", Category: TaskCategory, Runs: Inline,
			Props: []Prop{mapOf("values")},
		},
	)
}
