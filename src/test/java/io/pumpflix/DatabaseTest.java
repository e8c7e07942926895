package io.pumpflix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pumpflix.identity.Accounts;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.Role;
import io.pumpflix.platform.OwnerDatabase;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.TenantScope;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
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

    /** The superuser password of this run's embedded database (the home's file, docs/security.md). */
    protected static String superuserPassword() {
        return password(HOME, "postgres-password");
    }

    /** The runtime login's password of this run's embedded database. */
    protected static String runtimePassword() {
        return password(HOME, "pumpflix_app-password");
    }

    /**
     * The arguments of another instance or command on this run's database: {@code jdbcUrl} with the
     * owner's and the runtime login's names and passwords, followed by {@code more}.
     */
    protected static String[] onThisDatabase(String jdbcUrl, String... more) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("--pumpflix.db.url=" + jdbcUrl,
                "--pumpflix.db.user=postgres", "--pumpflix.db.password=" + superuserPassword(),
                "--pumpflix.db.runtime-user=pumpflix_app", "--pumpflix.db.runtime-password=" + runtimePassword()),
                java.util.Arrays.stream(more)).toArray(String[]::new);
    }

    /** A password file of a home. */
    public static String password(Path home, String file) {
        try {
            return java.nio.file.Files.readString(home.resolve(file)).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void throwawayDatabase(DynamicPropertyRegistry registry) {
        registry.add("pumpflix.home", HOME::toString);
        registry.add("pumpflix.embedded.durable", () -> "false");
        registry.add("pumpflix.instance-id", () -> "test-primary");
        registry.add("pumpflix.live.heartbeat-timeout", () -> "PT3S");
        // welcomes within one WebSocket frame: the JDK's client, under load, fails some messages
        // fragmented over several frames ("Invalid UTF-8 in frame CONTINUATION") that Node's ws
        // reads fine (bench/live.sh, with the default 100)
        registry.add("pumpflix.live.presence-limit", () -> "64");
        // a small budget of run events per workflow, so that a test can go beyond it
        registry.add("pumpflix.live.run-events-per-second", () -> "20");
        // outbound calls of workflows under test reach only the loopback server of the test JVM
        registry.add("pumpflix.engine.outbound-allow", () -> "127.0.0.1:" + LoopbackServer.SHARED.port());
        registry.add("pumpflix.engine.lease", () -> "PT5S");
    }

    @Autowired
    private OwnerDatabase owner;

    @Autowired
    protected TenantScope tenants;

    /** The database as the tables' owner: a DBA or psql client of the document, unrestricted. */
    protected JdbcClient jdbc;

    /** The documented routines over the owner's connection, as behaviour.md lets the owner call every routine. */
    protected DocumentedRoutines routines;

    /** The owner's connection, for work that needs a transaction of its own. */
    protected OwnerDatabase owner() {
        return owner;
    }

    @BeforeEach
    void ownerDataLayer() {
        jdbc = owner.jdbc();
        routines = new DocumentedRoutines(new Routines(jdbc));
    }

    @Autowired
    private Accounts accounts;

    protected static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    /** A new organization signed up through the service; its owner acts. */
    protected Actor signedUpOwner() {
        return accounts.signUp("Org " + UUID.randomUUID(), UUID.randomUUID() + "@example.test", PASSWORD).actor();
    }

    /** A member of the owner's organization with the role, invited through the service. */
    protected Actor invited(Actor owner, Role role) {
        return new Actor(as(owner, () -> accounts.invite(owner, UUID.randomUUID() + "@example.test", role, PASSWORD)),
                owner.organizationId(), role);
    }

    /** Calls module APIs as the actor, in a tenant scope of the actor's organization, as a request would. */
    protected <T> T as(Actor actor, Supplier<T> work) {
        return tenants.call(actor.organizationId(), actor.userId(), work);
    }

    protected void as(Actor actor, Runnable work) {
        tenants.run(actor.organizationId(), actor.userId(), work);
    }

    protected UUID newOrganization() {
        return routines.organization();
    }

    protected UUID newMember(UUID organizationId, Role role) {
        return routines.member(organizationId, role);
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
