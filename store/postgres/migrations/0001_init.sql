-- Identifiers use the "C" collation: byte order, so that namespace prefix
-- ranges and LIKE 'x%' use plain B-tree indexes.
CREATE TABLE flows (
	namespace text COLLATE "C" NOT NULL,
	id        text COLLATE "C" NOT NULL,
	revision  integer NOT NULL,
	source    text NOT NULL,
	deleted   boolean NOT NULL DEFAULT false,
	disabled  boolean NOT NULL DEFAULT false,
	labels    jsonb NOT NULL DEFAULT '[]',
	updated   timestamptz NOT NULL,
	document  jsonb,
	latest    boolean NOT NULL,
	PRIMARY KEY (namespace, id, revision)
);
CREATE UNIQUE INDEX flows_latest ON flows (namespace, id) WHERE latest;
CREATE INDEX flows_live_id ON flows (id) WHERE latest AND NOT deleted;
CREATE INDEX flows_live_labels ON flows USING gin (labels jsonb_path_ops) WHERE latest AND NOT deleted;

CREATE TABLE executions (
	id                   text COLLATE "C" PRIMARY KEY,
	seq                  bigint NOT NULL,
	namespace            text COLLATE "C" NOT NULL,
	flow_id              text COLLATE "C" NOT NULL,
	flow_revision        integer NOT NULL,
	state                text COLLATE "C" NOT NULL,
	start_date           timestamptz,
	end_date             timestamptz,
	labels               jsonb NOT NULL DEFAULT '[]',
	parent_id            text COLLATE "C",
	original_id          text COLLATE "C",
	trigger_execution_id text COLLATE "C",
	document             jsonb NOT NULL,
	updated              timestamptz NOT NULL
);
CREATE INDEX executions_start ON executions (start_date DESC NULLS LAST, id DESC);
CREATE INDEX executions_ns_start ON executions (namespace, start_date DESC NULLS LAST, id);
CREATE INDEX executions_ns_state_start ON executions (namespace, state, start_date DESC NULLS LAST, id);
CREATE INDEX executions_flow_start ON executions (flow_id, start_date DESC NULLS LAST, id);
CREATE INDEX executions_state_start ON executions (state, start_date DESC NULLS LAST, id);
CREATE INDEX executions_end ON executions (end_date DESC NULLS LAST);
CREATE INDEX executions_labels ON executions USING gin (labels jsonb_path_ops);
CREATE INDEX executions_trigger ON executions (trigger_execution_id) WHERE trigger_execution_id IS NOT NULL;
CREATE INDEX executions_parent ON executions (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX executions_original ON executions (original_id);

CREATE TABLE task_runs (
	execution_id       text COLLATE "C" NOT NULL,
	id                 text COLLATE "C" NOT NULL,
	position           integer NOT NULL,
	namespace          text COLLATE "C" NOT NULL,
	flow_id            text COLLATE "C" NOT NULL,
	task_id            text COLLATE "C" NOT NULL,
	value              text NOT NULL DEFAULT '',
	parent_task_run_id text COLLATE "C" NOT NULL DEFAULT '',
	state              text COLLATE "C" NOT NULL,
	start_date         timestamptz,
	end_date           timestamptz,
	attempts           integer NOT NULL,
	doc_hash           bigint NOT NULL,
	document           jsonb NOT NULL,
	PRIMARY KEY (execution_id, id)
);
CREATE INDEX task_runs_position ON task_runs (execution_id, position);
CREATE INDEX task_runs_id ON task_runs (id);
CREATE INDEX task_runs_start ON task_runs (start_date DESC NULLS LAST, id DESC);
CREATE INDEX task_runs_ns_start ON task_runs (namespace, start_date DESC NULLS LAST, id);
CREATE INDEX task_runs_flow_start ON task_runs (flow_id, start_date DESC NULLS LAST, id);
CREATE INDEX task_runs_task_start ON task_runs (task_id, start_date DESC NULLS LAST, id);
CREATE INDEX task_runs_state_start ON task_runs (state, start_date DESC NULLS LAST, id);

CREATE TABLE logs (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	line_key       text COLLATE "C" NOT NULL UNIQUE,
	seq            bigint NOT NULL,
	namespace      text COLLATE "C" NOT NULL,
	flow_id        text COLLATE "C" NOT NULL,
	task_id        text COLLATE "C" NOT NULL DEFAULT '',
	execution_id   text COLLATE "C" NOT NULL DEFAULT '',
	task_run_id    text COLLATE "C" NOT NULL DEFAULT '',
	attempt        integer NOT NULL DEFAULT -1,
	trigger_id     text COLLATE "C" NOT NULL DEFAULT '',
	ts             timestamptz NOT NULL,
	level          smallint NOT NULL,
	thread         text NOT NULL DEFAULT '',
	message        text NOT NULL DEFAULT '',
	tenant_id      text NOT NULL DEFAULT '',
	execution_kind text NOT NULL DEFAULT ''
);
CREATE INDEX logs_execution ON logs (execution_id, id);
CREATE INDEX logs_ts ON logs (ts, id);
CREATE INDEX logs_ns_ts ON logs (namespace, ts);
CREATE INDEX logs_flow ON logs (namespace, flow_id, trigger_id);

CREATE TABLE kv (
	namespace   text COLLATE "C" NOT NULL,
	key         text COLLATE "C" NOT NULL,
	type        text NOT NULL,
	value       jsonb NOT NULL,
	description text NOT NULL DEFAULT '',
	version     integer NOT NULL,
	created     timestamptz NOT NULL,
	updated     timestamptz NOT NULL,
	expires     timestamptz,
	PRIMARY KEY (namespace, key)
);
CREATE INDEX kv_expires ON kv (expires) WHERE expires IS NOT NULL;
