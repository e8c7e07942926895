package io.pumpflix.execution;

import java.time.Instant;
import java.util.UUID;

public record Execution(UUID id, UUID workflowId, ExecutionStatus status, String inputData, String outputData,
        Instant startedAt, Instant finishedAt) {
}
