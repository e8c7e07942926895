package io.pumpflix.workflow;

import io.pumpflix.platform.Page;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Workflows and their versions in the database: {@code create_workflow}, {@code clone_workflow},
 * {@code archive_workflow} and the reads, as the open tenant transaction sees them.
 */
@Component
class WorkflowStore {

    private static final String COLUMNS = """
            id, organization_id, name, description, current_version_id, is_template, is_archived, created_by, created_at""";
    private static final String VERSION_COLUMNS = """
            id, workflow_id, json_schema::text AS json_schema, created_by, created_at""";
    private static final RowMapper<Workflow> WORKFLOW = (rs, n) -> new Workflow(Rows.uuid(rs, "id"),
            Rows.uuid(rs, "organization_id"), rs.getString("name"), rs.getString("description"),
            Rows.uuid(rs, "current_version_id"), rs.getBoolean("is_template"), rs.getBoolean("is_archived"),
            Rows.uuid(rs, "created_by"), Rows.instant(rs, "created_at"));
    private static final RowMapper<WorkflowVersion> VERSION = (rs, n) -> new WorkflowVersion(Rows.uuid(rs, "id"),
            Rows.uuid(rs, "workflow_id"), rs.getString("json_schema"), Rows.uuid(rs, "created_by"),
            Rows.instant(rs, "created_at"));

    private final Routines routines;

    WorkflowStore(Routines routines) {
        this.routines = routines;
    }

    UUID create(UUID organizationId, UUID userId, String name, String description, String definition) {
        return routines.callForId("CALL public.create_workflow(?, ?, ?, ?, ?::jsonb, NULL)",
                organizationId, userId, name, description, definition);
    }

    UUID clone(UUID originalId, UUID clonedBy) {
        return routines.callForId("CALL public.clone_workflow(?, ?, NULL)", originalId, clonedBy);
    }

    void archive(UUID workflowId) {
        routines.call("CALL public.archive_workflow(?)", workflowId);
    }

    void rename(UUID workflowId, String name, String description) {
        routines.call("""
                UPDATE public.workflows SET name = coalesce(?, name), description = coalesce(?, description)
                WHERE id = ?""", name, description, workflowId);
    }

    /**
     * Commits a new immutable version and makes it current. The version's time is taken now (the
     * caller holds the workflow's lock), so the newest version is always the current one.
     */
    UUID commitVersion(UUID workflowId, String definition, UUID createdBy) {
        UUID versionId = routines.callForId("""
                INSERT INTO public.workflow_versions (workflow_id, json_schema, created_by, created_at)
                VALUES (?, ?::jsonb, ?, clock_timestamp() AT TIME ZONE 'UTC') RETURNING id""", workflowId, definition,
                createdBy);
        routines.call("UPDATE public.workflows SET current_version_id = ? WHERE id = ?", versionId, workflowId);
        return versionId;
    }

    /** The workflow; as a request's first statement, it also enters the organization (one round trip). */
    Optional<Workflow> find(UUID id) {
        return routines.optionalEntering("SELECT " + COLUMNS + " FROM pumpflix.find_workflow_in(?, ?, ?, ?)",
                "SELECT " + COLUMNS + " FROM public.workflows WHERE id = ?", WORKFLOW, id);
    }

    Map<UUID, String> names(Collection<UUID> ids) {
        Map<UUID, String> names = new HashMap<>();
        routines.list("SELECT id, name FROM public.workflows WHERE id = ANY (?::uuid[])",
                (rs, n) -> names.put(Rows.uuid(rs, "id"), rs.getString("name")),
                (Object) ids.stream().map(UUID::toString).toArray(String[]::new));
        return names;
    }

    /** The workflow, locked until the transaction ends: concurrent changes to it queue. */
    Optional<Workflow> lock(UUID id) {
        return routines.optional("SELECT " + COLUMNS + " FROM public.workflows WHERE id = ? FOR UPDATE", WORKFLOW, id);
    }

    Page<Workflow> list(Workflows.Filter filter, int size, Page.Cursor after) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM public.workflows WHERE true");
        List<Object> params = new ArrayList<>();
        if (filter.archived() != null) {
            sql.append(" AND is_archived = ?");
            params.add(filter.archived());
        }
        if (filter.template() != null) {
            sql.append(" AND is_template = ?");
            params.add(filter.template());
        }
        if (filter.nameContains() != null && !filter.nameContains().isBlank()) {
            // the text is matched literally: LIKE's wildcards and escape in it are escaped
            sql.append(" AND name ILIKE ? ESCAPE '\\'");
            params.add("%" + filter.nameContains().strip().replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%");
        }
        if (after != null) {
            sql.append(" AND (created_at, id) < (?, ?)");
            params.add(LocalDateTime.ofInstant(after.time(), ZoneOffset.UTC));
            params.add(after.id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(size + 1);
        return Page.of(routines.list(sql.toString(), WORKFLOW, params.toArray()), size,
                w -> Page.Cursor.of(w.createdAt(), w.id()));
    }

    Page<WorkflowVersion> versions(UUID workflowId, int size, Page.Cursor after) {
        LocalDateTime afterTime = after == null ? null : LocalDateTime.ofInstant(after.time(), ZoneOffset.UTC);
        return Page.of(routines.list("SELECT " + VERSION_COLUMNS + """
                 FROM public.workflow_versions
                WHERE workflow_id = ? AND (?::timestamp IS NULL OR (created_at, id) < (?::timestamp, ?))
                ORDER BY created_at DESC, id DESC LIMIT ?""", VERSION, workflowId, afterTime, afterTime,
                after == null ? null : after.id(), size + 1), size, v -> Page.Cursor.of(v.createdAt(), v.id()));
    }

    Optional<WorkflowVersion> version(UUID workflowId, UUID versionId) {
        return routines.optional("SELECT " + VERSION_COLUMNS + " FROM public.workflow_versions WHERE workflow_id = ? AND id = ?",
                VERSION, workflowId, versionId);
    }

    /** A workflow with the definition of one of its versions, in one round trip. */
    Optional<RunnableVersion> runnable(UUID workflowId, UUID versionId) {
        return routines.optional("""
                SELECT w.id, w.organization_id, w.name, w.is_archived, w.current_version_id, v.id AS version_id,
                       v.json_schema::text AS json_schema
                FROM public.workflows w JOIN public.workflow_versions v ON v.workflow_id = w.id
                WHERE w.id = ? AND v.id = coalesce(?, w.current_version_id)""",
                (rs, n) -> new RunnableVersion(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), rs.getString("name"),
                        rs.getBoolean("is_archived"), Rows.uuid(rs, "version_id"),
                        Rows.uuid(rs, "version_id").equals(Rows.uuid(rs, "current_version_id")),
                        rs.getString("json_schema")),
                workflowId, versionId);
    }
}
