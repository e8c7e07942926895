package io.pumpflix.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The doctor's database checks: reachable, migrations applied (and at which version), the runtime
 * login (not a superuser, no BYPASSRLS, a member of pumpflix_runtime) and row-level security
 * forced on every table that holds an organization's rows.
 */
class DatabaseDoctor implements DoctorCheck {

    private final DataSource owner;
    private final DataSource runtime;

    DatabaseDoctor(@Qualifier("ownerDataSource") DataSource owner, @Qualifier("dataSource") DataSource runtime) {
        this.owner = owner;
        this.runtime = runtime;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public List<Finding> check() {
        List<Finding> findings = new ArrayList<>();
        JdbcClient jdbc = JdbcClient.create(owner);
        Map<String, Object> server;
        try {
            server = jdbc.sql("SELECT current_setting('server_version') AS version, current_user AS login,"
                    + " current_database() AS database").query().singleRow();
        } catch (RuntimeException e) {
            findings.add(Finding.failed("database reachable", Doctor.describe(e),
                    "start the database, or correct PUMPFLIX_DB_URL, PUMPFLIX_DB_USER and PUMPFLIX_DB_PASSWORD"));
            return findings;
        }
        findings.add(Finding.ok("database reachable", "PostgreSQL " + server.get("version") + ", database "
                + server.get("database") + " as " + server.get("login")));

        MigrationInfoService info = Flyway.configure().dataSource(owner).locations("classpath:db/migration").load().info();
        MigrationInfo current = info.current();
        String version = current == null ? "none" : current.getVersion().toString();
        long failed = java.util.Arrays.stream(info.all()).filter(m -> m.getState() == MigrationState.FAILED).count();
        int pending = info.pending().length;
        if (failed > 0) {
            findings.add(Finding.failed("migrations", "at version " + version + ", " + failed + " failed",
                    "read the failed migration's error in flyway_schema_history, repair it, then run `pumpflix migrate`"));
        } else if (pending > 0) {
            findings.add(Finding.failed("migrations", "at version " + version + ", " + pending + " not applied yet",
                    "run `pumpflix migrate` (the service also migrates when it starts)"));
        } else {
            findings.add(Finding.ok("migrations", "all applied, at version " + version));
        }
        if (current == null) {
            return findings;
        }

        try {
            Map<String, Object> role = JdbcClient.create(runtime).sql("""
                    SELECT current_user AS login, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
                           pg_has_role(current_user, 'pumpflix_runtime', 'MEMBER') AS member
                    FROM pg_roles r WHERE r.rolname = current_user""").query().singleRow();
            String login = (String) role.get("login");
            if (Boolean.TRUE.equals(role.get("superuser")) || Boolean.TRUE.equals(role.get("bypass"))) {
                findings.add(Finding.ok("runtime role", login + " (superuser or BYPASSRLS: every transaction switches to"
                        + " pumpflix_runtime, which has neither)"));
            } else if (!Boolean.TRUE.equals(role.get("member"))) {
                findings.add(Finding.failed("runtime role", login + " is not a member of pumpflix_runtime",
                        "GRANT pumpflix_runtime TO " + login + " (docs/security.md)"));
            } else {
                findings.add(Finding.ok("runtime role", login + ", a member of pumpflix_runtime, neither superuser nor BYPASSRLS"));
            }
        } catch (RuntimeException e) {
            findings.add(Finding.failed("runtime role", "cannot log in: " + Doctor.describe(e),
                    "set PUMPFLIX_DB_RUNTIME_USER and PUMPFLIX_DB_RUNTIME_PASSWORD to a login in pumpflix_runtime (docs/security.md)"));
        }
        // every table with organizations' rows, and whether row-level security is enabled and forced on it
        Map<String, Boolean> tenantTables = new java.util.TreeMap<>();
        jdbc.sql("""
                SELECT n.nspname || '.' || c.relname AS name, c.relrowsecurity AND c.relforcerowsecurity AS forced
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('public', 'pumpflix')
                  AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped)""")
                .query((java.sql.ResultSet rs) -> {
                    tenantTables.put(rs.getString("name"), rs.getBoolean("forced"));
                });
        List<String> unforced = tenantTables.entrySet().stream().filter(t -> !t.getValue()).map(Map.Entry::getKey).toList();
        findings.add(unforced.isEmpty()
                ? Finding.ok("row-level security", "forced on all " + tenantTables.size() + " tables with organizations' rows")
                : Finding.failed("row-level security", "not forced on " + String.join(", ", unforced),
                        "run `pumpflix migrate`; if it persists, ALTER TABLE ... FORCE ROW LEVEL SECURITY was undone by hand"));
        return findings;
    }
}
