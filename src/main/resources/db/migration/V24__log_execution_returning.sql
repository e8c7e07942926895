-- pumpflix.log_execution (V16), the API's way to log one execution (also through
-- log_execution_in, V23), called the documented procedure and then read the new row back by id.
-- It now makes the procedure's checks with the same helpers and returns the row from the insert
-- itself: one PL/pgSQL call and one index lookup less per execution (docs/scaling.md). The
-- documented procedure log_workflow_execution is unchanged; a change to its rule must be made
-- here too (ExecutionRoutinesTest compares the two).
CREATE OR REPLACE FUNCTION pumpflix.log_execution(p_workflow_id uuid, p_status text, p_input_data jsonb,
    p_output_data jsonb)
RETURNS SETOF public.workflow_executions
LANGUAGE plpgsql AS $$
DECLARE
    v_now timestamp := pumpflix.utc_now();
BEGIN
    PERFORM pumpflix.require_one_of(p_status, 'p_status', pumpflix.execution_statuses());
    -- Archived workflows still log: an execution under way when it was archived is not lost.
    PERFORM pumpflix.workflow_organization(p_workflow_id, 'p_workflow_id');
    RETURN QUERY
    INSERT INTO public.workflow_executions (workflow_id, status, input_data, output_data, started_at, finished_at)
    VALUES (p_workflow_id, p_status, p_input_data, p_output_data, pumpflix.execution_started_at(p_status, v_now),
            pumpflix.execution_finished_at(p_status, v_now))
    RETURNING *;
END
$$;
