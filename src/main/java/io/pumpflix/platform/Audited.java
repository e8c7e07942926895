package io.pumpflix.platform;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A sensitive operation happened (behaviour.md, "Audit trail"). Modules publish it as an
 * application event inside the operation's transaction; the audit module alone turns it into an
 * append-only row, in that same transaction, so the operation and its entry commit or roll back
 * together.
 *
 * @param actorId the user who acted, or null for the system principal or maintenance
 * @param actorKind {@code user}, {@code system} (a run started by a webhook or a schedule) or
 *     {@code maintenance} (a command of the operator, on the owner's connection)
 * @param details small facts about the operation (names, old and new values); never a secret
 */
public record Audited(UUID organizationId, UUID actorId, String actorKind, String action, String targetType,
        UUID targetId, Map<String, String> details) {

    public static final String USER = "user";
    public static final String SYSTEM = "system";
    public static final String MAINTENANCE = "maintenance";

    public Audited {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actorKind, "actorKind");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** Written on the owner's connection, in the maintenance transaction that is open. */
    public boolean maintenance() {
        return MAINTENANCE.equals(actorKind);
    }

    public static Audited maintenance(UUID organizationId, String action, String targetType, UUID targetId,
            Map<String, String> details) {
        return new Audited(organizationId, null, MAINTENANCE, action, targetType, targetId, details);
    }
}
