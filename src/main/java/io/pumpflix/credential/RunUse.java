package io.pumpflix.credential;

import java.util.UUID;

/**
 * A credential used by a run: the workflow and execution it is logged against, the member who
 * started the run (null when no person did), and the credential type the node expects.
 */
public record RunUse(UUID workflowId, UUID executionId, UUID triggeredBy, String expectedType) {
}
