package io.pumpflix.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/** One recorded sensitive operation; {@code details} is a JSON object that never holds a secret. */
public record AuditEntry(UUID id, UUID organizationId, UUID actorId, String action, String targetType, UUID targetId,
        @JsonRawValue String details, Instant createdAt) {
}
