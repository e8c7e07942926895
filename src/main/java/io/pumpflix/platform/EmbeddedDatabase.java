package io.pumpflix.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 from the Maven-delivered binaries, keeping its data in
 * {@code <home>/pgdata} so that it survives restarts. Closing it stops PostgreSQL cleanly.
 */
final class EmbeddedDatabase implements DatabaseServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * @param durable whether commits survive a crash of the machine (fsync, synchronous commit);
     *     only throwaway test databases turn it off
     */
    static EmbeddedDatabase start(Path home, boolean durable) {
        Path data = home.toAbsolutePath().resolve("pgdata");
        try {
            createPrivateDirectory(home.toAbsolutePath());
            boolean existing = Files.exists(data.resolve("PG_VERSION"));
            if (existing) {
                stopOrphanedPostmaster(data);
            }
            log.info("Starting embedded PostgreSQL with {} data in {}", existing ? "existing" : "new", data);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("max_connections", "100")
                    // zonky's defaults favour throwaway test databases (fsync and synchronous commit off)
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // the Spring context stops it, after everything that uses it
                    .setRegisterShutdownHook(false)
                    .start();
            return new EmbeddedDatabase(postgres, data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + data + ": " + e.getMessage(), e);
        }
    }

    /**
     * A service killed hard leaves its PostgreSQL running on the data directory; the new one
     * could not start beside it. Such an orphan has lost all its clients, so a smart shutdown
     * (SIGTERM) ends it cleanly.
     */
    private static void stopOrphanedPostmaster(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try (var lines = Files.lines(pidFile)) {
            pid = Long.parseLong(lines.findFirst().orElse("").trim());
        } catch (NumberFormatException unreadable) {
            return;  // PostgreSQL itself will judge a stale lock file
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run", pid, data);
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned PostgreSQL " + pid, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the orphaned PostgreSQL " + pid + " on " + data + " did not stop", e);
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
        }
    }

    @Override
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String password() {
        return null;
    }

    @Override
    public void close() {
        try {
            log.info("Stopping embedded PostgreSQL ({})", dataDirectory);
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "Embedded[" + dataDirectory + "]";
    }
}
