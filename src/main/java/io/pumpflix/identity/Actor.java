package io.pumpflix.identity;

import java.util.Objects;
import java.util.UUID;

/** Who is acting: a signed-in user, their organization and their role. */
public record Actor(UUID userId, UUID organizationId, Role role) {

    public Actor {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(role, "role");
    }
}
