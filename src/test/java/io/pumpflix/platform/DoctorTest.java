package io.pumpflix.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code pumpflix doctor} on real homes (docs/cli.md): every check passes on a healthy one, and the
 * failing check is named, with what to do, for a missing key, a stopped external database and a
 * home created before the embedded database's passwords. It changes nothing on the way.
 */
class DoctorTest {

    private static final Path HOMES = Path.of("target", "test-home").toAbsolutePath();

    record Run(int code, List<String> lines) {

        String line(String check) {
            return lines.stream().filter(l -> l.substring(6).startsWith(check)).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for " + check + " in " + lines));
        }
    }

    private static Run doctor(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Doctor.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path newHome() throws IOException {
        Files.createDirectories(HOMES);
        return Files.createTempDirectory(HOMES, "d");
    }

    @Test
    void aHealthyHomePassesEveryCheckAndAMissingKeyIsNamed() throws Exception {
        Path home = newHome();
        assertThat(MigrateCommand.run(new String[] {"--pumpflix.home=" + home})).isZero();
        String port = "--server.port=" + freePort();

        Run healthy = doctor("--pumpflix.home=" + home, port);

        assertThat(healthy.code()).as(String.join("\n", healthy.lines())).isZero();
        for (String check : List.of("configuration", "embedded logins", "free disk", "http port", "database reachable",
                "migrations", "runtime role", "row-level security", "keyring")) {
            assertThat(healthy.line(check)).startsWith("ok");
        }
        assertThat(healthy.line("migrations")).contains("all applied, at version");
        assertThat(healthy.line("runtime role")).contains("pumpflix_app");

        // a credential encrypted under a key the keyring does not have
        Files.writeString(home.resolve("keyring"), "k1:" + Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        try (DatabaseServer server = EmbeddedDatabase.start(home, false, false);
                Connection owner = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password())) {
            owner.createStatement().execute("""
                    WITH o AS (INSERT INTO organizations (name) VALUES ('doctor') RETURNING id)
                    INSERT INTO credentials (name, type, organization_id, encrypted_value)
                    SELECT 'lost', 'api_key', o.id, 'v1:gone:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' FROM o""");
        }
        Run missingKey = doctor("--pumpflix.home=" + home, port);

        assertThat(missingKey.code()).isEqualTo(1);
        assertThat(missingKey.line("keyring")).startsWith("FAIL").contains("key id 'gone'").contains("restore");
        assertThat(missingKey.line("database reachable")).startsWith("ok");
    }

    @Test
    void aStoppedExternalDatabaseIsNamed() throws Exception {
        Path home = newHome();
        int stopped = freePort();

        Run run = doctor("--pumpflix.home=" + home, "--server.port=" + freePort(),
                "--pumpflix.db.url=jdbc:postgresql://127.0.0.1:" + stopped + "/pumpflix", "--pumpflix.db.user=pumpflix",
                "--pumpflix.encryption.keys=k1:" + Base64.getEncoder().encodeToString(new byte[32]));

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.line("database reachable")).startsWith("FAIL").contains("start the database");
        assertThat(run.line("embedded logins")).startsWith("ok").contains("external");
        assertThat(home.resolve("pgdata")).as("no embedded database was started instead").doesNotExist();
    }

    @Test
    void aHomeCreatedBeforePasswordsIsNamedAndLeftAsItIs() throws Exception {
        Path home = newHome();
        Path data = home.resolve("pgdata");
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setServerConfig("timezone", "UTC").start()) {
            assertThat(old.getPort()).isPositive();
        }
        String hba = Files.readString(data.resolve("pg_hba.conf"));

        Run run = doctor("--pumpflix.home=" + home, "--server.port=" + freePort());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.line("embedded logins")).startsWith("FAIL").contains("created before passwords")
                .contains("upgrades the home in place");
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).as("the doctor changed nothing").isEqualTo(hba);
        assertThat(home.resolve("postgres-password")).doesNotExist();
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        Path home = newHome();
        try (ServerSocket taken = new ServerSocket(0)) {
            Run run = doctor("--pumpflix.home=" + home, "--server.port=" + taken.getLocalPort());

            assertThat(run.line("http port")).startsWith("FAIL").contains("in use").contains("PUMPFLIX_PORT");
            assertThat(run.line("embedded logins")).startsWith("ok").contains("first start creates it");
            assertThat(run.code()).isEqualTo(1);
        }
    }
}
