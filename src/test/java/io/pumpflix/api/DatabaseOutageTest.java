package io.pumpflix.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.PumpflixApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A service on its own PostgreSQL, which the test stops and starts again under a bounded load:
 * while it is down, requests fail fast with 503 and Retry-After and readiness says so, none hangs
 * past the limit; afterwards the service recovers by itself and every acknowledged write is there.
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
                "--pumpflix.encryption.key-file=" + home.resolve("keyring"), "--pumpflix.api.token-cache=PT0S",
                "--pumpflix.api.requests-per-second=0")) {
            ApiClient api = new ApiClient(((WebServerApplicationContext) service).getWebServer().getPort());
            ApiClient.Response up = api.post("/api/v1/auth/sign-up", null, Map.of("organizationName", "Outage",
                    "email", "o-" + UUID.randomUUID() + "@example.test", "password", "correct horse battery"));
            String token = up.text("token");
            String workflow = api.post("/api/v1/workflows", token, Map.of("name", "kept", "definition", Map.of()))
                    .text("id");
            assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);

            // a bounded load runs through the whole outage
            record Outcome(long startedNanos, long tookNanos, int status, String executionId) {
            }
            Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            AtomicBoolean loading = new AtomicBoolean(true);
            ExecutorService load = Executors.newFixedThreadPool(4);
            for (int writer = 0; writer < 4; writer++) {
                load.submit(() -> {
                    for (int i = 0; loading.get() && i < 20_000; i++) {
                        long begun = System.nanoTime();
                        ApiClient.Response r = i % 2 == 0
                                ? api.post("/api/v1/workflows/" + workflow + "/executions", token, Map.of("status", "success"))
                                : api.get("/api/v1/workflows/" + workflow, token);
                        outcomes.add(new Outcome(begun, System.nanoTime() - begun, r.status(),
                                i % 2 == 0 && r.status() == 201 ? r.text("id") : null));
                    }
                    return null;
                });
            }
            Thread.sleep(1_500);

            long stopped = System.nanoTime();
            database.close();
            ApiClient.Response during = api.get("/api/v1/workflows/" + workflow, token);
            assertThat(during.status()).isEqualTo(503);
            assertThat(during.raw().headers().firstValue("Retry-After")).contains("5");
            assertThat(during.body()).doesNotContain("Exception", "PSQL");
            assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(503);
            // a console page (its session looked up in the database) says so too, as a page
            java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                            + ((WebServerApplicationContext) service).getWebServer().getPort() + "/workflows"))
                            .header("Cookie", "pumpflix_session=" + "x".repeat(43)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(page.body()).contains("database is unavailable").doesNotContain("Exception", "PSQL");
            Thread.sleep(4_000);

            database = postgres(data, dbPort);
            long restarted = System.nanoTime();
            ApiClient.Response after = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                after = api.get("/api/v1/workflows/" + workflow, token);
                if (after.status() == 200) {
                    break;
                }
                Thread.sleep(100);
            }
            long recovered = System.nanoTime();
            Thread.sleep(1_000);
            loading.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            assertThat(after.status()).isEqualTo(200);
            assertThat(after.text("name")).isEqualTo("kept");
            assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
            assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).isIn(200, 201, 503));
            long slowestMillis = outcomes.stream().mapToLong(Outcome::tookNanos).max().orElseThrow() / 1_000_000;
            assertThat(slowestMillis).as("no request hangs past the limit").isLessThan(5_000);
            List<String> acknowledged = outcomes.stream().map(Outcome::executionId).filter(id -> id != null).toList();
            long lost = acknowledged.stream().filter(id -> api.get("/api/v1/executions/" + id, token).status() != 200).count();
            assertThat(lost).isZero();
            long refused = outcomes.stream().filter(o -> o.status() == 503).count();
            System.out.printf("outage test: database down %.1f s; service answering again %.1f s after restart;"
                    + " %d requests, %d refused with 503, slowest %d ms; %d writes acknowledged, %d lost%n",
                    (restarted - stopped) / 1e9, (recovered - restarted) / 1e9, outcomes.size(), refused, slowestMillis,
                    acknowledged.size(), lost);
        } finally {
            database.close();
        }
    }
}
