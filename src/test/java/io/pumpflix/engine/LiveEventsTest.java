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
}
