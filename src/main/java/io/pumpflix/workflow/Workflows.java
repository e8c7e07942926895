package io.pumpflix.workflow;

import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Check;
import io.pumpflix.platform.Conflict;
import io.pumpflix.platform.NotFound;
import io.pumpflix.platform.Page;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The workflow module's door: workflows and their immutable versions. Every method checks the
 * actor's right and works inside the caller's tenant scope; a definition is checked by every
 * {@link DefinitionCheck} before it is committed.
 */
@Service
public class Workflows {

    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 10_000;

    private final WorkflowStore store;
    private final ObjectProvider<DefinitionCheck> checks;
    private final ApplicationEventPublisher events;

    /** The checks come from modules that themselves read workflows (the engine): looked up when used. */
    Workflows(WorkflowStore store, ObjectProvider<DefinitionCheck> checks, ApplicationEventPublisher events) {
        this.store = store;
        this.checks = checks;
        this.events = events;
    }

    /** Creates a workflow with its first version; {@code definition} must be a JSON object the engine can run. */
    public Workflow create(Actor actor, String name, String description, String definition) {
        AccessPolicy.require(actor, Action.CREATE_WORKFLOW);
        String checkedName = Check.text(name, "name", MAX_NAME);
        String checkedDescription = Check.optionalText(description, "description", MAX_DESCRIPTION);
        checks.orderedStream().forEach(check -> check.validate(actor, null, definition));
        UUID id = store.create(actor.organizationId(), actor.userId(), checkedName, checkedDescription, definition);
        Workflow created = store.find(id).orElseThrow();
        checks.orderedStream().forEach(check -> check.activated(actor, id, created.currentVersionId()));
        return created;
    }

    public Workflow find(Actor actor, UUID workflowId) {
        AccessPolicy.require(actor, Action.READ);
        return store.find(workflowId).orElseThrow(() -> NotFound.workflow(workflowId));
    }

    /**
     * Which workflows a list shows: null leaves a condition out; {@code nameContains} keeps the
     * workflows whose name contains it, in any case (a blank one is no condition).
     */
    public record Filter(Boolean archived, Boolean template, String nameContains) {

        public static final Filter ALL = new Filter(null, null, null);
    }

    /** The organization's workflows, newest first, as the filter says. */
    public Page<Workflow> list(Actor actor, Filter filter, int size, Page.Cursor after) {
        AccessPolicy.require(actor, Action.READ);
        return store.list(filter, size, after);
    }

    /** The names of those of the workflows that are the organization's (for lists of their runs). */
    public Map<UUID, String> names(Actor actor, Collection<UUID> workflowIds) {
        AccessPolicy.require(actor, Action.READ);
        return workflowIds.isEmpty() ? Map.of() : store.names(workflowIds);
    }

    /** Renames or re-describes a workflow the actor may edit; null leaves a field as it is. */
    public Workflow updateMetadata(Actor actor, UUID workflowId, String name, String description) {
        AccessPolicy.require(actor, Action.READ);
        String checkedName = name == null ? null : Check.text(name, "name", MAX_NAME);
        String checkedDescription = Check.optionalText(description, "description", MAX_DESCRIPTION);
        editable(actor, workflowId, true);
        store.rename(workflowId, checkedName, checkedDescription);
        return store.find(workflowId).orElseThrow();
    }

    /**
     * Commits a new immutable version and makes it current. The workflow row is locked, so
     * concurrent commits each land and the last to commit is current.
     */
    public WorkflowVersion commitVersion(Actor actor, UUID workflowId, String definition) {
        AccessPolicy.require(actor, Action.READ);
        editable(actor, workflowId, true);
        checks.orderedStream().forEach(check -> check.validate(actor, workflowId, definition));
        UUID versionId = store.commitVersion(workflowId, definition, actor.userId());
        checks.orderedStream().forEach(check -> check.activated(actor, workflowId, versionId));
        return store.version(workflowId, versionId).orElseThrow();
    }

    /** Copies a workflow and its current version into the same organization. */
    public Workflow clone(Actor actor, UUID workflowId) {
        AccessPolicy.require(actor, Action.CLONE_WORKFLOW);
        return store.find(store.clone(workflowId, actor.userId())).orElseThrow();
    }

    /** Archives a workflow the actor may edit (owners and admins: any; users: their own); audited. */
    public Workflow archive(Actor actor, UUID workflowId) {
        AccessPolicy.require(actor, Action.READ);
        Workflow workflow = editable(actor, workflowId, false);
        store.archive(workflowId);
        if (!workflow.archived()) {
            events.publishEvent(actor.audited("workflow.archived", "workflow", workflowId,
                    Map.of("name", workflow.name())));
        }
        return store.find(workflowId).orElseThrow();
    }

    /** A page of a workflow's versions, newest first. */
    public Page<WorkflowVersion> versions(Actor actor, UUID workflowId, int size, Page.Cursor after) {
        find(actor, workflowId);
        return store.versions(workflowId, size, after);
    }

    public WorkflowVersion version(Actor actor, UUID workflowId, UUID versionId) {
        AccessPolicy.require(actor, Action.READ);
        return store.version(workflowId, versionId).orElseThrow(() -> NotFound.version(versionId));
    }

    /**
     * A workflow with the definition of a version, for a run (the current version when
     * {@code versionId} is null). Needs the right to log executions: the system principal has it.
     */
    public RunnableVersion runnable(Actor actor, UUID workflowId, UUID versionId) {
        AccessPolicy.require(actor, Action.LOG_EXECUTION);
        return store.runnable(workflowId, versionId).orElseThrow(() -> versionId == null
                ? NotFound.workflow(workflowId) : NotFound.version(versionId));
    }

    /** Locks the workflow and checks the actor may change it; an archived one is read-only. */
    private Workflow editable(Actor actor, UUID workflowId, boolean refuseArchived) {
        Workflow workflow = store.lock(workflowId).orElseThrow(() -> NotFound.workflow(workflowId));
        AccessPolicy.requireEditWorkflow(actor, workflow.createdBy());
        if (refuseArchived && workflow.archived()) {
            throw Conflict.state("workflow " + workflowId + " is archived: clone it to change it");
        }
        return workflow;
    }
}
