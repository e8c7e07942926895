-- Execution logging (shared/spec/behaviour.md, "Routines").

CREATE PROCEDURE public.log_workflow_execution(
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
    PERFORM pumpflix.require_one_of(p_status, 'p_status',
        ARRAY['queued', 'running', 'success', 'error', 'cancelled']);
    -- Archived workflows still log: an execution under way when it was archived is not lost.
    PERFORM pumpflix.workflow_organization(p_workflow_id, 'p_workflow_id');

    INSERT INTO public.workflow_executions (workflow_id, status, input_data, output_data, started_at, finished_at)
    VALUES (p_workflow_id, p_status, p_input_data, p_output_data,
            CASE WHEN p_status = 'queued' THEN NULL ELSE v_now END,
            CASE WHEN p_status IN ('success', 'error', 'cancelled') THEN v_now END)
    RETURNING id INTO p_execution_id;
END
$$;
