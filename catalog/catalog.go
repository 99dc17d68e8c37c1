// Package catalog declares every Kestra task, trigger, condition and task
// runner type this project understands: its canonical name, legacy aliases and
// property schema. It is the single source of truth shared by the translator
// (which validates flows against it) and the packages that run types (which
// register executors under the same canonical names). It imports nothing
// beyond the standard library.
package catalog

// Category tells where in a flow a type may appear.
type Category int

const (
	TaskCategory Category = iota
	TriggerCategory
	ConditionCategory
	RunnerCategory
)

func (c Category) String() string {
	switch c {
	case TaskCategory:
		return "task"
	case TriggerCategory:
		return "trigger"
	case ConditionCategory:
		return "condition"
	case RunnerCategory:
		return "task runner"
	}
	return "unknown"
}

// Runs tells which part of the engine executes a task type.
type Runs int

const (
	// Flowable tasks are interpreted by the workflow itself: they schedule
	// their children and never leave workflow code.
	Flowable Runs = iota
	// Inline tasks are cheap and deterministic enough to be run by the
	// workflow without a task-queue round trip (workflow code or a local
	// activity).
	Inline
	// Activity tasks do real work (processes, network, storage) and run as
	// heartbeating Temporal activities on any worker.
	Activity
	// NotRun marks types that are data only (triggers, conditions, runners).
	NotRun
)

func (r Runs) String() string {
	switch r {
	case Flowable:
		return "flowable"
	case Inline:
		return "inline"
	case Activity:
		return "activity"
	}
	return "none"
}

// Kind is the shape a property value must have.
type Kind int

const (
	String       Kind = iota // text; a template when the property is dynamic
	Bool                     // true/false
	Int                      // integer
	Number                   // integer or decimal
	Duration                 // ISO-8601 duration such as PT5M
	Enum                     // one of Prop.Values
	StringList               // list of strings
	StringOrList             // one string or a list of strings
	Map                      // free-form map, rendered value by value
	StringMap                // map of string to string
	Any                      // any value
	Object                   // nested object described by Prop.Props
	ObjectList               // list of nested objects described by Prop.Props
	Tasks                    // list of tasks
	TaskCases                // map of case value to list of tasks (Switch)
	DagTasks                 // list of {task, dependsOn} (Dag)
	SingleTask               // one task (Pause onPause)
	Inputs                   // list of input declarations (Pause onResume)
	Conditions               // list of conditions
	ConditionMap             // map of key to condition (MultipleCondition)
	Runner                   // a typed task runner object
	Labels                   // map or list of {key, value}
)

var kindNames = [...]string{
	String: "string", Bool: "boolean", Int: "integer", Number: "number",
	Duration: "duration", Enum: "enum", StringList: "list of strings",
	StringOrList: "string or list of strings", Map: "map", StringMap: "map of strings",
	Any: "any value", Object: "object", ObjectList: "list of objects", Tasks: "list of tasks",
	TaskCases: "map of task lists", DagTasks: "list of dag tasks", SingleTask: "task",
	Inputs: "list of inputs", Conditions: "list of conditions", ConditionMap: "map of conditions",
	Runner: "task runner", Labels: "labels",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "unknown"
}

// IsBlock reports whether the kind holds child tasks.
func (k Kind) IsBlock() bool {
	switch k {
	case Tasks, TaskCases, DagTasks, SingleTask:
		return true
	}
	return false
}

// Prop describes one property of a type.
type Prop struct {
	Name     string
	Kind     Kind
	Required bool
	// Dynamic properties may hold Pebble templates, rendered at run time.
	// A template in a non-dynamic property is a validation error.
	Dynamic bool
	// Values lists the accepted values of an Enum.
	Values []string
	// Props describes the fields of an Object or ObjectList.
	Props []Prop
	// Deprecated, when set, is the advice given to users of the property.
	Deprecated string
	// Ignored, when set, means the property is accepted for compatibility but
	// has no effect here; validation warns with this reason.
	Ignored string
}

// Type declares one Kestra plugin type.
type Type struct {
	Name     string
	Aliases  []string
	Category Category
	Runs     Runs
	Props    []Prop
	// Deprecated, when set, is the advice given to users of the type.
	Deprecated string
	// Pending, when set, says why the type cannot run yet. Flows using it
	// validate with a warning and the task fails when it runs; executor
	// registries do not expect it.
	Pending string
}

// Prop returns the declared property with that name.
func (t *Type) Prop(name string) (*Prop, bool) {
	for i := range t.Props {
		if t.Props[i].Name == name {
			return &t.Props[i], true
		}
	}
	return nil, false
}
