package io.pumpflix.credential;

import java.time.Instant;
import java.util.UUID;

/** One row of a credential's usage log. */
public record CredentialUse(UUID id, UUID userId, UUID workflowId, UUID executionId, Instant usedAt) {
}
