package io.pumpflix.identity;

import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Organizations (tenants). The document has no routine for them: plain, validated rows. */
@Component
public class Organizations {

    private final Routines routines;

    public Organizations(Routines routines) {
        this.routines = routines;
    }

    public UUID create(String name) {
        return routines.callForId("INSERT INTO public.organizations (name) VALUES (btrim(?)) RETURNING id", name);
    }

    public Optional<Organization> find(UUID id) {
        return routines.optional("SELECT id, name, created_at FROM public.organizations WHERE id = ?",
                (rs, n) -> new Organization(Rows.uuid(rs, "id"), rs.getString("name"), Rows.instant(rs, "created_at")),
                id);
    }
}
