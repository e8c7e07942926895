package io.pumpflix.metering;

import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import org.springframework.stereotype.Service;

/** The metering module's door: usage metrics, through {@code get_user_usage_metrics}. */
@Service
public class UsageMetrics {

    private final Routines routines;

    UsageMetrics(Routines routines) {
        this.routines = routines;
    }

    /** The usage of the actor's organization, as the actor sees it. */
    public Usage forActor(Actor actor) {
        AccessPolicy.require(actor, Action.READ);
        return routines.optional("""
                SELECT total_executions, monthly_executions, total_invoices, last_invoice_amount
                FROM public.get_user_usage_metrics(?)""",
                (rs, n) -> new Usage(rs.getInt("total_executions"), rs.getInt("monthly_executions"),
                        rs.getInt("total_invoices"), Rows.integer(rs, "last_invoice_amount")),
                actor.userId()).orElseThrow();
    }
}
