package io.pumpflix.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.PumpflixApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A service on its own PostgreSQL, which the test stops and starts again: while it is down,
 * requests fail fast with 503 and Retry-After and readiness says so; afterwards the service
 * recovers by itself, and what was acknowledged before is still there.
 */
class DatabaseOutageTest {

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static EmbeddedPostgres postgres(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("timezone", "UTC").start();
    }

    @Test
    void requestsFailFastWhileTheDatabaseIsDownAndTheServiceRecoversByItself() throws Exception {
        Path home = Files.createTempDirectory("pumpflix-outage");
        Path data = home.resolve("external-pgdata");
        int dbPort = freePort();
        EmbeddedPostgres database = postgres(data, dbPort);
        Files.writeString(home.resolve("keyring"), "k1:" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(PumpflixApplication.class).run(
                "--server.port=0", "--pumpflix.home=" + home, "--pumpflix.instance-id=outage",
                "--pumpflix.db.url=jdbc:postgresql://localhost:" + dbPort + "/postgres", "--pumpflix.db.user=postgres",
                "--pumpflix.encryption.key-file=" + home.resolve("keyring"), "--pumpflix.api.token-cache=PT0S")) {
            ApiClient api = new ApiClient(((WebServerApplicationContext) service).getWebServer().getPort());
            ApiClient.Response up = api.post("/api/v1/auth/sign-up", null, Map.of("organizationName", "Outage",
                    "email", "o-" + UUID.randomUUID() + "@example.test", "password", "correct horse battery"));
            String token = up.text("token");
            String workflow = api.post("/api/v1/workflows", token, Map.of("name", "kept", "definition", Map.of()))
                    .text("id");
            assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);

            database.close();
            long started = System.nanoTime();
            ApiClient.Response during = api.get("/api/v1/workflows/" + workflow, token);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(during.status()).isEqualTo(503);
            assertThat(during.raw().headers().firstValue("Retry-After")).contains("5");
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            assertThat(during.body()).doesNotContain("Exception", "PSQL");
            assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(503);

            database = postgres(data, dbPort);
            ApiClient.Response after = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                after = api.get("/api/v1/workflows/" + workflow, token);
                if (after.status() == 200) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.text("name")).isEqualTo("kept");
            assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
        } finally {
            database.close();
        }
    }
}
