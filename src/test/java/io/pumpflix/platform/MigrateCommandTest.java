package io.pumpflix.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.DatabaseTest;
import io.pumpflix.PumpflixApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code pumpflix migrate} against an external database: a fresh database of the test server. */
class MigrateCommandTest extends DatabaseTest {

    @Autowired
    DataSource dataSource;

    @TempDir
    Path home;

    @Test
    void migratesAFreshExternalDatabaseTwiceWithoutStartingAnEmbeddedOne() throws Exception {
        String database = "migrate_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("CREATE DATABASE " + database).update();
        String url;
        try (var connection = dataSource.getConnection()) {
            url = connection.getMetaData().getURL().replaceFirst("/postgres(\\?|$)", "/" + database + "$1");
        }
        String[] args = {"--pumpflix.db.url=" + url, "--pumpflix.db.user=postgres", "--pumpflix.db.password=" + superuserPassword(), "--pumpflix.home=" + home};

        Run first = run(args);
        Run again = run(args);

        assertThat(first.exitCode()).as(first.err()).isZero();
        String latest = jdbc.sql("SELECT max(version::int)::text FROM flyway_schema_history").query(String.class).single();
        assertThat(first.out()).contains("database is at version " + latest);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(home.resolve("pgdata")).doesNotExist();
        assertThat(jdbc.sql("SELECT count(*) FROM pg_catalog.pg_database WHERE datname = ?").param(database)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anUnreachableDatabaseExitsNonZeroWithAClearMessage() {
        Run run = run(new String[] {"--pumpflix.db.url=jdbc:postgresql://127.0.0.1:1/nowhere",
                "--pumpflix.db.user=nobody", "--pumpflix.home=" + home});

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("pumpflix migrate: failed:").contains("127.0.0.1:1");
        assertThat(home.resolve("pgdata")).doesNotExist();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String[] args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = MigrateCommand.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
