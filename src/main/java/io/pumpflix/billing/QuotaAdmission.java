package io.pumpflix.billing;

import io.pumpflix.execution.ExecutionAdmission;
import io.pumpflix.identity.Actor;
import org.springframework.stereotype.Component;

/** Logged executions go through the plan's hard cap too. */
@Component
class QuotaAdmission implements ExecutionAdmission {

    private final Quotas quotas;

    QuotaAdmission(Quotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public void admit(Actor actor, int count) {
        quotas.admit(actor, count);
    }
}
