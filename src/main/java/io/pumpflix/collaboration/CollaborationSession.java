package io.pumpflix.collaboration;

import java.time.Instant;
import java.util.UUID;

public record CollaborationSession(UUID id, UUID userId, UUID workflowId, String connectionId, Instant joinedAt,
        boolean active, Instant endedAt) {
}
