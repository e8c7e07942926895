package io.pumpflix.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/** An execution; {@code inputData} and {@code outputData} are JSON texts (or null). */
public record Execution(UUID id, UUID workflowId, ExecutionStatus status, @JsonRawValue @JsonProperty("input") String inputData,
        @JsonRawValue @JsonProperty("output") String outputData, Instant startedAt, Instant finishedAt, Instant loggedAt) {
}
