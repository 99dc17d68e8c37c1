-- Trigram indexes for the q searches (ILIKE '%…%') of executions and task
-- runs. Log messages get none: measured, it halves the append rate of log
-- lines, the store's hottest write; log searches narrow by namespace, flow
-- or time first. pg_trgm is a trusted extension (PostgreSQL 13+), so a database
-- owner may create it; when it is unavailable the searches still work, by
-- scanning.
DO $$
BEGIN
	-- Database-wide: stores in other schemas may be migrating right now.
	PERFORM pg_advisory_xact_lock(hashtext('kestra-temporal:pg_trgm'));
	IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
		CREATE EXTENSION pg_trgm WITH SCHEMA public;
	END IF;
	CREATE INDEX executions_q ON executions USING gin (id public.gin_trgm_ops, namespace public.gin_trgm_ops, flow_id public.gin_trgm_ops);
	CREATE INDEX task_runs_q ON task_runs USING gin (id public.gin_trgm_ops, task_id public.gin_trgm_ops,
		execution_id public.gin_trgm_ops, namespace public.gin_trgm_ops, flow_id public.gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
	RAISE NOTICE 'kestra-temporal: no trigram indexes (%): q searches will scan', SQLERRM;
END
$$;
