package io.pumpflix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pumpflix.billing.Invoices;
import io.pumpflix.collaboration.CollaborationSessions;
import io.pumpflix.credential.Credentials;
import io.pumpflix.execution.ExecutionLog;
import io.pumpflix.identity.Members;
import io.pumpflix.identity.Organizations;
import io.pumpflix.identity.Role;
import io.pumpflix.marketplace.Marketplace;
import io.pumpflix.metering.UsageMetrics;
import io.pumpflix.platform.OwnerDatabase;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.TenantScope;
import io.pumpflix.prompt.PromptTemplates;
import io.pumpflix.workflow.Workflows;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that need the database: the whole service on a random port, on one embedded
 * PostgreSQL for the whole test run (every subclass shares the same cached context). Tests make
 * their own organizations, so they never depend on each other's rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class DatabaseTest {

    /** The eleven documented tables. */
    protected static final List<String> TABLES = List.of("organizations", "users", "workflows", "workflow_versions",
            "workflow_executions", "invoices", "ai_prompt_templates", "credentials", "credential_usage_logs",
            "websocket_sessions", "templates");

    protected static final Path HOME = Path.of("target", "test-home", UUID.randomUUID().toString()).toAbsolutePath();

    @DynamicPropertySource
    static void throwawayDatabase(DynamicPropertyRegistry registry) {
        registry.add("pumpflix.home", HOME::toString);
        registry.add("pumpflix.embedded.durable", () -> "false");
        registry.add("pumpflix.instance-id", () -> "test-primary");
        registry.add("pumpflix.live.heartbeat-timeout", () -> "PT3S");
    }

    @Autowired
    private OwnerDatabase owner;

    @Autowired
    protected TenantScope tenants;

    /** The database as the tables' owner: a DBA or psql client of the document, unrestricted. */
    protected JdbcClient jdbc;

    // The data layer over the owner's connection, as behaviour.md lets the owner call every routine.
    protected Organizations organizations;
    protected Members members;
    protected Workflows workflows;
    protected ExecutionLog executions;
    protected Invoices invoices;
    protected PromptTemplates prompts;
    protected Credentials credentials;
    protected CollaborationSessions sessions;
    protected Marketplace marketplace;
    protected UsageMetrics metrics;

    /** The owner's connection, for work that needs a transaction of its own. */
    protected OwnerDatabase owner() {
        return owner;
    }

    @BeforeEach
    void ownerDataLayer() {
        jdbc = owner.jdbc();
        Routines routines = new Routines(jdbc);
        organizations = new Organizations(routines);
        members = new Members(routines);
        workflows = new Workflows(routines);
        executions = new ExecutionLog(routines);
        invoices = new Invoices(routines);
        prompts = new PromptTemplates(routines);
        credentials = new Credentials(routines);
        sessions = new CollaborationSessions(routines);
        marketplace = new Marketplace(routines);
        metrics = new UsageMetrics(routines);
    }

    @Autowired
    private io.pumpflix.identity.Accounts accounts;

    @Autowired
    private io.pumpflix.identity.Members memberService;

    protected static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    /** A new organization signed up through the service; its owner acts. */
    protected io.pumpflix.identity.Actor signedUpOwner() {
        return accounts.signUp("Org " + UUID.randomUUID(), UUID.randomUUID() + "@example.test", PASSWORD);
    }

    /** A member of the owner's organization with the role, invited through the service. */
    protected io.pumpflix.identity.Actor invited(io.pumpflix.identity.Actor owner, Role role) {
        return new io.pumpflix.identity.Actor(memberService.invite(owner, UUID.randomUUID() + "@example.test", role,
                PASSWORD), owner.organizationId(), role);
    }

    protected UUID newOrganization() {
        return organizations.create("org " + UUID.randomUUID());
    }

    protected UUID newMember(UUID organizationId, Role role) {
        return members.add(organizationId, UUID.randomUUID() + "@example.test", role);
    }

    /** Runs a raw SQL call the way any PostgreSQL client would, and returns the SQLSTATE it failed with. */
    protected String sqlStateOf(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("the call should have failed").isNotNull();
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(thrown);
        assertThat(cause).isInstanceOf(SQLException.class);
        return ((SQLException) cause).getSQLState();
    }

    /** The message PostgreSQL raised, for checking that it names the parameter. */
    protected String messageOf(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("the call should have failed").isNotNull();
        return NestedExceptionUtils.getMostSpecificCause(thrown).getMessage();
    }

    /** Row counts of every documented table. */
    protected Map<String, Long> tableCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.sql("SELECT count(*) FROM public." + table).query(Long.class).single());
        }
        return counts;
    }

    /** Asserts that the call fails with the SQLSTATE and leaves every table as it was. */
    protected void assertRefused(String expectedSqlState, String parameter, ThrowingCallable call) {
        Map<String, Long> before = tableCounts();
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("the call should have failed with %s", expectedSqlState).isNotNull();
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(thrown);
        assertThat(cause).as("cause of %s", thrown).isInstanceOf(SQLException.class);
        assertThat(((SQLException) cause).getSQLState()).as(cause.getMessage()).isEqualTo(expectedSqlState);
        if (parameter != null) {
            assertThat(cause.getMessage()).contains(parameter);
        }
        assertThat(tableCounts()).as("a failed call leaves nothing behind").isEqualTo(before);
    }

    /** Calls a procedure with one OUT id, as psql or any driver would. */
    protected UUID callForId(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(UUID.class).single();
    }
}
