package io.pumpflix.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
final class EmbeddedDatabase implements EmbeddedLogins {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** The first line of the pg_hba.conf this class writes: a home that has it is secured. */
    static final String HBA_MARKER = "# PumpFlix: every login needs its password (scram-sha-256)";
    /** Where the server's Unix socket lives: inside the private home, not in /tmp. */
    static final String SOCKET_DIRECTORY = "run";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final EmbeddedPasswords passwords;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, EmbeddedPasswords passwords) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.passwords = passwords;
    }

    /**
     * @param durable whether commits survive a crash of the machine (fsync, synchronous commit);
     *     only throwaway test databases turn it off
     */
    static DatabaseServer start(Path home, boolean durable, boolean attachToRunning) {
        Path data = home.toAbsolutePath().resolve("pgdata");
        try {
            createPrivateDirectory(home.toAbsolutePath());
            EmbeddedPasswords passwords = EmbeddedPasswords.of(home.toAbsolutePath());
            Path sockets = home.toAbsolutePath().resolve(SOCKET_DIRECTORY);
            createPrivateDirectory(sockets);
            boolean existing = Files.exists(data.resolve("PG_VERSION"));
            Optional<ProcessHandle> postmaster = existing ? livePostmaster(data) : Optional.empty();
            if (postmaster.isPresent()) {
                if (heldByRunningService(data)) {
                    if (!attachToRunning) {
                        throw new IllegalStateException("another PumpFlix service is running on " + home
                                + "; stop it first or give this one its own PUMPFLIX_HOME");
                    }
                    int port = postmasterPort(data);
                    log.info("Using the embedded PostgreSQL of the running service (port {})", port);
                    return provisioned(new Attached(url(port), passwords), data);
                }
                stopOrphan(postmaster.get(), data);
            }
            log.info("Starting embedded PostgreSQL with {} data in {}", existing ? "existing" : "new", data);
            if (!existing) {
                EmbeddedBinaries.initdb(data, passwords.superuser());
                requirePasswords(data);
            }
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setServerConfig("timezone", "UTC")
                    // loopback only, the socket inside the private home, passwords hashed with SCRAM
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("unix_socket_directories", socketDirectory(sockets))
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setConnectConfig("password", passwords.superuser())
                    .setServerConfig("max_connections", "100")
                    // zonky's defaults favour throwaway test databases (fsync and synchronous commit off)
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // the Spring context stops it, after everything that uses it
                    .setRegisterShutdownHook(false)
                    .start();
            return provisioned(new EmbeddedDatabase(postgres, data, passwords), data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + data + ": " + e.getMessage(), e);
        }
    }

    /** The login role the service uses at run time: a member of pumpflix_runtime, owning nothing. */
    static final String RUNTIME_LOGIN = "pumpflix_app";

    /**
     * The embedded server's superuser creates the runtime roles (the migrations grant them
     * privileges) and gives both logins the passwords of the home's files; then every login needs
     * its password. A home created before passwords (trusting every local login) is upgraded here:
     * its pg_hba.conf is replaced and reloaded.
     */
    private static DatabaseServer provisioned(DatabaseServer server, Path data) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute("""
                    DO $$
                    BEGIN
                        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pumpflix_runtime') THEN
                            CREATE ROLE pumpflix_runtime NOLOGIN;
                        END IF;
                        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
                            CREATE ROLE %1$s LOGIN IN ROLE pumpflix_runtime;
                        END IF;
                    END
                    $$""".formatted(RUNTIME_LOGIN));
            // the files are the truth: a lost runtime password file gets a new password here
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE postgres PASSWORD " + literal(server.password()));
            statement.execute("ALTER ROLE " + RUNTIME_LOGIN + " PASSWORD " + literal(server.runtimePassword()));
            if (requirePasswords(data)) {
                log.warn("Upgraded {}: every login to the embedded PostgreSQL now needs its password ({} and {} in the home)",
                        data, EmbeddedPasswords.SUPERUSER_FILE, EmbeddedPasswords.RUNTIME_FILE);
                statement.execute("SELECT pg_reload_conf()");
            }
        } catch (SQLException e) {
            server.close();
            if ("28P01".equals(e.getSQLState())) {
                throw new IllegalStateException("the embedded PostgreSQL refuses the superuser password in "
                        + data.getParent().resolve(EmbeddedPasswords.SUPERUSER_FILE) + "; restore that file from a backup"
                        + " of the home (docs/security.md, 'The embedded database')", e);
            }
            throw new IllegalStateException("cannot prepare the logins of the embedded PostgreSQL: " + e.getMessage(), e);
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException("cannot write " + data.resolve("pg_hba.conf") + ": " + e.getMessage(), e);
        }
        return server;
    }

    /** Writes a pg_hba.conf where every login needs its password, unless it is there; true when written. */
    static boolean requirePasswords(Path data) throws IOException {
        Path hba = data.resolve("pg_hba.conf");
        if (Files.exists(hba) && Files.readString(hba).startsWith(HBA_MARKER)) {
            return false;
        }
        Path next = data.resolve("pg_hba.conf.pumpflix");
        Files.writeString(next, HBA_MARKER + """

                # Written by PumpFlix (docs/security.md): the Unix socket is in the home's run directory and
                # the server listens on loopback only; no login is trusted without its password.
                local   all             all                                     scram-sha-256
                host    all             all             127.0.0.1/32            scram-sha-256
                host    all             all             ::1/128                 scram-sha-256
                local   replication     all                                     scram-sha-256
                host    replication     all             127.0.0.1/32            scram-sha-256
                host    replication     all             ::1/128                 scram-sha-256
                """);
        try {
            Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // best effort
        }
        Files.move(next, hba, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /**
     * The socket directory, or none when its path is too long for a Unix socket (108 bytes with
     * the socket's own name): the server then listens on loopback TCP only.
     */
    private static String socketDirectory(Path sockets) {
        if (sockets.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + ".s.PGSQL.65535".length() + 1 > 107) {
            log.info("No Unix socket for the embedded PostgreSQL: {} is too long a path for one; loopback TCP only", sockets);
            return "";
        }
        return sockets.toString();
    }

    private static String literal(String password) {
        return "'" + password.replace("'", "''") + "'";
    }

    private static Optional<ProcessHandle> livePostmaster(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try (var lines = Files.lines(pidFile)) {
            pid = Long.parseLong(lines.findFirst().orElse("").trim());
        } catch (NumberFormatException unreadable) {
            return Optional.empty();  // PostgreSQL itself will judge a stale lock file
        }
        return ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    }

    static int postmasterPort(Path data) throws IOException {
        return Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(3).trim());
    }

    /** A running service holds zonky's lock file in the data directory; a killed one released it. */
    static boolean heldByRunningService(Path data) throws IOException {
        try (FileChannel channel = FileChannel.open(data.resolve("epg-lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException heldInThisJvm) {
            return true;
        }
    }

    /**
     * A service killed hard leaves its PostgreSQL running on the data directory; the new one
     * could not start beside it. Such an orphan has lost all its clients, so a smart shutdown
     * (SIGTERM) ends it cleanly.
     */
    private static void stopOrphan(ProcessHandle orphan, Path data) throws IOException {
        long pid = orphan.pid();
        log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run", pid, data);
        orphan.destroy();
        try {
            orphan.onExit().get(60, TimeUnit.SECONDS);
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

    // Without zonky's "?user=postgres": a user in the URL would override the runtime login.
    private static String url(int port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    @Override
    public String jdbcUrl() {
        return url(postgres.getPort());
    }

    @Override
    public EmbeddedPasswords passwords() {
        return passwords;
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

    /** The embedded PostgreSQL of a service running on the same home: used, never stopped. */
    private record Attached(String jdbcUrl, EmbeddedPasswords passwords) implements EmbeddedLogins {

        @Override
        public void close() {
            // the running service stops it
        }
    }
}
