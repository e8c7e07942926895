package io.pumpflix.metering;

import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Usage metrics, through {@code get_user_usage_metrics}. */
@Component
public class UsageMetrics {

    private final Routines routines;

    public UsageMetrics(Routines routines) {
        this.routines = routines;
    }

    /** The usage the user sees; empty for an unknown user. */
    public Optional<Usage> forUser(UUID userId) {
        return routines.optional("""
                SELECT total_executions, monthly_executions, total_invoices, last_invoice_amount
                FROM public.get_user_usage_metrics(?)""",
                (rs, n) -> new Usage(rs.getInt("total_executions"), rs.getInt("monthly_executions"),
                        rs.getInt("total_invoices"), Rows.integer(rs, "last_invoice_amount")),
                userId);
    }
}
