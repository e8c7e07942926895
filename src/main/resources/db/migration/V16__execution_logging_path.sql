-- The hot path of execution logging.

-- (organization_id) alone is a prefix of (organization_id, logged_at DESC, id DESC): one index
-- less to maintain on every execution insert.
DROP INDEX public.workflow_executions_organization_idx;

-- Logs an execution through the documented routine and returns the whole row, in one round trip
-- for the service (the routine only returns the id).
CREATE FUNCTION pumpflix.log_execution(p_workflow_id uuid, p_status text, p_input_data jsonb, p_output_data jsonb)
RETURNS SETOF public.workflow_executions
LANGUAGE plpgsql AS $$
DECLARE
    v_id uuid;
BEGIN
    CALL public.log_workflow_execution(p_workflow_id, p_status, p_input_data, p_output_data, v_id);
    RETURN QUERY SELECT * FROM public.workflow_executions WHERE id = v_id;
END
$$;
