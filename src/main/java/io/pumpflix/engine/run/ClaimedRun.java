package io.pumpflix.engine.run;

import java.time.Instant;
import java.util.UUID;

/** A run this instance claimed: what the queue row and the execution say of it. */
record ClaimedRun(UUID executionId, UUID organizationId, UUID workflowId, UUID versionId, String mode,
        UUID triggeredBy, String startNode, int attempts, boolean takenOver, String inputJson, Instant startedAt) {
}
