// Package plan defines the translated form of a Kestra flow: a versioned,
// JSON-serialisable tree that the execution workflow interprets. Aliases are
// resolved to canonical type names, plugin defaults are merged in, and every
// dynamic property is kept as an unrendered template. The package has no
// dependencies beyond the standard library so that workflow code can import
// it freely.
package plan

// Version is the plan format version. A workflow refuses a plan whose version
// it does not know; bump it on any incompatible change.
const Version = 1

// Flow is a validated flow, ready to run.
type Flow struct {
	Version        int             `json:"version"`
	ID             string          `json:"id"`
	Namespace      string          `json:"namespace"`
	Revision       int             `json:"revision,omitempty"`
	Description    string          `json:"description,omitempty"`
	Labels         []Label         `json:"labels,omitempty"`
	Inputs         []*Input        `json:"inputs,omitempty"`
	Variables      *Map            `json:"variables,omitempty"`
	Tasks          []*Task         `json:"tasks"`
	Errors         []*Task         `json:"errors,omitempty"`
	Finally        []*Task         `json:"finally,omitempty"`
	AfterExecution []*Task         `json:"afterExecution,omitempty"`
	Outputs        []*Output       `json:"outputs,omitempty"`
	Triggers       []*Trigger      `json:"triggers,omitempty"`
	Concurrency    *Concurrency    `json:"concurrency,omitempty"`
	Retry          *Retry          `json:"retry,omitempty"`
	Disabled       bool            `json:"disabled,omitempty"`
	PluginDefaults []PluginDefault `json:"pluginDefaults,omitempty"`
	SLA            []*SLA          `json:"sla,omitempty"`
	// Source is the YAML exactly as submitted; Kestra returns it verbatim.
	Source string `json:"source,omitempty"`
}

// Label is one execution label. YAML accepts a map or a list; the plan keeps
// the list form Kestra serialises.
type Label struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Task is one task of any kind. Flowable tasks have children in the block
// fields; runnable tasks carry their properties in Props.
type Task struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`

	Retry        *Retry `json:"retry,omitempty"`
	Timeout      string `json:"timeout,omitempty"`
	Disabled     bool   `json:"disabled,omitempty"`
	AllowFailure bool   `json:"allowFailure,omitempty"`
	AllowWarning bool   `json:"allowWarning,omitempty"`
	RunIf        string `json:"runIf,omitempty"`
	LogLevel     string `json:"logLevel,omitempty"`
	LogToFile    bool   `json:"logToFile,omitempty"`

	// Props holds the type's own properties as written (templates unrendered),
	// in source order. Child blocks are not repeated here.
	Props *Map `json:"props,omitempty"`

	Tasks    []*Task    `json:"tasks,omitempty"`
	Then     []*Task    `json:"then,omitempty"`
	Else     []*Task    `json:"else,omitempty"`
	Cases    []Case     `json:"cases,omitempty"`
	Defaults []*Task    `json:"defaults,omitempty"`
	Dag      []*DagNode `json:"dag,omitempty"`
	Errors   []*Task    `json:"errors,omitempty"`
	Finally  []*Task    `json:"finally,omitempty"`
	// OnResume declares the inputs a Pause task expects when resumed.
	OnResume []*Input `json:"onResume,omitempty"`
	// OnPause is the task a Pause task runs when pausing (Kestra 1.x).
	OnPause *Task `json:"onPause,omitempty"`
	// Runner is the task runner of a script task.
	Runner *Plugin `json:"taskRunner,omitempty"`
}

// Case is one branch of a Switch, in source order.
type Case struct {
	Value string  `json:"value"`
	Tasks []*Task `json:"tasks"`
}

// DagNode is one task of a Dag with the ids of the tasks it waits for.
type DagNode struct {
	Task      *Task    `json:"task"`
	DependsOn []string `json:"dependsOn,omitempty"`
}

// Plugin is a typed nested object such as a task runner.
type Plugin struct {
	Type  string `json:"type"`
	Props *Map   `json:"props,omitempty"`
}

// Retry is Kestra's retry policy for a task or a flow.
type Retry struct {
	Type           string  `json:"type"` // constant, exponential or random
	Behavior       string  `json:"behavior,omitempty"`
	MaxAttempt     int     `json:"maxAttempt,omitempty"`
	MaxDuration    string  `json:"maxDuration,omitempty"`
	WarningOnRetry bool    `json:"warningOnRetry,omitempty"`
	Interval       string  `json:"interval,omitempty"`
	MaxInterval    string  `json:"maxInterval,omitempty"`
	MinInterval    string  `json:"minInterval,omitempty"`
	DelayFactor    float64 `json:"delayFactor,omitempty"`
}

// Input is a flow input or a Pause onResume input.
type Input struct {
	ID          string          `json:"id"`
	Type        string          `json:"type"`
	Description string          `json:"description,omitempty"`
	DisplayName string          `json:"displayName,omitempty"`
	Required    bool            `json:"required"`
	Defaults    any             `json:"defaults,omitempty"`
	Prefill     any             `json:"prefill,omitempty"`
	DependsOn   *InputDependsOn `json:"dependsOn,omitempty"`

	Validator        string   `json:"validator,omitempty"`
	Values           []string `json:"values,omitempty"`
	Expression       string   `json:"expression,omitempty"`
	AllowCustomValue bool     `json:"allowCustomValue,omitempty"`
	IsRadio          bool     `json:"isRadio,omitempty"`
	Min              any      `json:"min,omitempty"`
	Max              any      `json:"max,omitempty"`
	After            string   `json:"after,omitempty"`
	Before           string   `json:"before,omitempty"`
	Extension        string   `json:"extension,omitempty"`
	ItemType         string   `json:"itemType,omitempty"`
}

// InputDependsOn makes an input conditional on others.
type InputDependsOn struct {
	Inputs    []string `json:"inputs,omitempty"`
	Condition string   `json:"condition,omitempty"`
}

// Output is a flow output, rendered when the execution ends.
type Output struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Value       any    `json:"value"`
	Description string `json:"description,omitempty"`
	DisplayName string `json:"displayName,omitempty"`
	Required    bool   `json:"required"`
}

// Trigger starts executions of the flow.
type Trigger struct {
	ID          string       `json:"id"`
	Type        string       `json:"type"`
	Description string       `json:"description,omitempty"`
	Disabled    bool         `json:"disabled,omitempty"`
	Conditions  []*Condition `json:"conditions,omitempty"`
	Props       *Map         `json:"props,omitempty"`
}

// Condition is a trigger condition. Composite conditions (Not, Or,
// MultipleCondition) hold their children in Conditions; MultipleCondition
// children are keyed by their map key, kept in ID.
type Condition struct {
	ID         string       `json:"id,omitempty"`
	Type       string       `json:"type"`
	Props      *Map         `json:"props,omitempty"`
	Conditions []*Condition `json:"conditions,omitempty"`
}

// Concurrency limits how many executions of the flow run at once.
type Concurrency struct {
	Limit    int    `json:"limit"`
	Behavior string `json:"behavior"` // QUEUE, CANCEL or FAIL
}

// PluginDefault is a flow's default property values for a type prefix. The
// plan has them applied already; they are kept for the flow's JSON form.
type PluginDefault struct {
	Type   string `json:"type"`
	Forced bool   `json:"forced,omitempty"`
	Values *Map   `json:"values,omitempty"`
}

// SLA is a service-level assertion on the flow's executions.
type SLA struct {
	ID       string  `json:"id"`
	Type     string  `json:"type"`     // MAX_DURATION or EXECUTION_ASSERTION
	Behavior string  `json:"behavior"` // FAIL, CANCEL or NONE
	Duration string  `json:"duration,omitempty"`
	Assert   string  `json:"assert,omitempty"`
	Labels   []Label `json:"labels,omitempty"`
}
