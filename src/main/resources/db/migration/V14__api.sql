-- What the HTTP API needs beyond the document: bearer tokens, an order for executions, the
-- execution lifecycle and installing a marketplace template across organizations.

-- Opaque bearer tokens, stored only as a SHA-256 hash, with expiry and revocation.
CREATE TABLE public.api_tokens (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash BYTEA NOT NULL UNIQUE,
    user_id UUID NOT NULL REFERENCES public.users(id),
    organization_id UUID NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_user_idx ON public.api_tokens (user_id);
ALTER TABLE public.api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.api_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON public.api_tokens
    USING ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()))
    WITH CHECK ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()));

-- A request knows only its token; this finds whose it is (a live token of a current member).
CREATE FUNCTION pumpflix.resolve_api_token(p_hash bytea)
RETURNS TABLE (user_id uuid, organization_id uuid, role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT u.id, u.organization_id, u.role
    FROM public.api_tokens t JOIN public.users u ON u.id = t.user_id
    WHERE t.token_hash = p_hash AND t.revoked_at IS NULL AND t.expires_at > (now() AT TIME ZONE 'UTC')
      AND u.organization_id = t.organization_id
$$;
REVOKE ALL ON FUNCTION pumpflix.resolve_api_token(bytea) FROM PUBLIC;

-- When an execution was logged: the order of execution lists (queued ones have no start yet).
ALTER TABLE public.workflow_executions
    ADD COLUMN logged_at TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC');
CREATE INDEX workflow_executions_org_logged_idx
    ON public.workflow_executions (organization_id, logged_at DESC, id DESC);
CREATE INDEX workflow_executions_workflow_logged_idx
    ON public.workflow_executions (workflow_id, logged_at DESC, id DESC);
CREATE INDEX workflow_executions_org_status_logged_idx
    ON public.workflow_executions (organization_id, status, logged_at DESC, id DESC);

-- The lifecycle: queued -> running | cancelled; running -> success | error | cancelled.
-- A finished execution never changes again.
CREATE FUNCTION pumpflix.advance_execution(p_execution_id uuid, p_status text, p_output_data jsonb)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_current text;
    v_now timestamp := pumpflix.utc_now();
BEGIN
    PERFORM pumpflix.require_one_of(p_status, 'p_status', ARRAY['queued', 'running', 'success', 'error', 'cancelled']);
    PERFORM pumpflix.require_present(p_execution_id, 'p_execution_id');
    SELECT status INTO v_current FROM public.workflow_executions WHERE id = p_execution_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'p_execution_id: execution % does not exist', p_execution_id USING ERRCODE = 'P0002';
    END IF;
    IF NOT ((v_current = 'queued' AND p_status IN ('running', 'cancelled'))
            OR (v_current = 'running' AND p_status IN ('success', 'error', 'cancelled'))) THEN
        RAISE EXCEPTION 'p_status: execution % cannot go from % to %', p_execution_id, coalesce(v_current, 'NULL'), p_status
            USING ERRCODE = '55000';
    END IF;
    UPDATE public.workflow_executions
    SET status = p_status,
        started_at = CASE WHEN p_status = 'running' THEN v_now ELSE started_at END,
        finished_at = CASE WHEN p_status IN ('success', 'error', 'cancelled') THEN v_now END,
        output_data = coalesce(p_output_data, output_data)
    WHERE id = p_execution_id;
END
$$;

-- Installs a marketplace template into the caller's organization: copies the published
-- workflow's current definition (which the caller's role cannot read directly) and counts one
-- download. The template row is locked, so concurrent installs count exactly.
CREATE FUNCTION pumpflix.install_template(p_template_id uuid, p_user_id uuid) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_org uuid := pumpflix.current_org();
    v_source record;
    v_workflow_id uuid;
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'install_template needs the organization of the transaction' USING ERRCODE = '42501';
    END IF;
    PERFORM pumpflix.require_member(p_user_id, 'p_user_id', v_org);
    PERFORM pumpflix.require_present(p_template_id, 'p_template_id');
    SELECT w.name, w.description, v.json_schema INTO v_source
    FROM public.templates t
    JOIN public.workflows w ON w.id = t.workflow_id
    LEFT JOIN public.workflow_versions v ON v.id = w.current_version_id
    WHERE t.id = p_template_id
    FOR UPDATE OF t;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'p_template_id: template % does not exist', p_template_id USING ERRCODE = 'P0002';
    END IF;
    IF v_source.json_schema IS NULL THEN
        RAISE EXCEPTION 'p_template_id: the workflow of template % has no version to install', p_template_id
            USING ERRCODE = '22023';
    END IF;
    UPDATE public.templates SET downloads = downloads + 1 WHERE id = p_template_id;
    CALL public.create_workflow(v_org, p_user_id, v_source.name, v_source.description, v_source.json_schema,
                                v_workflow_id);
    RETURN v_workflow_id;
END
$$;
REVOKE ALL ON FUNCTION pumpflix.install_template(uuid, uuid) FROM PUBLIC;
