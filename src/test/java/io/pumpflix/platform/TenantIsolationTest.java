package io.pumpflix.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pumpflix.DatabaseTest;
import io.pumpflix.execution.ExecutionStatus;
import io.pumpflix.identity.Role;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The runtime role, working for organization A, probes every tenant table's rows of
 * organization B by id, by scan and through each documented routine: nothing leaks, nothing lands.
 */
class TenantIsolationTest extends DatabaseTest {

    /** Every table holding tenant data, with the column that names the organization. */
    private static final Map<String, String> TENANT_TABLES = new LinkedHashMap<>();

    static {
        TENANT_TABLES.put("organizations", "id");
        for (String table : List.of("users", "workflows", "workflow_versions", "workflow_executions", "invoices",
                "ai_prompt_templates", "credentials", "credential_usage_logs", "websocket_sessions", "audit_log", "api_tokens")) {
            TENANT_TABLES.put(table, "organization_id");
        }
    }

    @Autowired
    JdbcClient runtime;

    /** The service's own data layer, over the runtime login. */
    @Autowired
    Routines serviceRoutines;

    Tenant a;
    Tenant b;

    record Tenant(UUID org, UUID owner, UUID workflow, UUID version, UUID execution, UUID invoice, UUID prompt,
            UUID credential, UUID session, UUID template) {
    }

    @BeforeEach
    void twoOrganizationsWithOneOfEverything() {
        a = tenantWithEverything();
        b = tenantWithEverything();
    }

    private Tenant tenantWithEverything() {
        UUID org = newOrganization();
        UUID owner = newMember(org, Role.OWNER);
        UUID workflow = routines.createWorkflow(org, owner, "wf", null, "{}");
        UUID version = jdbc.sql("SELECT current_version_id FROM workflows WHERE id = ?").param(workflow)
                .query(UUID.class).single();
        UUID execution = routines.logExecution(workflow, "running", null, null);
        UUID invoice = routines.createInvoice(org, 100, "open", LocalDate.now(), LocalDate.now());
        UUID prompt = routines.savePromptTemplate(owner, "t", "b");
        UUID credential = jdbc.sql("INSERT INTO credentials (name, type, organization_id, encrypted_value)"
                + " VALUES ('c', 'api_key', ?, 'v1:k:AAAA') RETURNING id").param(org).query(UUID.class).single();
        routines.logCredentialUsage(credential, owner, workflow, execution);
        UUID session = routines.startSession(owner, workflow, "conn-" + UUID.randomUUID());
        UUID template = routines.publishTemplate(workflow, owner);
        jdbc.sql("INSERT INTO audit_log (organization_id, actor_id, action) VALUES (?, ?, 'test.fixture')")
                .params(org, owner).update();
        jdbc.sql("INSERT INTO api_tokens (token_hash, user_id, organization_id, expires_at)"
                + " VALUES (gen_random_uuid()::text::bytea, ?, ?, now() + interval '1 hour')").params(owner, org).update();
        return new Tenant(org, owner, workflow, version, execution, invoice, prompt, credential, session, template);
    }

    private <T> T asA(Function<JdbcClient, T> work) {
        return tenants.call(a.org(), a.owner(), () -> work.apply(runtime));
    }

    private long countAsA(String sql, Object... params) {
        Long count = asA(db -> db.sql(sql).params(params).query(Long.class).single());
        return count;
    }

    /** A digest of all of B's rows, read as the owner: any change to any of them changes it. */
    private Map<String, String> digestOfB() {
        Map<String, String> digest = new LinkedHashMap<>();
        TENANT_TABLES.forEach((table, column) -> digest.put(table, jdbc.sql(
                "SELECT coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '-') FROM " + table + " t WHERE "
                        + column + " = ?").param(b.org()).query(String.class).single()));
        digest.put("templates", jdbc.sql("SELECT md5(string_agg(t::text, ',')) FROM templates t WHERE id = ?")
                .param(b.template()).query(String.class).single());
        return digest;
    }

    @Test
    void theRuntimeLoginOwnsNothing() {
        assertThat(runtime.sql("SELECT current_user").query(String.class).single()).isEqualTo("pumpflix_app");
        assertThat(runtime.sql("SELECT pumpflix.unrestricted()").query(Boolean.class).single()).isFalse();
        assertThat(runtime.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user")
                .query(Long.class).single()).isZero();
    }

    @Test
    void withNoOrganizationSetTheRuntimeRoleSeesNoTenantRows() {
        TENANT_TABLES.keySet().forEach(table -> assertThat(
                runtime.sql("SELECT count(*) FROM " + table).query(Long.class).single()).as(table).isZero());
    }

    @Test
    void scansSeeOnlyTheOwnOrganization() {
        TENANT_TABLES.forEach((table, column) -> {
            long foreign = countAsA("SELECT count(*) FROM " + table + " WHERE " + column + " IS DISTINCT FROM ?", a.org());
            long own = countAsA("SELECT count(*) FROM " + table);
            long ownAsOwner = jdbc.sql("SELECT count(*) FROM " + table + " WHERE " + column + " = ?").param(a.org())
                    .query(Long.class).single();
            assertThat(foreign).as("rows of other organizations in " + table).isZero();
            assertThat(own).as("own rows in " + table).isEqualTo(ownAsOwner).isPositive();
        });
    }

    @Test
    void readingBsRowsByIdFindsNothing() {
        Map<String, UUID> ids = idsOf(b);
        ids.forEach((table, id) -> assertThat(countAsA("SELECT count(*) FROM " + table + " WHERE id = ?", id))
                .as(table).isZero());
    }

    @Test
    void writingBsRowsByIdChangesNothing() {
        Map<String, String> before = digestOfB();
        idsOf(b).forEach((table, id) -> {
            attempt(db -> db.sql("UPDATE " + table + " SET id = id WHERE id = ?").param(id).update(), table);
            attempt(db -> db.sql("DELETE FROM " + table + " WHERE id = ?").param(id).update(), table);
        });
        attempt(db -> db.sql("UPDATE templates SET downloads = downloads + 1 WHERE id = ?").param(b.template()).update(),
                "templates");
        attempt(db -> db.sql("DELETE FROM templates WHERE id = ?").param(b.template()).update(), "templates");

        assertThat(digestOfB()).isEqualTo(before);
    }

    @Test
    void insertingRowsIntoBIsRefused() {
        Map<String, String> before = digestOfB();
        List<String> inserts = List.of(
                "INSERT INTO users (email, organization_id) VALUES ('" + UUID.randomUUID() + "@x.test', '" + b.org() + "')",
                "INSERT INTO workflows (organization_id, name) VALUES ('" + b.org() + "', 'x')",
                "INSERT INTO workflow_versions (workflow_id, json_schema) VALUES ('" + b.workflow() + "', '{}')",
                "INSERT INTO workflow_executions (workflow_id, status) VALUES ('" + b.workflow() + "', 'running')",
                "INSERT INTO invoices (organization_id, amount_cents, status) VALUES ('" + b.org() + "', 1, 'open')",
                "INSERT INTO ai_prompt_templates (user_id, title, prompt_body) VALUES ('" + b.owner() + "', 't', 'b')",
                "INSERT INTO credentials (name, type, organization_id, encrypted_value) VALUES ('c', 't', '" + b.org()
                        + "', 'v1:k:AAAA')",
                "INSERT INTO credential_usage_logs (credential_id, user_id) VALUES ('" + b.credential() + "', '"
                        + a.owner() + "')",
                "INSERT INTO websocket_sessions (user_id, workflow_id, connection_id) VALUES ('" + a.owner() + "', '"
                        + b.workflow() + "', 'c-" + UUID.randomUUID() + "')",
                "INSERT INTO templates (workflow_id, name) VALUES ('" + b.workflow() + "', 'x')",
                "INSERT INTO templates (workflow_id, name, created_by) VALUES ('" + b.workflow() + "', 'x', '"
                        + a.owner() + "')",
                "INSERT INTO audit_log (organization_id, action) VALUES ('" + b.org() + "', 'test.forged')",
                "INSERT INTO organizations (id, name) VALUES (gen_random_uuid(), 'x')");
        for (String insert : inserts) {
            Throwable refused = catchThrowable(() -> asA(db -> db.sql(insert).update()));
            assertThat(refused).as(insert).isNotNull();
        }
        assertThat(digestOfB()).isEqualTo(before);
    }

    @Test
    void everyRoutineTreatsBsRowsAsMissing() {
        Map<String, String> before = digestOfB();
        List<String> calls = List.of(
                "CALL create_workflow('" + b.org() + "', '" + a.owner() + "', 'x', NULL, '{}', NULL)",
                "CALL create_workflow('" + a.org() + "', '" + b.owner() + "', 'x', NULL, '{}', NULL)",
                "CALL log_workflow_execution('" + b.workflow() + "', 'success', NULL, NULL, NULL)",
                "CALL create_invoice('" + b.org() + "', 1, 'open', '2026-01-01', '2026-01-31', NULL)",
                "CALL save_ai_prompt_template('" + b.owner() + "', 't', 'b', NULL)",
                "CALL log_credential_usage('" + b.credential() + "', '" + a.owner() + "', NULL, NULL)",
                "CALL log_credential_usage('" + a.credential() + "', '" + a.owner() + "', '" + b.workflow() + "', NULL)",
                "CALL start_websocket_session('" + a.owner() + "', '" + b.workflow() + "', 'c-" + UUID.randomUUID() + "', NULL)",
                "CALL end_websocket_session('" + b.session() + "')",
                "CALL clone_workflow('" + b.workflow() + "', '" + a.owner() + "', NULL)",
                "CALL archive_workflow('" + b.workflow() + "')",
                "CALL create_template_from_workflow('" + b.workflow() + "', '" + a.owner() + "', NULL)");
        for (String call : calls) {
            String state = sqlStateOf(() -> asA(db -> db.sql(call).query().listOfRows().size()));
            assertThat(state).as(call).isEqualTo("P0002");
        }
        assertThat(countAsA("SELECT count(*) FROM get_user_usage_metrics(?)", b.owner())).isZero();
        assertThat(countAsA("SELECT count(*) FROM get_credentials_for_workflow(?)", b.owner())).isZero();
        assertThat(digestOfB()).isEqualTo(before);
    }

    /**
     * The routines that enter an organization and work in the same statement (a request's first
     * statement, docs/scaling.md) confine the work as a separate setting would: as the runtime
     * login, and as the tables' owner switching to the runtime role (a service without a runtime
     * login of its own), where only the switch keeps B's rows out.
     */
    @Test
    void theRoutinesThatEnterAnOrganizationReadOnlyIt() {
        String find = "SELECT id, current_user AS role FROM pumpflix.find_workflow_in(?, ?, ?, ?)";
        RowMapper<UUID> id = (rs, n) -> Rows.uuid(rs, "id");
        assertThat(runtime.sql(find).params(a.org(), a.owner(), false, a.workflow()).query(id).list())
                .containsExactly(a.workflow());
        assertThat(runtime.sql(find).params(a.org(), a.owner(), false, b.workflow()).query(id).list()).isEmpty();
        assertThat(jdbc.sql(find).params(a.org(), a.owner(), true, a.workflow())
                .query((rs, n) -> rs.getString("id") + " as " + rs.getString("role")).list())
                .containsExactly(a.workflow() + " as pumpflix_runtime");
        assertThat(jdbc.sql(find).params(a.org(), a.owner(), true, b.workflow()).query(id).list()).isEmpty();
        assertThat(jdbc.sql(find).params(a.org(), a.owner(), false, b.workflow()).query(id).list())
                .as("the owner without the switch is unrestricted").containsExactly(b.workflow());
    }

    /**
     * A request's scope sends the organization with its first statement: a plain statement finds
     * it set; a statement that can enter the organization itself does so when it is first, and
     * the plain form runs once the organization is set.
     */
    @Test
    void aRequestsFirstStatementEntersTheOrganization() {
        List<String> seen = new ArrayList<>();
        String setting = "SELECT current_setting('pumpflix.org_id', true)";
        tenants.runRequest(a.org(), a.owner(), () -> {
            seen.add(serviceRoutines.optional(setting, (rs, n) -> rs.getString(1)).orElseThrow());
            seen.add("unsent: " + TenantScope.unsentSettings().isPresent());
        }, () -> false);
        String entering = "SELECT id::text FROM pumpflix.find_workflow_in(?, ?, ?, ?)";
        String plain = "SELECT 'plain form' FROM public.workflows WHERE id = ?";
        tenants.runRequest(a.org(), a.owner(), () -> {
            seen.add(serviceRoutines.optionalEntering(entering, plain, (rs, n) -> rs.getString(1),
                    a.workflow()).orElseThrow());
            seen.add(serviceRoutines.optionalEntering(entering, plain, (rs, n) -> rs.getString(1),
                    a.workflow()).orElseThrow());
            seen.add(serviceRoutines.optional(setting, (rs, n) -> rs.getString(1)).orElseThrow());
        }, () -> false);
        assertThat(seen).containsExactly(a.org().toString(), "unsent: false", a.workflow().toString(), "plain form",
                a.org().toString());
        assertThat(runtime.sql(setting).query(String.class).optional().filter(s -> !s.isEmpty()))
                .as("nothing outlives the request's transaction").isEmpty();
    }

    @Test
    void loggingAfterEnteringAnOrganizationLandsOnlyInIt() {
        Map<String, String> before = digestOfB();
        String log = "SELECT id, workflow_id FROM pumpflix.log_execution_in(?, ?, ?, ?, 'success', NULL, NULL)";
        for (boolean switchRole : new boolean[] {false, true}) {
            JdbcClient db = switchRole ? jdbc : runtime;
            assertThat(sqlStateOf(() -> db.sql(log).params(a.org(), a.owner(), switchRole, b.workflow())
                    .query().listOfRows())).as("into B's workflow, switching role: " + switchRole).isEqualTo("P0002");
            UUID logged = db.sql(log).params(a.org(), a.owner(), switchRole, a.workflow())
                    .query((rs, n) -> Rows.uuid(rs, "id")).single();
            assertThat(jdbc.sql("SELECT workflow_id FROM workflow_executions WHERE id = ?").param(logged)
                    .query(UUID.class).single()).isEqualTo(a.workflow());
        }
        assertThat(digestOfB()).isEqualTo(before);
    }

    @Test
    void routinesWorkForTheOwnOrganization() {
        UUID clone = asA(db -> db.sql("CALL clone_workflow(?, ?, NULL)").params(a.workflow(), a.owner())
                .query(UUID.class).single());
        long total = countAsA("SELECT total_executions FROM get_user_usage_metrics(?)", a.owner());
        assertThat(jdbc.sql("SELECT organization_id FROM workflow_versions WHERE workflow_id = ?").param(clone)
                .query(UUID.class).single()).isEqualTo(a.org());
        assertThat(total).isEqualTo(1);
    }

    @Test
    void promptTemplatesArePrivateToTheirAuthorWithinTheOrganization() {
        UUID colleague = newMember(a.org(), Role.ADMIN);
        Long seen = tenants.call(a.org(), colleague, () -> runtime.sql("SELECT count(*) FROM ai_prompt_templates")
                .query(Long.class).single());
        Integer changed = tenants.call(a.org(), colleague, () -> runtime.sql(
                "UPDATE ai_prompt_templates SET title = 'mine' WHERE id = ?").param(a.prompt()).update());
        assertThat(seen).isZero();
        assertThat(changed).isZero();
        assertThat(jdbc.sql("SELECT title FROM ai_prompt_templates WHERE id = ?").param(a.prompt()).query(String.class)
                .single()).isEqualTo("t");
    }

    @Test
    void templatesAreAMarketplaceEveryOrganizationMayBrowse() {
        assertThat(countAsA("SELECT count(*) FROM templates WHERE id = ?", b.template())).isEqualTo(1);
    }

    private static Map<String, UUID> idsOf(Tenant t) {
        Map<String, UUID> ids = new LinkedHashMap<>();
        ids.put("organizations", t.org());
        ids.put("users", t.owner());
        ids.put("workflows", t.workflow());
        ids.put("workflow_versions", t.version());
        ids.put("workflow_executions", t.execution());
        ids.put("invoices", t.invoice());
        ids.put("ai_prompt_templates", t.prompt());
        ids.put("credentials", t.credential());
        ids.put("websocket_sessions", t.session());
        return ids;
    }

    /** A write that either affects no row or is refused outright; both leave B as it was. */
    private void attempt(Function<JdbcClient, Integer> write, String table) {
        List<Object> outcome = new ArrayList<>();
        Throwable refused = catchThrowable(() -> outcome.add(asA(write)));
        if (refused == null) {
            assertThat(outcome).as("rows of B changed in " + table).containsExactly(0);
        }
    }
}
