package io.pumpflix.billing;

import io.pumpflix.execution.ExecutionAdmission;
import io.pumpflix.identity.Actor;
import org.springframework.stereotype.Component;

/** Logged executions go through the plan's hard cap too, checked after they are written in the same transaction. */
@Component
class QuotaAdmission implements ExecutionAdmission {

    private final Quotas quotas;

    QuotaAdmission(Quotas quotas) {
        this.quotas = quotas;
    }

    /** The rows just written are in the month's count already: nothing more may come on top. */
    @Override
    public void afterLogging(Actor actor) {
        quotas.admit(actor, 0);
    }
}
