package io.pumpflix.workflow;

import java.util.UUID;

/**
 * What the engine needs to run a workflow: the workflow, one of its versions and that version's
 * definition (JSON text).
 *
 * @param current whether this version is the workflow's current one
 */
public record RunnableVersion(UUID workflowId, UUID organizationId, String name, boolean archived, UUID versionId,
        boolean current, String definition) {
}
