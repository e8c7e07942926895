package io.pumpflix.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * kill -9 the service while a bounded load logs executions and commits versions, start it again
 * on the same home: every write acknowledged with 2xx is there, none is half-written, and the
 * WebSocket sessions of the dead process are ended.
 */
class CrashRecoveryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path home;

    private HttpResponse<String> send(int port, String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyAcknowledgedWriteSurvivesAKillAndTheDeadSessionsEnd() throws Exception {
        try (ServiceProcess service = new ServiceProcess(home)) {
            service.start();
            int port = service.port;
            JsonNode session = JSON.readTree(send(port, "POST", "/api/v1/auth/sign-up", null, Map.of(
                    "organizationName", "Crash", "email", "crash@example.test", "password", "correct horse battery"))
                    .body());
            String token = session.path("token").asString();
            String workflow = JSON.readTree(send(port, "POST", "/api/v1/workflows", token,
                    Map.of("name", "under load", "definition", Map.of())).body()).path("id").asString();

            LinkedBlockingQueue<String> welcome = new LinkedBlockingQueue<>();
            http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://localhost:" + port + "/api/v1/workflows/" + workflow + "/live"),
                            new WebSocket.Listener() {
                                @Override
                                public java.util.concurrent.CompletionStage<?> onText(WebSocket socket, CharSequence data,
                                        boolean last) {
                                    welcome.add(data.toString());
                                    return null;
                                }
                            }).join();
            String liveSession = JSON.readTree(welcome.poll(10, TimeUnit.SECONDS)).path("sessionId").asString();

            Queue<String> executions = new ConcurrentLinkedQueue<>();
            Queue<String> versions = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService load = Executors.newFixedThreadPool(6);
            for (int writer = 0; writer < 6; writer++) {
                int w = writer;
                load.submit(() -> {
                    for (int i = 0; running.get() && i < 5_000; i++) {
                        try {
                            if (i % 5 == w % 5) {
                                HttpResponse<String> r = send(port, "POST", "/api/v1/workflows/" + workflow + "/versions",
                                        token, Map.of("definition", Map.of("writer", w, "i", i)));
                                if (r.statusCode() == 201) {
                                    versions.add(JSON.readTree(r.body()).path("id").asString());
                                }
                            } else {
                                HttpResponse<String> r = send(port, "POST", "/api/v1/workflows/" + workflow + "/executions",
                                        token, Map.of("status", "success", "input", Map.of("writer", w, "i", i)));
                                if (r.statusCode() == 201) {
                                    executions.add(JSON.readTree(r.body()).path("id").asString());
                                }
                            }
                        } catch (Exception connectionLost) {
                            return null;
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(3_000);
            service.kill();
            running.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(executions).hasSizeGreaterThan(50);

            service.start();

            List<String> missing = new ArrayList<>();
            for (String id : executions) {
                if (send(port, "GET", "/api/v1/executions/" + id, token, null).statusCode() != 200) {
                    missing.add("execution " + id);
                }
            }
            for (String id : versions) {
                if (send(port, "GET", "/api/v1/workflows/" + workflow + "/versions/" + id, token, null).statusCode() != 200) {
                    missing.add("version " + id);
                }
            }
            assertThat(missing).isEmpty();
            try (Connection db = DriverManager.getConnection(
                    "jdbc:postgresql://localhost:" + service.databasePort() + "/postgres", "postgres",
                    io.pumpflix.DatabaseTest.password(service.home, "postgres-password"))) {
                ResultSet consistent = db.createStatement().executeQuery("""
                        SELECT (SELECT count(*) FROM workflow_executions
                                WHERE status = 'success' AND (started_at IS NULL OR finished_at IS NULL)) AS half_written,
                               (SELECT current_version_id = (SELECT v.id FROM workflow_versions v WHERE v.workflow_id = w.id
                                                             ORDER BY v.created_at DESC, v.id DESC LIMIT 1)
                                FROM workflows w WHERE w.id = '%s') AS current_is_newest,
                               (SELECT is_active FROM websocket_sessions WHERE id = '%s') AS dead_session_active,
                               (SELECT total_executions FROM get_user_usage_metrics('%s')) AS counted,
                               (SELECT count(*) FROM workflow_executions) AS stored""".formatted(
                        workflow, liveSession, session.path("userId").asString()));
                consistent.next();
                assertThat(consistent.getLong("half_written")).isZero();
                assertThat(consistent.getBoolean("current_is_newest")).isTrue();
                assertThat(consistent.getBoolean("dead_session_active")).isFalse();
                assertThat(consistent.getLong("counted")).isEqualTo(consistent.getLong("stored"));
                System.out.printf("crash test: %d executions and %d versions acknowledged before kill -9, all found;"
                        + " %d executions stored in all%n", executions.size(), versions.size(), consistent.getLong("stored"));
            }
            assertThat(service.stop()).isIn(0, 143);
        }
    }
}
