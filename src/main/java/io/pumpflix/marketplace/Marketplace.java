package io.pumpflix.marketplace;

import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Check;
import io.pumpflix.platform.NotFound;
import io.pumpflix.platform.Page;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;

/**
 * The marketplace module's door: templates made from workflows, through
 * {@code create_template_from_workflow}. The marketplace spans organizations: every organization
 * browses every template and installs it into its own.
 */
@Service
public class Marketplace {

    private static final String COLUMNS =
            "id, workflow_id, name, description, category_id, created_by, created_at, downloads, price_cents";
    private static final RowMapper<Template> TEMPLATE = (rs, n) -> new Template(Rows.uuid(rs, "id"),
            Rows.uuid(rs, "workflow_id"), rs.getString("name"), rs.getString("description"),
            Rows.uuid(rs, "category_id"), Rows.uuid(rs, "created_by"), Rows.instant(rs, "created_at"),
            rs.getInt("downloads"), rs.getInt("price_cents"));

    private final Routines routines;

    Marketplace(Routines routines) {
        this.routines = routines;
    }

    /** Publishes a workflow of the actor's organization as a template. */
    public Template publish(Actor actor, UUID workflowId) {
        AccessPolicy.require(actor, Action.PUBLISH_TEMPLATE);
        return read(routines.callForId("CALL public.create_template_from_workflow(?, ?, NULL)", workflowId,
                actor.userId()));
    }

    public Template find(Actor actor, UUID id) {
        AccessPolicy.require(actor, Action.READ);
        return read(id);
    }

    private Template read(UUID id) {
        return routines.optional("SELECT " + COLUMNS + " FROM public.templates WHERE id = ?", TEMPLATE, id)
                .orElseThrow(() -> NotFound.template(id));
    }

    /** How a browse is ordered: most downloaded, cheapest, or newest first. */
    public enum Sort {
        DOWNLOADS, PRICE, DATE;

        public static Sort parse(String value) {
            if (value == null) {
                return DOWNLOADS;
            }
            return switch (value) {
                case "downloads" -> DOWNLOADS;
                case "price" -> PRICE;
                case "date" -> DATE;
                default -> throw Check.invalid("sort", "must be one of downloads, price, date");
            };
        }
    }

    public Page<Template> browse(Actor actor, Sort sort, int size, Page.Cursor after) {
        AccessPolicy.require(actor, Action.READ);
        String order;
        String keyset;
        Object key = null;
        switch (sort) {
            case DOWNLOADS -> {
                order = "downloads DESC, id DESC";
                keyset = "(downloads, id) < (?, ?)";
                key = after == null ? null : (int) after.number();
            }
            case PRICE -> {
                order = "price_cents ASC, id ASC";
                keyset = "(price_cents, id) > (?, ?)";
                key = after == null ? null : (int) after.number();
            }
            default -> {
                order = "created_at DESC, id DESC";
                keyset = "(created_at, id) < (?, ?)";
                key = after == null ? null : LocalDateTime.ofInstant(after.time(), ZoneOffset.UTC);
            }
        }
        String sql = "SELECT " + COLUMNS + " FROM public.templates"
                + (after == null ? "" : " WHERE " + keyset) + " ORDER BY " + order + " LIMIT ?";
        Object[] params = after == null ? new Object[] {size + 1} : new Object[] {key, after.id(), size + 1};
        return Page.of(routines.list(sql, TEMPLATE, params), size, t -> switch (sort) {
            case DOWNLOADS -> Page.Cursor.of(t.downloads(), t.id());
            case PRICE -> Page.Cursor.of(t.priceCents(), t.id());
            case DATE -> Page.Cursor.of(t.createdAt(), t.id());
        });
    }

    /**
     * Copies the template's workflow into the actor's organization and counts one download,
     * exactly, under concurrent installs.
     */
    public UUID install(Actor actor, UUID templateId) {
        AccessPolicy.require(actor, Action.CREATE_WORKFLOW);
        return routines.callForId("SELECT pumpflix.install_template(?, ?)", templateId, actor.userId());
    }
}
