package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.api.LiveClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Whoever watches a workflow sees its runs start, each node finish, and the run end. */
class LiveEventsTest extends EngineTest {

    @Test
    void aWatcherSeesExecutionStartedNodeFinishedAndExecutionFinished() throws Exception {
        Org org = signUp();
        UUID workflow = workflow(org.ownerToken(), chain(node("Start", "manualTrigger"),
                node("Price", "set", "fields", Map.of("x", 1))));
        LiveClient watcher = LiveClient.connect(port, workflow, org.ownerToken());
        watcher.next("welcome");
        Thread.sleep(1200);

        JsonNode run = runAndWait(org.ownerToken(), workflow, List.of(Map.of("a", 1), Map.of("a", 2)));
        String execution = run.path("executionId").asString();

        JsonNode started = watcher.next("execution.started");
        assertThat(started.path("executionId").asString()).isEqualTo(execution);
        JsonNode node = watcher.next("node.finished");
        assertThat(node.path("executionId").asString()).isEqualTo(execution);
        assertThat(node.path("data").path("node").asString()).isIn("Start", "Price");
        assertThat(node.path("data").path("status").asString()).isEqualTo("success");
        assertThat(node.path("data").path("items").asInt()).isEqualTo(2);
        assertThat(node.path("data").has("ms")).isTrue();
        JsonNode finished = watcher.next("execution.finished");
        assertThat(finished.path("data").path("status").asString()).isEqualTo("success");
        watcher.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    /**
     * A workflow that runs faster than its watchers' budget (20 events a second in the tests):
     * beyond it, runs are counted in runs.skipped instead of sent one by one, and every run is
     * accounted for, either by its execution.finished or in a count.
     */
    @Test
    void aBusyWorkflowsWatchersGetTheirBudgetAndACountOfTheRest() throws Exception {
        Org org = signUp();
        UUID workflow = workflow(org.ownerToken(), chain(node("Start", "manualTrigger"),
                node("Price", "set", "fields", Map.of("x", 1))));
        LiveClient watcher = LiveClient.connect(port, workflow, org.ownerToken());
        watcher.next("welcome");
        AutoCloseable beating = LiveClient.heartbeats(List.of(watcher));
        Thread.sleep(1200);

        int runs = 40;
        List<String> executions = new java.util.ArrayList<>();
        for (int i = 0; i < runs; i++) {
            executions.add(start(org.ownerToken(), workflow, null));
        }
        for (String execution : executions) {
            awaitEnd(org.ownerToken(), execution, 30);
        }
        Thread.sleep(2500);  // the last second's count goes out at the next whole second

        int finishedOneByOne = 0;
        int finishedCounted = 0;
        int nodesCounted = 0;
        for (JsonNode message : watcher.messages) {
            switch (message.path("type").asString()) {
                case "execution.finished" -> finishedOneByOne++;
                case "runs.skipped" -> {
                    finishedCounted += message.path("finished").path("success").asInt();
                    nodesCounted += message.path("nodes").asInt();
                }
                default -> {
                }
            }
        }
        assertThat(finishedCounted).as("runs beyond the budget are counted, not sent").isPositive();
        assertThat(nodesCounted).isPositive();
        assertThat(finishedOneByOne + finishedCounted).as("every run accounted for").isEqualTo(runs);
        beating.close();
        watcher.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
