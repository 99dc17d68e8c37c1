-- Times are INTEGER microseconds since the Unix epoch (UTC); documents and
-- label lists are JSON text.
CREATE TABLE flows (
	namespace TEXT NOT NULL,
	id        TEXT NOT NULL,
	revision  INTEGER NOT NULL,
	source    TEXT NOT NULL,
	deleted   INTEGER NOT NULL DEFAULT 0,
	disabled  INTEGER NOT NULL DEFAULT 0,
	labels    TEXT NOT NULL DEFAULT '[]',
	updated   INTEGER NOT NULL,
	document  TEXT,
	latest    INTEGER NOT NULL,
	PRIMARY KEY (namespace, id, revision)
) WITHOUT ROWID;
CREATE UNIQUE INDEX flows_latest ON flows (namespace, id) WHERE latest;
CREATE INDEX flows_live ON flows (namespace, id) WHERE latest AND NOT deleted;

CREATE TABLE executions (
	id                   TEXT PRIMARY KEY,
	seq                  INTEGER NOT NULL,
	namespace            TEXT NOT NULL,
	flow_id              TEXT NOT NULL,
	flow_revision        INTEGER NOT NULL,
	state                TEXT NOT NULL,
	start_date           INTEGER,
	end_date             INTEGER,
	labels               TEXT NOT NULL DEFAULT '[]',
	parent_id            TEXT,
	original_id          TEXT,
	trigger_execution_id TEXT,
	document             TEXT NOT NULL,
	updated              INTEGER NOT NULL
);
CREATE INDEX executions_start ON executions (start_date DESC, id);
CREATE INDEX executions_ns_start ON executions (namespace, start_date DESC, id);
CREATE INDEX executions_ns_state_start ON executions (namespace, state, start_date DESC, id);
CREATE INDEX executions_flow_start ON executions (flow_id, start_date DESC, id);
CREATE INDEX executions_state_start ON executions (state, start_date DESC, id);
CREATE INDEX executions_end ON executions (end_date DESC);
CREATE INDEX executions_trigger ON executions (trigger_execution_id) WHERE trigger_execution_id IS NOT NULL;
CREATE INDEX executions_parent ON executions (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX executions_original ON executions (original_id);

CREATE TABLE task_runs (
	execution_id       TEXT NOT NULL,
	id                 TEXT NOT NULL,
	position           INTEGER NOT NULL,
	namespace          TEXT NOT NULL,
	flow_id            TEXT NOT NULL,
	task_id            TEXT NOT NULL,
	value              TEXT NOT NULL DEFAULT '',
	parent_task_run_id TEXT NOT NULL DEFAULT '',
	state              TEXT NOT NULL,
	start_date         INTEGER,
	end_date           INTEGER,
	attempts           INTEGER NOT NULL,
	doc_hash           INTEGER NOT NULL,
	document           TEXT NOT NULL,
	PRIMARY KEY (execution_id, id)
) WITHOUT ROWID;
CREATE INDEX task_runs_position ON task_runs (execution_id, position);
CREATE INDEX task_runs_id ON task_runs (id);
CREATE INDEX task_runs_start ON task_runs (start_date DESC, id);
CREATE INDEX task_runs_ns_start ON task_runs (namespace, start_date DESC, id);
CREATE INDEX task_runs_flow_start ON task_runs (flow_id, start_date DESC, id);
CREATE INDEX task_runs_task ON task_runs (task_id, start_date DESC, id);
CREATE INDEX task_runs_state_start ON task_runs (state, start_date DESC, id);

CREATE TABLE logs (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	line_key       TEXT NOT NULL UNIQUE,
	seq            INTEGER NOT NULL,
	namespace      TEXT NOT NULL,
	flow_id        TEXT NOT NULL,
	task_id        TEXT NOT NULL DEFAULT '',
	execution_id   TEXT NOT NULL DEFAULT '',
	task_run_id    TEXT NOT NULL DEFAULT '',
	attempt        INTEGER NOT NULL DEFAULT -1,
	trigger_id     TEXT NOT NULL DEFAULT '',
	ts             INTEGER NOT NULL,
	level          INTEGER NOT NULL,
	thread         TEXT NOT NULL DEFAULT '',
	message        TEXT NOT NULL DEFAULT '',
	tenant_id      TEXT NOT NULL DEFAULT '',
	execution_kind TEXT NOT NULL DEFAULT ''
);
CREATE INDEX logs_execution ON logs (execution_id, id);
CREATE INDEX logs_ts ON logs (ts);
CREATE INDEX logs_ns_ts ON logs (namespace, ts);
CREATE INDEX logs_flow_ts ON logs (namespace, flow_id, trigger_id);

CREATE TABLE kv (
	namespace   TEXT NOT NULL,
	key         TEXT NOT NULL,
	type        TEXT NOT NULL,
	value       TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	version     INTEGER NOT NULL,
	created     INTEGER NOT NULL,
	updated     INTEGER NOT NULL,
	expires     INTEGER,
	PRIMARY KEY (namespace, key)
) WITHOUT ROWID;
CREATE INDEX kv_expires ON kv (expires) WHERE expires IS NOT NULL;
