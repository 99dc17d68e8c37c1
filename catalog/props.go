package catalog

// Small constructors keep the declarations readable. Properties are dynamic
// by default, as most properties are in Kestra 1.x (Property<T>).

func str(name string) Prop        { return Prop{Name: name, Kind: String, Dynamic: true} }
func boolean(name string) Prop    { return Prop{Name: name, Kind: Bool, Dynamic: true} }
func integer(name string) Prop    { return Prop{Name: name, Kind: Int, Dynamic: true} }
func duration(name string) Prop   { return Prop{Name: name, Kind: Duration, Dynamic: true} }
func stringList(name string) Prop { return Prop{Name: name, Kind: StringList, Dynamic: true} }
func anyValue(name string) Prop   { return Prop{Name: name, Kind: Any, Dynamic: true} }
func mapOf(name string) Prop      { return Prop{Name: name, Kind: Map, Dynamic: true} }
func stringMap(name string) Prop  { return Prop{Name: name, Kind: StringMap, Dynamic: true} }
func labels(name string) Prop     { return Prop{Name: name, Kind: Labels, Dynamic: true} }
func tasks(name string) Prop      { return Prop{Name: name, Kind: Tasks} }
func conditions(name string) Prop { return Prop{Name: name, Kind: Conditions} }
func enum(name string, values ...string) Prop {
	return Prop{Name: name, Kind: Enum, Dynamic: true, Values: values}
}
func object(name string, props ...Prop) Prop { return Prop{Name: name, Kind: Object, Props: props} }
func objects(name string, props ...Prop) Prop {
	return Prop{Name: name, Kind: ObjectList, Props: props}
}

// required marks a property as mandatory.
func required(p Prop) Prop { p.Required = true; return p }

// static marks a property whose value is read at validation time and may not
// be a template.
func static(p Prop) Prop { p.Dynamic = false; return p }

func deprecated(p Prop, advice string) Prop { p.Deprecated = advice; return p }

func ignored(p Prop, reason string) Prop { p.Ignored = reason; return p }

// blocks are the error and finally branches every flowable task may have.
func blocks(props ...Prop) []Prop {
	return append(props, tasks("errors"), tasks("finally"))
}

var logLevels = []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR"}

// stateNames are Kestra 1.x execution states, in the 1.3 API's order.
var stateNames = []string{
	"CREATED", "SUBMITTED", "RUNNING", "PAUSED", "RESTARTED", "KILLING", "SUCCESS", "WARNING", "FAILED",
	"KILLED", "CANCELLED", "QUEUED", "RETRYING", "RETRIED", "SKIPPED", "BREAKPOINT", "RESUBMITTED",
}

func states(name string) Prop { return Prop{Name: name, Kind: StringList, Values: stateNames} }
