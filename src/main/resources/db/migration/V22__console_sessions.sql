-- The web console's sessions are tokens of their own: a console token is not a bearer token of
-- the API and an API token cannot become a console session (docs/console.md).
ALTER TABLE public.api_tokens ADD COLUMN purpose text NOT NULL DEFAULT 'api'
    CONSTRAINT api_tokens_purpose_known CHECK (purpose IN ('api', 'console'));

DROP FUNCTION pumpflix.resolve_api_token(bytea);
CREATE FUNCTION pumpflix.resolve_api_token(p_hash bytea, p_purpose text)
RETURNS TABLE (user_id uuid, organization_id uuid, role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT u.id, u.organization_id, u.role
    FROM public.api_tokens t JOIN public.users u ON u.id = t.user_id
    WHERE t.token_hash = p_hash AND t.purpose = p_purpose AND t.revoked_at IS NULL
      AND t.expires_at > (now() AT TIME ZONE 'UTC') AND u.organization_id = t.organization_id
$$;
REVOKE ALL ON FUNCTION pumpflix.resolve_api_token(bytea, text) FROM PUBLIC;
