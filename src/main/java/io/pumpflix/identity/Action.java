package io.pumpflix.identity;

import java.util.EnumSet;
import java.util.Set;

/**
 * The rows of the role matrix in behaviour.md, with the roles each one allows. Rows whose answer
 * also depends on the object (editing a workflow, changing a role, prompt templates) are decided
 * by {@link AccessPolicy}.
 */
public enum Action {
    /** Read workflows, versions, executions, templates, metrics and the credential list. */
    READ(Role.OWNER, Role.ADMIN, Role.USER, Role.VIEWER),
    CREATE_WORKFLOW(Role.OWNER, Role.ADMIN, Role.USER),
    CLONE_WORKFLOW(Role.OWNER, Role.ADMIN, Role.USER),
    LOG_EXECUTION(Role.OWNER, Role.ADMIN, Role.USER),
    PUBLISH_TEMPLATE(Role.OWNER, Role.ADMIN, Role.USER),
    /** Edit or archive any workflow; a user may still edit their own (see {@link AccessPolicy#mayEditWorkflow}). */
    EDIT_ANY_WORKFLOW(Role.OWNER, Role.ADMIN),
    MANAGE_CREDENTIALS(Role.OWNER, Role.ADMIN),
    READ_AUDIT(Role.OWNER, Role.ADMIN),
    /** Invite users and change roles; to or from owner only for owners (see {@link AccessPolicy#mayAssignRole}). */
    MANAGE_MEMBERS(Role.OWNER, Role.ADMIN),
    READ_INVOICES(Role.OWNER, Role.ADMIN),
    MANAGE_INVOICES(Role.OWNER),
    ORGANIZATION_SETTINGS(Role.OWNER);

    private final Set<Role> allowed;

    Action(Role first, Role... rest) {
        this.allowed = EnumSet.of(first, rest);
    }

    boolean allows(Role role) {
        return allowed.contains(role);
    }
}
