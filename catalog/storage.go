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
	purge.Pending = "purging needs the storage to list files"
	pending := func(t *Type, reason string) *Type { t.Pending = reason; return t }
	declare(
		storage("Concat", required(anyValue("files")), str("separator"), str("extension")),
		pending(storage("Split", required(str("from")), str("bytes"), integer("partitions"), integer("rows"), str("separator")), "splitting files needs ION reading"),
		storage("Size", required(str("uri"))),
		storage("Delete", required(str("uri")), boolean("errorOnMissing")),
		storage("Reverse", required(str("from")), str("separator")),
		pending(storage("FilterItems", required(str("from")), required(str("filterCondition")),
			enum("filterType", "INCLUDE", "EXCLUDE"), enum("errorOrNullBehavior", "FAIL", "INCLUDE", "EXCLUDE")), "filtering items needs ION reading"),
		pending(storage("DeduplicateItems", required(str("from")), required(str("expr"))), "deduplicating items needs ION reading"),
		pending(storage("LocalFiles", mapOf("inputs"), stringList("outputs")), "local files need a working directory shared by tasks"),
		purge,
	)
}
