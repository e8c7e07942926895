package io.pumpflix.platform;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way to work for an organization: a transaction whose first statement sets the
 * organization (and, where it matters, the user) with {@code set_config(..., true)}:
 * transaction-local, so a pooled connection never carries a tenant into the next transaction.
 * PostgreSQL's row-level security then confines every statement of the work to that organization.
 *
 * <p>An HTTP request's scope sends the settings with its first statement rather than in a round
 * trip of their own: {@link Routines} sends them before any statement ({@link #sendSettings}), and a
 * hot path may fold them into its one statement instead ({@link #unsentSettings}, a routine that
 * calls {@code pumpflix.enter_tenant} first). Either way no statement of the scope runs before the
 * organization is set; one that did would see no organization's rows at all.
 *
 * <p>Scopes are opened in exactly two places: the HTTP authentication filter, once per request
 * ({@link #runRequest}), and {@link #call}/{@link #run} for work that is not an HTTP request (the
 * demo, workflow runs, billing runs). Module APIs never open one: they {@link #require} that the
 * caller has, so a module cannot quietly work outside its caller's transaction. (Batches for many
 * organizations at once, whose SQL sets each item's tenant, go through {@link TenantBatches}.)
 */
@Component
public class TenantScope {

    private static final Logger log = LoggerFactory.getLogger(TenantScope.class);
    private static final ThreadLocal<UUID> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<Unsent> UNSENT = new ThreadLocal<>();

    /** What {@code pumpflix.enter_tenant} sets: the organization, the user (null: the system), the role switch. */
    record Settings(UUID organizationId, UUID userId, boolean asRuntimeRole) {
    }

    private record Unsent(TenantScope scope, Settings settings) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private volatile Boolean switchRole;

    TenantScope(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Whether tenant work must switch to pumpflix_runtime (the service logs in as the owner); decided once. */
    boolean switchRole() {
        Boolean known = switchRole;
        if (known == null) {
            known = runtimeRoleIsNeeded(jdbc);
            switchRole = known;
        }
        return known;
    }

    /**
     * With a dedicated runtime login the role is already restricted; when the service logs in as
     * the owner, each tenant transaction switches to pumpflix_runtime.
     */
    private static boolean runtimeRoleIsNeeded(JdbcClient jdbc) {
        boolean unrestricted = jdbc.sql("SELECT pumpflix.unrestricted()").query(Boolean.class).single();
        if (!unrestricted) {
            return false;
        }
        log.warn("No runtime login configured (PUMPFLIX_DB_RUNTIME_USER): the service logs in as the tables'"
                + " owner and switches to role pumpflix_runtime in each organization's transaction");
        boolean member = jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pumpflix_runtime')
                       AND pg_has_role(current_user, 'pumpflix_runtime', 'MEMBER')""").query(Boolean.class).single();
        if (!member) {
            log.error("Role pumpflix_runtime is missing or not granted to {}: organization isolation is enforced"
                    + " by the application only. See docs/security.md.", jdbc.sql("SELECT current_user")
                    .query(String.class).single());
        }
        return member;
    }

    /**
     * Runs one HTTP request for a tenant in one transaction, rolled back when {@code failed}
     * says so after the work (an error response written by the exception handlers).
     */
    public void runRequest(UUID organizationId, UUID userId, Runnable work, BooleanSupplier failed) {
        execute(organizationId, userId, true, status -> {
            work.run();
            if (failed.getAsBoolean()) {
                status.setRollbackOnly();
            }
            return null;
        });
    }

    /** Opens a scope for work that is not an HTTP request; {@code userId} may be null (the system). */
    public <T> T call(UUID organizationId, UUID userId, Supplier<T> work) {
        return execute(organizationId, userId, false, status -> work.get());
    }

    public void run(UUID organizationId, UUID userId, Runnable work) {
        call(organizationId, userId, () -> {
            work.run();
            return null;
        });
    }

    private <T> T execute(UUID organizationId, UUID userId, boolean withFirstStatement,
            Function<TransactionStatus, T> work) {
        Objects.requireNonNull(organizationId, "organizationId");
        UUID current = CURRENT.get();
        if (current != null) {
            throw new IllegalStateException("a scope for organization " + current + " is open already: module APIs "
                    + "work inside their caller's scope and never open a second one");
        }
        Settings settings = new Settings(organizationId, userId, switchRole());
        return transactions.execute(status -> {
            CURRENT.set(organizationId);
            try {
                if (withFirstStatement) {
                    UNSENT.set(new Unsent(this, settings));
                } else {
                    enter(settings);
                }
                return work.apply(status);
            } finally {
                CURRENT.remove();
                UNSENT.remove();
            }
        });
    }

    private void enter(Settings settings) {
        jdbc.sql("SELECT pumpflix.enter_tenant(?, ?, ?)")
                .params(settings.organizationId(), settings.userId(), settings.asRuntimeRole())
                .query().singleRow();
    }

    /** Sends the open scope's settings if no statement has yet: {@link Routines} calls it before every statement. */
    static void sendSettings() {
        Unsent unsent = UNSENT.get();
        if (unsent != null) {
            UNSENT.remove();
            unsent.scope().enter(unsent.settings());
        }
    }

    /**
     * The open scope's settings when no statement has sent them yet, handed over to the caller,
     * whose very next statement must set them itself (a routine that calls
     * {@code pumpflix.enter_tenant} before its work); empty when they are set already.
     */
    static Optional<Settings> unsentSettings() {
        Unsent unsent = UNSENT.get();
        if (unsent == null) {
            return Optional.empty();
        }
        UNSENT.remove();
        return Optional.of(unsent.settings());
    }

    /**
     * Asserts that the caller works inside a scope for this organization. Every module API method
     * that touches tenant data calls it (through {@code AccessPolicy}), so a call from outside a
     * request, a run or a background helper fails loudly instead of running unconfined.
     */
    public static void require(UUID organizationId) {
        UUID current = CURRENT.get();
        if (current == null || !TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("no tenant scope is open: open one with TenantScope.call (or serve an "
                    + "HTTP request) before calling a module API");
        }
        if (!current.equals(organizationId)) {
            throw new IllegalStateException("the open scope is for organization " + current + ", not " + organizationId);
        }
    }

    /** True inside a scope: for code that must only ever run for a tenant. */
    public static boolean active() {
        return CURRENT.get() != null && TransactionSynchronizationManager.isActualTransactionActive();
    }
}
