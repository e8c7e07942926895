-- The append-only audit trail of sensitive operations, and the two sign-in look-ups that must
-- work before an organization is known. See docs/security.md.

CREATE TABLE public.audit_log (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id UUID,
    actor_id UUID,
    action TEXT NOT NULL CONSTRAINT audit_log_action_format CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
    target_type TEXT,
    target_id UUID,
    details JSONB NOT NULL DEFAULT '{}' CONSTRAINT audit_log_details_object CHECK (jsonb_typeof(details) = 'object'),
    created_at TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);
CREATE INDEX audit_log_organization_time_idx ON public.audit_log (organization_id, created_at DESC, id DESC);

-- Append-only for everyone, the owner included: rows are never changed, deleted or truncated.
CREATE FUNCTION pumpflix.refuse_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % is not allowed', TG_OP USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON public.audit_log
    FOR EACH ROW EXECUTE FUNCTION pumpflix.refuse_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION pumpflix.refuse_audit_change();

ALTER TABLE public.audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON public.audit_log FOR SELECT
    USING ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()));
CREATE POLICY tenant_append ON public.audit_log FOR INSERT
    WITH CHECK ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()));

-- Sign-in looks a user up by email before any organization is set. Runs as the tables' owner
-- and returns only the one account asked for.
CREATE FUNCTION pumpflix.sign_in_account(p_email text)
RETURNS TABLE (user_id uuid, organization_id uuid, role text, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT u.id, u.organization_id, u.role, u.password_hash FROM public.users u WHERE lower(u.email) = lower(p_email)
$$;

-- Records a sign-in attempt in the organization of the account (none for an unknown email).
CREATE FUNCTION pumpflix.audit_sign_in(p_email text, p_user_id uuid, p_succeeded boolean) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO public.audit_log (organization_id, actor_id, action, target_type, target_id, details)
    VALUES ((SELECT u.organization_id FROM public.users u WHERE u.id = p_user_id), p_user_id,
            CASE WHEN p_succeeded THEN 'sign_in.succeeded' ELSE 'sign_in.failed' END, 'user', p_user_id,
            jsonb_build_object('email', p_email))
$$;

REVOKE ALL ON FUNCTION pumpflix.sign_in_account(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION pumpflix.audit_sign_in(text, uuid, boolean) FROM PUBLIC;

-- How many credentials each key id protects, across organizations, for the start-up check and
-- `keys status`; reveals no ciphertext.
CREATE FUNCTION pumpflix.credential_key_usage()
RETURNS TABLE (key_id text, credentials bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT split_part(c.encrypted_value, ':', 2), count(*) FROM public.credentials c GROUP BY 1 ORDER BY 1
$$;
REVOKE ALL ON FUNCTION pumpflix.credential_key_usage() FROM PUBLIC;
