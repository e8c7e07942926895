-- The workflow engine (docs/engine.md): what an execution records of its run, each node's
-- result, the run queue with leases, and the webhook paths of current versions.

-- What an execution records of its run: the version that ran, how it was started, why it failed,
-- and the executions it stems from (a sub-workflow's parent, a retry's original).
ALTER TABLE public.workflow_executions
    ADD COLUMN version_id uuid,
    ADD COLUMN mode text CONSTRAINT workflow_executions_mode_known
        CHECK (mode IN ('manual', 'webhook', 'schedule', 'subworkflow', 'retry', 'error')),
    ADD COLUMN error jsonb,
    ADD COLUMN parent_execution_id uuid,
    ADD COLUMN retry_of uuid;

-- The one insert of executions (V17), now also recording the run's version and mode.
DROP FUNCTION pumpflix.insert_executions(uuid[], text[], jsonb[], jsonb[], timestamp[], int[]);
CREATE FUNCTION pumpflix.insert_executions(
    p_workflow_id uuid[], p_status text[], p_input_data jsonb[], p_output_data jsonb[],
    p_logged_at timestamp[] DEFAULT NULL, p_run_seconds int[] DEFAULT NULL,
    p_version_id uuid[] DEFAULT NULL, p_mode text[] DEFAULT NULL, p_parent_execution_id uuid[] DEFAULT NULL,
    p_retry_of uuid[] DEFAULT NULL, p_id uuid[] DEFAULT NULL, p_error jsonb[] DEFAULT NULL)
RETURNS TABLE (id uuid)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_now timestamp := pumpflix.utc_now();
    v_bad record;
BEGIN
    IF (p_logged_at IS NOT NULL OR p_run_seconds IS NOT NULL) AND NOT pumpflix.unrestricted() THEN
        RAISE EXCEPTION 'p_logged_at: only maintenance may log executions at another time' USING ERRCODE = '42501';
    END IF;
    IF cardinality(p_status) IS DISTINCT FROM cardinality(p_workflow_id) THEN
        RAISE EXCEPTION 'p_status: must have one status per workflow id' USING ERRCODE = '22023';
    END IF;
    SELECT t.n, t.status INTO v_bad FROM unnest(p_status) WITH ORDINALITY AS t(status, n)
    WHERE t.status IS NULL OR NOT t.status = ANY (pumpflix.execution_statuses()) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'p_status[%]: must be one of %, got %', v_bad.n,
            array_to_string(pumpflix.execution_statuses(), ', '), coalesce(quote_literal(v_bad.status), 'NULL')
            USING ERRCODE = '22023';
    END IF;
    -- Archived workflows still log: an execution under way when it was archived is not lost.
    SELECT t.n, t.w INTO v_bad FROM unnest(p_workflow_id) WITH ORDINALITY AS t(w, n)
    WHERE t.w IS NULL OR NOT EXISTS (SELECT 1 FROM public.workflows w WHERE w.id = t.w) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'p_workflow_id[%]: workflow % does not exist', v_bad.n, coalesce(v_bad.w::text, 'NULL')
            USING ERRCODE = 'P0002';
    END IF;
    RETURN QUERY
    INSERT INTO public.workflow_executions (id, workflow_id, status, input_data, output_data, started_at, finished_at,
                                            logged_at, version_id, mode, parent_execution_id, retry_of, error)
    SELECT coalesce(t.given_id, gen_random_uuid()), t.w, t.status, t.input_data, t.output_data,
           pumpflix.execution_started_at(t.status, coalesce(t.at, v_now)),
           pumpflix.execution_finished_at(t.status, coalesce(t.at, v_now) + make_interval(secs => coalesce(t.secs, 0))),
           coalesce(t.at, v_now), t.version_id, t.mode, t.parent, t.retry_of, t.error
    FROM unnest(p_workflow_id, p_status, p_input_data, p_output_data, p_logged_at, p_run_seconds, p_version_id,
                p_mode, p_parent_execution_id, p_retry_of, p_id, p_error)
         WITH ORDINALITY AS t(w, status, input_data, output_data, at, secs, version_id, mode, parent, retry_of, given_id,
                              error, n)
    ORDER BY t.n
    RETURNING workflow_executions.id;
END
$$;

-- The lifecycle (V14, V17), set-based, now also recording why a run failed: queued -> running |
-- cancelled; running -> success | error | cancelled; a finished execution never changes. Moves
-- every execution named, or none (55000 names the first that may not move).
CREATE FUNCTION pumpflix.advance_executions(p_execution_id uuid[], p_status text, p_output_data jsonb[] DEFAULT NULL,
    p_error jsonb[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_now timestamp := pumpflix.utc_now();
    v_bad record;
BEGIN
    PERFORM pumpflix.require_one_of(p_status, 'p_status', pumpflix.execution_statuses());
    PERFORM pumpflix.require_present(p_execution_id, 'p_execution_id');
    -- locked in id order, so that concurrent moves of overlapping sets queue instead of deadlocking
    PERFORM 1 FROM public.workflow_executions WHERE id = ANY (p_execution_id) ORDER BY id FOR UPDATE;
    SELECT t.id, e.status INTO v_bad
    FROM unnest(p_execution_id) AS t(id)
    LEFT JOIN public.workflow_executions e ON e.id = t.id
    WHERE e.id IS NULL
       OR NOT ((e.status = 'queued' AND p_status IN ('running', 'cancelled'))
               OR (e.status = 'running' AND p_status IN ('success', 'error', 'cancelled')))
    LIMIT 1;
    IF FOUND AND v_bad.status IS NULL THEN
        RAISE EXCEPTION 'p_execution_id: execution % does not exist', v_bad.id USING ERRCODE = 'P0002';
    ELSIF FOUND THEN
        RAISE EXCEPTION 'p_status: execution % cannot go from % to %', v_bad.id, v_bad.status, p_status
            USING ERRCODE = '55000';
    END IF;
    UPDATE public.workflow_executions e
    SET status = p_status,
        started_at = CASE WHEN p_status = 'running' THEN v_now ELSE e.started_at END,
        finished_at = CASE WHEN p_status IN ('success', 'error', 'cancelled') THEN v_now END,
        output_data = coalesce(t.output_data, e.output_data),
        error = coalesce(t.error, e.error)
    FROM unnest(p_execution_id, p_output_data, p_error) AS t(id, output_data, error)
    WHERE e.id = t.id
      AND ((e.status = 'queued' AND p_status IN ('running', 'cancelled'))
           OR (e.status = 'running' AND p_status IN ('success', 'error', 'cancelled')));
END
$$;

-- One execution's move, as the API and the documented clients make it.
DROP FUNCTION pumpflix.advance_execution(uuid, text, jsonb);
CREATE FUNCTION pumpflix.advance_execution(p_execution_id uuid, p_status text, p_output_data jsonb,
    p_error jsonb DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pumpflix.require_present(p_execution_id, 'p_execution_id');
    PERFORM pumpflix.advance_executions(ARRAY[p_execution_id], p_status, ARRAY[p_output_data], ARRAY[p_error]);
END
$$;

-- Each node's result, per execution: what the run did, readable at GET /executions/{id}/nodes,
-- and what a run taken over after a crash does not do again.
CREATE TABLE pumpflix.execution_nodes (
    execution_id uuid NOT NULL REFERENCES public.workflow_executions (id) ON DELETE CASCADE,
    node_name text NOT NULL,
    organization_id uuid,
    position int NOT NULL,
    status text NOT NULL CONSTRAINT execution_nodes_status_known CHECK (status IN ('success', 'error')),
    items jsonb,
    error jsonb,
    response jsonb,
    started_at timestamp NOT NULL,
    finished_at timestamp NOT NULL,
    PRIMARY KEY (execution_id, node_name)
);

CREATE FUNCTION pumpflix.organization_from_execution() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.organization_id := (SELECT organization_id FROM public.workflow_executions WHERE id = NEW.execution_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER execution_nodes_organization BEFORE INSERT OR UPDATE OF execution_id, organization_id
    ON pumpflix.execution_nodes FOR EACH ROW EXECUTE FUNCTION pumpflix.organization_from_execution();

-- Records node results (a node run again after a take-over replaces its earlier result).
CREATE FUNCTION pumpflix.record_node_results(p_execution_id uuid[], p_node_name text[], p_position int[],
    p_status text[], p_items jsonb[], p_error jsonb[], p_response jsonb[], p_started_at timestamp[],
    p_finished_at timestamp[])
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO pumpflix.execution_nodes (execution_id, node_name, position, status, items, error, response,
                                          started_at, finished_at)
    SELECT t.execution_id, t.name, t.position, t.status, t.items, t.error, t.response, t.started, t.finished
    FROM unnest(p_execution_id, p_node_name, p_position, p_status, p_items, p_error, p_response, p_started_at,
                p_finished_at)
         AS t(execution_id, name, position, status, items, error, response, started, finished)
    ON CONFLICT (execution_id, node_name) DO UPDATE
    SET position = excluded.position, status = excluded.status, items = excluded.items, error = excluded.error,
        response = excluded.response, started_at = excluded.started_at, finished_at = excluded.finished_at
$$;

-- The run queue: one row per run that is queued, running or waiting; gone when the run ends.
-- A running row is leased by one instance, which renews the lease while it works; a lapsed
-- lease lets any instance take the run over.
CREATE TABLE pumpflix.runs (
    execution_id uuid PRIMARY KEY REFERENCES public.workflow_executions (id) ON DELETE CASCADE,
    organization_id uuid NOT NULL,
    workflow_id uuid NOT NULL,
    version_id uuid NOT NULL,
    mode text NOT NULL,
    triggered_by uuid,
    start_node text,
    state text NOT NULL CONSTRAINT runs_state_known CHECK (state IN ('queued', 'running', 'waiting')),
    available_at timestamp NOT NULL,
    lease_owner text,
    lease_expires_at timestamp,
    attempts int NOT NULL DEFAULT 0,
    created_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);
CREATE INDEX runs_ready_idx ON pumpflix.runs (organization_id, available_at) WHERE state <> 'running';
CREATE INDEX runs_running_idx ON pumpflix.runs (organization_id, lease_expires_at) WHERE state = 'running';
CREATE INDEX runs_lease_owner_idx ON pumpflix.runs (lease_owner) WHERE lease_owner IS NOT NULL;

-- Whose turn it is: organizations are served in the order they were last served.
CREATE TABLE pumpflix.run_turns (
    organization_id uuid PRIMARY KEY,
    last_claimed_at timestamp NOT NULL
);

-- The organizations with a run to claim now: queued or due waiting runs (a loose index scan over
-- runs_ready_idx, one probe per organization however long the queue), and runs whose lease lapsed.
CREATE FUNCTION pumpflix.ready_organizations(p_now timestamp)
RETURNS TABLE (organization_id uuid)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE ready(organization_id) AS (
        (SELECT r.organization_id FROM pumpflix.runs r
         WHERE r.state <> 'running' AND r.available_at <= p_now ORDER BY r.organization_id LIMIT 1)
        UNION ALL
        SELECT (SELECT r.organization_id FROM pumpflix.runs r
                WHERE r.state <> 'running' AND r.available_at <= p_now AND r.organization_id > ready.organization_id
                ORDER BY r.organization_id LIMIT 1)
        FROM ready WHERE ready.organization_id IS NOT NULL
    )
    SELECT organization_id FROM ready WHERE organization_id IS NOT NULL
    UNION
    SELECT r.organization_id FROM pumpflix.runs r WHERE r.state = 'running' AND r.lease_expires_at < p_now
$$;

-- Claims up to p_max runs for an instance: organizations in turn (the one served longest ago
-- first, each a fair share of the claim), at most p_org_limit running per organization across
-- every instance, oldest first; queued and due waiting runs, and runs whose lease lapsed (taken
-- over). Queued executions move to running. Runs as the owner: the queue spans organizations. An
-- organization another instance is claiming for right now is skipped.
CREATE FUNCTION pumpflix.claim_runs(p_owner text, p_max int, p_org_limit int, p_lease_seconds int)
RETURNS TABLE (execution_id uuid, organization_id uuid, workflow_id uuid, version_id uuid, mode text,
               triggered_by uuid, start_node text, attempts int, taken_over boolean, input_data text,
               started_at timestamp)
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
        -- a first turn row for a new organization; never an insert that could wait on another
        -- instance's claim of an organization it serves (that would deadlock two claims)
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
                attempts = r.attempts + CASE WHEN picked.state = 'running' THEN 1 ELSE 0 END
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
           r.attempts, r.execution_id = ANY (v_taken), e.input_data::text, e.started_at
    FROM pumpflix.runs r JOIN public.workflow_executions e ON e.id = r.execution_id
    WHERE r.execution_id = ANY (v_claimed);
END
$$;
REVOKE ALL ON FUNCTION pumpflix.claim_runs(text, int, int, int) FROM PUBLIC;

-- Queues a run: its execution, logged as queued through the one insert of executions with the
-- version it will run and how it was started, and its place in the queue; one round trip for the
-- trigger. The version must still be the workflow's current one and the workflow not archived
-- (P0002 otherwise: a trigger acting on what it read a moment ago learns that it moved).
CREATE FUNCTION pumpflix.queue_run(p_workflow_id uuid, p_version_id uuid, p_mode text, p_input_data jsonb,
    p_triggered_by uuid, p_start_node text, p_parent_execution_id uuid DEFAULT NULL, p_retry_of uuid DEFAULT NULL,
    p_available_at timestamp DEFAULT NULL)
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
    SELECT id INTO v_id FROM pumpflix.insert_executions(ARRAY[p_workflow_id], ARRAY['queued'], ARRAY[p_input_data],
        ARRAY[NULL::jsonb], NULL, NULL, ARRAY[p_version_id], ARRAY[p_mode], ARRAY[p_parent_execution_id],
        ARRAY[p_retry_of]);
    INSERT INTO pumpflix.runs (execution_id, organization_id, workflow_id, version_id, mode, triggered_by, start_node,
                               state, available_at)
    VALUES (v_id, v_org, p_workflow_id, p_version_id, p_mode, p_triggered_by, p_start_node, 'queued',
            coalesce(p_available_at, clock_timestamp() AT TIME ZONE 'UTC'));
    RETURN v_id;
END
$$;

-- Ends runs this instance holds, many in one statement as they end together: out of the queue,
-- node results stored, executions finished. A run the instance no longer holds (cancelled, taken
-- over) is left alone; returns the ids ended.
--   p_runs: [{id, status, output, error, nodes: [{name, position, status, items, error, response,
--             startedAt, finishedAt}]}]
CREATE FUNCTION pumpflix.finish_runs(p_owner text, p_runs jsonb)
RETURNS TABLE (id uuid)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_ids uuid[];
    v_status text;
BEGIN
    WITH held AS (
        SELECT r.execution_id FROM pumpflix.runs r
        WHERE r.execution_id IN (SELECT (x->>'id')::uuid FROM jsonb_array_elements(p_runs) x)
          AND r.lease_owner = p_owner AND r.state = 'running'
        ORDER BY r.execution_id FOR UPDATE),
    gone AS (
        DELETE FROM pumpflix.runs r USING held WHERE r.execution_id = held.execution_id
        RETURNING r.execution_id)
    SELECT array_agg(execution_id) INTO v_ids FROM gone;
    IF v_ids IS NULL THEN
        RETURN;
    END IF;
    PERFORM pumpflix.record_node_results(array_agg((x->>'id')::uuid), array_agg(n->>'name'),
        array_agg((n->>'position')::int), array_agg(n->>'status'), array_agg(n->'items'),
        array_agg(nullif(n->'error', 'null'::jsonb)), array_agg(nullif(n->'response', 'null'::jsonb)),
        array_agg((n->>'startedAt')::timestamp), array_agg((n->>'finishedAt')::timestamp))
    FROM jsonb_array_elements(p_runs) x, jsonb_array_elements(x->'nodes') n
    WHERE (x->>'id')::uuid = ANY (v_ids)
    HAVING count(*) > 0;
    FOR v_status IN SELECT DISTINCT x->>'status' FROM jsonb_array_elements(p_runs) x WHERE (x->>'id')::uuid = ANY (v_ids)
    LOOP
        PERFORM pumpflix.advance_executions(array_agg((x->>'id')::uuid), v_status, array_agg(x->'output'),
                                            array_agg(nullif(x->'error', 'null'::jsonb)))
        FROM jsonb_array_elements(p_runs) x
        WHERE (x->>'id')::uuid = ANY (v_ids) AND x->>'status' = v_status;
    END LOOP;
    RETURN QUERY SELECT unnest(v_ids);
END
$$;

-- Commits the node results of a run that goes on (a node touched the outside world) and renews
-- its lease; false (nothing changed) when the instance no longer holds the run.
CREATE FUNCTION pumpflix.checkpoint_run(p_execution_id uuid, p_owner text, p_lease_seconds int, p_node_name text[],
    p_position int[], p_node_status text[], p_items jsonb[], p_node_error jsonb[], p_response jsonb[],
    p_started_at timestamp[], p_finished_at timestamp[])
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE pumpflix.runs SET lease_expires_at = (clock_timestamp() AT TIME ZONE 'UTC') + make_interval(secs => p_lease_seconds)
    WHERE execution_id = p_execution_id AND lease_owner = p_owner AND state = 'running';
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    PERFORM pumpflix.record_node_results(array_fill(p_execution_id, ARRAY[cardinality(p_node_name)]), p_node_name,
                                         p_position, p_node_status, p_items, p_node_error, p_response, p_started_at,
                                         p_finished_at);
    RETURN true;
END
$$;

-- Runs that happened within their triggers' requests (webhooks whose workflows only transform
-- data), written once, finished, with their node results: many in one statement, as they come
-- in together. A run whose version is no longer its workflow's current one, or whose workflow was
-- archived, is not written; returns the ids written.
--   p_runs: [{id, workflowId, versionId, mode, input, status, output, error,
--             nodes: [{name, position, status, items, error, response, startedAt, finishedAt}]}]
CREATE FUNCTION pumpflix.record_runs(p_runs jsonb)
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
                           AND NOT w.is_archived;
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

-- Renews every lease an instance holds and returns the runs it still holds: a run missing from
-- the answer was cancelled or taken over, and its worker stops. Rows another transaction of the
-- instance holds right now (a run ending) are not waited for: they are still held, and ending.
CREATE FUNCTION pumpflix.renew_leases(p_owner text, p_lease_seconds int)
RETURNS TABLE (execution_id uuid)
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH renewed AS (
        UPDATE pumpflix.runs r
        SET lease_expires_at = (clock_timestamp() AT TIME ZONE 'UTC') + make_interval(secs => p_lease_seconds)
        WHERE r.execution_id IN (SELECT h.execution_id FROM pumpflix.runs h
                                 WHERE h.lease_owner = p_owner AND h.state = 'running'
                                 ORDER BY h.execution_id FOR UPDATE SKIP LOCKED)
        RETURNING r.execution_id)
    SELECT r.execution_id FROM pumpflix.runs r WHERE r.lease_owner = p_owner AND r.state = 'running'
$$;
REVOKE ALL ON FUNCTION pumpflix.renew_leases(text, int) FROM PUBLIC;

-- Lets another instance take runs over at once: one run a worker gave up (it was stopped before
-- its end), or all of an instance's runs (a clean stop).
CREATE FUNCTION pumpflix.let_go(p_owner text, p_execution_id uuid DEFAULT NULL)
RETURNS int
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH released AS (
        UPDATE pumpflix.runs r SET lease_expires_at = (clock_timestamp() AT TIME ZONE 'UTC') - interval '1 second'
        WHERE r.lease_owner = p_owner AND r.state = 'running'
          AND (p_execution_id IS NULL OR r.execution_id = p_execution_id)
        RETURNING 1)
    SELECT count(*)::int FROM released
$$;
REVOKE ALL ON FUNCTION pumpflix.let_go(text, uuid) FROM PUBLIC;

-- How many runs wait for a worker, across organizations (for the operator; no tenant data).
CREATE FUNCTION pumpflix.run_queue_depth()
RETURNS TABLE (queued bigint, running bigint, waiting bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT count(*) FILTER (WHERE state = 'queued'), count(*) FILTER (WHERE state = 'running'),
           count(*) FILTER (WHERE state = 'waiting')
    FROM pumpflix.runs
$$;
REVOKE ALL ON FUNCTION pumpflix.run_queue_depth() FROM PUBLIC;

-- The webhook paths of current, unarchived versions: unique across the installation.
CREATE TABLE pumpflix.webhooks (
    path text PRIMARY KEY,
    method text NOT NULL,
    workflow_id uuid NOT NULL REFERENCES public.workflows (id) ON DELETE CASCADE,
    organization_id uuid NOT NULL,
    version_id uuid NOT NULL,
    node_name text NOT NULL
);
CREATE INDEX webhooks_workflow_idx ON pumpflix.webhooks (workflow_id);

-- The webhook nodes of a definition: (path, method, node name); paths without surrounding slashes.
CREATE FUNCTION pumpflix.webhook_nodes(p_definition jsonb)
RETURNS TABLE (path text, method text, node_name text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT btrim(n->'parameters'->>'path', '/'),
           upper(coalesce(n->'parameters'->>'httpMethod', n->'parameters'->>'method', 'POST')),
           n->>'name'
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p_definition->'nodes') = 'array'
                                   THEN p_definition->'nodes' ELSE '[]'::jsonb END) n
    WHERE jsonb_typeof(n) = 'object'
      AND n->>'type' IN ('webhook', 'n8n-nodes-base.webhook')
      AND coalesce(n->>'disabled', 'false') <> 'true'
      AND btrim(n->'parameters'->>'path', '/') ~ '^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$'
$$;

-- Keeps the registry equal to the current versions: a path another workflow holds stays with
-- it (the service refuses such a commit with 409; a clone or a psql write just leaves its webhook
-- inactive until its path is changed).
CREATE FUNCTION pumpflix.register_webhooks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM pumpflix.webhooks WHERE workflow_id = NEW.id;
    IF NEW.current_version_id IS NOT NULL AND NOT NEW.is_archived THEN
        INSERT INTO pumpflix.webhooks (path, method, workflow_id, organization_id, version_id, node_name)
        SELECT DISTINCT ON (w.path) w.path, w.method, NEW.id, NEW.organization_id, NEW.current_version_id, w.node_name
        FROM public.workflow_versions v, pumpflix.webhook_nodes(v.json_schema) w
        WHERE v.id = NEW.current_version_id
        ON CONFLICT (path) DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER workflows_register_webhooks
    AFTER INSERT OR UPDATE OF current_version_id, is_archived, organization_id ON public.workflows
    FOR EACH ROW EXECUTE FUNCTION pumpflix.register_webhooks();

-- A webhook call knows only its path, not yet its organization.
CREATE FUNCTION pumpflix.find_webhook(p_path text)
RETURNS TABLE (method text, workflow_id uuid, organization_id uuid, version_id uuid, node_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT h.method, h.workflow_id, h.organization_id, h.version_id, h.node_name
    FROM pumpflix.webhooks h WHERE h.path = btrim(p_path, '/')
$$;
REVOKE ALL ON FUNCTION pumpflix.find_webhook(text) FROM PUBLIC;

-- Tenant data: confined like every other table.
DO $$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['execution_nodes', 'runs', 'webhooks'] LOOP
        EXECUTE format('ALTER TABLE pumpflix.%I ENABLE ROW LEVEL SECURITY', v_table);
        EXECUTE format('ALTER TABLE pumpflix.%I FORCE ROW LEVEL SECURITY', v_table);
        EXECUTE format('CREATE POLICY tenant_isolation ON pumpflix.%I
            USING ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()))
            WITH CHECK ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()))',
            v_table);
    END LOOP;
END
$$;
ALTER TABLE pumpflix.run_turns ENABLE ROW LEVEL SECURITY;
ALTER TABLE pumpflix.run_turns FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_only ON pumpflix.run_turns USING ((SELECT pumpflix.unrestricted()));

-- Workflows that existed before the engine: their current webhooks.
INSERT INTO pumpflix.webhooks (path, method, workflow_id, organization_id, version_id, node_name)
SELECT DISTINCT ON (w.path) w.path, w.method, f.id, f.organization_id, f.current_version_id, w.node_name
FROM public.workflows f JOIN public.workflow_versions v ON v.id = f.current_version_id,
     pumpflix.webhook_nodes(v.json_schema) w
WHERE NOT f.is_archived
ORDER BY w.path, f.created_at
ON CONFLICT (path) DO NOTHING;
