-- Credential usage and listing (shared/spec/behaviour.md, "Routines").

CREATE PROCEDURE public.log_credential_usage(
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
    PERFORM pumpflix.require_member(p_user_id, 'p_user_id', v_org);

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

CREATE FUNCTION public.get_credentials_for_workflow(p_user_id UUID)
RETURNS TABLE (
    id UUID,
    name TEXT,
    type TEXT
)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT c.id, c.name, c.type
        FROM public.users u
        JOIN public.credentials c ON c.organization_id = u.organization_id
        WHERE u.id = p_user_id
        ORDER BY c.name, c.id;
END
$$;
