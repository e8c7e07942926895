package io.pumpflix.identity;

import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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

    public Members(Routines routines) {
        this.routines = routines;
    }

    /** Adds a user to an organization (without a password: sign-in comes with the security work). */
    public UUID add(UUID organizationId, String email, Role role) {
        return routines.callForId("""
                INSERT INTO public.users (email, organization_id, role)
                VALUES (btrim(?), ?, ?) RETURNING id""", email, organizationId, role.dbValue());
    }

    public Optional<Member> find(UUID id) {
        return routines.optional("SELECT " + COLUMNS + " FROM public.users WHERE id = ?", MEMBER, id);
    }

    public List<Member> ofOrganization(UUID organizationId) {
        return routines.list("SELECT " + COLUMNS + " FROM public.users WHERE organization_id = ? ORDER BY email, id",
                MEMBER, organizationId);
    }
}
