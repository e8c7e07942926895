package io.pumpflix.billing;

import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.QuotaExceededException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * Hard caps (docs/billing.md, "Quotas"): a run or a logged execution that would take an
 * organization on a capped plan past its cap this month is refused ({@link QuotaExceededException},
 * HTTP 402). Each organization's plan is remembered for {@link #PLAN_MEMORY_NANOS} (a change on
 * this instance is seen at once, on another within that time); a capped organization's count is
 * read from the usage counters on each admission (plus its executions queued this month and not
 * started yet), an uncapped one's never.
 */
@Service
public class Quotas {

    private static final long PLAN_MEMORY_NANOS = 10_000_000_000L;

    private record Known(Plan plan, long at) {
    }

    private final SubscriptionStore store;
    private final Map<UUID, Known> plans = new ConcurrentHashMap<>();

    Quotas(SubscriptionStore store) {
        this.store = store;
    }

    /** Admits {@code count} more executions of the actor's organization this month, or refuses them. */
    public void admit(Actor actor, int count) {
        AccessPolicy.require(actor, Action.LOG_EXECUTION);
        Plan plan = plan(actor.organizationId());
        if (plan == null || plan.hardCap() == null) {
                return;
        }
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        // queued runs count from when they are queued: a burst of webhook calls cannot pass the
        // cap while its runs wait for the engine
        long used = store.monthExecutionsWithQueued(actor.organizationId(), month);
        if (used + count > plan.hardCap()) {
            throw new QuotaExceededException(plan.id(), plan.hardCap(),
                    month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        }
    }

    private Plan plan(UUID organizationId) {
        long now = System.nanoTime();
        Known known = plans.get(organizationId);
        if (known != null && now - known.at() < PLAN_MEMORY_NANOS) {
            return known.plan();
        }
        Plan plan = store.current().flatMap(current -> store.plan(current.planId())).orElse(null);
        if (plans.size() > 100_000) {
            plans.clear();
        }
        plans.put(organizationId, new Known(plan, now));
        return plan;
    }

    /** The organization changed plan on this instance: read it again next time. */
    void forget(UUID organizationId) {
        plans.remove(organizationId);
    }
}
