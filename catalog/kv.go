package catalog

// Key-value store tasks.
func init() {
	declare(
		&Type{
			Name: "io.kestra.plugin.core.kv.Set", Category: TaskCategory, Runs: Activity,
			Props: []Prop{
				required(str("key")), required(anyValue("value")), str("namespace"), duration("ttl"),
				enum("kvType", "STRING", "NUMBER", "BOOLEAN", "DATETIME", "DATE", "DURATION", "JSON"),
				boolean("overwrite"),
			},
		},
		&Type{
			Name: "io.kestra.plugin.core.kv.Get", Category: TaskCategory, Runs: Activity,
			Props: []Prop{required(str("key")), str("namespace"), boolean("errorOnMissing")},
		},
		&Type{
			Name: "io.kestra.plugin.core.kv.GetKeys", Category: TaskCategory, Runs: Activity,
			Props: []Prop{str("prefix"), str("namespace")},
		},
		&Type{
			Name: "io.kestra.plugin.core.kv.Delete", Category: TaskCategory, Runs: Activity,
			Props: []Prop{required(str("key")), str("namespace"), boolean("errorOnMissing")},
		},
	)
}
