-- AI prompt templates (shared/spec/behaviour.md, "Routines").

CREATE PROCEDURE public.save_ai_prompt_template(
    IN p_user_id UUID,
    IN p_title TEXT,
    IN p_prompt_body TEXT,
    OUT p_template_id UUID
)
LANGUAGE plpgsql AS $$
DECLARE
    v_title text := pumpflix.require_text(p_title, 'p_title', 200);
BEGIN
    -- The body is kept exactly as written (no trimming), but a blank body is no prompt.
    PERFORM pumpflix.require_text(p_prompt_body, 'p_prompt_body');
    IF char_length(p_prompt_body) > 100000 THEN
        RAISE EXCEPTION 'p_prompt_body: must be at most 100000 characters, got %', char_length(p_prompt_body)
            USING ERRCODE = '22023';
    END IF;
    PERFORM pumpflix.user_organization(p_user_id, 'p_user_id');

    INSERT INTO public.ai_prompt_templates (user_id, title, prompt_body, created_at)
    VALUES (p_user_id, v_title, p_prompt_body, pumpflix.utc_now())
    RETURNING id INTO p_template_id;
END
$$;
