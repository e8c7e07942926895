package io.pumpflix.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/**
 * One recorded sensitive operation; {@code details} is a JSON object that never holds a secret.
 *
 * @param actorKind {@code user}, {@code system} (a run no person started) or {@code maintenance}
 *     (an operator's command); {@code actorId} is the user for {@code user} entries, else null
 */
public record AuditEntry(UUID id, UUID organizationId, UUID actorId, String actorKind, String action,
        String targetType, UUID targetId, @JsonRawValue String details, Instant createdAt) {
}
