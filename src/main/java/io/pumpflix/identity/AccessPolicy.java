package io.pumpflix.identity;

import io.pumpflix.platform.NotAllowedException;
import java.util.UUID;

/**
 * The role matrix of behaviour.md, in one place. Every module asks it before acting; nothing
 * else decides what a role may do. Organization membership is not its concern: row-level
 * security makes other organizations' objects invisible before a role is ever consulted.
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    public static boolean allows(Actor actor, Action action) {
        return action.allows(actor.role());
    }

    /** Owners and admins edit or archive any workflow; users only their own; viewers none. */
    public static boolean mayEditWorkflow(Actor actor, UUID workflowCreatedBy) {
        return allows(actor, Action.EDIT_ANY_WORKFLOW)
                || (actor.role() == Role.USER && actor.userId().equals(workflowCreatedBy));
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
        return actor.userId().equals(authorId);
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

    private static void check(boolean allowed, Actor actor, String what) {
        if (!allowed) {
            throw new NotAllowedException("role " + actor.role().dbValue() + " may not " + what);
        }
    }
}
