package io.pumpflix.identity;

import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** The rows of organizations and users, as the open tenant transaction sees them. */
@Component
class MemberStore {

    private static final String COLUMNS = "id, email, organization_id, role, created_at";
    private static final RowMapper<Member> MEMBER = (rs, n) -> new Member(Rows.uuid(rs, "id"),
            rs.getString("email"), Rows.uuid(rs, "organization_id"), Role.fromDb(rs.getString("role")),
            Rows.instant(rs, "created_at"));

    private final Routines routines;

    MemberStore(Routines routines) {
        this.routines = routines;
    }

    void insertOrganization(UUID organizationId, String name) {
        routines.call("INSERT INTO public.organizations (id, name) VALUES (?, btrim(?))", organizationId, name);
    }

    Optional<Organization> organization(UUID id) {
        return routines.optional("SELECT id, name, created_at FROM public.organizations WHERE id = ?",
                (rs, n) -> new Organization(Rows.uuid(rs, "id"), rs.getString("name"), Rows.instant(rs, "created_at")),
                id);
    }

    UUID insert(UUID organizationId, String email, Role role, String passwordHash) {
        return routines.callForId("""
                INSERT INTO public.users (email, password_hash, organization_id, role)
                VALUES (btrim(?), ?, ?, ?) RETURNING id""", email, passwordHash, organizationId, role.dbValue());
    }

    Optional<Role> lockRole(UUID memberId) {
        return routines.optional("SELECT role FROM public.users WHERE id = ? FOR UPDATE",
                (rs, n) -> Role.fromDb(rs.getString("role")), memberId);
    }

    void changeRole(UUID memberId, Role role) {
        routines.call("UPDATE public.users SET role = ? WHERE id = ?", role.dbValue(), memberId);
    }

    void changePasswordHash(UUID memberId, String hash) {
        routines.call("UPDATE public.users SET password_hash = ? WHERE id = ?", hash, memberId);
    }

    Optional<Member> find(UUID id) {
        return routines.optional("SELECT " + COLUMNS + " FROM public.users WHERE id = ?", MEMBER, id);
    }

    List<Member> ofOrganization(UUID organizationId) {
        return routines.list("SELECT " + COLUMNS + " FROM public.users WHERE organization_id = ? ORDER BY email, id",
                MEMBER, organizationId);
    }
}
