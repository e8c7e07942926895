package io.pumpflix.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL on a shared machine (docs/security.md, "The embedded database"): every
 * login needs its password, over loopback TCP and over the Unix socket (which lives inside the
 * private home, not in /tmp), also for another OS user; the passwords are in files of the home
 * that only their owner reads; a home created before this, which trusted every local login, is
 * upgraded in place on its next start, keeping its data, and {@code migrate} still works on it.
 */
class EmbeddedLoginsTest {

    private static final Path HOMES = Path.of("target", "test-home").toAbsolutePath();

    private static Path newHome() throws IOException {
        Files.createDirectories(HOMES);
        // short: a Unix socket's path is at most 107 bytes
        return Files.createTempDirectory(HOMES, "l");
    }

    private static int port(DatabaseServer server) {
        String url = server.jdbcUrl();
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1, url.lastIndexOf('/')));
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The probe in a JVM of its own, as the OS user nobody when this test runs as root (as itself otherwise). */
    private static String probeAsAnotherUser(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (root()) {
            command.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                Path.of("target", "classes").toAbsolutePath().toString(), LoginProbe.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static void assertLoginsNeedPasswords(Path home, DatabaseServer server) throws Exception {
        int port = port(server);
        Path sockets = home.resolve(EmbeddedDatabase.SOCKET_DIRECTORY);

        assertThat(LoginProbe.probe(new InetSocketAddress("127.0.0.1", port))).isEqualTo("password");
        assertThat(sockets.resolve(".s.PGSQL." + port)).as("the socket is inside the home").exists();
        assertThat(Path.of("/tmp", ".s.PGSQL." + port)).as("no socket in /tmp").doesNotExist();
        assertThat(LoginProbe.probe(UnixDomainSocketAddress.of(sockets.resolve(".s.PGSQL." + port))))
                .isEqualTo("password");
        assertThat(probeAsAnotherUser("tcp", String.valueOf(port))).isEqualTo("password");
        assertThat(probeAsAnotherUser("socket", sockets.toString(), String.valueOf(port)))
                .as("over the socket, another user cannot even reach it; the home's owner is asked for a password")
                .isIn("password", "refused: Permission denied");

        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "postgres", null).close())
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "postgres", "not the password").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), EmbeddedDatabase.RUNTIME_LOGIN, null).close())
                .isInstanceOf(SQLException.class);

        String superuser = Files.readString(home.resolve("postgres-password")).strip();
        String runtime = Files.readString(home.resolve("pumpflix_app-password")).strip();
        try (Connection owner = DriverManager.getConnection(server.jdbcUrl(), "postgres", superuser);
                Connection app = DriverManager.getConnection(server.jdbcUrl(), EmbeddedDatabase.RUNTIME_LOGIN, runtime)) {
            assertThat(owner.isValid(2)).isTrue();
            assertThat(app.isValid(2)).isTrue();
        }
        for (String file : List.of("postgres-password", "pumpflix_app-password")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(file))))
                    .as(file + " is its owner's only").isEqualTo("rw-------");
        }
    }

    @Test
    void aNewHomeAsksEveryLoginForItsPasswordOverTcpAndTheSocket() throws Exception {
        Path home = newHome();
        try (DatabaseServer server = EmbeddedDatabase.start(home, false, false)) {
            assertLoginsNeedPasswords(home, server);
        }
        // and again after a restart, with the same passwords
        String before = Files.readString(home.resolve("postgres-password"));
        try (DatabaseServer server = EmbeddedDatabase.start(home, false, false)) {
            assertThat(Files.readString(home.resolve("postgres-password"))).isEqualTo(before);
            assertLoginsNeedPasswords(home, server);
        }
    }

    @Test
    void aHomeThatTrustedEveryLoginIsUpgradedInPlaceAndKeepsItsData() throws Exception {
        Path home = newHome();
        Path data = home.resolve("pgdata");
        // a home as the service made them before: zonky's initdb, every local login trusted
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setServerConfig("timezone", "UTC").start()) {
            assertThat(LoginProbe.probe(new InetSocketAddress("127.0.0.1", old.getPort())))
                    .as("the fixture is an old home").isEqualTo("trusted");
            try (Connection connection = old.getPostgresDatabase().getConnection()) {
                connection.createStatement().execute("CREATE SCHEMA old_home; CREATE TABLE old_home.kept (note text); INSERT INTO old_home.kept VALUES ('from before')");
            }
        }
        assertThat(home.resolve("postgres-password")).doesNotExist();

        try (DatabaseServer server = EmbeddedDatabase.start(home, false, false)) {
            assertLoginsNeedPasswords(home, server);
            try (Connection owner = DriverManager.getConnection(server.jdbcUrl(), "postgres",
                    Files.readString(home.resolve("postgres-password")).strip())) {
                var kept = owner.createStatement().executeQuery("SELECT note FROM old_home.kept");
                assertThat(kept.next()).isTrue();
                assertThat(kept.getString(1)).isEqualTo("from before");
            }
        }

        // the commands find the passwords by themselves
        assertThat(MigrateCommand.run(new String[] {"--pumpflix.home=" + home})).isZero();
    }
}
