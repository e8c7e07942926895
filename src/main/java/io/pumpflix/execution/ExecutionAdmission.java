package io.pumpflix.execution;

import io.pumpflix.identity.Actor;

/**
 * Decides whether executions may be logged at all (a plan's hard cap). The billing module
 * implements it (the execution module knows nothing of plans). {@link Executions} asks every
 * admission after it has written the executions, in the same transaction: the month's count then
 * includes them, a refusal rolls them back, and a request that is wrong anyway (an unknown
 * workflow, a bad status) gets its own error first.
 */
public interface ExecutionAdmission {

    /** Throws {@code QuotaExceededException} when the executions logged in this transaction took the month past the cap. */
    void afterLogging(Actor actor);
}
