-- Calls every documented routine with psql, as a client of the customer's document would, and
-- checks the answers of shared/spec/behaviour.md. Run by scripts/conformance.sh with ON_ERROR_STOP.
\set QUIET on
\pset format unaligned
\pset tuples_only on
\o /dev/null

CREATE FUNCTION pg_temp.expect_sqlstate(p_sql text, p_state text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_state text;
BEGIN
    BEGIN
        EXECUTE p_sql;
    EXCEPTION WHEN OTHERS THEN
        v_state := SQLSTATE;
    END;
    IF v_state IS DISTINCT FROM p_state THEN
        RAISE EXCEPTION 'expected SQLSTATE % from [%], got %', p_state, p_sql, coalesce(v_state, 'success');
    END IF;
END
$$;

CREATE FUNCTION pg_temp.check(p_ok boolean, p_what text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p_ok IS NOT TRUE THEN
        RAISE EXCEPTION 'check failed: %', p_what;
    END IF;
END
$$;

SELECT pg_temp.check(current_setting('TimeZone') = 'UTC', 'new sessions run in UTC');

INSERT INTO organizations (name) VALUES ('Acme') RETURNING id AS org \gset
INSERT INTO organizations (name) VALUES ('Rival') RETURNING id AS rival \gset
INSERT INTO users (email, organization_id, role) VALUES ('owner@acme.test', :'org', 'owner') RETURNING id AS owner \gset
INSERT INTO users (email, organization_id) VALUES ('user@acme.test', :'org') RETURNING id AS member \gset
INSERT INTO users (email, organization_id, role) VALUES ('owner@rival.test', :'rival', 'owner') RETURNING id AS stranger \gset
SELECT pg_temp.check(role = 'user', 'role defaults to user') FROM users WHERE id = :'member';

-- create_workflow
CALL create_workflow(:'org', :'owner', 'Sync', 'nightly', '{"nodes": []}', NULL) \gset
\set workflow :p_workflow_id
SELECT pg_temp.check(w.current_version_id = v.id AND v.json_schema = '{"nodes": []}' AND NOT w.is_template
                     AND NOT w.is_archived AND w.created_by = :'owner', 'create_workflow inserts workflow and version')
FROM workflows w JOIN workflow_versions v ON v.workflow_id = w.id WHERE w.id = :'workflow';
SELECT pg_temp.expect_sqlstate(format('CALL create_workflow(%L, %L, %L, NULL, %L, NULL)', gen_random_uuid(), :'owner', 'x', '{}'), 'P0002');
SELECT pg_temp.expect_sqlstate(format('CALL create_workflow(%L, %L, %L, NULL, %L, NULL)', :'org', gen_random_uuid(), 'x', '{}'), 'P0002');
SELECT pg_temp.expect_sqlstate(format('CALL create_workflow(%L, %L, %L, NULL, %L, NULL)', :'org', :'stranger', 'x', '{}'), '42501');
SELECT pg_temp.expect_sqlstate(format('CALL create_workflow(%L, %L, %L, NULL, %L, NULL)', :'org', :'owner', ' ', '{}'), '22023');
SELECT pg_temp.expect_sqlstate(format('CALL create_workflow(%L, %L, %L, NULL, %L, NULL)', :'org', :'owner', 'x', '[1]'), '22023');

-- log_workflow_execution
CALL log_workflow_execution(:'workflow', 'queued', '{"in": 1}', NULL, NULL) \gset
SELECT pg_temp.check(started_at IS NULL AND finished_at IS NULL, 'queued: no start, no finish')
FROM workflow_executions WHERE id = :'p_execution_id';
CALL log_workflow_execution(:'workflow', 'running', NULL, NULL, NULL) \gset
SELECT pg_temp.check(started_at IS NOT NULL AND finished_at IS NULL, 'running: started')
FROM workflow_executions WHERE id = :'p_execution_id';
CALL log_workflow_execution(:'workflow', 'success', NULL, '{"out": 2}', NULL) \gset
\set execution :p_execution_id
SELECT pg_temp.check(started_at IS NOT NULL AND finished_at = started_at, 'success: started and finished')
FROM workflow_executions WHERE id = :'execution';
SELECT pg_temp.expect_sqlstate(format('CALL log_workflow_execution(%L, %L, NULL, NULL, NULL)', gen_random_uuid(), 'success'), 'P0002');
SELECT pg_temp.expect_sqlstate(format('CALL log_workflow_execution(%L, %L, NULL, NULL, NULL)', :'workflow', 'done'), '22023');

-- create_invoice
CALL create_invoice(:'org', 1500, 'open', '2026-10-01', '2026-10-31', NULL) \gset
SELECT pg_temp.check(amount_cents = 1500 AND status = 'open', 'invoice stored') FROM invoices WHERE id = :'p_invoice_id';
SELECT pg_temp.expect_sqlstate(format('CALL create_invoice(%L, -1, %L, %L, %L, NULL)', :'org', 'open', '2026-10-01', '2026-10-31'), '22023');
SELECT pg_temp.expect_sqlstate(format('CALL create_invoice(%L, 1, %L, %L, %L, NULL)', :'org', 'refunded', '2026-10-01', '2026-10-31'), '22023');
SELECT pg_temp.expect_sqlstate(format('CALL create_invoice(%L, 1, %L, %L, %L, NULL)', :'org', 'open', '2026-11-01', '2026-10-31'), '22023');
SELECT pg_temp.expect_sqlstate(format('CALL create_invoice(%L, 1, %L, %L, %L, NULL)', gen_random_uuid(), 'open', '2026-10-01', '2026-10-31'), 'P0002');

-- save_ai_prompt_template
CALL save_ai_prompt_template(:'member', ' Summarize ', 'Summarize {{input}}', NULL) \gset
SELECT pg_temp.check(title = 'Summarize', 'title trimmed') FROM ai_prompt_templates WHERE id = :'p_template_id';
SELECT pg_temp.expect_sqlstate(format('CALL save_ai_prompt_template(%L, %L, %L, NULL)', :'member', repeat('t', 201), 'b'), '22023');
SELECT pg_temp.expect_sqlstate(format('CALL save_ai_prompt_template(%L, %L, %L, NULL)', :'member', 't', ''), '22023');
SELECT pg_temp.expect_sqlstate(format('CALL save_ai_prompt_template(%L, %L, %L, NULL)', gen_random_uuid(), 't', 'b'), 'P0002');

-- log_credential_usage and get_credentials_for_workflow
INSERT INTO credentials (name, type, organization_id, encrypted_value, created_by)
VALUES ('Stripe', 'api_key', :'org', 'v1:k1:AAAA', :'owner') RETURNING id AS credential \gset
INSERT INTO credentials (name, type, organization_id, encrypted_value, created_by)
VALUES ('Foreign', 'api_key', :'rival', 'v1:k1:BBBB', :'stranger');
CALL log_credential_usage(:'credential', :'member', :'workflow', :'execution');
CALL log_credential_usage(:'credential', :'member', NULL, NULL);
SELECT pg_temp.check(count(*) = 2, 'two usage rows') FROM credential_usage_logs WHERE credential_id = :'credential';
SELECT pg_temp.expect_sqlstate(format('CALL log_credential_usage(%L, %L, NULL, NULL)', :'credential', :'stranger'), '42501');
SELECT pg_temp.expect_sqlstate(format('CALL log_credential_usage(%L, %L, NULL, NULL)', gen_random_uuid(), :'member'), 'P0002');
SELECT pg_temp.check(array_agg(name ORDER BY name) = ARRAY['Stripe'], 'only own credentials listed')
FROM get_credentials_for_workflow(:'member');

-- start_websocket_session and end_websocket_session
CALL start_websocket_session(:'member', :'workflow', 'conn-1', NULL) \gset
\set session :p_session_id
CALL start_websocket_session(:'member', :'workflow', 'conn-1', NULL) \gset
SELECT pg_temp.check(:'p_session_id' = :'session', 'a reconnect returns the same session');
SELECT pg_temp.expect_sqlstate(format('CALL start_websocket_session(%L, %L, %L, NULL)', :'owner', :'workflow', 'conn-1'), '23505');
SELECT pg_temp.expect_sqlstate(format('CALL start_websocket_session(%L, %L, %L, NULL)', :'stranger', :'workflow', 'conn-2'), '42501');
CALL end_websocket_session(:'session');
CALL end_websocket_session(:'session');
SELECT pg_temp.check(NOT is_active, 'session ended') FROM websocket_sessions WHERE id = :'session';
SELECT pg_temp.expect_sqlstate(format('CALL end_websocket_session(%L)', gen_random_uuid()), 'P0002');

-- create_template_from_workflow
CALL create_template_from_workflow(:'workflow', :'member', NULL) \gset
SELECT pg_temp.check(t.name = 'Sync' AND t.downloads = 0 AND t.price_cents = 0 AND w.is_template, 'template published')
FROM templates t JOIN workflows w ON w.id = t.workflow_id WHERE t.id = :'p_template_id';
SELECT pg_temp.expect_sqlstate(format('CALL create_template_from_workflow(%L, %L, NULL)', :'workflow', :'stranger'), '42501');

-- clone_workflow and archive_workflow
CALL archive_workflow(:'workflow');
CALL archive_workflow(:'workflow');
SELECT pg_temp.check(is_archived, 'archived') FROM workflows WHERE id = :'workflow';
SELECT pg_temp.expect_sqlstate(format('CALL create_template_from_workflow(%L, %L, NULL)', :'workflow', :'member'), '22023');
CALL log_workflow_execution(:'workflow', 'success', NULL, NULL, NULL);
CALL clone_workflow(:'workflow', :'member', NULL) \gset
SELECT pg_temp.check(name = 'Sync (copy)' AND NOT is_archived AND NOT is_template AND created_by = :'member', 'clone')
FROM workflows WHERE id = :'p_new_workflow_id';
SELECT pg_temp.expect_sqlstate(format('CALL clone_workflow(%L, %L, NULL)', :'workflow', :'stranger'), '42501');
SELECT pg_temp.expect_sqlstate(format('CALL archive_workflow(%L)', gen_random_uuid()), 'P0002');

-- get_user_usage_metrics
SELECT pg_temp.check(total_executions = 4 AND monthly_executions = 3 AND total_invoices = 1
                     AND last_invoice_amount = 1500, 'usage metrics')
FROM get_user_usage_metrics(:'member');
SELECT pg_temp.check(count(*) = 0, 'no row for an unknown user') FROM get_user_usage_metrics(gen_random_uuid());

\o
\echo conformance: every documented routine answered as behaviour.md says
