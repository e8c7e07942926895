-- Organization isolation enforced by PostgreSQL (row-level security). See docs/security.md.
--
-- The tenant of a transaction is set by the service with
--   set_config('pumpflix.org_id', <uuid>, true), set_config('pumpflix.user_id', <uuid>, true)
-- (transaction-local, never session-level). Roles that own the tables (the migrating role, and
-- superusers) are unrestricted, so the documented routines keep working for a DBA with no
-- session setting at all. Every other role, the service's runtime role pumpflix_runtime among
-- them, sees and writes only the rows of the organization set for its transaction, and nothing
-- at all when none is set. Grants to pumpflix_runtime are in afterMigrate.sql.

CREATE FUNCTION pumpflix.current_org() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('pumpflix.org_id', true), '')::uuid $$;

CREATE FUNCTION pumpflix.current_actor() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('pumpflix.user_id', true), '')::uuid $$;

-- True for the role that ran the migrations (the tables' owner) and the roles that act as it.
DO $$
BEGIN
    EXECUTE format(
        'CREATE FUNCTION pumpflix.unrestricted() RETURNS boolean LANGUAGE sql STABLE AS %L',
        format('SELECT pg_has_role(current_user, %L, ''USAGE'')', current_user));
END
$$;

-- Child tables get the organization of their parent, filled by a trigger, so that the policies
-- stay a plain indexed comparison and an insert written against the document still works.
ALTER TABLE public.workflow_versions ADD COLUMN organization_id UUID;
ALTER TABLE public.workflow_executions ADD COLUMN organization_id UUID;
ALTER TABLE public.websocket_sessions ADD COLUMN organization_id UUID;
ALTER TABLE public.templates ADD COLUMN organization_id UUID;
ALTER TABLE public.ai_prompt_templates ADD COLUMN organization_id UUID;
ALTER TABLE public.credential_usage_logs ADD COLUMN organization_id UUID;

CREATE FUNCTION pumpflix.workflow_org_or_null(p_workflow_id uuid) RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT organization_id FROM public.workflows WHERE id = p_workflow_id $$;

CREATE FUNCTION pumpflix.user_org_or_null(p_user_id uuid) RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT organization_id FROM public.users WHERE id = p_user_id $$;

-- Always derived from the parent, never taken from the caller: it cannot be forged.
CREATE FUNCTION pumpflix.organization_from_workflow() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.organization_id := pumpflix.workflow_org_or_null(NEW.workflow_id);
    RETURN NEW;
END
$$;

CREATE FUNCTION pumpflix.organization_from_session() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The workflow decides; only a session without one takes its user's organization. (A
    -- workflow the caller cannot see yields NULL, which the policy refuses.)
    NEW.organization_id := CASE WHEN NEW.workflow_id IS NOT NULL THEN pumpflix.workflow_org_or_null(NEW.workflow_id)
                                ELSE pumpflix.user_org_or_null(NEW.user_id) END;
    RETURN NEW;
END
$$;

CREATE FUNCTION pumpflix.organization_from_template() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.organization_id := CASE WHEN NEW.workflow_id IS NOT NULL THEN pumpflix.workflow_org_or_null(NEW.workflow_id)
                                ELSE pumpflix.user_org_or_null(NEW.created_by) END;
    RETURN NEW;
END
$$;

CREATE FUNCTION pumpflix.organization_from_author() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.organization_id := pumpflix.user_org_or_null(NEW.user_id);
    RETURN NEW;
END
$$;

CREATE FUNCTION pumpflix.organization_from_credential() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.organization_id := (SELECT organization_id FROM public.credentials WHERE id = NEW.credential_id);
    RETURN NEW;
END
$$;

CREATE TRIGGER workflow_versions_organization BEFORE INSERT OR UPDATE OF workflow_id, organization_id
    ON public.workflow_versions FOR EACH ROW EXECUTE FUNCTION pumpflix.organization_from_workflow();
CREATE TRIGGER workflow_executions_organization BEFORE INSERT OR UPDATE OF workflow_id, organization_id
    ON public.workflow_executions FOR EACH ROW EXECUTE FUNCTION pumpflix.organization_from_workflow();
CREATE TRIGGER websocket_sessions_organization BEFORE INSERT OR UPDATE OF workflow_id, user_id, organization_id
    ON public.websocket_sessions FOR EACH ROW EXECUTE FUNCTION pumpflix.organization_from_session();
CREATE TRIGGER templates_organization BEFORE INSERT OR UPDATE OF workflow_id, created_by, organization_id
    ON public.templates FOR EACH ROW EXECUTE FUNCTION pumpflix.organization_from_template();
CREATE TRIGGER ai_prompt_templates_organization BEFORE INSERT OR UPDATE OF user_id, organization_id
    ON public.ai_prompt_templates FOR EACH ROW EXECUTE FUNCTION pumpflix.organization_from_author();
CREATE TRIGGER credential_usage_logs_organization BEFORE INSERT OR UPDATE OF credential_id, organization_id
    ON public.credential_usage_logs FOR EACH ROW EXECUTE FUNCTION pumpflix.organization_from_credential();

-- Rows written before this migration (the versions are immutable, so they are filled directly).
ALTER TABLE public.workflow_versions DISABLE TRIGGER workflow_versions_immutable;
UPDATE public.workflow_versions SET organization_id = NULL;
ALTER TABLE public.workflow_versions ENABLE TRIGGER workflow_versions_immutable;
UPDATE public.workflow_executions SET organization_id = NULL;
UPDATE public.websocket_sessions SET organization_id = NULL;
UPDATE public.templates SET organization_id = NULL;
UPDATE public.ai_prompt_templates SET organization_id = NULL;
UPDATE public.credential_usage_logs SET organization_id = NULL;

CREATE INDEX workflow_versions_organization_idx ON public.workflow_versions (organization_id);
CREATE INDEX workflow_executions_organization_idx ON public.workflow_executions (organization_id);
CREATE INDEX websocket_sessions_organization_idx ON public.websocket_sessions (organization_id);
CREATE INDEX templates_organization_idx ON public.templates (organization_id);
CREATE INDEX ai_prompt_templates_organization_idx ON public.ai_prompt_templates (organization_id);
CREATE INDEX credential_usage_logs_organization_idx ON public.credential_usage_logs (organization_id);
CREATE INDEX invoices_organization_idx ON public.invoices (organization_id);
CREATE INDEX users_organization_idx ON public.users (organization_id);

-- Policies: enabled and forced on every table that holds tenant data.
DO $$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['users', 'workflows', 'workflow_versions', 'workflow_executions', 'invoices',
                                   'credentials', 'credential_usage_logs', 'websocket_sessions'] LOOP
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', v_table);
        EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', v_table);
        EXECUTE format('CREATE POLICY tenant_isolation ON public.%I
            USING ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()))
            WITH CHECK ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()))',
            v_table);
    END LOOP;
END
$$;

ALTER TABLE public.organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.organizations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON public.organizations
    USING ((SELECT pumpflix.unrestricted()) OR id = (SELECT pumpflix.current_org()))
    WITH CHECK ((SELECT pumpflix.unrestricted()) OR id = (SELECT pumpflix.current_org()));

-- AI prompt templates are private to their author, inside the author's organization.
ALTER TABLE public.ai_prompt_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.ai_prompt_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY author_only ON public.ai_prompt_templates
    USING ((SELECT pumpflix.unrestricted())
           OR (organization_id = (SELECT pumpflix.current_org()) AND user_id = (SELECT pumpflix.current_actor())))
    WITH CHECK ((SELECT pumpflix.unrestricted())
           OR (organization_id = (SELECT pumpflix.current_org()) AND user_id = (SELECT pumpflix.current_actor())));

-- Templates are the marketplace: every organization may browse them; only the publishing
-- organization may change them.
ALTER TABLE public.templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.templates FORCE ROW LEVEL SECURITY;
CREATE POLICY marketplace_browse ON public.templates FOR SELECT USING (true);
CREATE POLICY publisher_insert ON public.templates FOR INSERT
    WITH CHECK ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()));
CREATE POLICY publisher_update ON public.templates FOR UPDATE
    USING ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()))
    WITH CHECK ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()));
CREATE POLICY publisher_delete ON public.templates FOR DELETE
    USING ((SELECT pumpflix.unrestricted()) OR organization_id = (SELECT pumpflix.current_org()));

-- An organization always keeps at least one owner. The organization row is locked first, so
-- that two concurrent demotions of its last two owners cannot both succeed.
CREATE FUNCTION pumpflix.keep_an_owner() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.role = 'owner' AND OLD.organization_id IS NOT NULL
       AND (TG_OP = 'DELETE' OR NEW.role IS DISTINCT FROM 'owner'
            OR NEW.organization_id IS DISTINCT FROM OLD.organization_id) THEN
        PERFORM 1 FROM public.organizations WHERE id = OLD.organization_id FOR UPDATE;
        IF NOT EXISTS (SELECT 1 FROM public.users
                       WHERE organization_id = OLD.organization_id AND role = 'owner' AND id <> OLD.id) THEN
            RAISE EXCEPTION 'user %: the last owner of organization % cannot stop being its owner', OLD.id,
                OLD.organization_id USING ERRCODE = '55000';
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER users_keep_an_owner AFTER UPDATE OF role, organization_id OR DELETE ON public.users
    FOR EACH ROW EXECUTE FUNCTION pumpflix.keep_an_owner();
