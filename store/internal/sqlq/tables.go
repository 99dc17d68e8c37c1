package sqlq

import "github.com/kestra-temporal/kestra-temporal/store"

// The tables of both implementations share column names.
var (
	Executions = &Table{
		Columns: map[store.Field]string{
			store.FieldNamespace: "e.namespace", store.FieldFlowID: "e.flow_id", store.FieldID: "e.id",
			store.FieldExecutionID: "e.id", store.FieldState: "e.state", store.FieldStartDate: "e.start_date",
			store.FieldEndDate: "e.end_date", store.FieldTriggerExecutionID: "e.trigger_execution_id",
		},
		Query:     []string{"e.id", "e.namespace", "e.flow_id"},
		Labels:    "e.labels",
		TimeRange: "e.start_date",
		Sorts: map[string]string{
			"id": "e.id", "namespace": "e.namespace", "flowId": "e.flow_id", "flowRevision": "e.flow_revision",
			"state.current": "e.state", "state.startDate": "e.start_date", "state.endDate": "e.end_date",
			"state.duration": "",
		},
		TieBreak: "e.id", Start: "e.start_date", End: "e.end_date",
		Namespace: "e.namespace", Child: "e.trigger_execution_id",
	}
	TaskRuns = &Table{
		Columns: map[store.Field]string{
			store.FieldNamespace: "t.namespace", store.FieldFlowID: "t.flow_id", store.FieldID: "t.id",
			store.FieldTaskRunID: "t.id", store.FieldExecutionID: "t.execution_id", store.FieldTaskID: "t.task_id",
			store.FieldState: "t.state", store.FieldStartDate: "t.start_date", store.FieldEndDate: "t.end_date",
		},
		Query:     []string{"t.id", "t.task_id", "t.execution_id", "t.namespace", "t.flow_id"},
		Labels:    "(SELECT e.labels FROM executions e WHERE e.id = t.execution_id)",
		TimeRange: "t.start_date",
		Sorts: map[string]string{
			"id": "t.id", "namespace": "t.namespace", "flowId": "t.flow_id", "taskId": "t.task_id",
			"executionId": "t.execution_id", "state.current": "t.state", "state.startDate": "t.start_date",
			"state.endDate": "t.end_date", "state.duration": "",
		},
		TieBreak: "t.id", Start: "t.start_date", End: "t.end_date", Namespace: "t.namespace",
	}
	Logs = &Table{
		Columns: map[store.Field]string{
			store.FieldNamespace: "l.namespace", store.FieldFlowID: "l.flow_id", store.FieldExecutionID: "l.execution_id",
			store.FieldTaskID: "l.task_id", store.FieldTaskRunID: "l.task_run_id", store.FieldTriggerID: "l.trigger_id",
			store.FieldStartDate: "l.ts", store.FieldEndDate: "l.ts",
		},
		Query:     []string{"l.message"},
		TimeRange: "l.ts",
		Sorts: map[string]string{
			"timestamp": "l.ts", "level": "l.level", "namespace": "l.namespace", "flowId": "l.flow_id",
			"taskId": "l.task_id", "executionId": "l.execution_id",
		},
		TieBreak: "l.id", Level: "l.level", Namespace: "l.namespace",
	}
	Flows = &Table{
		Columns: map[store.Field]string{
			store.FieldNamespace: "f.namespace", store.FieldFlowID: "f.id", store.FieldID: "f.id",
		},
		Query:  []string{"f.id", "f.namespace"},
		Labels: "f.labels",
		Sorts: map[string]string{
			"id": "f.id", "namespace": "f.namespace", "revision": "f.revision", "updated": "f.updated",
		},
		TieBreak: "f.id", Namespace: "f.namespace",
	}
)
