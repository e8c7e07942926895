package io.pumpflix.workflow;

import java.time.Instant;
import java.util.UUID;

public record Workflow(UUID id, UUID organizationId, String name, String description, UUID currentVersionId,
        boolean template, boolean archived, UUID createdBy, Instant createdAt) {
}
