package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.api.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Runs that park: waits, sub-workflows (also ones that wait), their depth limit and their links. */
class WaitAndSubWorkflowTest extends EngineTest {

    String token;

    @BeforeEach
    void organization() {
        token = signUp().ownerToken();
    }

    private String runState(String executionId) {
        return jdbc.sql("SELECT state FROM pumpflix.runs WHERE execution_id = ?::uuid").param(executionId)
                .query(String.class).optional().orElse("gone");
    }

    @Test
    void aWaitParksTheRunWithoutAWorkerThenGoesOnAfterTheNodesBeforeIt() throws Exception {
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger"),
                node("Before", "set", "fields", Map.of("before", "={{ $now }}")),
                node("Pause", "wait", "seconds", 2),
                node("After", "set", "fields", Map.of("after", "={{ $now }}"))));

        String execution = start(token, workflow, null);

        long deadline = System.nanoTime() + 1_500_000_000L;
        while (!runState(execution).equals("waiting") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(runState(execution)).as("parked in the queue").isEqualTo("waiting");
        assertThat(jdbc.sql("SELECT lease_owner FROM pumpflix.runs WHERE execution_id = ?::uuid").param(execution)
                .query(String.class).optional()).as("no instance holds a waiting run").isEmpty();
        assertThat(execution(token, execution).path("status").asString()).isEqualTo("running");
        JsonNode parked = nodes(token, execution);
        assertThat(parked).extracting(n -> n.path("node").asString()).containsExactly("Start", "Before", "Pause");

        JsonNode ended = awaitEnd(token, execution, 10);

        assertThat(ended.path("status").asString()).isEqualTo("success");
        JsonNode item = ended.path("output").get(0);
        String before = item.path("before").asString();
        String after = item.path("after").asString();
        assertThat(java.time.Duration.between(java.time.Instant.parse(before), java.time.Instant.parse(after)))
                .as("the nodes after the wait ran two seconds later").isGreaterThanOrEqualTo(java.time.Duration.ofMillis(1900));
        JsonNode all = nodes(token, execution);
        assertThat(all).extracting(n -> n.path("node").asString()).containsExactly("Start", "Before", "Pause", "After");
        assertThat(nodeNamed(all, "Before").path("startedAt").asString())
                .as("the node before the wait did not run again").isEqualTo(nodeNamed(parked, "Before").path("startedAt").asString());
        assertThat(runState(execution)).isEqualTo("gone");
    }

    @Test
    void aWaitUntilATimeAndAWaitInThePastGoOn() throws Exception {
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger"),
                node("Past", "wait", "until", "2020-01-01T00:00:00Z"),
                node("Soon", "wait", "until", "={{ $fromMillis($toMillis($now) + 1000) }}"),
                node("Done", "set", "fields", Map.of("done", true))));

        JsonNode ended = awaitEnd(token, start(token, workflow, null), 10);

        assertThat(ended.path("status").asString()).as(ended.toString()).isEqualTo("success");
        assertThat(ended.path("output").get(0).path("done").asBoolean()).isTrue();
    }

    @Test
    void cancellingAWaitingRunEndsItAndItNeverResumes() throws Exception {
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger"), node("Pause", "wait", "seconds", 1),
                node("After", "set", "fields", Map.of("after", true))));
        String execution = start(token, workflow, null);
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!runState(execution).equals("waiting") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        ApiClient.Response cancelled = api.post("/api/v1/executions/" + execution + "/cancel", token, null);

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        Thread.sleep(1500);
        assertThat(execution(token, execution).path("status").asString()).isEqualTo("cancelled");
        assertThat(nodes(token, execution)).extracting(n -> n.path("node").asString()).doesNotContain("After");
        assertThat(runState(execution)).isEqualTo("gone");
    }

    @Test
    void aSubWorkflowRunsAsItsOwnLinkedExecutionAndGivesItsLastItems() throws Exception {
        UUID child = workflow(token, chain(node("From parent", "executeWorkflowTrigger"),
                node("Double", "set", "keepOnlySet", true, "fields", Map.of("doubled", "={{ $json.n * 2 }}"))));
        UUID parent = workflow(token, chain(node("Start", "manualTrigger"),
                node("Call child", "executeWorkflow", "workflowId", child.toString()),
                node("Sum", "set", "fields", Map.of("seen", "={{ $count($input) }}"))));

        JsonNode run = runAndWait(token, parent, List.of(Map.of("n", 1), Map.of("n", 2)));

        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("success");
        assertThat(run.path("output")).extracting(i -> i.path("doubled").asInt()).containsExactly(2, 4);
        List<Map<String, Object>> children = jdbc.sql(
                "SELECT status, mode, workflow_id FROM workflow_executions WHERE parent_execution_id = ?::uuid")
                .param(run.path("executionId").asString()).query().listOfRows();
        assertThat(children).hasSize(1);
        assertThat(children.get(0)).containsEntry("status", "success").containsEntry("mode", "subworkflow")
                .containsEntry("workflow_id", child);
    }

    @Test
    void aWorkflowCallingItselfStopsAtTheDepthLimitWithAClearError() throws Exception {
        UUID workflow = workflow(token, chain(node("Start", "manualTrigger")));
        commit(token, workflow, chain(node("Start", "executeWorkflowTrigger"),
                node("Again", "executeWorkflow", "workflowId", workflow.toString())));

        String execution = start(token, workflow, List.of(Map.of()));
        JsonNode ended = awaitEnd(token, execution, 30);

        assertThat(ended.path("status").asString()).isEqualTo("error");
        assertThat(ended.path("error").path("node").asString()).isEqualTo("Again");
        assertThat(ended.path("error").path("message").asString()).contains("sub-workflow");
        long levels = jdbc.sql("""
                WITH RECURSIVE tree(id) AS (SELECT ?::uuid UNION ALL
                    SELECT e.id FROM workflow_executions e JOIN tree t ON e.parent_execution_id = t.id)
                SELECT count(*) - 1 FROM tree""").param(execution).query(Long.class).single();
        assertThat(levels).as("sub-workflows nested up to the limit of 10").isEqualTo(10);
        String deepest = jdbc.sql("""
                SELECT error->>'message' FROM workflow_executions
                WHERE workflow_id = ? AND error->>'message' LIKE '%nest at most%'""").param(workflow)
                .query(String.class).list().get(0);
        assertThat(deepest).contains("pumpflix.engine.max-sub-workflow-depth");
        assertThat(jdbc.sql("SELECT count(*) FROM workflow_executions WHERE workflow_id = ? AND status <> 'error'")
                .param(workflow).query(Long.class).single()).as("every level failed in turn").isZero();
    }

    @Test
    void aSubWorkflowThatWaitsParksItsParentUntilItEnds() throws Exception {
        UUID child = workflow(token, chain(node("From parent", "executeWorkflowTrigger"), node("Pause", "wait", "seconds", 1),
                node("Mark", "set", "fields", Map.of("child", "done"))));
        UUID parent = workflow(token, chain(node("Start", "manualTrigger"),
                node("Call child", "executeWorkflow", "workflowId", child.toString()),
                node("After", "set", "fields", Map.of("parent", "done"))));

        String execution = start(token, parent, List.of(Map.of("x", 1)));
        JsonNode ended = awaitEnd(token, execution, 15);

        assertThat(ended.path("status").asString()).as(ended.toString()).isEqualTo("success");
        JsonNode item = ended.path("output").get(0);
        assertThat(item.path("child").asString()).isEqualTo("done");
        assertThat(item.path("parent").asString()).isEqualTo("done");
        assertThat(item.path("x").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM workflow_executions WHERE parent_execution_id = ?::uuid")
                .param(execution).query(Long.class).single()).as("the child ran once").isEqualTo(1);
    }

    @Test
    void aWorkflowOfAnotherOrganizationCannotBeCalled() {
        UUID theirs = workflow(signUp().ownerToken(), chain(node("Start", "executeWorkflowTrigger")));

        ApiClient.Response refused = api.post("/api/v1/workflows", token, Map.of("name", "calls theirs",
                "definition", chain(node("Start", "manualTrigger"), node("Call", "executeWorkflow", "workflowId",
                        theirs.toString()))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("node").asString()).isEqualTo("Call");
        assertThat(refused.json().path("errors").get(0).path("parameter").asString()).isEqualTo("workflowId");
    }
}
