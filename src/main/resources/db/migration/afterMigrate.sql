-- Runs after every `migrate` (a Flyway callback), so that it can be repeated safely and catch up
-- when a DBA creates the role later: the service's runtime role and its least privileges.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pumpflix_runtime') THEN
        BEGIN
            CREATE ROLE pumpflix_runtime NOLOGIN;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'role pumpflix_runtime is missing and % may not create it: ask a DBA to run CREATE ROLE pumpflix_runtime NOLOGIN, then migrate again', current_user;
            RETURN;
        END;
    END IF;

    GRANT USAGE ON SCHEMA public, pumpflix TO pumpflix_runtime;
    GRANT SELECT, INSERT, UPDATE ON public.organizations, public.users, public.workflows, public.invoices,
        public.websocket_sessions, public.templates TO pumpflix_runtime;
    GRANT DELETE ON public.users, public.templates TO pumpflix_runtime;
    GRANT SELECT, INSERT, UPDATE, DELETE ON public.credentials, public.ai_prompt_templates TO pumpflix_runtime;
    GRANT SELECT, INSERT ON public.workflow_versions, public.credential_usage_logs, public.audit_log TO pumpflix_runtime;
    GRANT SELECT, INSERT, UPDATE, DELETE ON public.workflow_executions TO pumpflix_runtime;
    GRANT SELECT, INSERT, UPDATE ON public.api_tokens TO pumpflix_runtime;
    GRANT SELECT, INSERT, UPDATE ON pumpflix.execution_counts TO pumpflix_runtime;
    GRANT SELECT, INSERT, UPDATE ON pumpflix.execution_nodes TO pumpflix_runtime;
    GRANT SELECT, INSERT, UPDATE, DELETE ON pumpflix.runs, pumpflix.webhooks TO pumpflix_runtime;
    -- schedules follow current versions through a trigger of the committing transaction;
    -- db-scheduler's own table is the owner's alone (it spans organizations)
    GRANT SELECT, INSERT, DELETE ON pumpflix.schedules TO pumpflix_runtime;
    GRANT SELECT ON pumpflix.installed_versions TO pumpflix_runtime;
    -- plans are the operator's; an owner's plan change moves the subscription in its tenant transaction
    GRANT SELECT ON pumpflix.plans, pumpflix.invoice_lines, pumpflix.billed_months TO pumpflix_runtime;
    GRANT SELECT, INSERT, UPDATE ON pumpflix.subscriptions TO pumpflix_runtime;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public, pumpflix TO pumpflix_runtime;
    GRANT EXECUTE ON ALL PROCEDURES IN SCHEMA public TO pumpflix_runtime;
END
$$;
