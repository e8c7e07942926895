package io.pumpflix.identity;

import java.util.EnumSet;
import java.util.Set;

/**
 * The rows of the role matrix in behaviour.md, with the roles each one allows, and whether the
 * system principal (runs started by a webhook or a schedule) may do it. Rows whose answer also
 * depends on the object (editing a workflow, changing a role, prompt templates) are decided by
 * {@link AccessPolicy}.
 */
public enum Action {
    /** Read workflows, versions, executions, templates, metrics and the credential list. */
    READ(false, Role.OWNER, Role.ADMIN, Role.USER, Role.VIEWER),
    CREATE_WORKFLOW(false, Role.OWNER, Role.ADMIN, Role.USER),
    CLONE_WORKFLOW(false, Role.OWNER, Role.ADMIN, Role.USER),
    /** Log executions and run workflows (which logs them). */
    LOG_EXECUTION(true, Role.OWNER, Role.ADMIN, Role.USER),
    /** Have a credential's secret decrypted for a run. */
    USE_CREDENTIAL(true, Role.OWNER, Role.ADMIN, Role.USER),
    /**
     * Have a prompt template's body read for a run's AI node (only templates of the member who
     * committed the running version; see {@code PromptTemplates#forRun}).
     */
    USE_PROMPT_TEMPLATE(true, Role.OWNER, Role.ADMIN, Role.USER),
    PUBLISH_TEMPLATE(false, Role.OWNER, Role.ADMIN, Role.USER),
    /** Edit or archive any workflow; a user may still edit their own (see {@link AccessPolicy#mayEditWorkflow}). */
    EDIT_ANY_WORKFLOW(false, Role.OWNER, Role.ADMIN),
    MANAGE_CREDENTIALS(false, Role.OWNER, Role.ADMIN),
    READ_AUDIT(false, Role.OWNER, Role.ADMIN),
    /** Invite users and change roles; to or from owner only for owners (see {@link AccessPolicy#mayAssignRole}). */
    MANAGE_MEMBERS(false, Role.OWNER, Role.ADMIN),
    READ_INVOICES(false, Role.OWNER, Role.ADMIN),
    MANAGE_INVOICES(false, Role.OWNER),
    ORGANIZATION_SETTINGS(false, Role.OWNER);

    private final boolean system;
    private final Set<Role> allowed;

    Action(boolean system, Role first, Role... rest) {
        this.system = system;
        this.allowed = EnumSet.of(first, rest);
    }

    boolean allows(Role role) {
        return allowed.contains(role);
    }

    boolean allows(Actor actor) {
        return actor.system() ? system : allows(actor.role());
    }
}
