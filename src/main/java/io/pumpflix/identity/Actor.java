package io.pumpflix.identity;

import io.pumpflix.platform.Audited;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Who is acting: a signed-in member (user, organization, role), or the organization's system
 * principal, which acts for runs that no person started (a webhook call, a schedule). The system
 * principal has no user and no role; {@link Action} says the little it may do.
 */
public record Actor(UUID userId, UUID organizationId, Role role) {

    public Actor {
        Objects.requireNonNull(organizationId, "organizationId");
        if ((userId == null) != (role == null)) {
            throw new IllegalArgumentException("a member has a user and a role; the system principal has neither");
        }
    }

    /** The system principal of an organization: logs executions and uses its credentials, nothing else. */
    public static Actor system(UUID organizationId) {
        return new Actor(null, organizationId, null);
    }

    public boolean system() {
        return userId == null;
    }

    /** How the actor is named in messages: a role, or "system". */
    public String describe() {
        return system() ? "the system principal" : "role " + role.dbValue();
    }

    /** The audit event of a sensitive operation this actor performed. */
    public Audited audited(String action, String targetType, UUID targetId, Map<String, String> details) {
        return new Audited(organizationId, userId, system() ? Audited.SYSTEM : Audited.USER, action, targetType,
                targetId, details);
    }
}
