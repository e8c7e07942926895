package io.pumpflix.workflow;

import io.pumpflix.audit.AuditTrail;
import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.ConflictException;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.Page;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import io.pumpflix.platform.TenantScope;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Workflows and their immutable versions, through {@code create_workflow}, {@code clone_workflow}
 * and {@code archive_workflow}. Reads see the organization of the current tenant transaction.
 */
@Component
public class Workflows {

    private static final String COLUMNS = """
            id, organization_id, name, description, current_version_id, is_template, is_archived, created_by, created_at""";
    private static final RowMapper<Workflow> WORKFLOW = (rs, n) -> new Workflow(Rows.uuid(rs, "id"),
            Rows.uuid(rs, "organization_id"), rs.getString("name"), rs.getString("description"),
            Rows.uuid(rs, "current_version_id"), rs.getBoolean("is_template"), rs.getBoolean("is_archived"),
            Rows.uuid(rs, "created_by"), Rows.instant(rs, "created_at"));
    private static final RowMapper<WorkflowVersion> VERSION = (rs, n) -> new WorkflowVersion(Rows.uuid(rs, "id"),
            Rows.uuid(rs, "workflow_id"), rs.getString("json_schema"), Rows.uuid(rs, "created_by"),
            Rows.instant(rs, "created_at"));

    private final Routines routines;
    private final TenantScope tenants;
    private final AuditTrail audit;

    @Autowired
    Workflows(Routines routines, TenantScope tenants, AuditTrail audit) {
        this.routines = routines;
        this.tenants = tenants;
        this.audit = audit;
    }

    /** The plain data layer, for a caller that already holds the right connection (the owner's, in tests). */
    public Workflows(Routines routines) {
        this(routines, null, null);
    }

    /** Creates a workflow with its first version; {@code jsonSchema} must be a JSON object. */
    public UUID create(UUID organizationId, UUID userId, String name, String description, String jsonSchema) {
        return routines.callForId("CALL public.create_workflow(?, ?, ?, ?, ?::jsonb, NULL)",
                organizationId, userId, name, description, jsonSchema);
    }

    public UUID clone(UUID originalId, UUID clonedBy) {
        return routines.callForId("CALL public.clone_workflow(?, ?, NULL)", originalId, clonedBy);
    }

    public void archive(UUID workflowId) {
        routines.call("CALL public.archive_workflow(?)", workflowId);
    }

    /** Archives a workflow the actor may edit (owners and admins: any; users: their own); audited. */
    public void archive(Actor actor, UUID workflowId) {
        tenants.run(actor.organizationId(), actor.userId(), () -> {
            Workflow workflow = editable(actor, workflowId, false);
            archive(workflowId);
            if (!workflow.archived()) {
                audit.record(actor.organizationId(), actor.userId(), "workflow.archived", "workflow", workflowId,
                        Map.of("name", workflow.name()));
            }
        });
    }

    /** Renames or re-describes a workflow the actor may edit; null leaves a field as it is. */
    public Workflow updateMetadata(Actor actor, UUID workflowId, String name, String description) {
        return tenants.call(actor.organizationId(), actor.userId(), () -> {
            editable(actor, workflowId, true);
            routines.call("""
                    UPDATE public.workflows SET name = coalesce(?, name), description = coalesce(?, description)
                    WHERE id = ?""", name, description, workflowId);
            return find(workflowId).orElseThrow();
        });
    }

    /**
     * Commits a new immutable version and makes it current. The workflow row is locked, so
     * concurrent commits each land and the last to commit is current; the version's time is taken
     * after the lock, so the newest version is always the current one.
     */
    public WorkflowVersion commitVersion(Actor actor, UUID workflowId, String jsonSchema) {
        return tenants.call(actor.organizationId(), actor.userId(), () -> {
            editable(actor, workflowId, true);
            UUID versionId = routines.callForId("""
                    INSERT INTO public.workflow_versions (workflow_id, json_schema, created_by, created_at)
                    VALUES (?, ?::jsonb, ?, clock_timestamp() AT TIME ZONE 'UTC') RETURNING id""", workflowId, jsonSchema,
                    actor.userId());
            routines.call("UPDATE public.workflows SET current_version_id = ? WHERE id = ?", versionId, workflowId);
            return version(workflowId, versionId).orElseThrow();
        });
    }

    /** Locks the workflow and checks the actor may change it; an archived one is read-only. */
    private Workflow editable(Actor actor, UUID workflowId, boolean refuseArchived) {
        Workflow workflow = routines.optional("SELECT " + COLUMNS + " FROM public.workflows WHERE id = ? FOR UPDATE",
                WORKFLOW, workflowId).orElseThrow(() -> notFound(workflowId));
        AccessPolicy.requireEditWorkflow(actor, workflow.createdBy());
        if (refuseArchived && workflow.archived()) {
            throw new ConflictException("55000", "workflow " + workflowId + " is archived: clone it to change it");
        }
        return workflow;
    }

    public Optional<Workflow> find(UUID id) {
        return routines.optional("SELECT " + COLUMNS + " FROM public.workflows WHERE id = ?", WORKFLOW, id);
    }

    /** The organization's workflows, newest first, optionally only (not) archived or (not) templates. */
    public Page<Workflow> list(Boolean archived, Boolean template, int size, Page.Cursor after) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM public.workflows WHERE true");
        List<Object> params = new ArrayList<>();
        if (archived != null) {
            sql.append(" AND is_archived = ?");
            params.add(archived);
        }
        if (template != null) {
            sql.append(" AND is_template = ?");
            params.add(template);
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

    /** All versions of a workflow, oldest first. */
    public List<WorkflowVersion> versions(UUID workflowId) {
        return routines.list("""
                SELECT id, workflow_id, json_schema::text AS json_schema, created_by, created_at
                FROM public.workflow_versions WHERE workflow_id = ? ORDER BY created_at, id""", VERSION, workflowId);
    }

    /** A page of a workflow's versions, newest first. */
    public Page<WorkflowVersion> versions(UUID workflowId, int size, Page.Cursor after) {
        find(workflowId).orElseThrow(() -> notFound(workflowId));
        return Page.of(routines.list("""
                SELECT id, workflow_id, json_schema::text AS json_schema, created_by, created_at
                FROM public.workflow_versions
                WHERE workflow_id = ? AND (?::timestamp IS NULL OR (created_at, id) < (?::timestamp, ?))
                ORDER BY created_at DESC, id DESC LIMIT ?""", VERSION, workflowId,
                after == null ? null : LocalDateTime.ofInstant(after.time(), ZoneOffset.UTC),
                after == null ? null : LocalDateTime.ofInstant(after.time(), ZoneOffset.UTC),
                after == null ? null : after.id(), size + 1), size, v -> Page.Cursor.of(v.createdAt(), v.id()));
    }

    public Optional<WorkflowVersion> version(UUID workflowId, UUID versionId) {
        return routines.optional("""
                SELECT id, workflow_id, json_schema::text AS json_schema, created_by, created_at
                FROM public.workflow_versions WHERE workflow_id = ? AND id = ?""", VERSION, workflowId, versionId);
    }

    static NotFoundException notFound(UUID workflowId) {
        return new NotFoundException("P0002", "workflow " + workflowId + " does not exist");
    }
}
