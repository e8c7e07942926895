-- Checks shared by the documented routines, so that every routine validates the same way and
-- names the offending parameter in its message. SQLSTATEs follow shared/spec/behaviour.md:
-- 22023 invalid value, P0002 missing row, 42501 actor outside the target's organization.

-- The transaction time in UTC, as stored in the documented TIMESTAMP columns.
CREATE FUNCTION pumpflix.utc_now() RETURNS timestamp
LANGUAGE sql STABLE AS $$ SELECT (now() AT TIME ZONE 'UTC') $$;

CREATE FUNCTION pumpflix.require_present(p_value anyelement, p_param text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_value IS NULL THEN
        RAISE EXCEPTION '%: must not be null', p_param USING ERRCODE = '22023';
    END IF;
END
$$;

-- A text that is neither NULL nor blank (white space only), returned without surrounding white space.
CREATE FUNCTION pumpflix.require_text(p_value text, p_param text, p_max_length int DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v_trimmed text := regexp_replace(p_value, '^\s+|\s+$', '', 'g');
BEGIN
    IF v_trimmed IS NULL OR v_trimmed = '' THEN
        RAISE EXCEPTION '%: must not be blank', p_param USING ERRCODE = '22023';
    END IF;
    IF p_max_length IS NOT NULL AND char_length(v_trimmed) > p_max_length THEN
        RAISE EXCEPTION '%: must be at most % characters, got %', p_param, p_max_length, char_length(v_trimmed)
            USING ERRCODE = '22023';
    END IF;
    RETURN v_trimmed;
END
$$;

CREATE FUNCTION pumpflix.require_one_of(p_value text, p_param text, p_allowed text[]) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_value IS NULL OR NOT (p_value = ANY (p_allowed)) THEN
        RAISE EXCEPTION '%: must be one of %, got %', p_param, array_to_string(p_allowed, ', '),
            coalesce(quote_literal(p_value), 'NULL')
            USING ERRCODE = '22023';
    END IF;
END
$$;

CREATE FUNCTION pumpflix.require_json_object(p_value jsonb, p_param text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_value IS NULL OR jsonb_typeof(p_value) <> 'object' THEN
        RAISE EXCEPTION '%: must be a JSON object, got %', p_param, coalesce(jsonb_typeof(p_value), 'NULL')
            USING ERRCODE = '22023';
    END IF;
END
$$;

CREATE FUNCTION pumpflix.require_organization(p_org_id uuid, p_param text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM pumpflix.require_present(p_org_id, p_param);
    PERFORM 1 FROM public.organizations WHERE id = p_org_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION '%: organization % does not exist', p_param, p_org_id USING ERRCODE = 'P0002';
    END IF;
END
$$;

-- The organization of an existing user (NULL when the user belongs to none).
CREATE FUNCTION pumpflix.user_organization(p_user_id uuid, p_param text) RETURNS uuid
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_org uuid;
BEGIN
    PERFORM pumpflix.require_present(p_user_id, p_param);
    SELECT organization_id INTO v_org FROM public.users WHERE id = p_user_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION '%: user % does not exist', p_param, p_user_id USING ERRCODE = 'P0002';
    END IF;
    RETURN v_org;
END
$$;

CREATE FUNCTION pumpflix.workflow_organization(p_workflow_id uuid, p_param text) RETURNS uuid
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_org uuid;
BEGIN
    PERFORM pumpflix.require_present(p_workflow_id, p_param);
    SELECT organization_id INTO v_org FROM public.workflows WHERE id = p_workflow_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION '%: workflow % does not exist', p_param, p_workflow_id USING ERRCODE = 'P0002';
    END IF;
    RETURN v_org;
END
$$;

-- The actor (a user) must belong to the organization that owns the target.
CREATE FUNCTION pumpflix.require_member(p_user_id uuid, p_param text, p_target_org uuid) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_user_org uuid := pumpflix.user_organization(p_user_id, p_param);
BEGIN
    IF v_user_org IS NULL OR v_user_org IS DISTINCT FROM p_target_org THEN
        RAISE EXCEPTION '%: user % is not a member of the organization that owns the target', p_param, p_user_id
            USING ERRCODE = '42501';
    END IF;
END
$$;
