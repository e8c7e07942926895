-- Additions that serve the document's promises (integrity, UTC time). Each is listed in docs/schema.md.
-- "Blank" means no character other than white space: a value must match '\S'.

-- Time is UTC: every new session of this database gets TimeZone=UTC, so now() stored in a
-- TIMESTAMP column is UTC whatever client connects. Needs ownership of the database; where the
-- migrating role lacks it we say so and carry on (the service also sets UTC on its own sessions).
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET TimeZone = %L', current_database(), 'UTC');
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'could not set TimeZone=UTC on database %: %', current_database(), SQLERRM;
END
$$;

-- Internal helpers of the routines live in their own schema, out of the documented public one.
CREATE SCHEMA IF NOT EXISTS pumpflix;

ALTER TABLE public.organizations
    ADD CONSTRAINT organizations_name_not_blank CHECK (name ~ '\S');

ALTER TABLE public.users
    ALTER COLUMN role SET NOT NULL,
    ADD CONSTRAINT users_role_known CHECK (role IN ('owner', 'admin', 'user', 'viewer')),
    ADD CONSTRAINT users_email_not_blank CHECK (email ~ '\S');
CREATE UNIQUE INDEX users_email_lower_key ON public.users (lower(email));

ALTER TABLE public.workflows
    ADD CONSTRAINT workflows_name_not_blank CHECK (name ~ '\S');

-- The current version must be a version of this very workflow.
ALTER TABLE public.workflow_versions
    ADD CONSTRAINT workflow_versions_workflow_id_id_key UNIQUE (workflow_id, id);
ALTER TABLE public.workflows
    ADD CONSTRAINT workflows_current_version_fkey
        FOREIGN KEY (id, current_version_id) REFERENCES public.workflow_versions (workflow_id, id);

-- Versions are immutable: once written, a version never changes.
CREATE FUNCTION pumpflix.refuse_version_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'workflow version % is immutable: commit a new version instead', OLD.id
        USING ERRCODE = '55000';
END
$$;
CREATE TRIGGER workflow_versions_immutable
    BEFORE UPDATE ON public.workflow_versions
    FOR EACH ROW EXECUTE FUNCTION pumpflix.refuse_version_update();

ALTER TABLE public.workflow_executions
    ADD CONSTRAINT workflow_executions_status_known
        CHECK (status IN ('queued', 'running', 'success', 'error', 'cancelled'));

ALTER TABLE public.invoices
    ADD CONSTRAINT invoices_status_known
        CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    ADD CONSTRAINT invoices_amount_not_negative CHECK (amount_cents >= 0),
    ADD CONSTRAINT invoices_period_ordered CHECK (billing_period_start <= billing_period_end);

ALTER TABLE public.ai_prompt_templates
    ADD CONSTRAINT ai_prompt_templates_title_length
        CHECK (title ~ '\S' AND char_length(title) <= 200),
    ADD CONSTRAINT ai_prompt_templates_body_length
        CHECK (prompt_body ~ '\S' AND char_length(prompt_body) <= 100000);

ALTER TABLE public.credentials
    ADD CONSTRAINT credentials_name_not_blank CHECK (name ~ '\S'),
    ADD CONSTRAINT credentials_type_not_blank CHECK (type ~ '\S');

-- When a session ended; and one active session per connection id, enforced under concurrency.
ALTER TABLE public.websocket_sessions
    ADD COLUMN ended_at TIMESTAMP,
    ADD CONSTRAINT websocket_sessions_connection_not_blank CHECK (connection_id ~ '\S');
CREATE UNIQUE INDEX websocket_sessions_active_connection_key
    ON public.websocket_sessions (connection_id) WHERE is_active;

ALTER TABLE public.templates
    ADD CONSTRAINT templates_downloads_not_negative CHECK (downloads >= 0),
    ADD CONSTRAINT templates_price_not_negative CHECK (price_cents >= 0);
