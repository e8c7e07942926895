package io.pumpflix.engine.run;

import java.time.Instant;
import java.util.UUID;

/**
 * A run this instance claimed: what the queue row and the execution say of it.
 *
 * @param startedAt when the run started or last resumed (its timeout counts from then)
 * @param restore whether the run parked or was retried (its earlier nodes are restored)
 * @param depth how deep the run nests as a sub-workflow (0 for a run started by a trigger)
 */
record ClaimedRun(UUID executionId, UUID organizationId, UUID workflowId, UUID versionId, String mode,
        UUID triggeredBy, String startNode, int attempts, boolean takenOver, String inputJson, Instant startedAt,
        boolean restore, int depth) {

    /** Whether nodes of the run finished before this claim (a take-over, a resumed wait, a retry). */
    boolean resumes() {
        return attempts > 0 || restore;
    }
}
