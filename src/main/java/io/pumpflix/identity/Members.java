package io.pumpflix.identity;

import io.pumpflix.audit.AuditTrail;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.audit.AuditTrail;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.TenantScope;
import java.util.Map;
import io.pumpflix.platform.TenantScope;
import java.util.Map;
import io.pumpflix.platform.Rows;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** The users of organizations. Emails are unique regardless of case. */
@Component
public class Members {

    private static final String COLUMNS = "id, email, organization_id, role, created_at";
    private static final RowMapper<Member> MEMBER = (rs, n) -> new Member(Rows.uuid(rs, "id"),
            rs.getString("email"), Rows.uuid(rs, "organization_id"), Role.fromDb(rs.getString("role")),
            Rows.instant(rs, "created_at"));

    private final Routines routines;
    private final TenantScope tenants;
    private final PasswordHashing hashing;
    private final AuditTrail audit;
    private final ApiTokens tokens;

    @Autowired
    Members(Routines routines, TenantScope tenants, PasswordHashing hashing, AuditTrail audit, ApiTokens tokens) {
        this.routines = routines;
        this.tenants = tenants;
        this.hashing = hashing;
        this.audit = audit;
        this.tokens = tokens;
    }

    /** The plain data layer, for a caller that already holds the right connection (the owner's, in tests). */
    public Members(Routines routines) {
        this(routines, null, null, null, null);
    }

    /** Inserts a member without a password (such a member cannot sign in until one is set). */
    public UUID add(UUID organizationId, String email, Role role) {
        return Accounts.insertMember(routines, organizationId, email, role, null);
    }

    /** An owner or admin adds a member to their organization; only an owner adds an owner. */
    public UUID invite(Actor actor, String email, Role role, char[] password) {
        AccessPolicy.requireAssignRole(actor, null, role);
        String hash = hashing.hash(Accounts.validPassword(password));
        return tenants.call(actor.organizationId(), actor.userId(), () -> {
            UUID id = Accounts.insertMember(routines, actor.organizationId(), email, role, hash);
            audit.record(actor.organizationId(), actor.userId(), "member.added", "user", id,
                    Map.of("role", role.dbValue()));
            return id;
        });
    }

    /**
     * Changes a member's role, following the matrix (only owners touch the owner role). The
     * database refuses to take the last owner's role ({@code ConflictException}).
     */
    public void changeRole(Actor actor, UUID memberId, Role newRole) {
        tenants.run(actor.organizationId(), actor.userId(), () -> {
            Role current = routines.optional("SELECT role FROM public.users WHERE id = ? FOR UPDATE",
                            (rs, n) -> Role.fromDb(rs.getString("role")), memberId)
                    .orElseThrow(() -> new NotFoundException("P0002", "member " + memberId + " does not exist"));
            AccessPolicy.requireAssignRole(actor, current, newRole);
            if (current == newRole) {
                return;
            }
            routines.call("UPDATE public.users SET role = ? WHERE id = ?", newRole.dbValue(), memberId);
            tokens.forget(memberId);
            audit.record(actor.organizationId(), actor.userId(), "member.role_changed", "user", memberId,
                    Map.of("from", current.dbValue(), "to", newRole.dbValue()));
        });
    }

    public Optional<Member> find(UUID id) {
        return routines.optional("SELECT " + COLUMNS + " FROM public.users WHERE id = ?", MEMBER, id);
    }

    public List<Member> ofOrganization(UUID organizationId) {
        return routines.list("SELECT " + COLUMNS + " FROM public.users WHERE organization_id = ? ORDER BY email, id",
                MEMBER, organizationId);
    }
}
