-- One home per rule (the module-doors change): the execution rules and the usage-counter upsert
-- each written once, a set-based execution logger for the batch endpoint and the seeder, the
-- system principal in the audit log and in the credential usage log.

-- The statuses of an execution, in one place for every routine.
CREATE FUNCTION pumpflix.execution_statuses() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY['queued', 'running', 'success', 'error', 'cancelled'] $$;

ALTER TABLE public.workflow_executions DROP CONSTRAINT workflow_executions_status_known;
ALTER TABLE public.workflow_executions ADD CONSTRAINT workflow_executions_status_known
    CHECK (status = ANY (pumpflix.execution_statuses()));

-- The started/finished rule of behaviour.md, once: started_at is the logging time except for
-- queued executions (NULL); finished_at is set for the terminal statuses. (SQL, so it is inlined.)
CREATE FUNCTION pumpflix.execution_started_at(p_status text, p_at timestamp) RETURNS timestamp
LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN p_status = 'queued' THEN NULL ELSE p_at END $$;

CREATE FUNCTION pumpflix.execution_finished_at(p_status text, p_at timestamp) RETURNS timestamp
LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN p_status IN ('success', 'error', 'cancelled') THEN p_at END $$;

-- Inserts executions with the rules of log_workflow_execution, many at once (one statement, one
-- counter update per organization and month): started_at is the logging time except for queued
-- executions (NULL); finished_at is set for the terminal statuses. Returns the ids in order.
-- p_logged_at and p_run_seconds backdate rows (the seeder); only the tables' owner may use them.
CREATE FUNCTION pumpflix.insert_executions(
    p_workflow_id uuid[], p_status text[], p_input_data jsonb[], p_output_data jsonb[],
    p_logged_at timestamp[] DEFAULT NULL, p_run_seconds int[] DEFAULT NULL)
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
    INSERT INTO public.workflow_executions (workflow_id, status, input_data, output_data, started_at, finished_at,
                                            logged_at)
    SELECT t.w, t.status, t.input_data, t.output_data,
           pumpflix.execution_started_at(t.status, coalesce(t.at, v_now)),
           pumpflix.execution_finished_at(t.status, coalesce(t.at, v_now) + make_interval(secs => coalesce(t.secs, 0))),
           coalesce(t.at, v_now)
    FROM unnest(p_workflow_id, p_status, p_input_data, p_output_data, p_logged_at, p_run_seconds)
         WITH ORDINALITY AS t(w, status, input_data, output_data, at, secs, n)
    ORDER BY t.n
    RETURNING workflow_executions.id;
END
$$;

-- Many executions of one workflow, as the batch endpoint logs them.
CREATE FUNCTION pumpflix.log_executions(p_workflow_id uuid, p_status text[], p_input_data jsonb[],
    p_output_data jsonb[])
RETURNS TABLE (id uuid)
LANGUAGE sql AS $$
    SELECT id FROM pumpflix.insert_executions(array_fill(p_workflow_id, ARRAY[cardinality(p_status)]), p_status,
                                              p_input_data, p_output_data)
$$;

-- The documented routine, same signature and behaviour, with the statuses and the times from the
-- one list and the one rule above (one row: a plain insert, as fast as before).
CREATE OR REPLACE PROCEDURE public.log_workflow_execution(
    IN p_workflow_id UUID,
    IN p_status TEXT,
    IN p_input_data JSONB,
    IN p_output_data JSONB,
    OUT p_execution_id UUID
)
LANGUAGE plpgsql AS $$
DECLARE
    v_now timestamp := pumpflix.utc_now();
BEGIN
    PERFORM pumpflix.require_one_of(p_status, 'p_status', pumpflix.execution_statuses());
    -- Archived workflows still log: an execution under way when it was archived is not lost.
    PERFORM pumpflix.workflow_organization(p_workflow_id, 'p_workflow_id');
    INSERT INTO public.workflow_executions (workflow_id, status, input_data, output_data, started_at, finished_at)
    VALUES (p_workflow_id, p_status, p_input_data, p_output_data, pumpflix.execution_started_at(p_status, v_now),
            pumpflix.execution_finished_at(p_status, v_now))
    RETURNING id INTO p_execution_id;
END
$$;

-- The lifecycle, unchanged, with the statuses from the one list.
CREATE OR REPLACE FUNCTION pumpflix.advance_execution(p_execution_id uuid, p_status text, p_output_data jsonb)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_current text;
    v_now timestamp := pumpflix.utc_now();
BEGIN
    PERFORM pumpflix.require_one_of(p_status, 'p_status', pumpflix.execution_statuses());
    PERFORM pumpflix.require_present(p_execution_id, 'p_execution_id');
    SELECT status INTO v_current FROM public.workflow_executions WHERE id = p_execution_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'p_execution_id: execution % does not exist', p_execution_id USING ERRCODE = 'P0002';
    END IF;
    IF NOT ((v_current = 'queued' AND p_status IN ('running', 'cancelled'))
            OR (v_current = 'running' AND p_status IN ('success', 'error', 'cancelled'))) THEN
        RAISE EXCEPTION 'p_status: execution % cannot go from % to %', p_execution_id, coalesce(v_current, 'NULL'), p_status
            USING ERRCODE = '55000';
    END IF;
    UPDATE public.workflow_executions
    SET status = p_status,
        started_at = CASE WHEN p_status = 'running' THEN v_now ELSE started_at END,
        finished_at = CASE WHEN p_status IN ('success', 'error', 'cancelled') THEN v_now END,
        output_data = coalesce(p_output_data, output_data)
    WHERE id = p_execution_id;
END
$$;

-- The usage-counter upsert, once: adds deltas to counter rows (organization, month or NULL, slot).
-- PL/pgSQL, so that its plan is kept for the session: every execution statement calls it.
CREATE FUNCTION pumpflix.add_execution_counts(p_organization_id uuid[], p_month date[], p_delta bigint[],
    p_slot smallint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pumpflix.execution_counts AS c (organization_id, month, slot, executions)
    SELECT t.organization_id, t.month, p_slot, t.delta
    FROM unnest(p_organization_id, p_month, p_delta) AS t(organization_id, month, delta)
    WHERE t.organization_id IS NOT NULL AND t.delta <> 0
    ON CONFLICT (organization_id, coalesce(month, DATE '0001-01-01'), slot)
    DO UPDATE SET executions = c.executions + excluded.executions;
END
$$;

-- The slot of the writing backend: concurrent writers of one organization rarely share a row.
CREATE FUNCTION pumpflix.counter_slot() RETURNS smallint
LANGUAGE sql STABLE AS $$ SELECT (pg_backend_pid() % 1024)::smallint $$;

CREATE OR REPLACE FUNCTION pumpflix.count_inserted_executions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pumpflix.add_execution_counts(array_agg(organization_id), array_agg(month), array_agg(n),
                                          pumpflix.counter_slot())
    FROM (SELECT organization_id, date_trunc('month', started_at)::date AS month, count(*) AS n
          FROM new_rows GROUP BY 1, 2) moves;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION pumpflix.count_updated_executions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pumpflix.add_execution_counts(array_agg(organization_id), array_agg(month), array_agg(delta),
                                          pumpflix.counter_slot())
    FROM (
        SELECT organization_id, month, sum(delta)::bigint AS delta
        FROM (
            SELECT o.organization_id, date_trunc('month', o.started_at)::date AS month, -1 AS delta
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.organization_id, date_trunc('month', o.started_at)) IS DISTINCT FROM
                  (n.organization_id, date_trunc('month', n.started_at))
            UNION ALL
            SELECT n.organization_id, date_trunc('month', n.started_at)::date, 1
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.organization_id, date_trunc('month', o.started_at)) IS DISTINCT FROM
                  (n.organization_id, date_trunc('month', n.started_at))
        ) each_move
        GROUP BY 1, 2
    ) moves;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION pumpflix.count_deleted_executions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('pumpflix.retention', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM pumpflix.add_execution_counts(array_agg(organization_id), array_agg(month), array_agg(-n),
                                          pumpflix.counter_slot())
    FROM (SELECT organization_id, date_trunc('month', started_at)::date AS month, count(*) AS n
          FROM old_rows GROUP BY 1, 2) moves;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION pumpflix.compact_execution_counts() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_folded bigint;
BEGIN
    WITH folded AS (
        DELETE FROM pumpflix.execution_counts
        WHERE month < date_trunc('month', pumpflix.utc_now())::date AND slot <> 0
        RETURNING organization_id, month, executions
    )
    SELECT coalesce(sum(slots), 0), pumpflix.add_execution_counts(array_agg(organization_id), array_agg(month),
                                                                  array_agg(executions), 0::smallint)
    INTO v_folded
    FROM (SELECT organization_id, month, sum(executions)::bigint AS executions, count(*) AS slots
          FROM folded GROUP BY 1, 2) summed;
    RETURN v_folded;
END
$$;

-- Who acted, for entries written by no person: a run of the system principal, or maintenance.
ALTER TABLE public.audit_log ADD COLUMN actor_kind text NOT NULL DEFAULT 'user'
    CONSTRAINT audit_log_actor_kind_known CHECK (actor_kind IN ('user', 'system', 'maintenance'));

-- A run no person started uses a credential with no user: the usage row names the execution.
CREATE OR REPLACE PROCEDURE public.log_credential_usage(
    IN p_credential_id UUID,
    IN p_user_id UUID,
    IN p_workflow_id UUID,
    IN p_execution_id UUID
)
LANGUAGE plpgsql AS $$
DECLARE
    v_org uuid;
    v_execution_workflow uuid;
BEGIN
    PERFORM pumpflix.require_present(p_credential_id, 'p_credential_id');
    SELECT organization_id INTO v_org FROM public.credentials WHERE id = p_credential_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'p_credential_id: credential % does not exist', p_credential_id USING ERRCODE = 'P0002';
    END IF;
    IF p_user_id IS NULL AND p_execution_id IS NULL THEN
        RAISE EXCEPTION 'p_user_id: must not be null unless p_execution_id names the run that used the credential'
            USING ERRCODE = '22023';
    END IF;
    IF p_user_id IS NOT NULL THEN
        PERFORM pumpflix.require_member(p_user_id, 'p_user_id', v_org);
    END IF;

    IF p_workflow_id IS NOT NULL
       AND pumpflix.workflow_organization(p_workflow_id, 'p_workflow_id') IS DISTINCT FROM v_org THEN
        RAISE EXCEPTION 'p_workflow_id: workflow % belongs to another organization than the credential', p_workflow_id
            USING ERRCODE = '42501';
    END IF;

    IF p_execution_id IS NOT NULL THEN
        SELECT workflow_id INTO v_execution_workflow FROM public.workflow_executions WHERE id = p_execution_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'p_execution_id: execution % does not exist', p_execution_id USING ERRCODE = 'P0002';
        END IF;
        IF p_workflow_id IS NOT NULL AND v_execution_workflow IS DISTINCT FROM p_workflow_id THEN
            RAISE EXCEPTION 'p_execution_id: execution % is not an execution of workflow %', p_execution_id, p_workflow_id
                USING ERRCODE = '22023';
        END IF;
        IF p_workflow_id IS NULL
           AND (v_execution_workflow IS NULL
                OR pumpflix.workflow_organization(v_execution_workflow, 'p_execution_id') IS DISTINCT FROM v_org) THEN
            RAISE EXCEPTION 'p_execution_id: execution % belongs to another organization than the credential', p_execution_id
                USING ERRCODE = '42501';
        END IF;
    END IF;

    INSERT INTO public.credential_usage_logs (credential_id, user_id, workflow_id, execution_id, used_at)
    VALUES (p_credential_id, p_user_id, p_workflow_id, p_execution_id, pumpflix.utc_now());
END
$$;
