-- The engine's breadth (docs/engine.md): runs that park (wait) and resume, sub-workflows run by
-- their parent, error workflows, retries from the failed node, schedules kept by db-scheduler,
-- prompt templates for AI nodes, and marketplace installs whose triggers start safely.

-- A run that resumes (after a wait, a sub-workflow, a retry) restores the nodes it already ran;
-- the run timeout counts from when it last resumed; a sub-workflow knows how deep it nests.
ALTER TABLE pumpflix.runs
    ADD COLUMN resumed_at timestamp,
    ADD COLUMN restore boolean NOT NULL DEFAULT false,
    ADD COLUMN depth int NOT NULL DEFAULT 0;

-- Claims as before (V18); a run claimed from the queue or from a wait resumes now, and the claim
-- says whether to restore its nodes and how deep it nests.
DROP FUNCTION pumpflix.claim_runs(text, int, int, int);
CREATE FUNCTION pumpflix.claim_runs(p_owner text, p_max int, p_org_limit int, p_lease_seconds int)
RETURNS TABLE (execution_id uuid, organization_id uuid, workflow_id uuid, version_id uuid, mode text,
               triggered_by uuid, start_node text, attempts int, taken_over boolean, input_data text,
               started_at timestamp, restore boolean, depth int)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_now timestamp := clock_timestamp() AT TIME ZONE 'UTC';
    v_orgs uuid[];
    v_org uuid;
    v_left int := p_max;
    v_running int;
    v_take int;
    v_claimed uuid[] := '{}';
    v_started uuid[] := '{}';
    v_taken uuid[] := '{}';
BEGIN
    SELECT array_agg(o.organization_id ORDER BY t.last_claimed_at NULLS FIRST, o.organization_id) INTO v_orgs
    FROM pumpflix.ready_organizations(v_now) o
    LEFT JOIN pumpflix.run_turns t ON t.organization_id = o.organization_id;
    IF v_orgs IS NULL THEN
        RETURN;
    END IF;
    FOREACH v_org IN ARRAY v_orgs LOOP
        EXIT WHEN v_left <= 0;
        IF NOT EXISTS (SELECT 1 FROM pumpflix.run_turns t WHERE t.organization_id = v_org) THEN
            INSERT INTO pumpflix.run_turns AS t VALUES (v_org, '-infinity') ON CONFLICT DO NOTHING;
        END IF;
        PERFORM 1 FROM pumpflix.run_turns t WHERE t.organization_id = v_org FOR UPDATE SKIP LOCKED;
        CONTINUE WHEN NOT FOUND;
        SELECT count(*) INTO v_running FROM pumpflix.runs r
        WHERE r.organization_id = v_org AND r.state = 'running' AND r.lease_expires_at >= v_now;
        v_take := least(v_left, p_org_limit - v_running,
                        greatest(1, ceil(p_max::numeric / cardinality(v_orgs))::int));
        CONTINUE WHEN v_take <= 0;
        WITH picked AS (
            SELECT r.execution_id, r.state FROM pumpflix.runs r
            WHERE r.organization_id = v_org
              AND ((r.state <> 'running' AND r.available_at <= v_now)
                   OR (r.state = 'running' AND r.lease_expires_at < v_now))
            ORDER BY r.available_at, r.execution_id
            LIMIT v_take
            FOR UPDATE SKIP LOCKED),
        claimed AS (
            UPDATE pumpflix.runs r
            SET state = 'running', lease_owner = p_owner,
                lease_expires_at = v_now + make_interval(secs => p_lease_seconds),
                attempts = r.attempts + CASE WHEN picked.state = 'running' THEN 1 ELSE 0 END,
                resumed_at = CASE WHEN picked.state = 'running' THEN r.resumed_at ELSE v_now END
            FROM picked WHERE r.execution_id = picked.execution_id
            RETURNING r.execution_id, picked.state AS old_state)
        SELECT v_claimed || coalesce(array_agg(c.execution_id), '{}'),
               v_started || coalesce(array_agg(c.execution_id) FILTER (WHERE c.old_state = 'queued'), '{}'),
               v_taken || coalesce(array_agg(c.execution_id) FILTER (WHERE c.old_state = 'running'), '{}')
        INTO v_claimed, v_started, v_taken
        FROM claimed c;
        v_left := p_max - cardinality(v_claimed);
        UPDATE pumpflix.run_turns t SET last_claimed_at = v_now WHERE t.organization_id = v_org;
    END LOOP;
    IF cardinality(v_started) > 0 THEN
        PERFORM pumpflix.advance_executions(v_started, 'running');
    END IF;
    RETURN QUERY
    SELECT r.execution_id, r.organization_id, r.workflow_id, r.version_id, r.mode, r.triggered_by, r.start_node,
           r.attempts, r.execution_id = ANY (v_taken), e.input_data::text, coalesce(r.resumed_at, e.started_at),
           r.restore, r.depth
    FROM pumpflix.runs r JOIN public.workflow_executions e ON e.id = r.execution_id
    WHERE r.execution_id = ANY (v_claimed);
END
$$;
REVOKE ALL ON FUNCTION pumpflix.claim_runs(text, int, int, int) FROM PUBLIC;

-- Queues a run as before (V18); a given id makes the trigger idempotent: a schedule's tick queues
-- its run under an id derived from the tick, so a tick fired twice (an instance died before
-- db-scheduler recorded it) queues once. Returns NULL when that id was queued before.
DROP FUNCTION pumpflix.queue_run(uuid, uuid, text, jsonb, uuid, text, uuid, uuid, timestamp);
CREATE FUNCTION pumpflix.queue_run(p_workflow_id uuid, p_version_id uuid, p_mode text, p_input_data jsonb,
    p_triggered_by uuid, p_start_node text, p_parent_execution_id uuid DEFAULT NULL, p_retry_of uuid DEFAULT NULL,
    p_available_at timestamp DEFAULT NULL, p_id uuid DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
    v_org uuid;
    v_id uuid;
BEGIN
    SELECT organization_id INTO v_org FROM public.workflows
    WHERE id = p_workflow_id AND current_version_id = p_version_id AND NOT is_archived;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'p_version_id: version % is not the current version of an active workflow %', p_version_id,
            p_workflow_id USING ERRCODE = 'P0002';
    END IF;
    IF p_id IS NOT NULL AND EXISTS (SELECT 1 FROM public.workflow_executions WHERE id = p_id) THEN
        RETURN NULL;
    END IF;
    SELECT id INTO v_id FROM pumpflix.insert_executions(ARRAY[p_workflow_id], ARRAY['queued'], ARRAY[p_input_data],
        ARRAY[NULL::jsonb], NULL, NULL, ARRAY[p_version_id], ARRAY[p_mode], ARRAY[p_parent_execution_id],
        ARRAY[p_retry_of], ARRAY[p_id]);
    INSERT INTO pumpflix.runs (execution_id, organization_id, workflow_id, version_id, mode, triggered_by, start_node,
                               state, available_at)
    VALUES (v_id, v_org, p_workflow_id, p_version_id, p_mode, p_triggered_by, p_start_node, 'queued',
            coalesce(p_available_at, clock_timestamp() AT TIME ZONE 'UTC'));
    RETURN v_id;
END
$$;

-- Runs recorded within their triggers' requests (V18), now also from schedule ticks: a run whose
-- id was recorded before (the same tick fired twice) is not written again.
CREATE OR REPLACE FUNCTION pumpflix.record_runs(p_runs jsonb)
RETURNS TABLE (id uuid)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_id uuid[];
    v_workflow uuid[];
    v_version uuid[];
    v_mode text[];
    v_input jsonb[];
    v_status text[];
    v_output jsonb[];
    v_error jsonb[];
BEGIN
    SELECT array_agg((r->>'id')::uuid), array_agg(w.id), array_agg(w.current_version_id), array_agg(r->>'mode'),
           array_agg(r->'input'), array_agg(r->>'status'), array_agg(r->'output'),
           array_agg(nullif(r->'error', 'null'::jsonb))
    INTO v_id, v_workflow, v_version, v_mode, v_input, v_status, v_output, v_error
    FROM jsonb_array_elements(p_runs) r
    JOIN public.workflows w ON w.id = (r->>'workflowId')::uuid AND w.current_version_id = (r->>'versionId')::uuid
                           AND NOT w.is_archived
    -- a scalar subquery, looked up by primary key per run (as an anti-join the planner may scan the table)
    WHERE (SELECT e.id FROM public.workflow_executions e WHERE e.id = (r->>'id')::uuid) IS NULL;
    IF v_id IS NULL THEN
        RETURN;
    END IF;
    PERFORM count(*) FROM pumpflix.insert_executions(v_workflow, v_status, v_input, v_output, NULL, NULL, v_version,
                                                     v_mode, NULL, NULL, v_id, v_error);
    PERFORM pumpflix.record_node_results(array_agg((r->>'id')::uuid), array_agg(n->>'name'),
        array_agg((n->>'position')::int), array_agg(n->>'status'), array_agg(n->'items'),
        array_agg(nullif(n->'error', 'null'::jsonb)), array_agg(nullif(n->'response', 'null'::jsonb)),
        array_agg((n->>'startedAt')::timestamp), array_agg((n->>'finishedAt')::timestamp))
    FROM jsonb_array_elements(p_runs) r, jsonb_array_elements(r->'nodes') n
    WHERE (r->>'id')::uuid = ANY (v_id)
    HAVING count(*) > 0;
    RETURN QUERY SELECT unnest(v_id);
END
$$;

-- Parks a run this instance holds: the nodes it ran are kept, and it waits (no lease, no worker)
-- until p_until, when any instance claims it and it goes on after them; p_until NULL parks it
-- until a sub-workflow it started ends (whose end wakes it; it also looks again every minute, so
-- an end that raced the parking is never missed). False (nothing changed) when the run is no
-- longer held.
CREATE FUNCTION pumpflix.park_run(p_execution_id uuid, p_owner text, p_until timestamp, p_node_name text[],
    p_position int[], p_node_status text[], p_items jsonb[], p_node_error jsonb[], p_response jsonb[],
    p_started_at timestamp[], p_finished_at timestamp[])
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE pumpflix.runs
    SET state = 'waiting',
        available_at = coalesce(p_until, (clock_timestamp() AT TIME ZONE 'UTC') + interval '1 minute'),
        lease_owner = NULL, lease_expires_at = NULL,
        restore = true
    WHERE execution_id = p_execution_id AND lease_owner = p_owner AND state = 'running';
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF cardinality(p_node_name) > 0 THEN
        PERFORM pumpflix.record_node_results(array_fill(p_execution_id, ARRAY[cardinality(p_node_name)]), p_node_name,
                                             p_position, p_node_status, p_items, p_node_error, p_response,
                                             p_started_at, p_finished_at);
    END IF;
    RETURN true;
END
$$;

-- Starts a sub-workflow run for its parent, held at once by the parent's instance (the parent's
-- worker runs it): its execution, running, linked to the parent, and its queue row, leased. The
-- id is derived from the parent, its node and the try, so a parent taken over after a crash finds
-- the child it started instead of starting another: then nothing is written and the answer says
-- so (created false) with the child's status. The workflow must be of the caller's organization
-- (row-level security hides any other) and active.
CREATE FUNCTION pumpflix.start_child_run(p_id uuid, p_workflow_id uuid, p_version_id uuid, p_parent_execution_id uuid,
    p_input_data jsonb, p_triggered_by uuid, p_start_node text, p_depth int, p_owner text, p_lease_seconds int)
RETURNS TABLE (created boolean, status text, output_data text, error text)
LANGUAGE plpgsql AS $$
DECLARE
    v_org uuid;
    v_now timestamp := clock_timestamp() AT TIME ZONE 'UTC';
BEGIN
    IF EXISTS (SELECT 1 FROM public.workflow_executions e WHERE e.id = p_id) THEN
        RETURN QUERY SELECT false, e.status, e.output_data::text, e.error::text
                     FROM public.workflow_executions e WHERE e.id = p_id;
        RETURN;
    END IF;
    SELECT organization_id INTO v_org FROM public.workflows
    WHERE id = p_workflow_id AND current_version_id = p_version_id AND NOT is_archived;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'workflowId: workflow % is not an active workflow of this organization', p_workflow_id
            USING ERRCODE = 'P0002';
    END IF;
    PERFORM 1 FROM pumpflix.insert_executions(ARRAY[p_workflow_id], ARRAY['running'], ARRAY[p_input_data],
        ARRAY[NULL::jsonb], NULL, NULL, ARRAY[p_version_id], ARRAY['subworkflow'], ARRAY[p_parent_execution_id],
        NULL, ARRAY[p_id]);
    INSERT INTO pumpflix.runs (execution_id, organization_id, workflow_id, version_id, mode, triggered_by, start_node,
                               state, available_at, lease_owner, lease_expires_at, resumed_at, depth)
    VALUES (p_id, v_org, p_workflow_id, p_version_id, 'subworkflow', p_triggered_by, p_start_node, 'running', v_now,
            p_owner, v_now + make_interval(secs => p_lease_seconds), v_now, p_depth);
    RETURN QUERY SELECT true, 'running'::text, NULL::text, NULL::text;
END
$$;

-- A failed run of a workflow whose definition names an error workflow queues a run of it, in
-- the transaction that ends the failed run (so exactly once), with n8n's error-trigger item. A
-- run of an error workflow never starts another (no recursion). The error workflow must be an
-- active workflow of the same organization (row-level security hides any other).
CREATE FUNCTION pumpflix.queue_error_run(p_execution_id uuid)
RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
    v_failed record;
    v_target record;
BEGIN
    SELECT e.id, e.error, e.mode, w.id AS workflow_id, w.name, v.json_schema->'settings'->>'errorWorkflow' AS target
    INTO v_failed
    FROM public.workflow_executions e
    JOIN public.workflows w ON w.id = e.workflow_id
    JOIN public.workflow_versions v ON v.id = e.version_id
    WHERE e.id = p_execution_id AND e.status = 'error' AND e.mode IS DISTINCT FROM 'error';
    IF NOT FOUND OR v_failed.target IS NULL
       OR v_failed.target !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        RETURN NULL;
    END IF;
    SELECT w.id, w.current_version_id,
           (SELECT n->>'name' FROM jsonb_array_elements(v.json_schema->'nodes') n
            WHERE n->>'type' IN ('errorTrigger', 'n8n-nodes-base.errorTrigger') LIMIT 1) AS start_node
    INTO v_target
    FROM public.workflows w JOIN public.workflow_versions v ON v.id = w.current_version_id
    WHERE w.id = v_failed.target::uuid AND NOT w.is_archived;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN pumpflix.queue_run(v_target.id, v_target.current_version_id, 'error',
        jsonb_build_array(jsonb_build_object(
            'execution', jsonb_build_object('id', v_failed.id, 'error', v_failed.error,
                                            'lastNodeExecuted', v_failed.error->>'node', 'mode', v_failed.mode),
            'workflow', jsonb_build_object('id', v_failed.workflow_id, 'name', v_failed.name))),
        NULL, v_target.start_node);
END
$$;

-- When an engine run ends: a failed one starts its error workflow; a sub-workflow's end wakes
-- its parent if the parent parked to wait for it.
CREATE FUNCTION pumpflix.execution_ended() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'error' THEN
        PERFORM pumpflix.queue_error_run(NEW.id);
    END IF;
    IF NEW.parent_execution_id IS NOT NULL THEN
        UPDATE pumpflix.runs SET available_at = clock_timestamp() AT TIME ZONE 'UTC'
        WHERE execution_id = NEW.parent_execution_id AND state = 'waiting';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER workflow_executions_ended
    AFTER INSERT OR UPDATE OF status ON public.workflow_executions
    FOR EACH ROW
    WHEN (NEW.version_id IS NOT NULL AND NEW.status IN ('success', 'error', 'cancelled')
          AND ((NEW.status = 'error' AND NEW.mode IS DISTINCT FROM 'error') OR NEW.parent_execution_id IS NOT NULL))
    EXECUTE FUNCTION pumpflix.execution_ended();

-- Retries a failed run from the node that failed: a new execution of the version that ran,
-- linked to the first (retry_of), with the first one's input and the results of every node but
-- the failed one, which the run restores and does not run again.
CREATE FUNCTION pumpflix.retry_run(p_execution_id uuid, p_triggered_by uuid)
RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
    v_failed record;
    v_id uuid;
    v_start text;
BEGIN
    SELECT e.id, e.workflow_id, e.version_id, e.status, e.mode, e.input_data, e.error, w.organization_id, w.is_archived
    INTO v_failed
    FROM public.workflow_executions e JOIN public.workflows w ON w.id = e.workflow_id
    WHERE e.id = p_execution_id
    FOR UPDATE OF e;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'p_execution_id: execution % does not exist', p_execution_id USING ERRCODE = 'P0002';
    END IF;
    IF v_failed.status <> 'error' OR v_failed.version_id IS NULL THEN
        RAISE EXCEPTION 'p_execution_id: only a failed run of the engine can be retried; execution % is %',
            p_execution_id, v_failed.status USING ERRCODE = '55000';
    END IF;
    IF v_failed.is_archived THEN
        RAISE EXCEPTION 'p_execution_id: workflow % is archived: archived workflows do not run', v_failed.workflow_id
            USING ERRCODE = '55000';
    END IF;
    IF v_failed.mode IS DISTINCT FROM 'manual' THEN
        SELECT n.node_name INTO v_start FROM pumpflix.execution_nodes n
        WHERE n.execution_id = p_execution_id ORDER BY n.position LIMIT 1;
    END IF;
    SELECT id INTO v_id FROM pumpflix.insert_executions(ARRAY[v_failed.workflow_id], ARRAY['queued'],
        ARRAY[v_failed.input_data], ARRAY[NULL::jsonb], NULL, NULL, ARRAY[v_failed.version_id], ARRAY['retry'], NULL,
        ARRAY[p_execution_id]);
    INSERT INTO pumpflix.execution_nodes (execution_id, organization_id, node_name, position, status, items, error,
                                          response, started_at, finished_at)
    SELECT v_id, n.organization_id, n.node_name, n.position, n.status, n.items, n.error, n.response, n.started_at,
           n.finished_at
    FROM pumpflix.execution_nodes n
    WHERE n.execution_id = p_execution_id AND n.node_name IS DISTINCT FROM v_failed.error->>'node';
    INSERT INTO pumpflix.runs (execution_id, organization_id, workflow_id, version_id, mode, triggered_by, start_node,
                               state, available_at, restore)
    VALUES (v_id, v_failed.organization_id, v_failed.workflow_id, v_failed.version_id, 'retry', p_triggered_by, v_start,
            'queued', clock_timestamp() AT TIME ZONE 'UTC', true);
    RETURN v_id;
END
$$;

-- Versions a marketplace install created: their schedules wait until the installing organization
-- commits a version of its own.
CREATE TABLE pumpflix.installed_versions (
    version_id uuid PRIMARY KEY REFERENCES public.workflow_versions (id) ON DELETE CASCADE,
    organization_id uuid NOT NULL
);

-- The schedules of current, unarchived versions (not installed ones): one row per
-- scheduleTrigger node. The clock (db-scheduler) keeps one execution per distinct cron and time
-- zone; each of its ticks fires every schedule of that rule.
CREATE TABLE pumpflix.schedules (
    workflow_id uuid NOT NULL REFERENCES public.workflows (id) ON DELETE CASCADE,
    node_name text NOT NULL,
    organization_id uuid NOT NULL,
    version_id uuid NOT NULL,
    cron text NOT NULL,
    timezone text NOT NULL,
    PRIMARY KEY (workflow_id, node_name)
);
CREATE INDEX schedules_rule_idx ON pumpflix.schedules (cron, timezone);

-- The scheduleTrigger nodes of a definition: (node name, cron, time zone).
CREATE FUNCTION pumpflix.schedule_nodes(p_definition jsonb)
RETURNS TABLE (node_name text, cron text, timezone text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT n->>'name', n->'parameters'->>'cron', coalesce(nullif(n->'parameters'->>'timezone', ''), 'UTC')
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p_definition->'nodes') = 'array'
                                   THEN p_definition->'nodes' ELSE '[]'::jsonb END) n
    WHERE jsonb_typeof(n) = 'object'
      AND n->>'type' IN ('scheduleTrigger', 'n8n-nodes-base.scheduleTrigger')
      AND coalesce(n->>'disabled', 'false') <> 'true'
      AND jsonb_typeof(n->'parameters'->'cron') = 'string'
$$;

CREATE FUNCTION pumpflix.register_schedules() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM pumpflix.schedules WHERE workflow_id = NEW.id;
    IF NEW.current_version_id IS NOT NULL AND NOT NEW.is_archived
       AND NOT EXISTS (SELECT 1 FROM pumpflix.installed_versions i WHERE i.version_id = NEW.current_version_id) THEN
        INSERT INTO pumpflix.schedules (workflow_id, node_name, organization_id, version_id, cron, timezone)
        SELECT NEW.id, s.node_name, NEW.organization_id, NEW.current_version_id, s.cron, s.timezone
        FROM public.workflow_versions v, pumpflix.schedule_nodes(v.json_schema) s
        WHERE v.id = NEW.current_version_id
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER workflows_register_schedules
    AFTER INSERT OR UPDATE OF current_version_id, is_archived, organization_id ON public.workflows
    FOR EACH ROW EXECUTE FUNCTION pumpflix.register_schedules();

-- db-scheduler's table (its PostgreSQL layout), under our migrations. Its task data is JSON that
-- the service writes (io.pumpflix.engine.schedule.ScheduleRule).
CREATE TABLE pumpflix.scheduled_tasks (
    task_name text NOT NULL,
    task_instance text NOT NULL,
    task_data bytea,
    execution_time timestamp with time zone NOT NULL,
    picked boolean NOT NULL,
    picked_by text,
    last_success timestamp with time zone,
    last_failure timestamp with time zone,
    consecutive_failures int,
    last_heartbeat timestamp with time zone,
    version bigint NOT NULL,
    priority smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON pumpflix.scheduled_tasks (execution_time);
-- (db-scheduler's indexes on last_heartbeat and priority are left out: priorities are off, and a
-- handful of rows are scanned for dead executions; fewer indexes keep each pick and reschedule cheap)

-- What differs between the rules of current schedules (distinct cron and time zone) and
-- db-scheduler's executions of the 'workflow-schedule' task: 'add' (a rule with no execution yet),
-- 'remove' (an execution whose rule no schedule has any more). Spans organizations: the clock,
-- as the owner.
CREATE FUNCTION pumpflix.schedule_changes()
RETURNS TABLE (change text, task_instance text, cron text, timezone text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH rules AS (SELECT DISTINCT s.cron, s.timezone FROM pumpflix.schedules s),
         tasks AS (
        SELECT t.task_instance, convert_from(t.task_data, 'UTF8')::jsonb AS data
        FROM pumpflix.scheduled_tasks t WHERE t.task_name = 'workflow-schedule')
    SELECT CASE WHEN t.task_instance IS NULL THEN 'add' ELSE 'remove' END,
           coalesce(t.task_instance, r.timezone || ' ' || r.cron), r.cron, r.timezone
    FROM rules r
    FULL JOIN tasks t ON t.data->>'cron' = r.cron AND t.data->>'timezone' = r.timezone
    WHERE t.task_instance IS NULL OR r.cron IS NULL
$$;
REVOKE ALL ON FUNCTION pumpflix.schedule_changes() FROM PUBLIC;

-- The schedules a tick of one rule fires, across organizations (the clock, as the owner).
CREATE FUNCTION pumpflix.schedules_of_rule(p_cron text, p_timezone text)
RETURNS TABLE (workflow_id uuid, node_name text, organization_id uuid, version_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT s.workflow_id, s.node_name, s.organization_id, s.version_id FROM pumpflix.schedules s
    WHERE s.cron = p_cron AND s.timezone = p_timezone
$$;
REVOKE ALL ON FUNCTION pumpflix.schedules_of_rule(text, text) FROM PUBLIC;

-- The schedule of one node, if its workflow's current version still has it (a tick whose version
-- moved on asks which version to run now).
CREATE FUNCTION pumpflix.current_schedule(p_workflow_id uuid, p_node_name text)
RETURNS TABLE (organization_id uuid, version_id uuid, cron text, timezone text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT s.organization_id, s.version_id, s.cron, s.timezone FROM pumpflix.schedules s
    WHERE s.workflow_id = p_workflow_id AND s.node_name = p_node_name
$$;
REVOKE ALL ON FUNCTION pumpflix.current_schedule(uuid, text) FROM PUBLIC;

-- The body of a prompt template for a run: templates are private to their author, so a workflow
-- may use only templates of the member who committed the version that names them, in its own
-- organization. NULL when the template is not one of theirs.
CREATE FUNCTION pumpflix.prompt_for_run(p_template_id uuid, p_version_id uuid)
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT t.prompt_body
    FROM public.ai_prompt_templates t
    JOIN public.workflow_versions v ON v.id = p_version_id
    JOIN public.workflows w ON w.id = v.workflow_id
    WHERE t.id = p_template_id AND t.user_id = v.created_by AND t.organization_id = w.organization_id
      AND w.organization_id = pumpflix.current_org()
$$;

-- Installs a template (V14) with its triggers made safe for the installing organization: each
-- webhook gets a path of its own (the template's path and a random suffix), the publisher's
-- credentials are removed (they belong to another organization), and the installed version is
-- recorded so that its schedules start only once the organization commits a version.
CREATE OR REPLACE FUNCTION pumpflix.install_template(p_template_id uuid, p_user_id uuid) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_org uuid := pumpflix.current_org();
    v_source record;
    v_workflow_id uuid;
    v_definition jsonb;
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'install_template needs the organization of the transaction' USING ERRCODE = '42501';
    END IF;
    PERFORM pumpflix.require_member(p_user_id, 'p_user_id', v_org);
    PERFORM pumpflix.require_present(p_template_id, 'p_template_id');
    SELECT w.name, w.description, v.json_schema INTO v_source
    FROM public.templates t
    JOIN public.workflows w ON w.id = t.workflow_id
    LEFT JOIN public.workflow_versions v ON v.id = w.current_version_id
    WHERE t.id = p_template_id
    FOR UPDATE OF t;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'p_template_id: template % does not exist', p_template_id USING ERRCODE = 'P0002';
    END IF;
    IF v_source.json_schema IS NULL THEN
        RAISE EXCEPTION 'p_template_id: the workflow of template % has no version to install', p_template_id
            USING ERRCODE = '22023';
    END IF;
    v_definition := v_source.json_schema;
    IF jsonb_typeof(v_definition->'nodes') = 'array' THEN
        SELECT jsonb_set(v_definition, '{nodes}', coalesce(jsonb_agg(
                   CASE WHEN jsonb_typeof(n) <> 'object' THEN n
                        WHEN n->>'type' IN ('webhook', 'n8n-nodes-base.webhook')
                             AND jsonb_typeof(n->'parameters'->'path') = 'string'
                        THEN jsonb_set(n - 'credentials', '{parameters,path}',
                                       to_jsonb(btrim(n->'parameters'->>'path', '/') || '-'
                                                || substr(md5(gen_random_uuid()::text), 1, 8)))
                        ELSE n - 'credentials' END ORDER BY i), '[]'::jsonb))
        INTO v_definition
        FROM jsonb_array_elements(v_definition->'nodes') WITH ORDINALITY AS x(n, i);
    END IF;
    UPDATE public.templates SET downloads = downloads + 1 WHERE id = p_template_id;
    CALL public.create_workflow(v_org, p_user_id, v_source.name, v_source.description, v_definition, v_workflow_id);
    INSERT INTO pumpflix.installed_versions (version_id, organization_id)
    SELECT current_version_id, v_org FROM public.workflows WHERE id = v_workflow_id;
    -- registered when the workflow was created, before its version was known as installed
    DELETE FROM pumpflix.schedules WHERE workflow_id = v_workflow_id;
    RETURN v_workflow_id;
END
$$;
REVOKE ALL ON FUNCTION pumpflix.install_template(uuid, uuid) FROM PUBLIC;

ALTER TABLE pumpflix.installed_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE pumpflix.installed_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON pumpflix.installed_versions
    USING ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()))
    WITH CHECK ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()));
ALTER TABLE pumpflix.schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE pumpflix.schedules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON pumpflix.schedules
    USING ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()))
    WITH CHECK ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()));

-- Workflows that existed before: their current schedules.
INSERT INTO pumpflix.schedules (workflow_id, node_name, organization_id, version_id, cron, timezone)
SELECT f.id, s.node_name, f.organization_id, f.current_version_id, s.cron, s.timezone
FROM public.workflows f JOIN public.workflow_versions v ON v.id = f.current_version_id,
     pumpflix.schedule_nodes(v.json_schema) s
WHERE NOT f.is_archived
ON CONFLICT DO NOTHING;
