-- Workflow management: create, clone, archive (shared/spec/behaviour.md, "Routines").

CREATE PROCEDURE public.create_workflow(
    IN p_org_id UUID,
    IN p_user_id UUID,
    IN p_name TEXT,
    IN p_description TEXT,
    IN p_json_schema JSONB,
    OUT p_workflow_id UUID
)
LANGUAGE plpgsql AS $$
DECLARE
    v_name text := pumpflix.require_text(p_name, 'p_name');
    v_version_id uuid;
    v_now timestamp := pumpflix.utc_now();
BEGIN
    PERFORM pumpflix.require_json_object(p_json_schema, 'p_json_schema');
    PERFORM pumpflix.require_organization(p_org_id, 'p_org_id');
    PERFORM pumpflix.require_member(p_user_id, 'p_user_id', p_org_id);

    INSERT INTO public.workflows (organization_id, name, description, is_template, is_archived, created_by, created_at)
    VALUES (p_org_id, v_name, p_description, false, false, p_user_id, v_now)
    RETURNING id INTO p_workflow_id;

    INSERT INTO public.workflow_versions (workflow_id, json_schema, created_by, created_at)
    VALUES (p_workflow_id, p_json_schema, p_user_id, v_now)
    RETURNING id INTO v_version_id;

    UPDATE public.workflows SET current_version_id = v_version_id WHERE id = p_workflow_id;
END
$$;

CREATE PROCEDURE public.clone_workflow(
    IN p_original_workflow_id UUID,
    IN p_cloned_by UUID,
    OUT p_new_workflow_id UUID
)
LANGUAGE plpgsql AS $$
DECLARE
    v_original public.workflows%ROWTYPE;
    v_json jsonb;
    v_version_id uuid;
    v_now timestamp := pumpflix.utc_now();
BEGIN
    PERFORM pumpflix.require_present(p_original_workflow_id, 'p_original_workflow_id');
    SELECT * INTO v_original FROM public.workflows WHERE id = p_original_workflow_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'p_original_workflow_id: workflow % does not exist', p_original_workflow_id
            USING ERRCODE = 'P0002';
    END IF;
    PERFORM pumpflix.require_member(p_cloned_by, 'p_cloned_by', v_original.organization_id);

    -- The current version's JSON; a workflow written without routines may lack a current
    -- version, then its newest version serves, and a workflow with no version is copied bare.
    SELECT json_schema INTO v_json FROM public.workflow_versions
    WHERE workflow_id = p_original_workflow_id
    ORDER BY (id = v_original.current_version_id) DESC, created_at DESC, id DESC
    LIMIT 1;

    INSERT INTO public.workflows (organization_id, name, description, is_template, is_archived, created_by, created_at)
    VALUES (v_original.organization_id, v_original.name || ' (copy)', v_original.description,
            false, false, p_cloned_by, v_now)
    RETURNING id INTO p_new_workflow_id;

    IF v_json IS NOT NULL THEN
        INSERT INTO public.workflow_versions (workflow_id, json_schema, created_by, created_at)
        VALUES (p_new_workflow_id, v_json, p_cloned_by, v_now)
        RETURNING id INTO v_version_id;
        UPDATE public.workflows SET current_version_id = v_version_id WHERE id = p_new_workflow_id;
    END IF;
END
$$;

CREATE PROCEDURE public.archive_workflow(
    IN p_workflow_id UUID
)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pumpflix.workflow_organization(p_workflow_id, 'p_workflow_id');
    UPDATE public.workflows SET is_archived = true
    WHERE id = p_workflow_id AND is_archived IS DISTINCT FROM true;
END
$$;
