package catalog

// HTTP tasks.
func init() {
	options := object("options",
		duration("connectTimeout"), duration("readTimeout"), duration("readIdleTimeout"),
		boolean("followRedirects"), boolean("allowFailed"), Prop{Name: "allowedResponseCodes", Kind: Any, Dynamic: true},
		str("basicAuthUser"), str("basicAuthPassword"), str("defaultCharset"), integer("maxContentLength"),
		object("auth", enum("type", "BASIC", "BEARER"), str("username"), str("password"), str("token")),
	)
	request := []Prop{
		required(str("uri")),
		enum("method", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE"),
		str("body"), mapOf("formData"), str("contentType"), mapOf("headers"), options,
		boolean("allowFailed"), boolean("encryptBody"),
	}
	declare(
		&Type{
			Name: "io.kestra.plugin.core.http.Request", Aliases: []string{"io.kestra.plugin.fs.http.Request"},
			Category: TaskCategory, Runs: Activity, Props: request,
		},
		&Type{
			Name: "io.kestra.plugin.core.http.Download", Aliases: []string{"io.kestra.plugin.fs.http.Download"},
			Category: TaskCategory, Runs: Activity,
			Props: append(append([]Prop{}, request...), boolean("failOnEmptyResponse")),
		},
	)
}
