package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.LoopbackServer;
import io.pumpflix.LoopbackServer.Reply;
import io.pumpflix.api.ApiClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A failed run starts its error workflow once and never recursively; a failed run retried from its failed node. */
class ErrorWorkflowAndRetryTest extends EngineTest {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    Org org;
    String token;

    @BeforeEach
    void organization() {
        org = signUp();
        token = org.ownerToken();
    }

    private List<Map<String, Object>> runsOf(UUID workflow) {
        return jdbc.sql("SELECT id, status, mode, input_data::text AS input, output_data::text AS output "
                + "FROM workflow_executions WHERE workflow_id = ? ORDER BY logged_at").param(workflow).query().listOfRows();
    }

    private void awaitRuns(UUID workflow, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && runsOf(workflow).stream()
                .filter(r -> List.of("success", "error").contains(r.get("status"))).count() < count) {
            Thread.sleep(50);
        }
    }

    private Map<String, Object> failing(UUID errorWorkflow, String path) {
        Map<String, Object> definition = new HashMap<>(chain(node("Start", "manualTrigger"),
                node("Call", "httpRequest", "url", SERVER.url(path))));
        definition.put("settings", Map.of("errorWorkflow", errorWorkflow.toString()));
        return definition;
    }

    @Test
    void aFailedRunStartsItsErrorWorkflowOnceWithWhatFailed() throws Exception {
        String path = LoopbackServer.freshPath();
        SERVER.on(path, request -> Reply.status(500, "down"));
        UUID onError = workflow(token, chain(node("Failed", "errorTrigger"), node("Report", "set", "fields",
                Map.of("failedNode", "={{ $json.execution.lastNodeExecuted }}", "of", "={{ $json.workflow.name }}"))));
        UUID workflow = workflow(token, failing(onError, path));

        JsonNode run = runAndWait(token, workflow, null);
        awaitRuns(onError, 1);
        Thread.sleep(500);

        assertThat(run.path("status").asString()).isEqualTo("error");
        List<Map<String, Object>> reports = runsOf(onError);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0)).containsEntry("status", "success").containsEntry("mode", "error");
        JsonNode input = JSON.readTree((String) reports.get(0).get("input"));
        assertThat(input.get(0).path("execution").path("id").asString()).isEqualTo(run.path("executionId").asString());
        assertThat(input.get(0).path("execution").path("mode").asString()).isEqualTo("manual");
        assertThat(input.get(0).path("execution").path("error").path("message").asString()).contains("500");
        assertThat(input.get(0).path("workflow").path("id").asString()).isEqualTo(workflow.toString());
        JsonNode output = JSON.readTree((String) reports.get(0).get("output"));
        assertThat(output.get(0).path("failedNode").asString()).isEqualTo("Call");
        assertThat(output.get(0).path("of").asString()).startsWith("engine ");
    }

    @Test
    void anErrorWorkflowThatFailsDoesNotStartItselfAgain() throws Exception {
        String path = LoopbackServer.freshPath();
        SERVER.on(path, request -> Reply.status(500, "down"));
        UUID selfReporting = workflow(token, chain(node("Start", "manualTrigger")));
        Map<String, Object> definition = new HashMap<>(chain(node("Failed", "errorTrigger"),
                node("Call", "httpRequest", "url", SERVER.url(path))));
        definition.put("settings", Map.of("errorWorkflow", selfReporting.toString()));
        commit(token, selfReporting, definition);
        UUID workflow = workflow(token, failing(selfReporting, path));

        runAndWait(token, workflow, null);
        awaitRuns(selfReporting, 1);
        Thread.sleep(1500);

        List<Map<String, Object>> reports = runsOf(selfReporting);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0)).containsEntry("status", "error").containsEntry("mode", "error");
        assertThat(SERVER.received(path)).as("the workflow's call and the error workflow's, once each").hasSize(2);
    }

    @Test
    void aRetryStartsFromTheFailedNodeKeepingTheResultsBeforeIt() throws Exception {
        String first = LoopbackServer.freshPath();
        String flaky = LoopbackServer.freshPath();
        AtomicInteger calls = new AtomicInteger();
        SERVER.on(first, request -> Reply.json("{\"id\": 7}"));
        SERVER.on(flaky, request -> calls.incrementAndGet() == 1 ? Reply.status(503, "later") : Reply.json("{\"ok\": true}"));
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger"),
                node("First", "httpRequest", "url", SERVER.url(first)),
                node("Flaky", "httpRequest", "url", SERVER.url(flaky), "query", Map.of("id", "={{ $json.body.id }}")),
                node("Done", "set", "fields", Map.of("firstId", "={{ $node('First').body.id }}"))));
        JsonNode failed = runAndWait(token, workflow, List.of(Map.of("order", 1)));
        assertThat(failed.path("status").asString()).isEqualTo("error");
        assertThat(failed.path("error").path("node").asString()).isEqualTo("Flaky");

        ApiClient.Response retry = api.post("/api/v1/executions/" + failed.path("executionId").asString() + "/retry",
                token, null);

        assertThat(retry.status()).as(retry.body()).isEqualTo(202);
        String retried = retry.text("executionId");
        JsonNode ended = awaitEnd(token, retried, 10);
        assertThat(ended.path("status").asString()).as(ended.toString()).isEqualTo("success");
        assertThat(ended.path("mode").asString()).isEqualTo("retry");
        assertThat(ended.path("retryOf").asString()).isEqualTo(failed.path("executionId").asString());
        assertThat(ended.path("output").get(0).path("firstId").asInt()).isEqualTo(7);
        assertThat(SERVER.received(first)).as("the node before the failure did not run again").hasSize(1);
        assertThat(SERVER.received(flaky)).hasSize(2);
        assertThat(SERVER.received(flaky).get(1).query()).isEqualTo("id=7");
        assertThat(nodes(token, retried)).extracting(n -> n.path("node").asString())
                .containsExactly("Start", "First", "Flaky", "Done");

        ApiClient.Response again = api.post("/api/v1/executions/" + retried + "/retry", token, null);
        assertThat(again.status()).as("a run that succeeded is not retried").isEqualTo(409);
        String viewer = member(org, io.pumpflix.identity.Role.VIEWER);
        assertThat(api.post("/api/v1/executions/" + failed.path("executionId").asString() + "/retry", viewer, null)
                .status()).as("a viewer may not run workflows").isEqualTo(403);
    }
}
