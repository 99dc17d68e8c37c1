package catalog

// Internal storage tasks.
func init() {
	const prefix = "io.kestra.plugin.core.storage."
	const legacy = "io.kestra.core.tasks.storages."
	storage := func(name string, props ...Prop) *Type {
		return &Type{Name: prefix + name, Aliases: []string{legacy + name}, Category: TaskCategory, Runs: Activity, Props: props}
	}
	purge := storage("PurgeCurrentExecutionFiles")
	purge.Aliases = []string{legacy + "PurgeExecution", prefix + "PurgeExecution"}
	declare(
		storage("Concat", required(anyValue("files")), str("separator"), str("extension")),
		storage("Split", required(str("from")), str("bytes"), integer("partitions"), integer("rows"), str("separator")),
		storage("Size", required(str("uri"))),
		storage("Delete", required(str("uri")), boolean("errorOnMissing")),
		storage("Reverse", required(str("from")), str("separator")),
		storage("FilterItems", required(str("from")), required(str("filterCondition")),
			enum("filterType", "INCLUDE", "EXCLUDE"), enum("errorOrNullBehavior", "FAIL", "INCLUDE", "EXCLUDE")),
		storage("DeduplicateItems", required(str("from")), required(str("expr"))),
		storage("LocalFiles", mapOf("inputs"), stringList("outputs")),
		purge,
	)
}
