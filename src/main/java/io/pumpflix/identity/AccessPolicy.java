package io.pumpflix.identity;

import io.pumpflix.platform.NotAllowedException;
import io.pumpflix.platform.TenantScope;
import java.util.UUID;

/**
 * The role matrix of behaviour.md, in one place. Every module API asks it before acting, whoever
 * calls (a controller, the engine, the console, a command), and nothing else decides what a role
 * may do. Each {@code require...} also asserts that the caller works inside a tenant scope of the
 * actor's organization ({@link TenantScope#require}). Organization membership is not its concern:
 * row-level security makes other organizations' objects invisible before a role is consulted.
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    public static boolean allows(Actor actor, Action action) {
        return action.allows(actor);
    }

    /** Owners and admins edit or archive any workflow; users only their own; viewers and the system none. */
    public static boolean mayEditWorkflow(Actor actor, UUID workflowCreatedBy) {
        return allows(actor, Action.EDIT_ANY_WORKFLOW)
                || (!actor.system() && actor.role() == Role.USER && actor.userId().equals(workflowCreatedBy));
    }

    /** Owners and admins manage members; only an owner gives or takes the owner role. */
    public static boolean mayAssignRole(Actor actor, Role currentRole, Role newRole) {
        if (!allows(actor, Action.MANAGE_MEMBERS)) {
            return false;
        }
        boolean touchesOwner = currentRole == Role.OWNER || newRole == Role.OWNER;  // currentRole null: a new member
        return !touchesOwner || actor.role() == Role.OWNER;
    }

    /** AI prompt templates belong to their author alone, whatever the role. */
    public static boolean mayUsePromptTemplate(Actor actor, UUID authorId) {
        return !actor.system() && actor.userId().equals(authorId);
    }

    public static void require(Actor actor, Action action) {
        check(allows(actor, action), actor, action.name().toLowerCase());
    }

    public static void requireEditWorkflow(Actor actor, UUID workflowCreatedBy) {
        check(mayEditWorkflow(actor, workflowCreatedBy), actor, "edit this workflow");
    }

    public static void requireAssignRole(Actor actor, Role currentRole, Role newRole) {
        check(mayAssignRole(actor, currentRole, newRole), actor, currentRole == null
                ? "add a member as " + newRole.dbValue()
                : "change a role from " + currentRole.dbValue() + " to " + newRole.dbValue());
    }

    /** A person acting on their own things (prompt templates): any role, never the system principal. */
    public static void requireMember(Actor actor) {
        check(!actor.system(), actor, "act as a person");
    }

    private static void check(boolean allowed, Actor actor, String what) {
        TenantScope.require(actor.organizationId());
        if (!allowed) {
            throw new NotAllowedException(actor.describe() + " may not " + what);
        }
    }
}
