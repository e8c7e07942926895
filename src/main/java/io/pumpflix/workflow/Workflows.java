package io.pumpflix.workflow;

import io.pumpflix.audit.AuditTrail;
import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.TenantScope;
import io.pumpflix.platform.Rows;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Workflows and their immutable versions, through {@code create_workflow}, {@code clone_workflow} and {@code archive_workflow}. */
@Component
public class Workflows {

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

    /** Archives a workflow the actor may edit (owners and admins: any; users: their own); audited. */
    public void archive(Actor actor, UUID workflowId) {
        tenants.run(actor.organizationId(), actor.userId(), () -> {
            Workflow workflow = find(workflowId).orElseThrow(
                    () -> new NotFoundException("P0002", "workflow " + workflowId + " does not exist"));
            AccessPolicy.requireEditWorkflow(actor, workflow.createdBy());
            archive(workflowId);
            if (!workflow.archived()) {
                audit.record(actor.organizationId(), actor.userId(), "workflow.archived", "workflow", workflowId,
                        Map.of("name", workflow.name()));
            }
        });
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

    public Optional<Workflow> find(UUID id) {
        return routines.optional("""
                SELECT id, organization_id, name, description, current_version_id, is_template, is_archived,
                       created_by, created_at
                FROM public.workflows WHERE id = ?""",
                (rs, n) -> new Workflow(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), rs.getString("name"),
                        rs.getString("description"), Rows.uuid(rs, "current_version_id"), rs.getBoolean("is_template"),
                        rs.getBoolean("is_archived"), Rows.uuid(rs, "created_by"), Rows.instant(rs, "created_at")),
                id);
    }

    /** All versions of a workflow, oldest first. */
    public List<WorkflowVersion> versions(UUID workflowId) {
        return routines.list("""
                SELECT id, workflow_id, json_schema::text AS json_schema, created_by, created_at
                FROM public.workflow_versions WHERE workflow_id = ? ORDER BY created_at, id""",
                (rs, n) -> new WorkflowVersion(Rows.uuid(rs, "id"), Rows.uuid(rs, "workflow_id"),
                        rs.getString("json_schema"), Rows.uuid(rs, "created_by"), Rows.instant(rs, "created_at")),
                workflowId);
    }
}
