package catalog

// Tasks acting on executions.
func init() {
	declare(
		&Type{
			Name: "io.kestra.plugin.core.execution.Fail", Aliases: []string{"io.kestra.core.tasks.executions.Fail"},
			Category: TaskCategory, Runs: Inline,
			Props: []Prop{Prop{Name: "condition", Kind: Any, Dynamic: true}, str("errorMessage")},
		},
		&Type{
			Name: "io.kestra.plugin.core.execution.Labels", Aliases: []string{"io.kestra.core.tasks.executions.Labels"},
			Category: TaskCategory, Runs: Inline,
			// A map, a list of {key, value} or a JSON object string.
			Props: []Prop{required(anyValue("labels"))},
		},
		&Type{
			Name: "io.kestra.plugin.core.execution.Resume", Category: TaskCategory, Runs: Activity,
			Pending: "resuming another execution needs a Temporal client in the worker",
			Props:   []Prop{str("executionId"), str("namespace"), str("flowId"), mapOf("inputs")},
		},
		&Type{
			Name: "io.kestra.plugin.core.execution.Count", Aliases: []string{"io.kestra.core.tasks.executions.Counts"},
			Category: TaskCategory, Runs: Activity, Pending: "counting executions from a task is not implemented",
			Props: []Prop{
				objects("flows", required(str("namespace")), required(str("flowId"))),
				str("namespaces"), states("states"),
				required(str("expression")), required(str("startDate")), str("endDate"),
			},
		},
		&Type{
			Pending:  "purging executions from a task is not implemented",
			Name:     "io.kestra.plugin.core.execution.PurgeExecutions",
			Aliases:  []string{"io.kestra.core.tasks.storages.Purge", "io.kestra.plugin.core.storage.Purge"},
			Category: TaskCategory, Runs: Activity,
			Props: []Prop{
				str("namespace"), str("flowId"), str("startDate"), required(str("endDate")), states("states"),
				boolean("purgeExecution"), boolean("purgeLog"), boolean("purgeMetric"), boolean("purgeStorage"),
			},
		},
	)
}
