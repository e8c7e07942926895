package io.pumpflix.platform;

import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;

/**
 * {@code pumpflix migrate}: applies the migrations to the configured database (external when
 * {@code PUMPFLIX_DB_URL} is set, else the embedded one) and exits. It starts the service's own
 * database configuration and Flyway, without the web server or the business modules, so both
 * use one migration path.
 */
@Command(name = "migrate", description = {"Applies the migrations to the database and exits.",
        "The external database when PUMPFLIX_DB_URL is set, else the embedded one in PUMPFLIX_HOME (a",
        "service running on that home shares its database). Safe to run again."},
        footer = {"", "Example:", "  PUMPFLIX_DB_URL=jdbc:postgresql://localhost:5432/pumpflix PUMPFLIX_DB_USER=pumpflix \\",
                "  PUMPFLIX_DB_PASSWORD=secret java -jar target/pumpflix.jar migrate"})
public final class MigrateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return run(MaintenanceCommands.springArguments());
    }

    /** Returns the process exit code: 0 when the database is migrated, 1 otherwise. */
    public static int run(String[] args) {
        SpringApplicationBuilder builder = MaintenanceCommands.application(MigrationContext.class)
                .properties("logging.level.org.flywaydb=INFO");
        try (ConfigurableApplicationContext context = builder.run(args)) {
            Flyway flyway = context.getBean(Flyway.class);
            var current = flyway.info().current();
            System.out.println("pumpflix migrate: database is at version "
                    + (current == null ? "<empty>" : current.getVersion()) + " ("
                    + flyway.info().applied().length + " migrations applied)");
            return 0;
        } catch (RuntimeException e) {
            System.err.println("pumpflix migrate: failed: " + MaintenanceCommands.reason(e));
            return 1;
        }
    }
}
