package io.pumpflix.marketplace;

import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Templates made from workflows, through {@code create_template_from_workflow}. */
@Component
public class Marketplace {

    private final Routines routines;

    public Marketplace(Routines routines) {
        this.routines = routines;
    }

    public UUID publish(UUID workflowId, UUID createdBy) {
        return routines.callForId("CALL public.create_template_from_workflow(?, ?, NULL)", workflowId, createdBy);
    }

    public Optional<Template> find(UUID id) {
        return routines.optional("""
                SELECT id, workflow_id, name, description, category_id, created_by, created_at, downloads, price_cents
                FROM public.templates WHERE id = ?""",
                (rs, n) -> new Template(Rows.uuid(rs, "id"), Rows.uuid(rs, "workflow_id"), rs.getString("name"),
                        rs.getString("description"), Rows.uuid(rs, "category_id"), Rows.uuid(rs, "created_by"),
                        Rows.instant(rs, "created_at"), rs.getInt("downloads"), rs.getInt("price_cents")),
                id);
    }
}
