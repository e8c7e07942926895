-- Templates made from workflows (shared/spec/behaviour.md, "Routines").

CREATE PROCEDURE public.create_template_from_workflow(
    IN p_workflow_id UUID,
    IN p_created_by UUID,
    OUT p_template_id UUID
)
LANGUAGE plpgsql AS $$
DECLARE
    v_workflow public.workflows%ROWTYPE;
BEGIN
    PERFORM pumpflix.require_present(p_workflow_id, 'p_workflow_id');
    -- Locked, so that an archive cannot slip in between the check and the insert.
    SELECT * INTO v_workflow FROM public.workflows WHERE id = p_workflow_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'p_workflow_id: workflow % does not exist', p_workflow_id USING ERRCODE = 'P0002';
    END IF;
    -- Membership first: an outsider learns nothing about the workflow, not even that it is archived.
    PERFORM pumpflix.require_member(p_created_by, 'p_created_by', v_workflow.organization_id);
    IF v_workflow.is_archived THEN
        RAISE EXCEPTION 'p_workflow_id: workflow % is archived', p_workflow_id USING ERRCODE = '22023';
    END IF;

    INSERT INTO public.templates (workflow_id, name, description, created_by, created_at, downloads, price_cents)
    VALUES (p_workflow_id, v_workflow.name, v_workflow.description, p_created_by, pumpflix.utc_now(), 0, 0)
    RETURNING id INTO p_template_id;

    UPDATE public.workflows SET is_template = true
    WHERE id = p_workflow_id AND is_template IS DISTINCT FROM true;
END
$$;
