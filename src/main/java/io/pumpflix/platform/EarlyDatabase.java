package io.pumpflix.platform;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded PostgreSQL while Spring builds the service's context, instead of after
 * (docs/operations.md, "Faster start"): {@code serve} calls {@link #begin} with what it knows of
 * the home from the command line and the environment, and the database bean {@link #take}s the
 * server when the settings Spring resolved name the same home; otherwise it is stopped and the
 * bean starts the right one. Only for {@code serve}: nothing else calls {@link #begin}.
 */
public final class EarlyDatabase {

    private static final Logger log = LoggerFactory.getLogger(EarlyDatabase.class);

    private record Early(Path home, CompletableFuture<DatabaseServer> server) {
    }

    private static volatile Early early;

    private EarlyDatabase() {
    }

    /**
     * Begins starting the embedded database of the home the command line or the environment names
     * ({@code --pumpflix.home=}, {@code PUMPFLIX_HOME}, else {@code ~/.pumpflix}); nothing when an
     * external database is named ({@code --pumpflix.db.url=}, {@code PUMPFLIX_DB_URL}).
     */
    public static void begin(List<String> springArguments) {
        String url = value(springArguments, "pumpflix.db.url", "PUMPFLIX_DB_URL");
        if (url != null && !url.isBlank()) {
            return;
        }
        String named = value(springArguments, "pumpflix.home", "PUMPFLIX_HOME");
        Path home = (named == null || named.isBlank() ? Path.of(System.getProperty("user.home"), ".pumpflix")
                : Path.of(named)).toAbsolutePath();
        CompletableFuture<DatabaseServer> server = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                server.complete(EmbeddedDatabase.start(home, true, false));
            } catch (RuntimeException | Error e) {
                server.completeExceptionally(e);
            }
        }, "embedded-postgres-start");
        starter.setDaemon(true);
        early = new Early(home, server);
        starter.start();
        // a start that fails before the context takes the server must not leave PostgreSQL running
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Early left = early;
            if (left != null) {
                left.server().thenAccept(DatabaseServer::close);
            }
        }, "embedded-postgres-unclaimed"));
    }

    /** The server begun early for this home (durable, not attached), or null: the caller starts one. */
    static DatabaseServer take(Path home, boolean durable, boolean attach) {
        Early begun = early;
        early = null;
        if (begun == null) {
            return null;
        }
        DatabaseServer server;
        try {
            server = begun.server().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the embedded PostgreSQL started", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
        if (begun.home().equals(home.toAbsolutePath()) && durable && !attach) {
            return server;
        }
        log.info("The embedded PostgreSQL begun early was for {}, the settings name {}: starting that one instead",
                begun.home(), home);
        server.close();
        return null;
    }

    private static String value(List<String> springArguments, String property, String variable) {
        String value = null;
        for (String argument : springArguments) {
            if (argument.startsWith("--" + property + "=")) {
                value = argument.substring(property.length() + 3);
            }
        }
        if (value == null) {
            value = System.getProperty(property);
        }
        return value != null ? value : System.getenv(variable);
    }
}
