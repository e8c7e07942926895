-- Live collaboration at scale (docs/collaboration.md): joins and leaves of many sockets written in
-- one round trip, and instances that heartbeat so that the sessions of a dead one are ended by the
-- others.

-- Starts many sessions in one statement, each through the documented routine in the tenant of its
-- own organization (row-level security applies to each as in a tenant transaction). A failure of
-- one (an unknown workflow, another organization's) is returned with its SQLSTATE and does not
-- undo the others. p_requests: [{"org": uuid, "user": uuid, "workflow": uuid, "connection": text}].
CREATE FUNCTION pumpflix.start_websocket_sessions(p_requests jsonb)
RETURNS TABLE (item int, started_session uuid, error_code text, error_message text)
LANGUAGE plpgsql AS $$
DECLARE
    v_request record;
    v_session uuid;
BEGIN
    FOR v_request IN
        SELECT (r->>'org')::uuid AS org, (r->>'user')::uuid AS usr, (r->>'workflow')::uuid AS workflow,
               r->>'connection' AS connection, (n - 1)::int AS position
        FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS t(r, n)
    LOOP
        item := v_request.position;
        started_session := NULL;
        error_code := NULL;
        error_message := NULL;
        BEGIN
            PERFORM set_config('pumpflix.org_id', v_request.org::text, true),
                    set_config('pumpflix.user_id', v_request.usr::text, true);
            v_session := NULL;
            CALL public.start_websocket_session(v_request.usr, v_request.workflow, v_request.connection, v_session);
            started_session := v_session;
        EXCEPTION WHEN OTHERS THEN
            error_code := SQLSTATE;
            error_message := SQLERRM;
        END;
        RETURN NEXT;
    END LOOP;
    PERFORM set_config('pumpflix.org_id', '', true), set_config('pumpflix.user_id', '', true);
END
$$;

-- Ends sessions, set-based: the one rule of end_websocket_session (is_active = false, ended_at set,
-- ending an ended session changes nothing), for one session or many; returns the ids that do not
-- exist. Works within the caller's tenant.
CREATE FUNCTION pumpflix.end_sessions(p_sessions uuid[]) RETURNS SETOF uuid
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE public.websocket_sessions SET is_active = false, ended_at = pumpflix.utc_now()
    WHERE id = ANY (p_sessions) AND is_active IS DISTINCT FROM false;
    RETURN QUERY SELECT missing FROM unnest(p_sessions) AS missing
        WHERE NOT EXISTS (SELECT 1 FROM public.websocket_sessions s WHERE s.id = missing);
END
$$;

CREATE OR REPLACE PROCEDURE public.end_websocket_session(
    IN p_session_id UUID
)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pumpflix.require_present(p_session_id, 'p_session_id');
    IF EXISTS (SELECT 1 FROM pumpflix.end_sessions(ARRAY[p_session_id])) THEN
        RAISE EXCEPTION 'p_session_id: session % does not exist', p_session_id USING ERRCODE = 'P0002';
    END IF;
END
$$;

-- Ends the active sessions of one service instance (connection ids "<instance id>:<socket id>")
-- by the one rule (end_sessions), and returns them, for the presence of those who watch their
-- workflows. Used by the owner: an instance's sessions span organizations.
CREATE FUNCTION pumpflix.end_instance_sessions(p_instance_id text)
RETURNS TABLE (workflow_id uuid, user_id uuid, session_id uuid)
LANGUAGE plpgsql AS $$
DECLARE
    v_sessions uuid[];
BEGIN
    SELECT array_agg(s.id) INTO v_sessions FROM public.websocket_sessions s
    WHERE s.is_active AND starts_with(s.connection_id, p_instance_id || ':');
    IF v_sessions IS NULL THEN
        RETURN;
    END IF;
    PERFORM pumpflix.end_sessions(v_sessions);
    RETURN QUERY SELECT s.workflow_id, s.user_id, s.id FROM public.websocket_sessions s WHERE s.id = ANY (v_sessions);
END
$$;

-- Ends many sessions in one statement: one update per organization, in that organization's
-- tenant. p_requests: [{"org": uuid, "session": uuid}]; returns the items whose session does not
-- exist (P0002, as end_websocket_session would raise).
CREATE FUNCTION pumpflix.end_websocket_sessions(p_requests jsonb)
RETURNS TABLE (item int, error_code text, error_message text)
LANGUAGE plpgsql AS $$
DECLARE
    v_organization record;
    v_missing uuid[];
BEGIN
    FOR v_organization IN
        SELECT (r->>'org')::uuid AS org, array_agg((r->>'session')::uuid ORDER BY n) AS sessions,
               array_agg((n - 1)::int ORDER BY n) AS positions
        FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS t(r, n)
        GROUP BY 1
    LOOP
        PERFORM set_config('pumpflix.org_id', v_organization.org::text, true),
                set_config('pumpflix.user_id', '', true);
        v_missing := ARRAY(SELECT pumpflix.end_sessions(v_organization.sessions));
        RETURN QUERY
            SELECT p.position, 'P0002'::text, format('p_session_id: session %s does not exist', p.session)
            FROM unnest(v_organization.sessions, v_organization.positions) AS p(session, position)
            WHERE p.session = ANY (v_missing);
    END LOOP;
    PERFORM set_config('pumpflix.org_id', '', true);
END
$$;

-- Who is on each of some workflows (the first p_limit sessions by arrival), each read in its
-- organization's tenant. p_workflows: [{"org": uuid, "workflow": uuid}].
CREATE FUNCTION pumpflix.websocket_presence(p_workflows jsonb, p_limit int)
RETURNS TABLE (workflow_id uuid, user_id uuid, session_id uuid, total bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_workflow record;
BEGIN
    FOR v_workflow IN
        SELECT DISTINCT (r->>'org')::uuid AS org, (r->>'workflow')::uuid AS workflow
        FROM jsonb_array_elements(p_workflows) AS t(r)
    LOOP
        PERFORM set_config('pumpflix.org_id', v_workflow.org::text, true);
        RETURN QUERY
            SELECT s.workflow_id, s.user_id, s.id, count(*) OVER ()
            FROM public.websocket_sessions s
            WHERE s.workflow_id = v_workflow.workflow AND s.is_active
            ORDER BY s.joined_at, s.id
            LIMIT p_limit;
    END LOOP;
    PERFORM set_config('pumpflix.org_id', '', true);
END
$$;

-- Every service instance with live sockets heartbeats here. An instance whose heartbeat is older
-- than the timeout is dead: any other instance deletes its row and ends its sessions (their
-- connection ids start with "<instance id>:") in one statement. Owner only.
CREATE TABLE pumpflix.live_instances (
    instance_id  TEXT PRIMARY KEY CHECK (instance_id ~ '\S'),
    started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

