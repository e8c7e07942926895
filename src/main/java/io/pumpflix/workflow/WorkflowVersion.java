package io.pumpflix.workflow;

import java.time.Instant;
import java.util.UUID;

/** An immutable version; {@code jsonSchema} is the JSON text as PostgreSQL normalized it. */
public record WorkflowVersion(UUID id, UUID workflowId, String jsonSchema, UUID createdBy, Instant createdAt) {
}
