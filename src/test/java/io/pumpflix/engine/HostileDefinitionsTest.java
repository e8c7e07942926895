package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.api.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Definitions built to hurt are refused at commit or bounded at run time, with a clear error; the service stays healthy. */
class HostileDefinitionsTest extends EngineTest {

    String token;

    @BeforeEach
    void organization() {
        token = signUp().ownerToken();
    }

    private ApiClient.Response commit(Object definition) {
        return api.post("/api/v1/workflows", token, Map.of("name", "hostile", "definition", definition));
    }

    @Test
    void deepNestingIsRefused() {
        Object deep = "leaf";
        for (int i = 0; i < 60; i++) {
            deep = Map.of("d", deep);
        }
        ApiClient.Response response = commit(chain(node("Start", "manualTrigger"), node("Deep", "set", "fields", deep)));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("nested");
        assertHealthy();
    }

    @Test
    void tenThousandNodesAreRefused() {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            nodes.add(node("n" + i, "noOp"));
        }
        ApiClient.Response response = commit(Map.of("nodes", nodes));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("at most 500 nodes");
        assertHealthy();
    }

    @Test
    void aHugeExpressionIsRefused() {
        String huge = "={{ " + "1 + ".repeat(5_000) + "1 }}";
        ApiClient.Response response = commit(chain(node("Start", "manualTrigger"),
                node("Huge", "set", "fields", Map.of("x", huge))));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("node").asString()).isEqualTo("Huge");
        assertThat(response.body()).contains("at most 10000 characters");
        assertHealthy();
    }

    @Test
    void expressionLoopsAndRunawayRecursionEndWithinTheirBound() {
        Map<String, Object> loops = new LinkedHashMap<>();
        loops.put("forever", "={{ ($f := function($x) { $f($x + 1) }; $f(0)) }}");
        for (Map.Entry<String, Object> loop : loops.entrySet()) {
            UUID workflow = workflow(token, chain(node("Start", "manualTrigger"),
                    node("Loop", "set", "fields", Map.of(loop.getKey(), loop.getValue()))));
            long started = System.nanoTime();

            JsonNode run = runAndWait(token, workflow, null);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(run.path("status").asString()).isEqualTo("error");
            assertThat(run.path("error").path("node").asString()).isEqualTo("Loop");
            assertThat(run.path("error").path("parameter").asString()).isEqualTo("fields." + loop.getKey());
        }
        UUID huge = workflow(token, chain(node("Start", "manualTrigger"),
                node("Huge", "set", "fields", Map.of("all", "={{ [1..5000000] }}"))));
        JsonNode large = runAndWait(token, huge, null);
        assertThat(large.path("status").asString()).isEqualTo("error");
        assertThat(large.path("error").path("message").asString()).contains("more than 100000 values");
        UUID spin = workflow(token, chain(node("Start", "manualTrigger"),
                node("Spin", "set", "fields", Map.of("sum", "={{ $reduce([1..9999999], function($a, $b) { $a + $b }) }}"))));
        JsonNode run = runAndWait(token, spin, null);
        assertThat(run.path("status").asString()).isEqualTo("error");
        assertThat(run.path("error").path("message").asString()).contains("timeout");
        assertHealthy();
    }

    @Test
    void tooManyItemsAreRefusedNotSilentlyTruncated() {
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger"),
                node("Explode", "httpRequest", "url", SERVER.url(SERVER.freshPath()))));
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            items.add(Map.of("i", i));
        }
        ApiClient.Response response = api.post("/api/v1/workflows/" + workflow + "/run", token, Map.of("items", items));
        // 10,001 items of input pass the body limit: the manual trigger emits them and is refused for it
        if (response.status() == 202) {
            String execution = response.text("executionId");
            String status = "";
            for (int i = 0; i < 100 && !status.equals("error"); i++) {
                status = api.get("/api/v1/executions/" + execution, token).text("status");
                sleep(100);
            }
            assertThat(status).isEqualTo("error");
            assertThat(api.get("/api/v1/executions/" + execution, token).json().path("error").path("message").asString())
                    .contains("10001 items").contains("max-items-per-node");
        } else {
            assertThat(response.status()).isEqualTo(400);
        }
        assertHealthy();
    }

    private void assertHealthy() {
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
