package io.pumpflix.execution;

import io.pumpflix.identity.Actor;

/**
 * Decides whether executions may be logged at all (a plan's hard cap). The billing module
 * implements it (the execution module knows nothing of plans); {@link Executions} asks every
 * admission before it logs, in the logging transaction.
 */
public interface ExecutionAdmission {

    /** Throws {@code QuotaExceededException} when {@code count} more executions are not allowed this month. */
    void admit(Actor actor, int count);
}
