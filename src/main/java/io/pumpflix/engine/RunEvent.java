package io.pumpflix.engine;

import java.util.Map;
import java.util.UUID;

/**
 * Something happened in a run, published (as an application event) after the transaction that
 * recorded it committed: {@code execution.started}, {@code node.finished} (node, status, item
 * count, milliseconds), {@code execution.finished} (status, milliseconds of this attempt). The collaboration
 * module relays it to whoever watches the workflow, on every instance.
 */
public record RunEvent(String type, UUID organizationId, UUID workflowId, UUID executionId, Map<String, Object> data) {

    public static final String STARTED = "execution.started";
    public static final String NODE_FINISHED = "node.finished";
    public static final String FINISHED = "execution.finished";
    /** A run parked: a wait node, or a sub-workflow that waits ({@code until}, null for the latter). */
    public static final String WAITING = "execution.waiting";
}
