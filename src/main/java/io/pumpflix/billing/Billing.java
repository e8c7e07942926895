package io.pumpflix.billing;

import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.NotFound;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The billing module's door for organizations (docs/billing.md): the plans, the organization's
 * subscription and its change (owners), and the month so far against the plan (owners and admins).
 */
@Service
public class Billing {

    private final SubscriptionStore store;
    private final Quotas quotas;
    private final ApplicationEventPublisher events;

    Billing(SubscriptionStore store, Quotas quotas, ApplicationEventPublisher events) {
        this.store = store;
        this.quotas = quotas;
        this.events = events;
    }

    /** The plans an organization may choose (every member may see them). */
    public List<Plan> plans(Actor actor) {
        AccessPolicy.require(actor, Action.READ);
        return store.plans();
    }

    public Subscription subscription(Actor actor) {
        AccessPolicy.require(actor, Action.READ_INVOICES);
        return current();
    }

    private Subscription current() {
        SubscriptionStore.Current current = store.current()
                .orElseThrow(() -> NotFound.of("subscription of organization", "(none)"));
        Plan plan = store.plan(current.planId()).orElseThrow();
        return new Subscription(plan, current.since().toInstant(ZoneOffset.UTC));
    }

    /**
     * Moves the organization to another plan now (owners): the base fee is prorated by the second,
     * and executions logged from now on are billed by the new plan. Recorded in the audit trail.
     */
    public Subscription changePlan(Actor actor, String planId) {
        AccessPolicy.require(actor, Action.MANAGE_INVOICES);
        if (store.plan(planId).isEmpty()) {
            // a value of the request, not the addressed object: 400 naming the field, as a body's other references
            throw io.pumpflix.platform.Check.invalid("plan", "there is no plan " + planId + " (GET /api/v1/billing/plans lists them)");
        }
        Subscription before = current();
        store.changePlan(actor.organizationId(), planId);
        Subscription after = current();
        quotas.forget(actor.organizationId());
        if (!before.plan().id().equals(after.plan().id())) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("from", before.plan().id());
            details.put("to", after.plan().id());
            events.publishEvent(actor.audited("subscription.changed", "organization", actor.organizationId(), details));
        }
        return after;
    }

    /** This month so far against the plan, and what it would cost if it ended now. */
    public BillingUsage usage(Actor actor) {
        AccessPolicy.require(actor, Action.READ_INVOICES);
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        Subscription subscription = current();
        Plan plan = subscription.plan();
        long executions = store.monthExecutions(actor.organizationId(), month);
        Map<String, Plan> plans = new LinkedHashMap<>();
        store.plans().forEach(p -> plans.put(p.id(), p));
        List<InvoiceLine> lines = Pricing.month(month, store.periods(month), executions, plans);
        Instant resets = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return new BillingUsage(plan, month.atDay(1), month.atEndOfMonth(), resets, executions,
                plan.includedExecutions(), plan.hardCap(),
                plan.hardCap() == null ? null : Math.max(0, plan.hardCap() - executions),
                lines.stream().mapToLong(InvoiceLine::amountCents).sum(), lines);
    }
}
