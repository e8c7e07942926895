-- An organization's transaction begins by setting the organization (and the user, and for a
-- service that logs in as the tables' owner the runtime role) with set_config(..., true). That
-- rule now lives here once: TenantScope calls pumpflix.enter_tenant, and the two hottest requests
-- (reading a workflow, logging an execution) call routines that enter and do the work in one
-- statement, one round trip less per request (docs/scaling.md).

CREATE FUNCTION pumpflix.enter_tenant(p_organization_id uuid, p_user_id uuid, p_as_runtime_role boolean)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('pumpflix.org_id', p_organization_id::text, true),
            set_config('pumpflix.user_id', coalesce(p_user_id::text, ''), true);
    IF p_as_runtime_role THEN
        PERFORM set_config('role', 'pumpflix_runtime', true);
    END IF;
END
$$;

-- A workflow of the organization entered, read after entering (row-level security applies).
CREATE FUNCTION pumpflix.find_workflow_in(p_organization_id uuid, p_user_id uuid, p_as_runtime_role boolean,
    p_workflow_id uuid)
RETURNS SETOF public.workflows
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pumpflix.enter_tenant(p_organization_id, p_user_id, p_as_runtime_role);
    RETURN QUERY SELECT * FROM public.workflows WHERE id = p_workflow_id;
END
$$;

-- pumpflix.log_execution (V16) after entering the organization.
CREATE FUNCTION pumpflix.log_execution_in(p_organization_id uuid, p_user_id uuid, p_as_runtime_role boolean,
    p_workflow_id uuid, p_status text, p_input_data jsonb, p_output_data jsonb)
RETURNS SETOF public.workflow_executions
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pumpflix.enter_tenant(p_organization_id, p_user_id, p_as_runtime_role);
    RETURN QUERY SELECT * FROM pumpflix.log_execution(p_workflow_id, p_status, p_input_data, p_output_data);
END
$$;
