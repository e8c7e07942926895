package io.pumpflix.engine.run;

import io.pumpflix.execution.NodeResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one node did in this run, with its outputs kept in memory for the nodes after it and as
 * JSON (secrets removed) for storing.
 *
 * @param errorJson {@code {message, parameter}} when the node failed, else null
 * @param responseJson the webhook answer a respondToWebhook node set, else null
 */
record NodeRecord(String node, int position, boolean failed, List<List<Map<String, Object>>> outputs,
        String outputsJson, String errorJson, String responseJson, Instant startedAt, Instant finishedAt) {

    int itemCount() {
        return outputs.stream().mapToInt(List::size).sum();
    }

    long milliseconds() {
        return java.time.Duration.between(startedAt, finishedAt).toMillis();
    }

    NodeResult result() {
        return new NodeResult(node, position, failed ? "error" : "success", outputsJson, errorJson, responseJson,
                startedAt, finishedAt);
    }
}
