package io.pumpflix.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/** An immutable version; {@code jsonSchema} is the JSON text as PostgreSQL normalized it. */
public record WorkflowVersion(UUID id, UUID workflowId, @JsonRawValue @JsonProperty("definition") String jsonSchema,
        UUID createdBy, Instant createdAt) {
}
