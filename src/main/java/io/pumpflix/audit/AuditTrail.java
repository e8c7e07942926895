package io.pumpflix.audit;

import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import io.pumpflix.platform.TenantScope;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The append-only trail of sensitive operations. Entries are written in the transaction of the
 * operation they record (inside {@link TenantScope}), so an operation and its entry commit or
 * roll back together. PostgreSQL refuses any change or deletion of an entry.
 */
@Component
public class AuditTrail {

    private final Routines routines;

    public AuditTrail(Routines routines) {
        this.routines = routines;
    }

    /**
     * @param details small facts about the operation (names, old and new values); never a secret
     */
    public void record(UUID organizationId, UUID actorId, String action, String targetType, UUID targetId,
            Map<String, String> details) {
        if (!TenantScope.active()) {
            throw new IllegalStateException("audit entries are written inside the operation's tenant transaction");
        }
        routines.call("""
                INSERT INTO public.audit_log (organization_id, actor_id, action, target_type, target_id, details)
                VALUES (?, ?, ?, ?, ?, jsonb_object(?::text[], ?::text[]))""",
                organizationId, actorId, action, targetType, targetId,
                details.keySet().toArray(String[]::new), details.values().toArray(String[]::new));
    }

    /** The newest entries of the organization of the current tenant transaction. */
    public List<AuditEntry> newest(int limit) {
        return routines.list("""
                SELECT id, organization_id, actor_id, action, target_type, target_id, details::text AS details, created_at
                FROM public.audit_log ORDER BY created_at DESC, id DESC LIMIT ?""",
                (rs, n) -> new AuditEntry(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), Rows.uuid(rs, "actor_id"),
                        rs.getString("action"), rs.getString("target_type"), Rows.uuid(rs, "target_id"),
                        rs.getString("details"), Rows.instant(rs, "created_at")),
                Math.max(0, Math.min(limit, 1000)));
    }
}
