package io.pumpflix.console;

import io.pumpflix.execution.Execution;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An execution as a list shows it: its workflow's name (when the list spans workflows), how long
 * it took, and for a failed run why, in one line (its node and message), so that what failed can
 * be read without opening every run.
 */
record ExecutionRow(UUID id, UUID workflowId, String workflowName, String status, String mode, Instant startedAt,
        Long milliseconds, String failure) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int FAILURE_CHARACTERS = 120;

    static List<ExecutionRow> of(List<Execution> executions, Map<UUID, String> workflowNames) {
        return executions.stream().map(e -> new ExecutionRow(e.id(), e.workflowId(),
                workflowNames == null ? null : workflowNames.get(e.workflowId()), e.status().dbValue(), e.mode(),
                e.startedAt(), e.startedAt() == null || e.finishedAt() == null ? null
                        : e.finishedAt().toEpochMilli() - e.startedAt().toEpochMilli(),
                failure(e.error()))).toList();
    }

    /** "node: message" of a run's error ({@code {message, node, parameter}}), shortened; null without one. */
    static String failure(String error) {
        if (error == null) {
            return null;
        }
        String text;
        try {
            JsonNode node = JSON.readTree(error);
            String message = node.path("message").asString(error);
            text = node.path("node").isString() ? node.path("node").asString() + ": " + message : message;
        } catch (JacksonException e) {
            text = error;
        }
        return text.length() <= FAILURE_CHARACTERS ? text : text.substring(0, FAILURE_CHARACTERS - 1) + "…";
    }
}
