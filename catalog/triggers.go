package catalog

// Triggers and the conditions they evaluate.
func init() {
	declare(
		&Type{
			Name: "io.kestra.plugin.core.trigger.Schedule", Aliases: []string{"io.kestra.core.models.triggers.types.Schedule"},
			Category: TriggerCategory, Runs: NotRun,
			Props: []Prop{
				required(static(str("cron"))), static(boolean("withSeconds")), static(str("timezone")),
				mapOf("inputs"), labels("labels"), static(duration("lateMaximumDelay")),
				static(enum("recoverMissedSchedules", "ALL", "NONE", "LAST")),
				deprecated(object("backfill", str("start"), str("end"), labels("labels")), "use the backfill API"),
				deprecated(conditions("scheduleConditions"), "use conditions"),
			},
		},
		&Type{
			Name: "io.kestra.plugin.core.trigger.Flow", Aliases: []string{"io.kestra.core.models.triggers.types.Flow"},
			Category: TriggerCategory, Runs: NotRun,
			Props: []Prop{
				mapOf("inputs"), states("states"), labels("labels"),
				object("preconditions",
					str("id"),
					objects("flows", required(str("namespace")), required(str("flowId")), states("states"), labels("labels")),
					objects("where", str("id"), enum("operand", "AND", "OR"),
						objects("filters",
							required(enum("field", "NAMESPACE", "FLOW_ID", "STATE", "EXPRESSION")),
							required(enum("type", "EQUAL_TO", "NOT_EQUAL_TO", "IN", "NOT_IN", "IS_TRUE", "IS_FALSE",
								"IS_NULL", "IS_NOT_NULL", "STARTS_WITH", "ENDS_WITH", "REGEX", "CONTAINS")),
							str("value"), stringList("values"))),
					object("timeWindow", enum("type", "DURATION_WINDOW", "SLIDING_WINDOW", "DAILY_TIME_DEADLINE", "DAILY_TIME_WINDOW"),
						duration("window"), duration("windowAdvance"), str("startTime"), str("endTime"), str("deadline")),
					boolean("resetOnSuccess"),
				),
			},
		},
		&Type{
			Name: "io.kestra.plugin.core.trigger.Webhook", Aliases: []string{"io.kestra.core.models.triggers.types.Webhook"},
			Category: TriggerCategory, Runs: NotRun,
			Props: []Prop{
				required(str("key")), mapOf("inputs"), labels("labels"),
				static(boolean("wait")), static(boolean("returnOutputs")), str("responseContentType"),
			},
		},
	)
	// Conditions: canonical 1.x names, with the 0.x "…Condition" spellings as aliases.
	condition := func(name string, props ...Prop) *Type {
		return &Type{
			Name: "io.kestra.plugin.core.condition." + name,
			Aliases: []string{
				"io.kestra.plugin.core.condition." + name + "Condition",
				"io.kestra.core.models.conditions.types." + name + "Condition",
			},
			Category: ConditionCategory, Runs: NotRun, Props: props,
		}
	}
	days := []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}
	expr := condition("Expression", required(str("expression")))
	expr.Aliases = append(expr.Aliases, "io.kestra.core.models.conditions.types.VariableCondition")
	declare(
		condition("ExecutionStatus", states("in"), states("notIn")),
		condition("ExecutionFlow", required(str("namespace")), required(str("flowId"))),
		condition("ExecutionNamespace", required(str("namespace")), enum("comparison", "EQUALS", "PREFIX", "SUFFIX"),
			deprecated(boolean("prefix"), "use comparison: PREFIX")),
		condition("ExecutionLabels", required(labels("labels"))),
		condition("ExecutionOutputs", required(str("expression"))),
		expr,
		condition("DateTimeBetween", str("date"), str("after"), str("before")),
		condition("DayWeek", str("date"), required(enum("dayOfWeek", days...))),
		condition("DayWeekInMonth", str("date"), required(enum("dayOfWeek", days...)),
			required(enum("dayInMonth", "FIRST", "SECOND", "THIRD", "FOURTH", "LAST"))),
		condition("TimeBetween", str("date"), str("after"), str("before")),
		condition("Weekend", str("date")),
		condition("PublicHoliday", str("date"), str("country"), str("subDivision")),
		condition("Not", required(conditions("conditions"))),
		condition("Or", required(conditions("conditions"))),
		condition("MultipleCondition", static(duration("window")), static(duration("windowAdvance")),
			required(Prop{Name: "conditions", Kind: ConditionMap}), boolean("resetOnSuccess")),
		condition("HasRetryAttempt", states("in"), states("notIn")),
	)
}
