package io.pumpflix.billing.web;

import io.pumpflix.billing.Billing;
import io.pumpflix.billing.BillingUsage;
import io.pumpflix.billing.Plan;
import io.pumpflix.billing.Subscription;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Check;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/billing")
@Tag(name = "Billing")
class BillingController {

    private final Billing billing;

    BillingController(Billing billing) {
        this.billing = billing;
    }

    record PlanChange(String plan) {
    }

    @GetMapping("/plans")
    @Operation(operationId = "listPlans", summary = "The plans an organization may be on")
    List<Plan> plans(Actor actor) {
        return billing.plans(actor);
    }

    @GetMapping("/subscription")
    @Operation(operationId = "getSubscription", summary = "The organization's plan and since when (owners and admins)")
    Subscription subscription(Actor actor) {
        return billing.subscription(actor);
    }

    @PostMapping("/subscription")
    @Operation(operationId = "changeSubscription", summary = "Move the organization to another plan now (owners)",
            description = "The base fees of the old and the new plan are prorated by the second; executions logged "
                    + "from now on are billed by the new plan, those before by the old. The same plan again changes "
                    + "nothing. An unknown plan is 404.")
    Subscription change(Actor actor, @RequestBody PlanChange change) {
        return billing.changePlan(actor, Check.text(change == null ? null : change.plan(), "plan", 40));
    }

    @GetMapping("/usage")
    @Operation(operationId = "getBillingUsage", summary = "This month so far against the plan (owners and admins)",
            description = "Executions started this month (UTC), what the plan includes and caps, what is left under "
                    + "the cap, and what the month would cost if it ended now, line by line.")
    BillingUsage usage(Actor actor) {
        return billing.usage(actor);
    }
}
