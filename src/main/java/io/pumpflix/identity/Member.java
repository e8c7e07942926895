package io.pumpflix.identity;

import java.time.Instant;
import java.util.UUID;

/** A user account; its password hash never leaves the identity module. */
public record Member(UUID id, String email, UUID organizationId, Role role, Instant createdAt) {
}
