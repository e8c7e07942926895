-- WebSocket sessions (shared/spec/behaviour.md, "Routines").

CREATE PROCEDURE public.start_websocket_session(
    IN p_user_id UUID,
    IN p_workflow_id UUID,
    IN p_connection_id TEXT,
    OUT p_session_id UUID
)
LANGUAGE plpgsql AS $$
DECLARE
    v_holder record;
BEGIN
    PERFORM pumpflix.require_text(p_connection_id, 'p_connection_id');
    PERFORM pumpflix.require_member(p_user_id, 'p_user_id',
        pumpflix.workflow_organization(p_workflow_id, 'p_workflow_id'));

    -- The partial unique index on active connection ids decides races between two callers.
    FOR attempt IN 1..3 LOOP
        INSERT INTO public.websocket_sessions (user_id, workflow_id, connection_id, joined_at, is_active)
        VALUES (p_user_id, p_workflow_id, p_connection_id, pumpflix.utc_now(), true)
        ON CONFLICT (connection_id) WHERE is_active DO NOTHING
        RETURNING id INTO p_session_id;
        IF p_session_id IS NOT NULL THEN
            RETURN;
        END IF;

        SELECT id, user_id, workflow_id INTO v_holder
        FROM public.websocket_sessions
        WHERE connection_id = p_connection_id AND is_active;
        IF FOUND THEN
            IF v_holder.user_id = p_user_id AND v_holder.workflow_id = p_workflow_id THEN
                p_session_id := v_holder.id;  -- a reconnect is idempotent
                RETURN;
            END IF;
            RAISE EXCEPTION 'p_connection_id: connection id % is held by another active session', p_connection_id
                USING ERRCODE = '23505';
        END IF;
        -- the holder ended between our insert and our read: try again
    END LOOP;
    RAISE EXCEPTION 'p_connection_id: connection id % is contended, try again', p_connection_id
        USING ERRCODE = '40001';
END
$$;

CREATE PROCEDURE public.end_websocket_session(
    IN p_session_id UUID
)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pumpflix.require_present(p_session_id, 'p_session_id');
    UPDATE public.websocket_sessions SET is_active = false, ended_at = pumpflix.utc_now()
    WHERE id = p_session_id AND is_active IS DISTINCT FROM false;
    IF NOT FOUND THEN
        PERFORM 1 FROM public.websocket_sessions WHERE id = p_session_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'p_session_id: session % does not exist', p_session_id USING ERRCODE = 'P0002';
        END IF;
    END IF;
END
$$;
