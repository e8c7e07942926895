package io.pumpflix.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/**
 * An execution; {@code inputData}, {@code outputData} and {@code error} are JSON texts (or null).
 * For a run of the engine: the version that ran, how it was started ({@code manual},
 * {@code webhook}, …), why it failed, and the executions it stems from.
 */
public record Execution(UUID id, UUID workflowId, ExecutionStatus status,
        @JsonRawValue @JsonProperty("input") String inputData, @JsonRawValue @JsonProperty("output") String outputData,
        Instant startedAt, Instant finishedAt, Instant loggedAt, UUID versionId, String mode,
        @JsonRawValue String error, UUID parentExecutionId, UUID retryOf) {
}
