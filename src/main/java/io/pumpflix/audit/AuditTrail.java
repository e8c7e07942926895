package io.pumpflix.audit;

import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.SignInAttempted;
import io.pumpflix.platform.Audited;
import io.pumpflix.platform.OwnerDatabase;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import io.pumpflix.platform.TenantScope;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The append-only trail of sensitive operations, and the only writer of its rows. Modules publish
 * {@link Audited} events inside the operation's transaction; each becomes one row in that same
 * transaction (the tenant's, or the owner's for maintenance), so an operation and its entry
 * commit or roll back together. PostgreSQL refuses any change or deletion of an entry.
 */
@Service
public class AuditTrail {

    private static final String INSERT = """
            INSERT INTO public.audit_log (organization_id, actor_id, actor_kind, action, target_type, target_id, details)
            VALUES (?, ?, ?, ?, ?, ?, jsonb_object(?::text[], ?::text[]))""";

    private final Routines routines;
    private final OwnerDatabase owner;

    AuditTrail(Routines routines, OwnerDatabase owner) {
        this.routines = routines;
        this.owner = owner;
    }

    @EventListener
    void record(Audited event) {
        Object[] params = {event.organizationId(), event.actorId(), event.actorKind(), event.action(),
                event.targetType(), event.targetId(), event.details().keySet().toArray(String[]::new),
                event.details().values().toArray(String[]::new)};
        if (event.maintenance()) {
            owner.jdbc().sql(INSERT).params(params).update();
            return;
        }
        if (!TenantScope.active()) {
            throw new IllegalStateException("audit entries are written inside the operation's tenant transaction");
        }
        routines.call(INSERT, params);
    }

    /**
     * A sign-in attempt, recorded before any organization is known, in the organization of the
     * account (none for an unknown email) by a function that runs as the tables' owner.
     */
    @EventListener
    void record(SignInAttempted attempt) {
        routines.perform("SELECT pumpflix.audit_sign_in(?, ?, ?)", attempt.email(), attempt.userId(), attempt.succeeded());
    }

    /** The newest entries of the actor's organization (owners and admins). */
    public List<AuditEntry> newest(Actor actor, int limit) {
        AccessPolicy.require(actor, Action.READ_AUDIT);
        return routines.list("""
                SELECT id, organization_id, actor_id, actor_kind, action, target_type, target_id, details::text AS details,
                       created_at
                FROM public.audit_log ORDER BY created_at DESC, id DESC LIMIT ?""",
                (rs, n) -> new AuditEntry(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), Rows.uuid(rs, "actor_id"),
                        rs.getString("actor_kind"), rs.getString("action"), rs.getString("target_type"),
                        Rows.uuid(rs, "target_id"), rs.getString("details"), Rows.instant(rs, "created_at")),
                Math.max(0, Math.min(limit, 1000)));
    }
}
