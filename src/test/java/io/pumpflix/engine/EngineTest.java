package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.LoopbackServer;
import io.pumpflix.api.ApiClient;
import io.pumpflix.api.ApiTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Base of the engine's end-to-end tests: definitions built here, sent over real HTTP, runs read back. */
public abstract class EngineTest extends ApiTest {

    protected static final LoopbackServer SERVER = LoopbackServer.SHARED;

    /** A node: name, type, and parameters as alternating keys and values. */
    protected static Map<String, Object> node(String name, String type, Object... parameters) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", name);
        node.put("type", type);
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            params.put((String) parameters[i], parameters[i + 1]);
        }
        node.put("parameters", params);
        return node;
    }

    /** The same node with more top-level fields (credentials, onError, retryOnFail, ...). */
    protected static Map<String, Object> with(Map<String, Object> node, Object... fields) {
        Map<String, Object> copy = new LinkedHashMap<>(node);
        for (int i = 0; i < fields.length; i += 2) {
            copy.put((String) fields[i], fields[i + 1]);
        }
        return copy;
    }

    /** A definition whose nodes run in a chain, each feeding the next (output 0 to input 0). */
    @SafeVarargs
    protected static Map<String, Object> chain(Map<String, Object>... nodes) {
        Map<String, Object> connections = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nodes.length; i++) {
            connections.put((String) nodes[i].get("name"), Map.of("main",
                    List.of(List.of(Map.of("node", nodes[i + 1].get("name"), "type", "main", "index", 0)))));
        }
        return Map.of("nodes", List.of(nodes), "connections", connections);
    }

    /** A connection list for {@code connections}: output by output, each a list of "node" or "node:input". */
    protected static Map<String, Object> outputs(List<?>... perOutput) {
        List<List<Map<String, Object>>> main = new ArrayList<>();
        for (List<?> targets : perOutput) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Object target : targets) {
                String[] parts = ((String) target).split(":");
                list.add(Map.of("node", parts[0], "type", "main", "index", parts.length > 1 ? Integer.parseInt(parts[1]) : 0));
            }
            main.add(list);
        }
        return Map.of("main", main);
    }

    protected UUID workflow(String token, Map<String, Object> definition) {
        ApiClient.Response created = api.post("/api/v1/workflows", token,
                Map.of("name", "engine " + UUID.randomUUID(), "definition", definition));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }

    /** Runs the workflow by hand and waits for the end: {executionId, status, output, error}. */
    protected JsonNode runAndWait(String token, UUID workflow, Object items) {
        ApiClient.Response run = api.post("/api/v1/workflows/" + workflow + "/run?wait=true", token,
                items == null ? null : Map.of("items", items));
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        return run.json();
    }

    protected JsonNode nodes(String token, String executionId) {
        ApiClient.Response nodes = api.get("/api/v1/executions/" + executionId + "/nodes", token);
        assertThat(nodes.status()).as(nodes.body()).isEqualTo(200);
        return nodes.json();
    }

    /** Commits a new version of a workflow (201 expected). */
    protected void commit(String token, UUID workflow, Map<String, Object> definition) {
        ApiClient.Response committed = api.post("/api/v1/workflows/" + workflow + "/versions", token,
                Map.of("definition", definition));
        assertThat(committed.status()).as(committed.body()).isEqualTo(201);
    }

    /** Queues a run by hand without waiting; returns its execution id. */
    protected String start(String token, UUID workflow, Object items) {
        ApiClient.Response run = api.post("/api/v1/workflows/" + workflow + "/run", token,
                items == null ? null : Map.of("items", items));
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        return run.text("executionId");
    }

    /** The execution as the API shows it. */
    protected JsonNode execution(String token, String executionId) {
        ApiClient.Response execution = api.get("/api/v1/executions/" + executionId, token);
        assertThat(execution.status()).as(execution.body()).isEqualTo(200);
        return execution.json();
    }

    /** Waits (up to {@code seconds}) for an execution to end and returns it. */
    protected JsonNode awaitEnd(String token, String executionId, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        JsonNode execution = execution(token, executionId);
        while (List.of("queued", "running").contains(execution.path("status").asString())
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            execution = execution(token, executionId);
        }
        return execution;
    }

    protected static JsonNode nodeNamed(JsonNode nodes, String name) {
        for (JsonNode node : nodes) {
            if (node.path("node").asString().equals(name)) {
                return node;
            }
        }
        throw new AssertionError("no result for node " + name + " in " + nodes);
    }
}
