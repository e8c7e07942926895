package io.pumpflix.engine.node;

import java.util.UUID;

/**
 * A sub-workflow parked (it waits): the run that started it parks too, without a result for the
 * node, and runs that node again when the sub-workflow ends (it then finds the ended execution).
 */
public class AwaitingSubWorkflow extends RuntimeException {

    private final UUID executionId;

    public AwaitingSubWorkflow(UUID executionId) {
        super("waiting for sub-workflow execution " + executionId, null, false, false);
        this.executionId = executionId;
    }

    public UUID executionId() {
        return executionId;
    }
}
