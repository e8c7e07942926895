package io.pumpflix.workflow;

import io.pumpflix.identity.Actor;
import java.util.UUID;

/**
 * Refuses a definition that cannot be run, before a version is committed. The engine implements
 * it (the workflow module knows nothing of node types); {@link Workflows} calls every check on
 * each commit, in the committing transaction.
 */
public interface DefinitionCheck {

    /**
     * Throws {@code InvalidInputException} with every error found (each naming node and parameter),
     * or {@code ConflictException} for a value another workflow holds.
     *
     * @param workflowId the workflow the version is for, or null for a new workflow
     */
    void validate(Actor actor, UUID workflowId, String definition);

    /** Called once the version is current, in the same transaction: may still refuse it (and roll it back). */
    default void activated(Actor actor, UUID workflowId, UUID versionId) {
    }
}
